#include "spelling.hpp"

#include <cctype>

namespace hush {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// \uXXXX at text[at - 1..]: appends the UTF-8 form and returns the index of the last digit.
std::size_t decode_unicode(std::string_view text, std::size_t at, std::string& out) {
    if (at + 4 >= text.size()) {
        out += 'u';
        return at;
    }
    unsigned code = 0;
    for (std::size_t k = 1; k <= 4; ++k) {
        char c = text[at + k];
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            out += 'u';
            return at;
        }
        code = code * 16 + static_cast<unsigned>(
                               std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
    }
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
    return at + 4;
}

// Backslash escapes of JSON, YAML double quotes and C-like languages, decoded loosely: an escape
// this does not know keeps its character.
std::string decode_escapes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        char c = text[++i];
        switch (c) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '\n':
                break;  // line continuation
            case 'u':
                i = decode_unicode(text, i, out);
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (!is_space(c)) out += c;
    }
    return out;
}

// Drops the glue between concatenated literals ("..." + "...", '...' '...'), spaces already gone.
std::string without_glue(std::string text) {
    for (std::string_view glue : {"\"+\"", "'+'", "\"\"", "''"}) {
        for (auto at = text.find(glue); at != std::string::npos; at = text.find(glue, at)) text.erase(at, glue.size());
    }
    return text;
}

// YAML single quotes escape a quote by doubling it.
std::string undouble_quotes(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
    }
    return out;
}

}  // namespace

bool spells_secret(std::string_view source, std::string_view secret) {
    if (source == secret) return true;
    std::string expected = without_spaces(secret);
    for (const std::string& decoded : {std::string(source), decode_escapes(source), undouble_quotes(source)}) {
        std::string bare = without_spaces(decoded);
        if (bare == expected || without_glue(bare) == without_glue(expected)) return true;
    }
    return false;
}

}  // namespace hush
