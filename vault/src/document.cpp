#include "document.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "hush/core/secret_name.hpp"
#include "hush/core/text.hpp"

namespace hush::vault::detail {

std::string_view to_string(RecipientType type) { return type == RecipientType::passphrase ? "scrypt" : "x25519"; }

std::string& Scratch::next() {
    if (m_used == m_strings.size()) m_strings.emplace_back();
    std::string& out = m_strings[m_used++];
    out.clear();
    return out;
}

void SecretFields::clear() {
    tags.clear();
    expires.reset();
    deleted.reset();
    retention_days = 30;
    versions.clear();
    scratch.reset();
}

namespace {

// Views of a decoded secret's own strings.
void fields_of(const StoredSecret& secret, SecretFields& fields) {
    const SecretInfo& info = secret.info;
    fields.clear();
    fields.name = info.name;
    fields.description = info.description;
    for (const auto& tag : info.tags) fields.tags.emplace_back(tag);
    if (info.expires) fields.expires = *info.expires;
    fields.active = info.active;
    fields.visibility = info.visibility;
    fields.created = info.created;
    fields.updated = info.updated;
    if (info.deleted) fields.deleted = *info.deleted;
    fields.retention_days = info.retention_days;
    for (std::size_t i = 0; i < info.versions.size(); ++i)
        fields.versions.push_back({info.versions[i].number, info.versions[i].created, secret.sealed[i]});
}

StoredSecret stored_from(const SecretFields& fields) {
    StoredSecret secret;
    SecretInfo& info = secret.info;
    info.name = fields.name;
    info.description = fields.description;
    info.tags.assign(fields.tags.begin(), fields.tags.end());
    if (fields.expires) info.expires = std::string(*fields.expires);
    info.active = fields.active;
    info.visibility = fields.visibility;
    info.created = fields.created;
    info.updated = fields.updated;
    if (fields.deleted) info.deleted = std::string(*fields.deleted);
    info.retention_days = fields.retention_days;
    info.versions.reserve(fields.versions.size());
    secret.sealed.reserve(fields.versions.size());
    for (const auto& version : fields.versions) {
        info.versions.push_back({version.number, std::string(version.created)});
        secret.sealed.emplace_back(version.value);
    }
    return secret;
}

// ---- canonical encoding ------------------------------------------------------------------

void put_length(std::string& out, std::uint64_t size) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((size >> (56 - 8 * i)) & 0xff);
    out.append(bytes, sizeof bytes);
}

void put(std::string& out, std::string_view field) {
    put_length(out, field.size());
    out.append(field);
}

void put_number(std::string& out, std::uint64_t number) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    put(out, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

void put_optional(std::string& out, const std::optional<std::string_view>& field) {
    put(out, field ? "1" : "0");
    put(out, field ? *field : "");
}

void encode_header(std::string& out, const VaultDocument& document, std::size_t secret_count) {
    put(out, "hush-vault-mac-v1");
    put_number(out, format_version);
    put(out, document.id);
    put_number(out, document.recipients.size());
    for (const auto& recipient : document.recipients) {
        put(out, to_string(recipient.type));
        put(out, recipient.public_key);
        put(out, recipient.ephemeral);
        put_number(out, static_cast<std::uint64_t>(recipient.log_n));
        put(out, recipient.salt);
        put(out, recipient.wrapped);
    }
    put(out, document.audit_key);
    put_number(out, document.audit_count);
    put(out, document.audit_head);
    put_number(out, secret_count);
}

void encode_secret(std::string& out, const SecretFields& secret) {
    put(out, secret.name);
    put(out, secret.description);
    put_number(out, secret.tags.size());
    for (auto tag : secret.tags) put(out, tag);
    put_optional(out, secret.expires);
    put(out, secret.active ? "true" : "false");
    put(out, to_string(secret.visibility));
    put(out, secret.created);
    put(out, secret.updated);
    put_optional(out, secret.deleted);
    put_number(out, secret.retention_days);
    put_number(out, secret.versions.size());
    for (const auto& version : secret.versions) {
        put_number(out, version.number);
        put(out, version.created);
        put(out, version.value);
    }
}

// ---- writing -----------------------------------------------------------------------------

// Bytes that a quoted scalar writes escaped, and that end the plain run of one when reading.
constexpr auto quote_stops = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = c == '"' || c == '\\' || c < 0x20 || c == 0x7f;
    return table;
}();

// Appends `text` as a YAML double-quoted scalar using only \" \\ \n \t and \xHH escapes.
void append_quoted(std::string& out, std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    out.push_back('"');
    if (std::none_of(text.begin(), text.end(), [](char c) { return quote_stops[static_cast<unsigned char>(c)]; })) {
        out.append(text);  // nothing to escape: the common case
        out.push_back('"');
        return;
    }
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out.push_back(digits[byte >> 4]);
            out.push_back(digits[byte & 15]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

// "<prefix><value>\n", without temporaries: a 10,000-secret vault is written in one pass.
void plain_line(std::string& out, std::string_view prefix, std::string_view value) {
    out.append(prefix);
    out.append(value);
    out.push_back('\n');
}

void number_line(std::string& out, std::string_view prefix, std::uint64_t number) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    plain_line(out, prefix, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

void quoted_line(std::string& out, std::string_view prefix, std::string_view value) {
    out.append(prefix);
    append_quoted(out, value);
    out.push_back('\n');
}

void write_header(std::string& out, const VaultDocument& document) {
    out += "# hush vault: safe to commit. Metadata is clear text, values are encrypted, a MAC covers\n"
           "# every field. Edit only with hush (format: docs/vault-format.md).\n";
    number_line(out, "hush_vault: ", format_version);
    plain_line(out, "id: ", document.id);
    out += "recipients:\n";
    for (const auto& recipient : document.recipients) {
        plain_line(out, "  - type: ", to_string(recipient.type));
        if (recipient.type == RecipientType::x25519) {
            plain_line(out, "    public_key: ", recipient.public_key);
            plain_line(out, "    ephemeral: ", recipient.ephemeral);
        } else {
            number_line(out, "    log_n: ", static_cast<std::uint64_t>(recipient.log_n));
            plain_line(out, "    salt: ", recipient.salt);
        }
        plain_line(out, "    wrapped_key: ", recipient.wrapped);
    }
    out += "audit:\n";
    plain_line(out, "  key: ", document.audit_key);
    number_line(out, "  count: ", document.audit_count);
    plain_line(out, "  head: ", document.audit_head);
    out += document.secrets.empty() ? "secrets: []\n" : "secrets:\n";
}

void write_secret(std::string& out, const SecretFields& secret) {
    plain_line(out, "  - name: ", secret.name);
    quoted_line(out, "    description: ", secret.description);
    out += "    tags: [";
    for (std::size_t i = 0; i < secret.tags.size(); ++i) {
        if (i > 0) out += ", ";
        append_quoted(out, secret.tags[i]);
    }
    out += "]\n";
    if (secret.expires) quoted_line(out, "    expires: ", *secret.expires);
    plain_line(out, "    active: ", secret.active ? "true" : "false");
    plain_line(out, "    visibility: ", to_string(secret.visibility));
    quoted_line(out, "    created: ", secret.created);
    quoted_line(out, "    updated: ", secret.updated);
    if (secret.deleted) {
        quoted_line(out, "    deleted: ", *secret.deleted);
        number_line(out, "    retention_days: ", secret.retention_days);
    }
    out += "    versions:\n";
    for (const auto& version : secret.versions) {
        number_line(out, "      - version: ", version.number);
        quoted_line(out, "        created: ", version.created);
        plain_line(out, "        value: ", version.value);
    }
}

// ---- reading -----------------------------------------------------------------------------

// Positions p in [begin, end) where a line starting with `prefix` (at least 2 bytes) begins;
// reads `text` up to end - 2 + prefix.size(). A 10,000-secret vault has 110,000 lines: memchr
// stopping at each newline, or memmem, cost more than the rest of a `get`; this checks 16
// positions at a time for a newline followed by the prefix's first and last byte, and compares
// only those candidates in full.
std::size_t count_line_starts(std::string_view text, std::string_view prefix, std::size_t begin, std::size_t end) {
    auto starts_line = [&](std::size_t at) {
        return (at == 0 || text[at - 1] == '\n') && text.substr(at, prefix.size()) == prefix;
    };
    std::size_t count = 0;
    std::size_t at = begin;
#if defined(__SSE2__)
    if (at == 0 && at < end) {
        if (starts_line(0)) ++count;
        at = 1;
    }
    const std::size_t last = prefix.size() - 1;
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i first = _mm_set1_epi8(prefix.front());
    const __m128i tail = _mm_set1_epi8(prefix.back());
    for (; at + 16 <= end; at += 16) {
        // Candidates at .. at + 15: a newline before each, prefix[0] on it, prefix[last] after.
        const char* base = text.data() + at - 1;
        __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base));
        __m128i start = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + 1));
        __m128i stop = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + 1 + last));
        __m128i hits = _mm_and_si128(_mm_cmpeq_epi8(before, newline),
                                     _mm_and_si128(_mm_cmpeq_epi8(start, first), _mm_cmpeq_epi8(stop, tail)));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        while (mask != 0) {
            if (text.substr(at + static_cast<std::size_t>(__builtin_ctz(mask)), prefix.size()) == prefix) ++count;
            mask &= mask - 1;
        }
    }
#endif
    for (; at < end; ++at) {
        if (starts_line(at)) ++count;
    }
    return count;
}

constexpr std::string_view secret_line = "  - name: ";

}  // namespace

void SecretLineCounter::advance(std::string_view text) {
    if (text.size() < secret_line.size()) return;
    std::size_t end = text.size() - secret_line.size() + 1;
    if (end <= m_next) return;
    m_count += count_line_starts(text, secret_line, m_next, end);
    m_next = end;
}

std::size_t SecretLineCounter::finish(std::string_view text) {
    advance(text);
    return m_count;
}

namespace {

// One significant line: "<indent>[- ]key: value" or "<indent>[- ]key:".
struct Line {
    std::uint32_t number = 0;
    std::size_t column = 0;  // where the key starts
    bool item = false;       // "- " before the key
    std::string_view key;
    std::string_view value;  // raw, after ": "
};

class Reader {
public:
    Reader(std::string_view text, std::string_view path) : m_text(text), m_path(path) {}

    // The next significant line, if it has this shape; consumes it.
    Result<Line> take(std::size_t column, std::string_view key, bool item = false) {
        if (auto exact = exact_line(column, key, item)) {
            m_pos = exact->next;
            m_line = exact->line.number;
            return exact->line;
        }
        auto line = peek();
        if (!line) return std::unexpected(line.error());
        m_exact = false;
        if (!matches(*line, column, key, item)) {
            return error(line->number ? line->number : m_line + 1, "expected '" + std::string(item ? "- " : "") +
                                                                       std::string(key) + ":' at column " +
                                                                       std::to_string(column + 1));
        }
        m_pos = m_cached_next;
        m_line = line->number;
        return *line;
    }

    bool next_is(std::size_t column, std::string_view key, bool item = false) {
        if (exact_line(column, key, item)) return true;
        auto line = peek();
        return line && matches(*line, column, key, item);
    }

    // Occurrences of `needle` after the current position.
    // Lines after the current position that start with `prefix`.
    [[nodiscard]] std::size_t count_lines_starting(std::string_view prefix) const {
        std::string_view rest = m_text.substr(m_pos);
        return rest.size() < prefix.size() ? 0 : count_line_starts(rest, prefix, 0, rest.size() - prefix.size() + 1);
    }

    // True if every line taken since the last call of restart_exact() was found by exact_line(),
    // i.e. is in the writer's layout (no comment or blank line before it).
    [[nodiscard]] bool exact() const { return m_exact; }
    void restart_exact() { m_exact = true; }

    // Where the next line starts (after the last one taken).
    [[nodiscard]] std::size_t position() const { return m_pos; }
    [[nodiscard]] std::string_view text() const { return m_text; }

    bool at_end() {
        auto line = peek();
        return line && line->number == 0;
    }

    std::unexpected<Error> error(std::uint32_t line, std::string message) const {
        return fail(ErrorCode::vault, "malformed vault: " + message, std::string(m_path), line);
    }

private:
    struct ExactLine {
        Line line;
        std::size_t next = 0;
    };

    // The line at the current position when it is exactly "<indent>[- ]key:" with a valid rest,
    // the layout hush writes: the same Line scan() would give, found without the general scan
    // (no comment skipping, no key search). Anything else is left to scan(). `key` is one of the
    // parser's literal keys ([a-z_]+).
    [[nodiscard]] std::optional<ExactLine> exact_line(std::size_t column, std::string_view key, bool item) const {
        std::size_t indent = item ? column - 2 : column;
        std::size_t colon = column + key.size();
        if (m_pos + colon >= m_text.size()) return std::nullopt;
        const char* at = m_text.data() + m_pos;
        for (std::size_t i = 0; i < indent; ++i) {
            if (at[i] != ' ') return std::nullopt;
        }
        if (item && (at[indent] != '-' || at[indent + 1] != ' ')) return std::nullopt;
        if (!item && at[indent] == ' ') return std::nullopt;
        if (std::memcmp(at + column, key.data(), key.size()) != 0 || at[colon] != ':') return std::nullopt;
        const void* newline = std::memchr(at + colon, '\n', m_text.size() - m_pos - colon);
        if (newline == nullptr) return std::nullopt;
        std::string_view rest(at + colon + 1, static_cast<std::size_t>(static_cast<const char*>(newline) - (at + colon + 1)));
        ExactLine exact;
        if (!rest.empty()) {
            if (rest.size() < 2 || rest[0] != ' ' || rest[1] == ' ') return std::nullopt;
            exact.line.value = rest.substr(1);
        }
        exact.line.number = m_line + 1;
        exact.line.column = column;
        exact.line.item = item;
        exact.line.key = std::string_view(at + column, key.size());
        exact.next = static_cast<std::size_t>(static_cast<const char*>(newline) - m_text.data()) + 1;
        return exact;
    }

    static bool matches(const Line& line, std::size_t column, std::string_view key, bool item) {
        return line.number != 0 && line.column == column && line.key == key && line.item == item;
    }

    // Parses the next significant line without consuming it; number 0 means end of text.
    Result<Line> peek() {
        if (m_cached && m_cached_pos == m_pos) return m_cached_line;
        auto line = scan();
        if (line) {
            m_cached = true;
            m_cached_pos = m_pos;
            m_cached_line = *line;
            m_cached_next = m_next;
        }
        return line;
    }

    Result<Line> scan() {
        std::size_t pos = m_pos;
        std::uint32_t number = m_line;
        while (pos < m_text.size()) {
            const void* newline = std::memchr(m_text.data() + pos, '\n', m_text.size() - pos);
            if (newline == nullptr) return error(number + 1, "the file does not end with a newline");
            std::size_t end = static_cast<std::size_t>(static_cast<const char*>(newline) - m_text.data());
            std::string_view text = m_text.substr(pos, end - pos);
            ++number;
            pos = end + 1;
            std::size_t indent = 0;
            while (indent < text.size() && text[indent] == ' ') ++indent;
            if (indent == text.size() || text[indent] == '#') continue;
            m_next = pos;
            return parse_line(text, indent, number);
        }
        m_next = pos;
        return Line{};
    }

    Result<Line> parse_line(std::string_view text, std::size_t indent, std::uint32_t number) const {
        Line line;
        line.number = number;
        line.column = indent;
        if (text.substr(indent, 2) == "- ") {
            line.item = true;
            line.column += 2;
        }
        std::size_t colon = text.find(':', line.column);
        if (colon == std::string_view::npos) return error(number, "expected 'key: value'");
        line.key = text.substr(line.column, colon - line.column);
        for (char c : line.key) {
            if (!((c >= 'a' && c <= 'z') || c == '_')) return error(number, "bad key");
        }
        std::string_view rest = text.substr(colon + 1);
        if (!rest.empty()) {
            if (rest.size() < 2 || rest[0] != ' ' || rest[1] == ' ') return error(number, "expected one space after ':'");
            line.value = rest.substr(1);
        }
        return line;
    }

    std::string_view m_text;
    std::string_view m_path;
    std::size_t m_pos = 0;
    std::size_t m_next = 0;
    std::uint32_t m_line = 0;
    bool m_cached = false;
    std::size_t m_cached_pos = 0;
    std::size_t m_cached_next = 0;
    Line m_cached_line;
    bool m_exact = true;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A double-quoted scalar using only the escapes append_quoted() writes; `consumed` is set to its
// length. Without escapes the result views `text`; with them it is decoded into `scratch`.
std::optional<std::string_view> unquote(std::string_view text, std::size_t& consumed, Scratch& scratch) {
    if (text.empty() || text[0] != '"') return std::nullopt;
    std::size_t i = 1;
    unsigned char high_bits = 0;
    while (i < text.size() && !quote_stops[static_cast<unsigned char>(text[i])]) {
        high_bits |= static_cast<unsigned char>(text[i]);
        ++i;
    }
    if (i >= text.size()) return std::nullopt;
    if (text[i] == '"') {
        std::string_view out = text.substr(1, i - 1);
        consumed = i + 1;
        if ((high_bits & 0x80) != 0 && !is_valid_utf8(out)) return std::nullopt;
        return out;
    }
    if (text[i] != '\\') return std::nullopt;  // a control byte
    std::string& out = scratch.next();
    out.assign(text.substr(1, i - 1));
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            consumed = i + 1;
            if (!is_valid_utf8(out)) return std::nullopt;
            return std::string_view(out);
        }
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return std::nullopt;
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        if (++i >= text.size()) return std::nullopt;
        switch (text[i]) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'x': {
                if (i + 2 >= text.size()) return std::nullopt;
                int high = hex_digit(text[i + 1]), low = hex_digit(text[i + 2]);
                if (high < 0 || low < 0) return std::nullopt;
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                break;
            }
            default: return std::nullopt;
        }
    }
    return std::nullopt;
}

template <class Allowed>
bool all_of(std::string_view text, Allowed allowed) {
    for (char c : text) {
        if (!allowed(c)) return false;
    }
    return !text.empty();
}

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
constexpr bool is_timestamp_char(char c) { return is_digit(c) || c == '-' || c == ':' || c == 'T' || c == 'Z'; }
// A table: base64 values are most of a vault's bytes.
constexpr auto base64_chars = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    return table;
}();
bool is_base64_char(char c) { return base64_chars[static_cast<unsigned char>(c)]; }
constexpr auto plain_chars = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = c != '"' && c != '\'' && c != '#';
    return table;
}();
bool is_plain_char(char c) { return plain_chars[static_cast<unsigned char>(c)]; }

bool is_timestamp(std::string_view text) {
    return text.size() == 20 && text[10] == 'T' && text[19] == 'Z' && is_valid_date(text.substr(0, 10)) &&
           all_of(text, is_timestamp_char) && text[13] == ':' && text[16] == ':';
}

template <class T>
std::unexpected<Error> pass(const Result<T>& result) {
    return std::unexpected(result.error());
}

// The grammar of docs/vault-format.md §1, over a whole vault or over one secret's lines.
class Parser {
public:
    Parser(std::string_view text, std::string_view path) : m_reader(text, path) {}

    Result<void> header(VaultDocument& document) {
        auto version = number(0, "hush_vault");
        if (!version) return pass(version);
        if (*version != format_version)
            return m_reader.error(m_last, "unsupported format version " + std::to_string(*version) + " (this hush reads 1)");
        auto id = plain(0, "id");
        if (!id) return pass(id);
        if (id->size() != 32 || !all_of(*id, is_lower_hex)) return m_reader.error(m_last, "bad id");
        document.id = *id;
        if (auto ok = recipients(document); !ok) return ok;
        return audit(document);
    }

    Result<void> body(VaultDocument& document, const Write* canonical, bool keep_for_rewrite, std::optional<std::size_t> secret_lines) {
        if (auto ok = secrets(document, canonical, keep_for_rewrite, secret_lines); !ok) return ok;
        auto mac = plain(0, "mac");
        if (!mac) return pass(mac);
        if (mac->size() != 64 || !all_of(*mac, is_lower_hex)) return m_reader.error(m_last, "bad mac");
        document.mac = *mac;
        if (!m_reader.at_end()) return m_reader.error(m_last + 1, "unexpected text after 'mac:'");
        return {};
    }

    // One secret, from `  - name:` to its last version.
    Result<void> secret(SecretFields& fields) {
        fields.clear();
        auto name = plain(4, "name", true);
        if (!name) return pass(name);
        if (!is_valid_secret_name(*name)) return m_reader.error(m_last, "bad secret name");
        fields.name = *name;
        auto description = quoted_field(4, "description", fields.scratch);
        if (!description) return pass(description);
        fields.description = *description;
        if (auto ok = tags(fields); !ok) return ok;
        if (m_reader.next_is(4, "expires")) {
            auto expires = quoted_field(4, "expires", fields.scratch);
            if (!expires) return pass(expires);
            if (!is_valid_date(*expires)) return m_reader.error(m_last, "bad date for 'expires'");
            fields.expires = *expires;
        }
        auto active = plain(4, "active");
        if (!active) return pass(active);
        if (*active != "true" && *active != "false") return m_reader.error(m_last, "'active' must be true or false");
        fields.active = *active == "true";
        auto visibility = plain(4, "visibility");
        if (!visibility) return pass(visibility);
        if (*visibility != "masked" && *visibility != "restricted")
            return m_reader.error(m_last, "'visibility' must be masked or restricted");
        fields.visibility = *visibility == "restricted" ? Visibility::restricted : Visibility::masked;
        auto created = timestamp(4, "created", fields.scratch);
        if (!created) return pass(created);
        auto updated = timestamp(4, "updated", fields.scratch);
        if (!updated) return pass(updated);
        fields.created = *created;
        fields.updated = *updated;
        if (m_reader.next_is(4, "deleted")) {
            auto deleted = timestamp(4, "deleted", fields.scratch);
            if (!deleted) return pass(deleted);
            auto retention = number(4, "retention_days");
            if (!retention) return pass(retention);
            if (*retention > 36500) return m_reader.error(m_last, "retention_days too large");
            fields.deleted = *deleted;
            fields.retention_days = static_cast<std::uint32_t>(*retention);
        }
        return versions(fields);
    }

private:
    Result<std::string_view> plain(std::size_t column, std::string_view key, bool item = false) {
        auto line = m_reader.take(column, key, item);
        if (!line) return pass(line);
        m_last = line->number;
        if (line->value.empty() || !all_of(line->value, is_plain_char))
            return m_reader.error(m_last, "bad value for '" + std::string(key) + "'");
        return line->value;
    }

    Result<std::uint64_t> number(std::size_t column, std::string_view key, bool item = false) {
        auto text = plain(column, key, item);
        if (!text) return pass(text);
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || end != text->data() + text->size() || text->size() > 12 || !all_of(*text, is_digit) ||
            (text->size() > 1 && (*text)[0] == '0')) {
            return m_reader.error(m_last, "bad number for '" + std::string(key) + "'");
        }
        return value;
    }

    Result<std::string_view> base64_field(std::size_t column, std::string_view key) {
        auto text = plain(column, key);
        if (!text) return pass(text);
        if (text->size() % 4 != 0 || !all_of(*text, is_base64_char)) return m_reader.error(m_last, "bad base64 in '" + std::string(key) + "'");
        return text;
    }

    Result<std::string_view> quoted_field(std::size_t column, std::string_view key, Scratch& scratch) {
        auto line = m_reader.take(column, key);
        if (!line) return pass(line);
        m_last = line->number;
        std::size_t consumed = 0;
        auto text = unquote(line->value, consumed, scratch);
        if (!text || consumed != line->value.size()) return m_reader.error(m_last, "bad quoted string for '" + std::string(key) + "'");
        return *text;
    }

    Result<std::string_view> timestamp(std::size_t column, std::string_view key, Scratch& scratch) {
        auto text = quoted_field(column, key, scratch);
        if (text && !is_timestamp(*text)) return m_reader.error(m_last, "bad time for '" + std::string(key) + "'");
        return text;
    }

    Result<void> recipients(VaultDocument& document) {
        if (auto line = m_reader.take(0, "recipients"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'recipients' must be a list") : pass(line);
        while (m_reader.next_is(4, "type", true)) {
            auto type = plain(4, "type", true);
            if (!type) return pass(type);
            StoredRecipient recipient;
            if (*type == "x25519") {
                auto key = plain(4, "public_key");
                if (!key) return pass(key);
                if (!is_public_key(*key)) return m_reader.error(m_last, "bad public key");
                auto ephemeral = base64_field(4, "ephemeral");
                if (!ephemeral) return pass(ephemeral);
                recipient.public_key = *key;
                recipient.ephemeral = *ephemeral;
            } else if (*type == "scrypt") {
                auto log_n = number(4, "log_n");
                if (!log_n) return pass(log_n);
                if (*log_n < static_cast<std::uint64_t>(min_scrypt_log_n) || *log_n > static_cast<std::uint64_t>(max_scrypt_log_n))
                    return m_reader.error(m_last, "scrypt work factor 2^" + std::to_string(*log_n) + " outside 2^10..2^22");
                auto salt = base64_field(4, "salt");
                if (!salt) return pass(salt);
                recipient.type = RecipientType::passphrase;
                recipient.log_n = static_cast<int>(*log_n);
                recipient.salt = *salt;
            } else {
                return m_reader.error(m_last, "unknown recipient type '" + std::string(*type) + "'");
            }
            auto wrapped = base64_field(4, "wrapped_key");
            if (!wrapped) return pass(wrapped);
            recipient.wrapped = *wrapped;
            document.recipients.push_back(std::move(recipient));
        }
        if (document.recipients.empty()) return m_reader.error(m_last, "no recipients");
        return {};
    }

    Result<void> audit(VaultDocument& document) {
        if (auto line = m_reader.take(0, "audit"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'audit' must be a mapping") : pass(line);
        auto key = base64_field(2, "key");
        if (!key) return pass(key);
        auto count = number(2, "count");
        if (!count) return pass(count);
        auto head = plain(2, "head");
        if (!head) return pass(head);
        if (head->size() != 64 || !all_of(*head, is_lower_hex)) return m_reader.error(m_last, "bad audit head");
        document.audit_key = *key;
        document.audit_count = *count;
        document.audit_head = *head;
        return {};
    }

    // Each secret is validated, handed to `canonical`, and kept as its text.
    Result<void> secrets(VaultDocument& document, const Write* canonical, bool keep_for_rewrite,
                         std::optional<std::size_t> secret_lines) {
        auto line = m_reader.take(0, "secrets");
        if (!line) return pass(line);
        m_last = line->number;
        bool empty = line->value == "[]";
        if (!empty && !line->value.empty()) return m_reader.error(m_last, "'secrets' must be a list");
        // The encoding states the number of secrets before them. Every line starting with this
        // prefix below `secrets:` must begin a secret (anywhere else the grammar rejects it, and
        // comments start with '#'), so in a document that parses the count is exact; it is
        // checked after the loop all the same.
        std::size_t expected = empty ? 0 : secret_lines ? *secret_lines : m_reader.count_lines_starting(secret_line);
        document.secrets.reserve(expected);
        std::string encoded;
        if (canonical) {
            encode_header(encoded, document, expected);
            (*canonical)(encoded);
        }
        // The canonical encodings of the secrets, one after the other. Its size is a guess (the
        // encoding is usually smaller than the text); secrets that do not fit are parsed again.
        std::shared_ptr<PageBuffer> kept;
        if (keep_for_rewrite) {
            auto buffer = PageBuffer::allocate(m_reader.text().size() - m_reader.position());
            if (!buffer) return pass(buffer);
            kept = std::move(*buffer);
        }
        SecretFields fields;
        while (!empty && m_reader.next_is(4, "name", true)) {
            std::size_t start = m_reader.position();
            m_reader.restart_exact();
            if (auto ok = secret(fields); !ok) return ok;
            std::string_view text = m_reader.text().substr(start, m_reader.position() - start);
            if (!document.secrets.empty() && document.secrets.back().name() >= fields.name)
                return m_reader.error(m_last, "secrets are not sorted by name or a name is repeated");
            document.secrets.emplace_back(text, fields.name, fields.deleted.has_value());
            if (canonical || keep_for_rewrite) {
                encoded.clear();
                encode_secret(encoded, fields);
                if (canonical) (*canonical)(encoded);
            }
            if (kept && kept->append(encoded)) {
                // The writer would write these very bytes when every line was in its layout and
                // no quoted scalar needed decoding (it writes plain values and numbers as the
                // parser accepts them, and quotes without escapes what needs none). The fuzz
                // target checks this against writing the fields.
                bool verbatim = m_reader.exact() && fields.scratch.used() == 0;
                document.secrets.back().keep_for_rewrite(verbatim, kept->view().substr(kept->size() - encoded.size()));
            }
        }
        if (!empty && document.secrets.empty()) return m_reader.error(m_last, "empty 'secrets' list must be written []");
        if (document.secrets.size() != expected) return m_reader.error(m_last, "unexpected '  - name:' line");
        if (kept) document.sources.push_back(std::move(kept));
        return {};
    }

    Result<void> tags(SecretFields& fields) {
        auto line = m_reader.take(4, "tags");
        if (!line) return pass(line);
        m_last = line->number;
        std::string_view text = line->value;
        if (text.size() < 2 || text.front() != '[' || text.back() != ']') return m_reader.error(m_last, "bad tags");
        text = text.substr(1, text.size() - 2);
        while (!text.empty()) {
            std::size_t consumed = 0;
            auto tag = unquote(text, consumed, fields.scratch);
            if (!tag || !is_valid_tag(*tag) || (!fields.tags.empty() && fields.tags.back() >= *tag))
                return m_reader.error(m_last, "bad tags");
            fields.tags.push_back(*tag);
            text.remove_prefix(consumed);
            if (!text.empty()) {
                if (text.substr(0, 2) != ", " || text.size() == 2) return m_reader.error(m_last, "bad tags");
                text.remove_prefix(2);
            }
        }
        return {};
    }

    Result<void> versions(SecretFields& fields) {
        if (auto line = m_reader.take(4, "versions"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'versions' must be a list") : pass(line);
        while (m_reader.next_is(8, "version", true)) {
            auto number_value = number(8, "version", true);
            if (!number_value) return pass(number_value);
            std::uint32_t previous = fields.versions.empty() ? 0 : fields.versions.back().number;
            if (*number_value <= previous || *number_value > 0xffffffffu)
                return m_reader.error(m_last, "version numbers must increase");
            auto created = timestamp(8, "created", fields.scratch);
            if (!created) return pass(created);
            auto value = base64_field(8, "value");
            if (!value) return pass(value);
            fields.versions.push_back({static_cast<std::uint32_t>(*number_value), *created, *value});
        }
        if (fields.versions.empty()) return m_reader.error(m_last, "a secret needs at least one version");
        return {};
    }

    Reader m_reader;
    std::uint32_t m_last = 0;
};

}  // namespace

// ---- entries -------------------------------------------------------------------------------

SecretEntry::SecretEntry(const SecretEntry& other)
    : m_text(other.m_text), m_name(other.m_name), m_deleted(other.m_deleted),
      m_decoded(other.m_decoded ? std::make_unique<StoredSecret>(*other.m_decoded) : nullptr) {}

SecretEntry& SecretEntry::operator=(const SecretEntry& other) {
    if (this != &other) *this = SecretEntry(other);
    return *this;
}

StoredSecret& SecretEntry::secret() {
    if (!m_decoded) {
        SecretFields fields;
        // The text passed this parser when the vault was read: it cannot fail here.
        if (!fields_of_text(fields)) std::abort();
        m_decoded = std::make_unique<StoredSecret>(stored_from(fields));
    }
    return *m_decoded;
}

Result<void> SecretEntry::fields(SecretFields& fields) const {
    if (m_decoded) {
        fields_of(*m_decoded, fields);
        return {};
    }
    return fields_of_text(fields);
}

std::optional<std::string_view> SecretEntry::verbatim_text() const {
    if (m_decoded || !m_verbatim) return std::nullopt;
    return m_text;
}

std::optional<std::string_view> SecretEntry::cached_canonical() const {
    if (m_decoded || !m_verbatim) return std::nullopt;
    return m_canonical;
}

Result<void> SecretEntry::fields_of_text(SecretFields& fields) const {
    Parser parser(m_text, "vault text");
    if (auto ok = parser.secret(fields); !ok)
        return fail(ErrorCode::internal, "a validated secret no longer parses: " + ok.error().message);
    return {};
}

// ---- documents -----------------------------------------------------------------------------

std::string length_prefixed(std::initializer_list<std::string_view> fields) {
    std::string out;
    for (auto field : fields) put(out, field);
    return out;
}

Result<void> encode_canonical(const VaultDocument& document, const Write& write) {
    std::string out;
    encode_header(out, document, document.secrets.size());
    write(out);
    SecretFields fields;
    for (const auto& entry : document.secrets) {
        if (auto ok = entry.fields(fields); !ok) return ok;
        out.clear();
        encode_secret(out, fields);
        write(out);
    }
    return {};
}

Result<std::string> canonical(const VaultDocument& document) {
    std::string out;
    auto ok = encode_canonical(document, [&](std::string_view piece) { out.append(piece); });
    if (!ok) return pass(ok);
    return out;
}

Result<void> serialize_to(const VaultDocument& document, const Write& write, MacSink* mac) {
    // Written in 64 KiB pieces: a 4 MB vault never needs a 4 MB buffer.
    constexpr std::size_t piece = 1 << 16;
    std::string out;
    out.reserve(piece + 4096);
    std::string encoded;
    write_header(out, document);
    if (mac) {
        encode_header(encoded, document, document.secrets.size());
        mac->update(encoded);
    }
    auto flush_if_full = [&] {
        if (out.size() >= piece) {
            write(out);
            out.clear();
        }
    };
    // Unchanged secrets next to each other are next to each other in the text they were read
    // from, and so are their kept encodings: a run of them is written and MAC'd in one call each.
    std::string_view run_text, run_canonical;
    auto flush_run = [&] {
        if (run_text.empty()) return;
        if (!out.empty()) write(out);
        out.clear();
        write(run_text);
        if (mac) mac->update(run_canonical);
        run_text = run_canonical = {};
    };
    auto extend = [](std::string_view run, std::string_view next) {
        return run.empty() ? next : std::string_view(run.data(), run.size() + next.size());
    };
    SecretFields fields;
    for (const auto& entry : document.secrets) {
        auto text = entry.verbatim_text();
        auto kept = entry.cached_canonical();
        if (text && kept) {
            bool adjacent = run_text.empty() || (run_text.data() + run_text.size() == text->data() &&
                                                 run_canonical.data() + run_canonical.size() == kept->data());
            if (!adjacent) flush_run();
            run_text = extend(run_text, *text);
            run_canonical = extend(run_canonical, *kept);
            continue;
        }
        flush_run();
        if (auto ok = entry.fields(fields); !ok) return ok;
        write_secret(out, fields);
        flush_if_full();
        if (mac) {
            encoded.clear();
            encode_secret(encoded, fields);
            mac->update(encoded);
        }
    }
    flush_run();
    if (!mac) {
        plain_line(out, "mac: ", document.mac);
    } else {
        auto value = mac->finish();
        if (!value) return pass(value);
        plain_line(out, "mac: ", *value);
    }
    write(out);
    return {};
}

Result<std::string> serialize(const VaultDocument& document) {
    std::string out;
    out.reserve(1024 + document.secrets.size() * 450);
    auto ok = serialize_to(document, [&](std::string_view piece) { out.append(piece); });
    if (!ok) return pass(ok);
    return out;
}

struct DocumentReader::Impl {
    Parser parser;
};

DocumentReader::DocumentReader(std::string_view text, std::string_view path) : m_impl(std::make_unique<Impl>(Impl{Parser(text, path)})) {}
DocumentReader::~DocumentReader() = default;

Result<void> DocumentReader::header(VaultDocument& document) { return m_impl->parser.header(document); }
Result<void> DocumentReader::body(VaultDocument& document, const Write* canonical, bool keep_for_rewrite,
                                  std::optional<std::size_t> secret_lines) {
    return m_impl->parser.body(document, canonical, keep_for_rewrite, secret_lines);
}

Result<VaultDocument> parse_document(std::string_view text, const std::string& path, bool keep_for_rewrite) {
    VaultDocument document;
    DocumentReader reader(text, path);
    if (auto ok = reader.header(document); !ok) return pass(ok);
    if (auto ok = reader.body(document, nullptr, keep_for_rewrite); !ok) return pass(ok);
    return document;
}

}  // namespace hush::vault::detail
