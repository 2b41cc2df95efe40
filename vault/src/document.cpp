#include "document.hpp"

#include <charconv>

#include "hush/core/secret_name.hpp"
#include "hush/core/text.hpp"

namespace hush::vault::detail {

std::string_view to_string(RecipientType type) { return type == RecipientType::passphrase ? "scrypt" : "x25519"; }

// ---- canonical encoding ------------------------------------------------------------------

namespace {

using Write = std::function<void(std::string_view)>;

void put_length(std::string& out, std::uint64_t size) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
}

void put(std::string& out, std::string_view field) {
    put_length(out, field.size());
    out.append(field);
}

void put(const Write& write, std::string_view field) {
    std::string length;
    put_length(length, field.size());
    write(length);
    write(field);
}

void put_optional(const Write& write, const std::optional<std::string>& field) {
    put(write, field ? "1" : "0");
    put(write, field ? *field : "");
}

}  // namespace

std::string length_prefixed(std::initializer_list<std::string_view> fields) {
    std::string out;
    for (auto field : fields) put(out, field);
    return out;
}

std::string canonical(const VaultDocument& document) {
    std::string out;
    out.reserve(1024 + document.secrets.size() * 600);
    encode_canonical(document, [&](std::string_view piece) { out.append(piece); });
    return out;
}

void encode_canonical(const VaultDocument& document, const Write& out) {
    put(out, "hush-vault-mac-v1");
    put(out, std::to_string(format_version));
    put(out, document.id);
    put(out, std::to_string(document.recipients.size()));
    for (const auto& recipient : document.recipients) {
        put(out, to_string(recipient.type));
        put(out, recipient.public_key);
        put(out, recipient.ephemeral);
        put(out, std::to_string(recipient.log_n));
        put(out, recipient.salt);
        put(out, recipient.wrapped);
    }
    put(out, document.audit_key);
    put(out, std::to_string(document.audit_count));
    put(out, document.audit_head);
    put(out, std::to_string(document.secrets.size()));
    for (const auto& secret : document.secrets) {
        const SecretInfo& info = secret.info;
        put(out, info.name);
        put(out, info.description);
        put(out, std::to_string(info.tags.size()));
        for (const auto& tag : info.tags) put(out, tag);
        put_optional(out, info.expires);
        put(out, info.active ? "true" : "false");
        put(out, to_string(info.visibility));
        put(out, info.created);
        put(out, info.updated);
        put_optional(out, info.deleted);
        put(out, std::to_string(info.retention_days));
        put(out, std::to_string(info.versions.size()));
        for (std::size_t i = 0; i < info.versions.size(); ++i) {
            put(out, std::to_string(info.versions[i].number));
            put(out, info.versions[i].created);
            put(out, secret.sealed[i]);
        }
    }
}

// ---- writing -----------------------------------------------------------------------------

namespace {

// Appends `text` as a YAML double-quoted scalar using only \" \\ \n \t and \xHH escapes.
void append_quoted(std::string& out, std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    out.push_back('"');
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

void quoted_line(std::string& out, std::string_view prefix, std::string_view value) {
    out.append(prefix);
    append_quoted(out, value);
    out.push_back('\n');
}

void write_secret(std::string& out, const StoredSecret& secret) {
    const SecretInfo& info = secret.info;
    plain_line(out, "  - name: ", info.name);
    quoted_line(out, "    description: ", info.description);
    out += "    tags: [";
    for (std::size_t i = 0; i < info.tags.size(); ++i) {
        if (i > 0) out += ", ";
        append_quoted(out, info.tags[i]);
    }
    out += "]\n";
    if (info.expires) quoted_line(out, "    expires: ", *info.expires);
    plain_line(out, "    active: ", info.active ? "true" : "false");
    plain_line(out, "    visibility: ", to_string(info.visibility));
    quoted_line(out, "    created: ", info.created);
    quoted_line(out, "    updated: ", info.updated);
    if (info.deleted) {
        quoted_line(out, "    deleted: ", *info.deleted);
        plain_line(out, "    retention_days: ", std::to_string(info.retention_days));
    }
    out += "    versions:\n";
    for (std::size_t i = 0; i < info.versions.size(); ++i) {
        plain_line(out, "      - version: ", std::to_string(info.versions[i].number));
        quoted_line(out, "        created: ", info.versions[i].created);
        plain_line(out, "        value: ", secret.sealed[i]);
    }
}

}  // namespace

void serialize_to(const VaultDocument& document, const std::function<void(std::string_view)>& write) {
    // Written in 64 KiB pieces: a 4 MB vault never needs a 4 MB buffer.
    constexpr std::size_t piece = 1 << 16;
    std::string out;
    out.reserve(piece + 4096);
    auto flush_if_full = [&] {
        if (out.size() >= piece) {
            write(out);
            out.clear();
        }
    };
    out += "# hush vault: safe to commit. Metadata is clear text, values are encrypted, a MAC covers\n"
           "# every field. Edit only with hush (format: docs/vault-format.md).\n";
    plain_line(out, "hush_vault: ", std::to_string(format_version));
    plain_line(out, "id: ", document.id);
    out += "recipients:\n";
    for (const auto& recipient : document.recipients) {
        plain_line(out, "  - type: ", to_string(recipient.type));
        if (recipient.type == RecipientType::x25519) {
            plain_line(out, "    public_key: ", recipient.public_key);
            plain_line(out, "    ephemeral: ", recipient.ephemeral);
        } else {
            plain_line(out, "    log_n: ", std::to_string(recipient.log_n));
            plain_line(out, "    salt: ", recipient.salt);
        }
        plain_line(out, "    wrapped_key: ", recipient.wrapped);
    }
    out += "audit:\n";
    plain_line(out, "  key: ", document.audit_key);
    plain_line(out, "  count: ", std::to_string(document.audit_count));
    plain_line(out, "  head: ", document.audit_head);
    out += document.secrets.empty() ? "secrets: []\n" : "secrets:\n";
    for (const auto& secret : document.secrets) {
        write_secret(out, secret);
        flush_if_full();
    }
    plain_line(out, "mac: ", document.mac);
    write(out);
}

std::string serialize(const VaultDocument& document) {
    std::string out;
    out.reserve(1024 + document.secrets.size() * 450);
    serialize_to(document, [&](std::string_view piece) { out.append(piece); });
    return out;
}

// ---- reading -----------------------------------------------------------------------------

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
    Reader(std::string_view text, std::string path) : m_text(text), m_path(std::move(path)) {}

    // The next significant line, if it has this shape; consumes it.
    Result<Line> take(std::size_t column, std::string_view key, bool item = false) {
        auto line = peek();
        if (!line) return std::unexpected(line.error());
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
        auto line = peek();
        return line && matches(*line, column, key, item);
    }

    // Occurrences of `needle` after the current position (a size hint).
    [[nodiscard]] std::size_t count_remaining(std::string_view needle) const {
        std::size_t count = 0;
        for (auto at = m_text.find(needle, m_pos > 0 ? m_pos - 1 : 0); at != std::string_view::npos; at = m_text.find(needle, at + 1))
            ++count;
        return count;
    }

    bool at_end() {
        auto line = peek();
        return line && line->number == 0;
    }

    std::unexpected<Error> error(std::uint32_t line, std::string message) const {
        return fail(ErrorCode::vault, "malformed vault: " + message, m_path, line);
    }

private:
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
            std::size_t end = m_text.find('\n', pos);
            if (end == std::string_view::npos) return error(number + 1, "the file does not end with a newline");
            std::string_view text = m_text.substr(pos, end - pos);
            ++number;
            pos = end + 1;
            std::size_t indent = text.find_first_not_of(' ');
            if (indent == std::string_view::npos || text[indent] == '#') continue;
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
    std::string m_path;
    std::size_t m_pos = 0;
    std::size_t m_next = 0;
    std::uint32_t m_line = 0;
    bool m_cached = false;
    std::size_t m_cached_pos = 0;
    std::size_t m_cached_next = 0;
    Line m_cached_line;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A double-quoted scalar using only the escapes yaml_quoted() writes; `consumed` is set to its length.
std::optional<std::string> unquote(std::string_view text, std::size_t& consumed) {
    if (text.empty() || text[0] != '"') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            consumed = i + 1;
            if (!is_valid_utf8(out)) return std::nullopt;
            return out;
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

bool all_of(std::string_view text, bool (*allowed)(char)) {
    for (char c : text) {
        if (!allowed(c)) return false;
    }
    return !text.empty();
}

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}
bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_timestamp_char(char c) { return is_digit(c) || c == '-' || c == ':' || c == 'T' || c == 'Z'; }

bool is_timestamp(std::string_view text) {
    return text.size() == 20 && text[10] == 'T' && text[19] == 'Z' && is_valid_date(text.substr(0, 10)) &&
           all_of(text, is_timestamp_char) && text[13] == ':' && text[16] == ':';
}

class DocumentParser {
public:
    DocumentParser(std::string_view text, const std::string& path) : m_reader(text, path) {}

    Result<VaultDocument> run() {
        VaultDocument document;
        auto version = number(0, "hush_vault");
        if (!version) return std::unexpected(version.error());
        if (*version != format_version)
            return m_reader.error(m_last, "unsupported format version " + std::to_string(*version) + " (this hush reads 1)");
        auto id = plain(0, "id");
        if (!id) return std::unexpected(id.error());
        if (id->size() != 32 || !all_of(*id, is_lower_hex)) return m_reader.error(m_last, "bad id");
        document.id = *id;
        if (auto ok = recipients(document); !ok) return std::unexpected(ok.error());
        if (auto ok = audit(document); !ok) return std::unexpected(ok.error());
        if (auto ok = secrets(document); !ok) return std::unexpected(ok.error());
        auto mac = plain(0, "mac");
        if (!mac) return std::unexpected(mac.error());
        if (mac->size() != 64 || !all_of(*mac, is_lower_hex)) return m_reader.error(m_last, "bad mac");
        document.mac = *mac;
        if (!m_reader.at_end()) return m_reader.error(m_last + 1, "unexpected text after 'mac:'");
        return document;
    }

private:
    Result<std::string> plain(std::size_t column, std::string_view key, bool item = false) {
        auto line = m_reader.take(column, key, item);
        if (!line) return std::unexpected(line.error());
        m_last = line->number;
        if (line->value.empty() || line->value.find_first_of("\"'#") != std::string_view::npos)
            return m_reader.error(m_last, "bad value for '" + std::string(key) + "'");
        return std::string(line->value);
    }

    Result<std::uint64_t> number(std::size_t column, std::string_view key, bool item = false) {
        auto text = plain(column, key, item);
        if (!text) return std::unexpected(text.error());
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || end != text->data() + text->size() || text->size() > 12 || !all_of(*text, is_digit) ||
            (text->size() > 1 && (*text)[0] == '0')) {
            return m_reader.error(m_last, "bad number for '" + std::string(key) + "'");
        }
        return value;
    }

    Result<std::string> base64_field(std::size_t column, std::string_view key) {
        auto text = plain(column, key);
        if (!text) return std::unexpected(text.error());
        if (text->size() % 4 != 0 || !all_of(*text, is_base64_char)) return m_reader.error(m_last, "bad base64 in '" + std::string(key) + "'");
        return text;
    }

    Result<std::string> quoted_field(std::size_t column, std::string_view key) {
        auto line = m_reader.take(column, key);
        if (!line) return std::unexpected(line.error());
        m_last = line->number;
        std::size_t consumed = 0;
        auto text = unquote(line->value, consumed);
        if (!text || consumed != line->value.size()) return m_reader.error(m_last, "bad quoted string for '" + std::string(key) + "'");
        return *text;
    }

    Result<std::string> timestamp(std::size_t column, std::string_view key) {
        auto text = quoted_field(column, key);
        if (text && !is_timestamp(*text)) return m_reader.error(m_last, "bad time for '" + std::string(key) + "'");
        return text;
    }

    Result<void> recipients(VaultDocument& document) {
        if (auto line = m_reader.take(0, "recipients"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'recipients' must be a list") : std::unexpected(line.error());
        while (m_reader.next_is(4, "type", true)) {
            auto type = plain(4, "type", true);
            if (!type) return std::unexpected(type.error());
            StoredRecipient recipient;
            if (*type == "x25519") {
                auto key = plain(4, "public_key");
                if (!key) return std::unexpected(key.error());
                if (!is_public_key(*key)) return m_reader.error(m_last, "bad public key");
                auto ephemeral = base64_field(4, "ephemeral");
                if (!ephemeral) return std::unexpected(ephemeral.error());
                recipient.public_key = *key;
                recipient.ephemeral = *ephemeral;
            } else if (*type == "scrypt") {
                auto log_n = number(4, "log_n");
                if (!log_n) return std::unexpected(log_n.error());
                if (*log_n < static_cast<std::uint64_t>(min_scrypt_log_n) || *log_n > static_cast<std::uint64_t>(max_scrypt_log_n))
                    return m_reader.error(m_last, "scrypt work factor 2^" + std::to_string(*log_n) + " outside 2^10..2^22");
                auto salt = base64_field(4, "salt");
                if (!salt) return std::unexpected(salt.error());
                recipient.type = RecipientType::passphrase;
                recipient.log_n = static_cast<int>(*log_n);
                recipient.salt = *salt;
            } else {
                return m_reader.error(m_last, "unknown recipient type '" + *type + "'");
            }
            auto wrapped = base64_field(4, "wrapped_key");
            if (!wrapped) return std::unexpected(wrapped.error());
            recipient.wrapped = *wrapped;
            document.recipients.push_back(std::move(recipient));
        }
        if (document.recipients.empty()) return m_reader.error(m_last, "no recipients");
        return {};
    }

    Result<void> audit(VaultDocument& document) {
        if (auto line = m_reader.take(0, "audit"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'audit' must be a mapping") : std::unexpected(line.error());
        auto key = base64_field(2, "key");
        if (!key) return std::unexpected(key.error());
        auto count = number(2, "count");
        if (!count) return std::unexpected(count.error());
        auto head = plain(2, "head");
        if (!head) return std::unexpected(head.error());
        if (head->size() != 64 || !all_of(*head, is_lower_hex)) return m_reader.error(m_last, "bad audit head");
        document.audit_key = *key;
        document.audit_count = *count;
        document.audit_head = *head;
        return {};
    }

    Result<void> secrets(VaultDocument& document) {
        auto line = m_reader.take(0, "secrets");
        if (!line) return std::unexpected(line.error());
        m_last = line->number;
        if (line->value == "[]") return {};
        if (!line->value.empty()) return m_reader.error(m_last, "'secrets' must be a list");
        // Growing a vector of 10,000 secrets by doubling would touch twice the memory.
        document.secrets.reserve(m_reader.count_remaining("\n  - name: "));
        while (m_reader.next_is(4, "name", true)) {
            auto secret = one_secret();
            if (!secret) return std::unexpected(secret.error());
            if (!document.secrets.empty() && document.secrets.back().info.name >= secret->info.name)
                return m_reader.error(m_last, "secrets are not sorted by name or a name is repeated");
            document.secrets.push_back(std::move(*secret));
        }
        if (document.secrets.empty()) return m_reader.error(m_last, "empty 'secrets' list must be written []");
        return {};
    }

    Result<std::vector<std::string>> tags() {
        auto line = m_reader.take(4, "tags");
        if (!line) return std::unexpected(line.error());
        m_last = line->number;
        std::string_view text = line->value;
        std::vector<std::string> out;
        if (text.size() < 2 || text.front() != '[' || text.back() != ']') return m_reader.error(m_last, "bad tags");
        text = text.substr(1, text.size() - 2);
        while (!text.empty()) {
            std::size_t consumed = 0;
            auto tag = unquote(text, consumed);
            if (!tag || !is_valid_tag(*tag) || (!out.empty() && out.back() >= *tag)) return m_reader.error(m_last, "bad tags");
            out.push_back(*tag);
            text.remove_prefix(consumed);
            if (!text.empty()) {
                if (text.substr(0, 2) != ", " || text.size() == 2) return m_reader.error(m_last, "bad tags");
                text.remove_prefix(2);
            }
        }
        return out;
    }

    Result<StoredSecret> one_secret() {
        StoredSecret secret;
        SecretInfo& info = secret.info;
        auto name = plain(4, "name", true);
        if (!name) return std::unexpected(name.error());
        if (!is_valid_secret_name(*name)) return m_reader.error(m_last, "bad secret name");
        info.name = *name;
        auto description = quoted_field(4, "description");
        if (!description) return std::unexpected(description.error());
        info.description = *description;
        auto tag_list = tags();
        if (!tag_list) return std::unexpected(tag_list.error());
        info.tags = *tag_list;
        if (m_reader.next_is(4, "expires")) {
            auto expires = quoted_field(4, "expires");
            if (!expires) return std::unexpected(expires.error());
            if (!is_valid_date(*expires)) return m_reader.error(m_last, "bad date for 'expires'");
            info.expires = *expires;
        }
        auto active = plain(4, "active");
        if (!active) return std::unexpected(active.error());
        if (*active != "true" && *active != "false") return m_reader.error(m_last, "'active' must be true or false");
        info.active = *active == "true";
        auto visibility = plain(4, "visibility");
        if (!visibility) return std::unexpected(visibility.error());
        if (*visibility != "masked" && *visibility != "restricted")
            return m_reader.error(m_last, "'visibility' must be masked or restricted");
        info.visibility = *visibility == "restricted" ? Visibility::restricted : Visibility::masked;
        auto created = timestamp(4, "created");
        if (!created) return std::unexpected(created.error());
        auto updated = timestamp(4, "updated");
        if (!updated) return std::unexpected(updated.error());
        info.created = *created;
        info.updated = *updated;
        if (m_reader.next_is(4, "deleted")) {
            auto deleted = timestamp(4, "deleted");
            if (!deleted) return std::unexpected(deleted.error());
            auto retention = number(4, "retention_days");
            if (!retention) return std::unexpected(retention.error());
            if (*retention > 36500) return m_reader.error(m_last, "retention_days too large");
            info.deleted = *deleted;
            info.retention_days = static_cast<std::uint32_t>(*retention);
        }
        if (auto ok = versions(secret); !ok) return std::unexpected(ok.error());
        return secret;
    }

    Result<void> versions(StoredSecret& secret) {
        if (auto line = m_reader.take(4, "versions"); !line || !line->value.empty())
            return line ? m_reader.error(line->number, "'versions' must be a list") : std::unexpected(line.error());
        while (m_reader.next_is(8, "version", true)) {
            auto number_value = number(8, "version", true);
            if (!number_value) return std::unexpected(number_value.error());
            std::uint32_t previous = secret.info.versions.empty() ? 0 : secret.info.versions.back().number;
            if (*number_value <= previous || *number_value > 0xffffffffu)
                return m_reader.error(m_last, "version numbers must increase");
            auto created = timestamp(8, "created");
            if (!created) return std::unexpected(created.error());
            auto value = base64_field(8, "value");
            if (!value) return std::unexpected(value.error());
            secret.info.versions.push_back({static_cast<std::uint32_t>(*number_value), *created});
            secret.sealed.push_back(*value);
        }
        if (secret.info.versions.empty()) return m_reader.error(m_last, "a secret needs at least one version");
        return {};
    }

    Reader m_reader;
    std::uint32_t m_last = 0;
};

}  // namespace

Result<VaultDocument> parse_document(std::string_view text, const std::string& path) {
    return DocumentParser(text, path).run();
}

}  // namespace hush::vault::detail
