// Vault names from context (docs/migrate.md "Naming").
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "hush/core/secret_name.hpp"
#include "hush/rewriter.hpp"
#include "naming.hpp"

namespace hush {

namespace {

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_identifier_char(char c) {
    return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '$';
}

// Path segments that say nothing about which secret it is.
bool is_generic_segment(std::string_view upper) {
    static constexpr std::array<std::string_view, 26> generic = {
        "DEFAULT",  "CONFIG",      "CONFIGS",   "CONFIGURATION", "SETTINGS", "SETTING",     "SPEC",
        "DATA",     "STRING_DATA", "ENV",       "ENVIRONMENT",   "VALUES",   "VALUE",       "METADATA",
        "TEMPLATE", "CONTAINERS",  "CONTAINER", "PROPERTIES",    "SECRETS",  "CREDENTIALS", "THIS",
        "SELF",     "PARAMS",      "OPTIONS",   "VARS",          "VARIABLES"};
    if (upper.empty() || std::all_of(upper.begin(), upper.end(), [](char c) { return is_digit(c) || c == '_'; }))
        return true;
    return std::find(generic.begin(), generic.end(), upper) != generic.end();
}

// Words that name the kind of credential but not whose it is: a name made only of these needs a
// qualifier from the parent segment (`grafana.api_key` -> GRAFANA_API_KEY).
bool is_weak_word(std::string_view word) {
    static constexpr std::array<std::string_view, 28> weak = {
        "PASSWORD", "PASSWD", "PASS",       "PWD",         "PW",     "SECRET", "SECRETS",
        "TOKEN",    "KEY",    "KEYS",       "API",         "APIKEY", "ACCESS", "PRIVATE",
        "CLIENT",   "AUTH",   "CREDENTIAL", "CREDENTIALS", "VALUE",  "ID",     "PASSPHRASE",
        "URL",      "URI",    "DSN",        "CONNECTION",  "CONN",   "STRING", "WEBHOOK"};
    return std::find(weak.begin(), weak.end(), word) != weak.end();
}

std::vector<std::string> split_words(std::string_view upper_snake) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= upper_snake.size()) {
        auto end = upper_snake.find('_', start);
        if (end == std::string_view::npos) end = upper_snake.size();
        if (end > start) words.emplace_back(upper_snake.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

// DATABASES -> DATABASE, INTEGRATIONS -> INTEGRATION; leaves words that only look plural.
std::string singular(std::string word) {
    static constexpr std::array<std::string_view, 8> keep = {"KUBERNETES", "POSTGRES", "JENKINS",  "REDIS",
                                                             "ANALYTICS",  "AWS",      "SETTINGS", "NEWS"};
    if (word.size() <= 4 || std::find(keep.begin(), keep.end(), word) != keep.end()) return word;
    if (word.ends_with("IES")) return word.substr(0, word.size() - 3) + "Y";
    for (std::string_view ending : {"SS", "US", "IS", "OS"}) {
        if (word.ends_with(ending)) return word;
    }
    if (word.ends_with('S')) word.pop_back();
    return word;
}

std::vector<std::string> meaningful_segments(std::string_view key_path) {
    std::vector<std::string> segments;
    std::string current;
    auto flush = [&] {
        std::string upper = to_upper_snake(current);
        if (!is_generic_segment(upper)) segments.push_back(upper);
        current.clear();
    };
    for (char c : key_path) {
        if (c == '.' || c == '/' || c == '[' || c == ']')
            flush();
        else
            current += c;
    }
    flush();
    return segments;
}

std::string join_prefixed(const std::string& qualifier, const std::string& name) {
    return qualifier.empty() ? name : qualifier + "_" + name;
}

// userinfo password in scheme://user:PASSWORD@host...: <HOST>_PASSWORD (scheme for IPs/localhost).
std::string name_from_url(std::string_view text, Span span) {
    std::size_t line_start = text.rfind('\n', span.begin == 0 ? 0 : span.begin - 1);
    line_start = (line_start == std::string_view::npos || span.begin == 0) ? 0 : line_start + 1;
    std::string_view before = text.substr(line_start, span.begin - line_start);
    auto scheme_end = before.rfind("://");
    if (scheme_end == std::string_view::npos || before.empty() || before.back() != ':') return {};
    std::string_view user = before.substr(scheme_end + 3, before.size() - scheme_end - 4);
    if (user.find_first_of("/@ \t:") != std::string_view::npos) return {};
    if (span.end >= text.size() || text[span.end] != '@') return {};
    std::size_t host_end = span.end + 1;
    while (host_end < text.size() && (is_alnum(text[host_end]) || text[host_end] == '-' || text[host_end] == '_'))
        ++host_end;
    std::string label = to_upper_snake(text.substr(span.end + 1, host_end - span.end - 1));
    if (label.empty() || !is_upper(label.front()) || label == "LOCALHOST") {
        std::size_t scheme_start = scheme_end;
        while (scheme_start > 0 && std::isalpha(static_cast<unsigned char>(before[scheme_start - 1]))) --scheme_start;
        label = to_upper_snake(before.substr(scheme_start, scheme_end - scheme_start));
    }
    return label.empty() ? std::string() : label + "_PASSWORD";
}

std::size_t skip_back(std::string_view text, std::size_t pos, std::string_view characters) {
    while (pos > 0 && characters.find(text[pos - 1]) != std::string_view::npos) --pos;
    return pos;
}

// Kubernetes env entries: `- name: DB_PASSWORD` on the line before `value: ...`.
std::string sibling_name(std::string_view text, std::size_t line_start) {
    if (line_start == 0) return {};
    std::size_t previous_start = 0;
    if (line_start >= 2) {
        std::size_t newline = text.rfind('\n', line_start - 2);
        previous_start = newline == std::string_view::npos ? 0 : newline + 1;
    }
    std::string_view line = text.substr(previous_start, line_start - 1 - previous_start);
    auto at = line.find("name:");
    if (at == std::string_view::npos) return {};
    std::string_view head = line.substr(0, at);
    if (head.find_first_not_of(" \t-") != std::string_view::npos) return {};
    std::string_view rest = line.substr(at + 5);
    std::string name;
    for (char c : rest) {
        if (c == ' ' || c == '\t' || c == '"' || c == '\'') {
            if (!name.empty()) break;
            continue;
        }
        if (c == '\r' || c == '\n' || c == '#') break;
        name += c;
    }
    return name;
}

// The identifier assigned on the span's line: `STRIPE_KEY = "...`, `"api_key": "...`,
// `export TOKEN=...`, `password: ...`, `apiKey := "...`, `:token => "...`.
std::string assigned_identifier(std::string_view text, Span span) {
    std::size_t line_start = span.begin == 0 ? 0 : text.rfind('\n', span.begin - 1);
    line_start = (span.begin == 0 || line_start == std::string_view::npos) ? 0 : line_start + 1;
    std::size_t pos = skip_back(text, span.begin, "\"'`");
    if (pos < span.begin && pos > line_start) {
        std::size_t prefix = skip_back(text, pos, "rbfuRBFU@$");  // r"...", b'...', @"...", $"..."
        if (pos - prefix <= 2) pos = prefix;
    }
    pos = skip_back(text, pos, " \t");
    std::size_t op = skip_back(text, pos, "=:>?");
    if (op == pos || op < line_start) return {};
    pos = skip_back(text, op, " \t\"'`]");
    std::size_t start = pos;
    while (start > line_start && is_identifier_char(text[start - 1])) --start;
    std::string identifier(text.substr(start, pos - start));
    while (!identifier.empty() && (identifier.front() == '-' || identifier.front() == '$')) identifier.erase(0, 1);
    if (to_upper_snake(identifier) == "VALUE") {
        std::string sibling = sibling_name(text, line_start);
        if (!sibling.empty()) return sibling;
    }
    return identifier;
}

std::string valid_or_empty(std::string name) {
    if (name.empty()) return name;
    if (!is_upper(name.front())) name = "SECRET_" + name;
    if (name.size() > max_secret_name_length - 8) name.resize(max_secret_name_length - 8);
    while (!name.empty() && name.back() == '_') name.pop_back();
    return is_valid_secret_name(name) ? name : std::string();
}

}  // namespace

std::string to_upper_snake(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (!is_alnum(c)) {
            if (!out.empty() && out.back() != '_') out += '_';
            continue;
        }
        bool boundary = i > 0 && is_upper(c) &&
                        (is_lower(text[i - 1]) || is_digit(text[i - 1]) ||
                         (is_upper(text[i - 1]) && i + 1 < text.size() && is_lower(text[i + 1])));
        if (boundary && !out.empty() && out.back() != '_') out += '_';
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    while (!out.empty() && out.front() == '_') out.erase(0, 1);
    return out;
}

std::string name_from_key_path(std::string_view key_path) {
    auto segments = meaningful_segments(key_path);
    if (segments.empty()) return {};
    const std::string& last = segments.back();
    auto words = split_words(last);
    bool descriptive = std::any_of(words.begin(), words.end(), [](const std::string& w) { return !is_weak_word(w); });
    if (descriptive || segments.size() == 1) return last;
    auto qualifier_words = split_words(segments[segments.size() - 2]);
    if (!qualifier_words.empty()) qualifier_words.back() = singular(qualifier_words.back());
    std::string qualifier;
    for (const auto& word : qualifier_words) qualifier = join_prefixed(qualifier, word);
    return join_prefixed(qualifier, last);
}

std::string suggest_secret_name(const Finding& finding, std::string_view file_bytes) {
    bool span_fits = finding.span.end <= file_bytes.size() && finding.span.begin <= finding.span.end;
    std::vector<std::string> candidates;
    if (span_fits) candidates.push_back(name_from_url(file_bytes, finding.span));
    candidates.push_back(name_from_key_path(finding.key_path));
    if (span_fits) candidates.push_back(name_from_key_path(assigned_identifier(file_bytes, finding.span)));
    candidates.push_back(to_upper_snake(finding.name_hint));
    candidates.push_back(to_upper_snake(finding.kind));
    for (auto& candidate : candidates) {
        std::string name = valid_or_empty(std::move(candidate));
        if (!name.empty()) return name;
    }
    return "SECRET";
}

}  // namespace hush
