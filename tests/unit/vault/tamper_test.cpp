// Tamper evidence: every single-byte change to a vault file is detected on open or leaves the
// content identical; moving ciphertexts, recipients or whole secrets is detected.
#include <catch2/catch.hpp>

#include "vault_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

// Everything a reader can observe: metadata, recipients and every version's value.
std::string observable(const vault::Vault& v) {
    std::string out;
    for (const auto& info : v.list()) {
        out += info.name + "|" + info.description + "|" + std::to_string(info.active) + "|" +
               std::string(to_string(info.visibility)) + "|" + info.created + "|" + info.updated + "|" +
               info.expires.value_or("-") + "|" + info.deleted.value_or("-") + "|";
        for (const auto& tag : info.tags) out += tag + ",";
        for (const auto& version : info.versions) {
            out += std::to_string(version.number) + "@" + version.created + "=";
            auto value = v.value(info.name, version.number);
            out += value ? std::string(value->view()) : "<error>";
            out += ";";
        }
        out += "\n";
    }
    for (const auto& recipient : v.recipients()) out += recipient.public_key + "\n";
    return out;
}

Result<std::string> open_and_observe(const VaultFixture& f) {
    auto keys = f.unlock();
    auto v = vault::Vault::open_read(f.paths, keys);
    if (!v) return std::unexpected(v.error());
    return observable(*v);
}

// Opens `text` as a vault. Each call writes a new file: rewriting one file in place makes ext4
// flush it to disk every time (auto_da_alloc), which would make this test take seconds.
Result<std::string> open_text(const VaultFixture& f, const std::string& text) {
    static int counter = 0;
    auto path = f.paths.vault.parent_path() / ("flipped-" + std::to_string(++counter) + ".yaml");
    write_file(path, text);
    auto keys = f.unlock();
    auto v = vault::Vault::open_read(vault::paths_for_file(path), keys);
    std::filesystem::remove(path);
    if (!v) return std::unexpected(v.error());
    return observable(*v);
}

void small_vault(VaultFixture& f) {
    auto v = f.open_write();
    REQUIRE(v.add({"ALPHA", secret("first-value"), "the \"first\"", {"db", "prod"}, "2030-01-01"}));
    REQUIRE(v.add({"BETA", secret("second-value"), "", {}, std::nullopt, vault::Visibility::restricted}));
    REQUIRE(v.commit());
    auto w = f.open_write();
    REQUIRE(w.set_value("BETA", secret("second-value-2")));
    REQUIRE(w.remove("ALPHA", {}));
    REQUIRE(w.commit());
}

}  // namespace

TEST_CASE("flipping any single byte of a vault is detected or changes nothing", "[vault][tamper]") {
    VaultFixture f;
    small_vault(f);
    const std::string original = f.text();
    auto expected = open_and_observe(f);
    REQUIRE(expected);
    // The two header comment lines are the only bytes whose change has no meaning.
    const std::size_t header = original.find("hush_vault:");
    int detected = 0, identical = 0;
    for (unsigned char mask : {0x01, 0x20, 0x80}) {
        for (std::size_t i = 0; i < original.size(); ++i) {
            std::string changed = original;
            changed[i] = static_cast<char>(changed[i] ^ mask);
            auto seen = open_text(f, changed);
            if (!seen) {
                ++detected;
                continue;
            }
            INFO("byte " << i << " mask " << int(mask) << " was accepted");
            REQUIRE(*seen == *expected);
            CHECK(i < header);
            ++identical;
        }
    }
    CHECK(detected + identical == 3 * static_cast<int>(original.size()));
    CHECK(detected > 3 * static_cast<int>(original.size() - header) - 1);
}

TEST_CASE("the error for a tampered vault says so", "[vault][tamper]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    std::string text = f.text();
    auto at = text.find("description: \"\"");
    text.replace(at, 15, "description: \"x\"");
    write_file(f.paths.vault, text);
    auto opened = open_and_observe(f);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message.find("vault integrity check failed") != std::string::npos);
    CHECK(opened.error().code == ErrorCode::integrity);
}

TEST_CASE("swapping two secrets' ciphertexts is detected", "[vault][tamper]") {
    VaultFixture f;
    f.add("ALPHA", "aaaaaaaa");
    f.add("BETA", "bbbbbbbb");
    std::string text = f.text();
    auto value_line = [&](const std::string& name) {
        auto start = text.find("value: ", text.find("name: " + name));
        return std::make_pair(start, text.find('\n', start) - start);
    };
    auto [a_at, a_len] = value_line("ALPHA");
    auto [b_at, b_len] = value_line("BETA");
    REQUIRE(a_len == b_len);
    std::string a = text.substr(a_at, a_len), b = text.substr(b_at, b_len);
    text.replace(b_at, b_len, a);
    text.replace(a_at, a_len, b);
    write_file(f.paths.vault, text);
    auto opened = open_and_observe(f);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message.find("vault integrity check failed") != std::string::npos);
}

TEST_CASE("removing a secret or a recipient without the key is detected", "[vault][tamper]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    f.add("BETA", "b");
    auto other = *vault::generate_identity();
    {
        auto v = f.open_write();
        REQUIRE(v.add_recipient(other.public_key));
        REQUIRE(v.commit());
    }
    const std::string text = f.text();
    std::string without_secret = text;
    auto start = without_secret.find("  - name: BETA");
    without_secret.erase(start, without_secret.find("mac:") - start);
    write_file(f.paths.vault, without_secret);
    CHECK_FALSE(open_and_observe(f));

    std::string without_recipient = text;
    auto second = without_recipient.find("  - type: x25519", without_recipient.find("  - type: x25519") + 1);
    without_recipient.erase(second, without_recipient.find("audit:") - second);
    write_file(f.paths.vault, without_recipient);
    CHECK_FALSE(open_and_observe(f));

    write_file(f.paths.vault, text);
    CHECK(open_and_observe(f));
}

TEST_CASE("malformed vault text is an error naming the line", "[vault][parse]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    std::string text = f.text();
    std::string bad = text;
    bad.replace(bad.find("visibility: masked"), 18, "visibility: public");
    auto parsed = vault::parse_vault_text_for_fuzzing(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().line > 0);
    CHECK(parsed.error().message.find("visibility") != std::string::npos);
    CHECK(vault::parse_vault_text_for_fuzzing(text));
    CHECK_FALSE(vault::parse_vault_text_for_fuzzing(text.substr(0, text.size() - 1)));  // no final newline
    CHECK_FALSE(vault::parse_vault_text_for_fuzzing(text + "extra: 1\n"));
    CHECK_FALSE(vault::parse_vault_text_for_fuzzing(""));
}
