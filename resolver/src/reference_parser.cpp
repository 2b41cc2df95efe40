// The $<secret.NAME> parser: one pass, memchr to the next '$', no regex.
#include <cstring>

#include "hush/core/secret_name.hpp"
#include "hush/resolver.hpp"

namespace hush {

namespace {

constexpr std::string_view prefix = "$<secret";
// Longest name quoted back in an error message; longer ones are cut with "...".
constexpr std::size_t max_quoted_name = 40;

// Bytes that plausibly belong to an intended NAME, so "$<secret.db-pass>" is reported as one bad
// name rather than as an unclosed reference.
bool is_name_byte(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

std::string quoted(std::string_view name) {
    if (name.size() <= max_quoted_name) return "'" + std::string(name) + "'";
    return "'" + std::string(name.substr(0, max_quoted_name)) + "...'";
}

std::string name_problem(std::string_view name) {
    if (name.empty()) return "empty secret name in '$<secret.>'";
    if (name.size() > max_secret_name_length) {
        return "secret name " + quoted(name) + " is longer than " + std::to_string(max_secret_name_length) +
               " characters";
    }
    return "invalid secret name " + quoted(name) + ": " + std::string(secret_name_rule);
}

// Parses the candidate that starts at `at` (text[at..] begins with "$<secret") and returns the
// offset where scanning resumes.
std::size_t parse_candidate(std::string_view text, std::size_t at, ParsedReferences& out) {
    std::size_t pos = at + prefix.size();
    if (pos >= text.size() || text[pos] != '.') {
        std::size_t end = pos;
        while (end < text.size() && is_name_byte(text[end]) && text[end] != '.') ++end;
        if (end < text.size() && text[end] == '>') ++end;
        out.malformed.push_back({{at, end}, "expected '$<secret.NAME>' (a '.' after '$<secret')"});
        return end;
    }
    std::size_t name_begin = pos + 1;
    std::size_t name_end = name_begin;
    while (name_end < text.size() && is_name_byte(text[name_end])) ++name_end;
    std::string_view name = text.substr(name_begin, name_end - name_begin);
    if (name_end >= text.size() || text[name_end] != '>') {
        out.malformed.push_back({{at, name_end}, "unclosed reference: '>' expected after '$<secret." +
                                                     std::string(name.substr(0, max_quoted_name)) + "'"});
        return name_end;
    }
    Span span{at, name_end + 1};
    if (!is_valid_secret_name(name)) {
        out.malformed.push_back({span, name_problem(name)});
    } else {
        out.references.push_back({std::string(name), span});
    }
    return span.end;
}

}  // namespace

ParsedReferences parse_references(std::string_view text) {
    ParsedReferences out;
    const char* data = text.data();
    std::size_t pos = 0;
    while (pos < text.size()) {
        const void* hit = std::memchr(data + pos, '$', text.size() - pos);
        if (hit == nullptr) break;
        std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
        std::string_view rest = text.substr(at);
        if (rest.size() > prefix.size() && rest[1] == '$' && rest.substr(1).starts_with(prefix)) {
            out.escapes.push_back(at);
            pos = at + 1 + prefix.size();
        } else if (rest.starts_with(prefix)) {
            pos = parse_candidate(text, at, out);
        } else {
            pos = at + 1;
        }
    }
    return out;
}

std::string ReferenceError::to_string() const {
    return path + ":" + std::to_string(start.line) + ":" + std::to_string(start.column) + ": " + message;
}

}  // namespace hush
