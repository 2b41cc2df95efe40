#include "support.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hush::syntax {

std::string join_key(std::string_view prefix, std::string_view key) {
    if (prefix.empty()) return std::string(key);
    if (key.empty()) return std::string(prefix);
    std::string out;
    out.reserve(prefix.size() + key.size() + 1);
    out.append(prefix).append(".").append(key);
    return out;
}

std::string join_index(std::string_view prefix, std::size_t index) {
    std::string out(prefix);
    out.append("[").append(std::to_string(index)).append("]");
    return out;
}

KeyedValue keyed_value(std::string key_path, std::string key, Span content, Span literal, std::string value,
                       ValueStyle style, bool is_literal, std::string scope) {
    KeyedValue kv;
    kv.key_path = std::move(key_path);
    kv.key = std::move(key);
    kv.value_span = content;
    kv.literal_span = literal;
    kv.value = std::move(value);
    kv.style = style;
    kv.is_literal = is_literal;
    kv.scope = std::move(scope);
    return kv;
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// Reads up to `max_digits` digits of `base` at text[i]; advances i.
unsigned long read_number(std::string_view text, std::size_t& i, std::size_t max_digits, int base) {
    unsigned long value = 0;
    std::size_t digits = 0;
    while (i < text.size() && digits < max_digits) {
        char c = text[i];
        int digit = -1;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        if (digit < 0 || digit >= base) break;
        value = value * base + static_cast<unsigned long>(digit);
        ++i;
        ++digits;
    }
    return value;
}

}  // namespace

std::string unescape_c(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            std::size_t j = i;
            out += static_cast<char>(read_number(s, j, 3, 8) & 0xFF);
            i = j - 1;
            break;
        }
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'e': out += '\x1b'; break;
        case 'x': {
            std::size_t j = i + 1;
            unsigned long v = read_number(s, j, 2, 16);
            if (j == i + 1) { out += "\\x"; break; }
            out += static_cast<char>(v);
            i = j - 1;
            break;
        }
        case 'u':
        case 'U': {
            std::size_t j = i + 1;
            bool braced = j < s.size() && s[j] == '{';
            if (braced) ++j;
            unsigned long v = read_number(s, j, braced ? 6 : (c == 'u' ? 4 : 8), 16);
            if (braced && j < s.size() && s[j] == '}') ++j;
            if (j == i + 1) { out += '\\'; out += c; break; }
            append_utf8(out, v);
            i = j - 1;
            break;
        }
        case '\n': break;  // line continuation
        case '\r':
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
            break;
        default: out += c; break;
        }
    }
    return out;
}

// ---- shell words -----------------------------------------------------------------------------

std::vector<ShellWord> shell_words(std::string_view t) {
    std::vector<ShellWord> words;
    std::size_t i = 0;
    auto is_break = [](char c) { return c == ';' || c == '|' || c == '&' || c == '\n'; };
    while (i < t.size()) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\r') { ++i; continue; }
        if (c == '\\' && i + 1 < t.size() && t[i + 1] == '\n') { i += 2; continue; }
        if (is_break(c)) {
            if (!words.empty()) words.back().ends_command = true;
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < t.size() && t[i] != '\n') ++i;
            continue;
        }
        ShellWord word;
        word.begin = i;
        auto put = [&](std::size_t at) {
            word.value += t[at];
            word.offsets.push_back(at);
        };
        while (i < t.size()) {
            c = t[i];
            if (c == ' ' || c == '\t' || c == '\r' || is_break(c)) break;
            if (c == '\'') {
                ++i;
                while (i < t.size() && t[i] != '\'') put(i++);
                if (i < t.size()) ++i;
            } else if (c == '"') {
                ++i;
                while (i < t.size() && t[i] != '"') {
                    if (t[i] == '\\' && i + 1 < t.size() && std::string_view("$`\"\\\n").find(t[i + 1]) != std::string_view::npos) {
                        ++i;
                    } else if (t[i] == '$' || t[i] == '`') {
                        word.has_expansion = true;
                    }
                    put(i++);
                }
                if (i < t.size()) ++i;
            } else if (c == '\\' && i + 1 < t.size()) {
                put(i + 1);
                i += 2;
            } else {
                if (c == '$' || c == '`') word.has_expansion = true;
                put(i++);
            }
        }
        word.end = i;
        words.push_back(std::move(word));
    }
    return words;
}

namespace {

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), word) != set.end();
}

std::string_view basename(std::string_view word) {
    auto slash = word.rfind('/');
    return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

// Long options whose argument is a credential, and the key they stand for.
std::string_view credential_option(std::string_view name) {
    if (is_one_of(name, {"password", "pass", "passwd", "db-password"})) return "password";
    if (is_one_of(name, {"token", "access-token", "auth-token", "api-token"})) return "token";
    if (is_one_of(name, {"api-key", "apikey"})) return "api_key";
    if (is_one_of(name, {"secret", "client-secret"})) return "secret";
    return {};
}

bool is_mysql_family(std::string_view program) {
    return is_one_of(program, {"mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mariadb",
                               "mariadb-dump", "mariadb-admin"});
}

bool has_login_subcommand(std::string_view program) {
    return is_one_of(program, {"docker", "podman", "buildah", "skopeo", "nerdctl", "helm", "oras"});
}

class CommandScanner {
public:
    CommandScanner(ValueSink& sink, std::size_t base, std::string_view prefix, std::string_view scope)
        : m_sink(sink), m_base(base), m_prefix(prefix), m_scope(scope) {}

    void scan(const std::vector<ShellWord>& words) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i].ends_command || i + 1 == words.size()) {
                scan_command(words, start, i + 1);
                start = i + 1;
            }
        }
    }

private:
    void scan_command(const std::vector<ShellWord>& words, std::size_t begin, std::size_t end) {
        std::size_t p = begin;
        while (p < end && (is_one_of(words[p].value, {"sudo", "env", "exec", "command"}) ||
                           words[p].value.find('=') != std::string::npos))
            ++p;
        if (p >= end) return;
        std::string program(basename(words[p].value));
        bool login = has_login_subcommand(program) && p + 1 < end && words[p + 1].value == "login";
        if (login) program += ".login";
        bool mysql = is_mysql_family(program);
        for (std::size_t i = p + 1; i < end; ++i) {
            const std::string& w = words[i].value;
            if (w.starts_with("--")) {
                auto eq = w.find('=');
                auto key = credential_option(std::string_view(w).substr(2, eq == std::string::npos ? std::string::npos : eq - 2));
                if (key.empty()) continue;
                if (eq != std::string::npos) emit(program, key, words[i], eq + 1);
                else if (i + 1 < end) emit(program, key, words[++i], 0);
            } else if (mysql && w.size() > 2 && w.starts_with("-p")) {
                emit(program, "password", words[i], 2);
            } else if (login && w == "-p" && i + 1 < end) {
                emit(program, "password", words[++i], 0);
            }
        }
    }

    void emit(std::string_view program, std::string_view key, const ShellWord& word, std::size_t from) {
        if (from >= word.value.size()) return;
        m_sink.add(keyed_value(join_key(join_key(m_prefix, program), key), std::string(key),
                               {m_base + word.offsets[from], m_base + word.offsets.back() + 1},
                               {m_base + word.begin, m_base + word.end}, word.value.substr(from), ValueStyle::embedded,
                               !word.has_expansion, std::string(m_scope)));
    }

    ValueSink& m_sink;
    std::size_t m_base;
    std::string_view m_prefix;
    std::string_view m_scope;
};

// Parameter names that carry a credential inside connection strings and query strings.
bool is_credential_parameter(std::string_view name) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return is_one_of(lower, {"password", "pwd", "passwd", "pass", "secret", "token", "apikey", "api_key",
                             "access_token", "auth_token", "client_secret"});
}

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

}  // namespace

void add_command_line_values(ValueSink& sink, std::string_view command, std::size_t base,
                             std::string_view key_prefix, std::string_view scope) {
    if (command.find("-p") == std::string_view::npos && command.find("--") == std::string_view::npos) return;
    CommandScanner(sink, base, key_prefix, scope).scan(shell_words(command));
}

void ValueSink::add(KeyedValue value) {
    if (value.value_span.end > m_text.size() || value.value_span.begin > value.value_span.end ||
        value.literal_span.end > m_text.size() || value.literal_span.begin > value.literal_span.end)
        return;
    if (value.key_path.empty() || value.key.empty()) return;
    if (!inside_ranges(value.literal_span) || !inside_ranges(value.value_span)) return;
    if (value.literal_span.begin > value.value_span.begin || value.literal_span.end < value.value_span.end)
        value.literal_span = value.value_span;
    bool verbatim = value.style != ValueStyle::embedded && value.value_span.of(m_text) == value.value;
    m_out.push_back(std::move(value));
    if (verbatim) add_embedded(m_out.back());
}

bool ValueSink::inside_ranges(Span span) const {
    if (m_ranges.empty()) return true;
    auto after = std::upper_bound(m_ranges.begin(), m_ranges.end(), span.begin, [](std::size_t at, Span r) { return at < r.begin; });
    return after != m_ranges.begin() && span.end <= std::prev(after)->end;
}

void ValueSink::add_embedded(const KeyedValue& parent_ref) {
    // m_out may reallocate while adding: work on a copy of what is needed.
    const std::string value = parent_ref.value;
    const std::string path = parent_ref.key_path;
    const std::string scope = parent_ref.scope;
    const std::size_t base = parent_ref.value_span.begin;
    const bool literal = parent_ref.is_literal;
    for (std::size_t eq = value.find('='); eq != std::string::npos; eq = value.find('=', eq + 1)) {
        std::size_t k = eq;
        while (k > 0 && is_key_char(value[k - 1])) --k;
        if (k == eq) continue;
        if (k > 0 && std::string_view(" \t;?&,").find(value[k - 1]) == std::string_view::npos) continue;
        std::string_view name = std::string_view(value).substr(k, eq - k);
        if (!is_credential_parameter(name)) continue;
        std::size_t e = eq + 1;
        while (e < value.size() && std::string_view(" \t\r\n;&,'\"").find(value[e]) == std::string_view::npos) ++e;
        if (e == eq + 1) continue;
        Span span{base + eq + 1, base + e};
        m_out.push_back(keyed_value(join_key(path, name), std::string(name), span, span, value.substr(eq + 1, e - eq - 1),
                                    ValueStyle::embedded, literal, scope));
    }
    add_command_line_values(*this, value, base, path, scope);
}

}  // namespace hush::syntax
