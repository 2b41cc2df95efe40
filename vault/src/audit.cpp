// The audit log: JSON lines chained by HMAC-SHA256 under the vault's audit key.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "document.hpp"
#include "internal.hpp"

namespace hush::vault {

namespace detail {

namespace {

using nlohmann::json;

const std::string zero_mac(32, '\0');

Result<std::string> entry_mac(const SecretValue& key, std::string_view previous_mac, const AuditRecord& record) {
    std::string data = length_prefixed({"hush-audit-v1", previous_mac, std::to_string(record.seq), record.time,
                                        record.actor, record.action, record.secret, std::to_string(record.details.size())});
    for (const auto& [name, value] : record.details) data += length_prefixed({name, value});
    return crypto::hmac(key, data);
}

std::unexpected<Error> bad_line(const std::string& path, std::uint32_t line, std::string message) {
    return fail(ErrorCode::integrity, "malformed audit entry: " + std::move(message), path, line);
}

Result<ParsedEntry> parse_line(std::string_view text, const std::string& path, std::uint32_t line) {
    json entry = json::parse(text.begin(), text.end(), nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) return bad_line(path, line, "not a JSON object");
    static const char* const keys[] = {"seq", "time", "actor", "action", "secret", "details", "mac"};
    if (entry.size() != std::size(keys)) return bad_line(path, line, "expected exactly the keys seq, time, actor, action, secret, details, mac");
    ParsedEntry parsed;
    parsed.line = line;
    for (const char* key : keys) {
        auto it = entry.find(key);
        if (it == entry.end()) return bad_line(path, line, std::string("missing '") + key + "'");
        if (std::string_view(key) == "seq") {
            if (!it->is_number_unsigned()) return bad_line(path, line, "'seq' must be a positive integer");
            parsed.record.seq = it->get<std::uint64_t>();
        } else if (std::string_view(key) == "details") {
            if (!it->is_object()) return bad_line(path, line, "'details' must be an object");
            for (const auto& [name, value] : it->items()) {
                if (!value.is_string()) return bad_line(path, line, "detail values must be strings");
                parsed.record.details[name] = value.get<std::string>();
            }
        } else {
            if (!it->is_string()) return bad_line(path, line, std::string("'") + key + "' must be a string");
            std::string value = it->get<std::string>();
            if (std::string_view(key) == "time") parsed.record.time = value;
            else if (std::string_view(key) == "actor") parsed.record.actor = value;
            else if (std::string_view(key) == "action") parsed.record.action = value;
            else if (std::string_view(key) == "secret") parsed.record.secret = value;
            else parsed.mac_hex = value;
        }
    }
    if (parsed.mac_hex.size() != 64 || !crypto::unhex(parsed.mac_hex)) return bad_line(path, line, "'mac' must be 64 hex digits");
    return parsed;
}

}  // namespace

Result<std::vector<ParsedEntry>> parse_entries(std::string_view text, const std::string& path) {
    std::vector<ParsedEntry> out;
    std::uint32_t line = 0;
    while (!text.empty()) {
        ++line;
        std::size_t end = text.find('\n');
        if (end == std::string_view::npos) return bad_line(path, line, "incomplete last line");
        auto entry = parse_line(text.substr(0, end), path, line);
        if (!entry) return std::unexpected(entry.error());
        out.push_back(std::move(*entry));
        text.remove_prefix(end + 1);
    }
    return out;
}

Result<ChainTail> read_chain_tail(const std::filesystem::path& audit_file) {
    int fd = ::open(audit_file.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return ChainTail{0, zero_mac};
    if (fd < 0) return fail(ErrorCode::io, std::string("cannot open: ") + std::strerror(errno), audit_file.string());
    struct stat info {};
    ::fstat(fd, &info);
    auto size = static_cast<std::size_t>(info.st_size);
    // Entries are a few hundred bytes: the last 64 KiB always hold the last complete one.
    std::size_t start = size > 65536 ? size - 65536 : 0;
    std::string tail(size - start, '\0');
    ssize_t n = ::pread(fd, tail.data(), tail.size(), static_cast<off_t>(start));
    if (n != static_cast<ssize_t>(tail.size())) {
        ::close(fd);
        return fail(ErrorCode::io, "cannot read the audit log", audit_file.string());
    }
    std::size_t complete = tail.rfind('\n');
    std::size_t keep = complete == std::string::npos ? 0 : complete + 1;
    if (keep != tail.size() && (start == 0 || complete != std::string::npos)) {
        // A writer killed mid-append left a partial line that no vault anchors: cut it off.
        if (::ftruncate(fd, static_cast<off_t>(start + keep)) != 0) {
            ::close(fd);
            return fail(ErrorCode::io, "cannot repair an incomplete audit line", audit_file.string());
        }
        tail.resize(keep);
    }
    ::close(fd);
    if (tail.empty()) return ChainTail{0, zero_mac};
    std::size_t previous = tail.rfind('\n', tail.size() - 2);
    std::size_t begin = previous == std::string::npos ? 0 : previous + 1;
    auto entry = parse_line(std::string_view(tail).substr(begin, tail.size() - 1 - begin), audit_file.string(), 0);
    if (!entry) {
        return fail(ErrorCode::integrity, "the last audit entry is damaged; run 'hush audit verify'", audit_file.string());
    }
    return ChainTail{entry->record.seq, *crypto::unhex(entry->mac_hex)};
}

Result<std::string> chain_entry(const SecretValue& key, ChainTail& tail, AuditRecord record) {
    record.seq = tail.seq + 1;
    auto mac = entry_mac(key, tail.mac, record);
    if (!mac) return std::unexpected(mac.error());
    json details = json::object();
    for (const auto& [name, value] : record.details) details[name] = value;
    json entry = {{"seq", record.seq},       {"time", record.time},     {"actor", record.actor},
                  {"action", record.action}, {"secret", record.secret}, {"details", details},
                  {"mac", crypto::hex(*mac)}};
    tail.seq = record.seq;
    tail.mac = *mac;
    return entry.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<void> append_entries(const std::filesystem::path& audit_file, std::string_view lines) {
    if (lines.empty()) return {};
    int fd = ::open(audit_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail(ErrorCode::io, std::string("cannot open: ") + std::strerror(errno), audit_file.string());
    ssize_t n = ::write(fd, lines.data(), lines.size());
    bool ok = n == static_cast<ssize_t>(lines.size()) && ::fdatasync(fd) == 0;
    ::close(fd);
    if (!ok) return fail(ErrorCode::io, "cannot append to the audit log", audit_file.string());
    return {};
}

AuditVerification verify_chain(std::string_view text, const std::string& path, const SecretValue& key,
                               std::uint64_t anchor_count, std::string_view anchor_head_hex) {
    AuditVerification result;
    auto broken = [&](std::uint32_t line, std::string problem) {
        result.ok = false;
        result.first_broken = line;
        result.problem = path + ":" + std::to_string(line) + ": " + std::move(problem);
        return result;
    };
    std::string previous = zero_mac;
    std::string anchored_mac;
    std::uint32_t line = 0;
    while (!text.empty()) {
        ++line;
        std::size_t end = text.find('\n');
        if (end == std::string_view::npos) return broken(line, "incomplete entry");
        auto entry = parse_line(text.substr(0, end), path, line);
        text.remove_prefix(end + 1);
        if (!entry) return broken(line, entry.error().message);
        std::uint64_t expected = result.entries + 1;
        if (entry->record.seq != expected) {
            return broken(line, "entry " + std::to_string(expected) + " is missing or out of order (found seq " +
                                    std::to_string(entry->record.seq) + ")");
        }
        auto mac = entry_mac(key, previous, entry->record);
        if (!mac || !crypto::equal(crypto::hex(*mac), entry->mac_hex))
            return broken(line, "entry " + std::to_string(expected) + " was altered (MAC mismatch)");
        previous = *mac;
        if (expected == anchor_count) anchored_mac = entry->mac_hex;
        result.entries = expected;
    }
    if (result.entries < anchor_count) {
        return broken(line + 1, "log truncated: the vault records " + std::to_string(anchor_count) +
                                    " entries, the log has " + std::to_string(result.entries));
    }
    if (anchor_count > 0 && !crypto::equal(anchored_mac, anchor_head_hex)) {
        return broken(static_cast<std::uint32_t>(anchor_count),
                      "entry " + std::to_string(anchor_count) + " differs from the one the vault recorded (log replaced?)");
    }
    return result;
}

}  // namespace detail

Result<std::vector<AuditRecord>> parse_audit_log(std::string_view text, const std::string& path_for_errors) {
    auto entries = detail::parse_entries(text, path_for_errors);
    if (!entries) return std::unexpected(entries.error());
    std::vector<AuditRecord> out;
    out.reserve(entries->size());
    for (auto& entry : *entries) out.push_back(std::move(entry.record));
    return out;
}

Result<std::vector<AuditRecord>> read_audit_log(const std::filesystem::path& audit_file) {
    auto text = detail::read_whole_file(audit_file);
    if (!text) {
        if (text.error().code == ErrorCode::not_found) return std::vector<AuditRecord>{};
        return std::unexpected(text.error());
    }
    return parse_audit_log(*text, audit_file.string());
}

}  // namespace hush::vault
