// Baselines and fingerprints: accepted findings identified by rule, path and secret hash only, so a
// baseline survives line moves and merges without conflicts.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hush/scanner.hpp"

namespace hush {

std::string finding_fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret) {
    std::string input;
    input.reserve(rule_id.size() + path.size() + secret.size() + 2);
    input.append(rule_id).push_back('\0');
    input.append(path).push_back('\0');
    input.append(secret);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned length = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr);
    OPENSSL_cleanse(input.data(), input.size());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < 16; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    return out;
}

namespace {

void sort_unique(std::vector<BaselineEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
        return std::tie(a.path, a.rule_id, a.fingerprint) < std::tie(b.path, b.rule_id, b.fingerprint);
    });
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
}

}  // namespace

std::vector<BaselineEntry> baseline_entries(const std::vector<Finding>& findings) {
    std::vector<BaselineEntry> entries;
    for (const auto& finding : findings) entries.push_back({finding.fingerprint, finding.rule_id, finding.path});
    sort_unique(entries);
    return entries;
}

std::string format_baseline(std::vector<BaselineEntry> entries) {
    sort_unique(entries);
    // One entry per line: two people adding different findings touch different lines.
    std::string out = "{\n  \"version\": 1,\n  \"findings\": [\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        nlohmann::ordered_json entry = {
            {"fingerprint", entries[i].fingerprint}, {"rule_id", entries[i].rule_id}, {"path", entries[i].path}};
        out += "    " + entry.dump() + (i + 1 < entries.size() ? ",\n" : "\n");
    }
    out += "  ]\n}\n";
    return out;
}

Result<std::vector<BaselineEntry>> parse_baseline(std::string_view text, const std::filesystem::path& path) {
    auto bad = [&](const std::string& message) { return fail(ErrorCode::input, "not a hush baseline: " + message, path.string()); };
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return bad(std::string("invalid JSON (") + e.what() + ")");
    }
    if (!document.is_object() || document.value("version", 0) != 1 || !document.contains("findings") ||
        !document["findings"].is_array())
        return bad("expected {\"version\": 1, \"findings\": [...]}");
    std::vector<BaselineEntry> entries;
    for (const auto& item : document["findings"]) {
        if (!item.is_object() || !item.contains("fingerprint") || !item["fingerprint"].is_string())
            return bad("every entry needs a string 'fingerprint'");
        entries.push_back({item["fingerprint"].get<std::string>(), item.value("rule_id", std::string()),
                           item.value("path", std::string())});
    }
    return entries;
}

Result<std::vector<BaselineEntry>> load_baseline(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::input, "cannot read baseline file", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parse_baseline(text.str(), path);
}

}  // namespace hush
