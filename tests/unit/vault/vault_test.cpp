// Vault library: round trip, keys, versions, soft delete, rekey, prepare/commit, diff stability.
#include <catch2/catch.hpp>

#include "vault_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

std::string value_of(const vault::Vault& v, const std::string& name, std::uint32_t version = 0) {
    auto value = v.value(name, version);
    REQUIRE(value);
    return std::string(value->view());
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a value round-trips through the vault file", "[vault]") {
    VaultFixture f;
    f.add("DB_PASSWORD", "hunter2\nsecond line \x01\xff");
    auto v = f.open_read();
    CHECK(value_of(v, "DB_PASSWORD") == "hunter2\nsecond line \x01\xff");
    auto info = v.find("DB_PASSWORD");
    REQUIRE(info);
    CHECK(info->current_version() == 1);
    CHECK(info->visibility == vault::Visibility::masked);
    CHECK(info->state() == vault::SecretState::active);
    CHECK(f.text().find("hunter2") == std::string::npos);
}

TEST_CASE("metadata round-trips, including quoting of odd descriptions", "[vault]") {
    VaultFixture f;
    auto v = f.open_write();
    vault::NewSecret s{"API_TOKEN", secret("t0k3n"), "quote \" backslash \\ tab\t newline\n ünïcode # not a comment",
                       {"b", "a", "a"}, "2030-02-28", vault::Visibility::restricted, false};
    REQUIRE(v.add(std::move(s)));
    REQUIRE(v.commit());
    auto r = f.open_read();
    auto info = r.find("API_TOKEN");
    REQUIRE(info);
    CHECK(info->description == "quote \" backslash \\ tab\t newline\n ünïcode # not a comment");
    CHECK(info->tags == std::vector<std::string>{"a", "b"});
    CHECK(info->expires == "2030-02-28");
    CHECK(info->visibility == vault::Visibility::restricted);
    CHECK_FALSE(info->active);
    CHECK(info->state() == vault::SecretState::disabled);
}

TEST_CASE("bad names, tags, dates and empty values are rejected with the rule", "[vault]") {
    VaultFixture f;
    auto v = f.open_write();
    auto bad_name = v.add({"db_password", secret("x")});
    REQUIRE_FALSE(bad_name);
    CHECK(bad_name.error().message.find("UPPER_SNAKE_CASE") != std::string::npos);
    CHECK_FALSE(v.add({"A", secret("")}));
    CHECK_FALSE(v.add({"A", secret("x"), "", {"bad tag"}}));
    CHECK_FALSE(v.add({"A", secret("x"), "", {}, "2030-02-30"}));
    REQUIRE(v.add({"A", secret("x")}));
    auto twice = v.add({"A", secret("y")});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::conflict);
}

TEST_CASE("set adds a version and keeps the old one; an equal or empty value is a no-op", "[vault]") {
    VaultFixture f;
    f.add("KEY", "one");
    auto v = f.open_write();
    auto same = v.set_value("KEY", secret("one"));
    REQUIRE(same);
    CHECK_FALSE(*same);
    auto empty = v.set_value("KEY", secret(""));
    REQUIRE(empty);
    CHECK_FALSE(*empty);
    CHECK_FALSE(v.dirty());
    auto changed = v.set_value("KEY", secret("two"));
    REQUIRE(changed);
    CHECK(*changed);
    REQUIRE(v.commit());
    auto r = f.open_read();
    CHECK(value_of(r, "KEY") == "two");
    CHECK(value_of(r, "KEY", 1) == "one");
    CHECK(r.find("KEY")->versions.size() == 2);
    CHECK_FALSE(r.value("KEY", 7));
}

TEST_CASE("a different identity cannot open the vault: one clear error", "[vault]") {
    VaultFixture f;
    f.add("KEY", "v");
    auto stranger = *vault::generate_identity();
    vault::Unlock keys;
    keys.identities.push_back(std::move(stranger));
    auto opened = vault::Vault::open_read(f.paths, keys);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == ErrorCode::vault);
    CHECK(opened.error().message.find("cannot open the vault") != std::string::npos);
    vault::Unlock none;
    CHECK_FALSE(vault::Vault::open_read(f.paths, none));
}

TEST_CASE("a passphrase recipient opens the vault; a wrong passphrase does not", "[vault][passphrase]") {
    TempDir dir;
    auto paths = vault::paths_for_file(dir.path() / "v.yaml");
    vault::InitOptions init;
    init.passphrase = secret("correct horse");
    init.scrypt_log_n = 10;  // the API allows a cheap factor for tests; the CLI always uses 2^18
    REQUIRE(vault::Vault::create(paths, std::move(init)));
    CHECK(read_file(paths.vault).find("log_n: 10") != std::string::npos);
    vault::Unlock right;
    right.passphrase = secret("correct horse");
    auto v = vault::Vault::open_write(paths, right);
    REQUIRE(v);
    REQUIRE(v->add({"K", secret("value")}));
    REQUIRE(v->commit());
    vault::Unlock wrong;
    wrong.passphrase = secret("wrong horse");
    auto refused = vault::Vault::open_read(paths, wrong);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "wrong passphrase");
    int prompts = 0;
    vault::Unlock prompted;
    prompted.prompt = [&](std::string_view) -> std::optional<vault::SecretValue> {
        ++prompts;
        return secret("correct horse");
    };
    auto opened = vault::Vault::open_read(paths, prompted);
    REQUIRE(opened);
    CHECK(prompts == 1);
    CHECK(value_of(*opened, "K") == "value");
}

TEST_CASE("metadata can be read without a key, marked unverified", "[vault]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    f.add("BETA", "b");
    auto secrets = vault::read_metadata_unverified(f.paths.vault);
    REQUIRE(secrets);
    REQUIRE(secrets->size() == 2);
    CHECK((*secrets)[0].name == "ALPHA");
    CHECK((*secrets)[1].name == "BETA");
    auto recipients = vault::read_recipients_unverified(f.paths.vault);
    REQUIRE(recipients);
    CHECK(recipients->at(0).public_key == f.identity.public_key);
}

TEST_CASE("an unchanged secret keeps its exact bytes across writes", "[vault][diff]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    std::string before = f.text();
    auto alpha_block = before.substr(before.find("  - name: ALPHA"), before.find("mac:") - before.find("  - name: ALPHA"));
    f.add("BETA", "b");
    {
        auto v = f.open_write();
        REQUIRE(v.set_value("BETA", secret("b2")));
        REQUIRE(v.commit());
    }
    std::string after = f.text();
    CHECK(after.find(alpha_block) != std::string::npos);
    // Only the audit anchor, BETA and the MAC differ: no global timestamp.
    CHECK(count(after, "updated:") == 2);
}

TEST_CASE("find_by_value finds a live secret holding a value", "[vault]") {
    VaultFixture f;
    f.add("ONE", "same-value");
    f.add("TWO", "other");
    auto v = f.open_read();
    auto found = v.find_by_value("same-value");
    REQUIRE(found);
    CHECK(*found == std::optional<std::string>("ONE"));
    auto missing = v.find_by_value("same-valuE");
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
}

TEST_CASE("soft delete keeps the secret restorable; restore brings it back", "[vault]") {
    VaultFixture f;
    f.add("OLD", "v");
    {
        auto v = f.open_write();
        REQUIRE(v.remove("OLD", {"rotated out", true}));
        REQUIRE(v.commit());
    }
    auto deleted = f.open_read().find("OLD");
    REQUIRE(deleted);
    CHECK(deleted->state() == vault::SecretState::deleted);
    CHECK(deleted->retention_days == 30);
    {
        auto v = f.open_write();
        CHECK_FALSE(v.set_value("OLD", secret("w")));  // deleted secrets do not change
        CHECK_FALSE(v.add({"OLD", secret("w")}));
        REQUIRE(v.restore("OLD"));
        CHECK_FALSE(v.restore("OLD"));
        REQUIRE(v.commit());
    }
    CHECK(f.open_read().find("OLD")->state() == vault::SecretState::active);
}

TEST_CASE("edit changes description, tags and expiry; enable/disable toggles", "[vault]") {
    VaultFixture f;
    f.add("K", "v");
    auto v = f.open_write();
    vault::MetadataEdit edit;
    edit.description = "new";
    edit.add_tags = {"x", "y"};
    edit.expires = std::optional<std::string>("2031-01-01");
    REQUIRE(v.edit("K", edit));
    vault::MetadataEdit second;
    second.remove_tags = {"x"};
    second.expires = std::optional<std::string>();
    REQUIRE(v.edit("K", second));
    REQUIRE(v.set_active("K", false));
    REQUIRE(v.commit());
    auto info = f.open_read().find("K");
    CHECK(info->description == "new");
    CHECK(info->tags == std::vector<std::string>{"y"});
    CHECK_FALSE(info->expires);
    CHECK_FALSE(info->active);
}

TEST_CASE("rekey re-encrypts every value and keeps them; a removed recipient is shut out", "[vault][rekey]") {
    VaultFixture f;
    f.add("A", "alpha");
    f.add("B", "beta");
    auto other = *vault::generate_identity();
    std::string other_public = other.public_key;
    {
        auto v = f.open_write();
        REQUIRE(v.add_recipient(other_public));
        CHECK_FALSE(v.add_recipient(other_public));
        CHECK_FALSE(v.add_recipient("hushpub-not-a-key"));
        REQUIRE(v.commit());
    }
    vault::Unlock other_keys;
    other_keys.identities.push_back({vault::SecretValue(other.secret.view()), other_public});
    REQUIRE(vault::Vault::open_read(f.paths, other_keys));
    std::string before = f.text();
    {
        auto v = f.open_write();
        REQUIRE(v.remove_recipient(other_public));
        REQUIRE(v.commit());
    }
    std::string after = f.text();
    CHECK_FALSE(vault::Vault::open_read(f.paths, other_keys));
    auto v = f.open_read();
    CHECK(value_of(v, "A") == "alpha");
    CHECK(value_of(v, "B") == "beta");
    // Every ciphertext changed.
    auto a_before = before.substr(before.find("value: ", before.find("name: A")), 40);
    CHECK(after.find(a_before) == std::string::npos);
    auto last = f.open_write();
    CHECK_FALSE(last.remove_recipient(f.identity.public_key));  // the last recipient stays
}

TEST_CASE("prepare writes nothing visible; abort leaves the old vault; commit replaces it", "[vault][atomic]") {
    VaultFixture f;
    f.add("A", "1");
    std::string original = f.text();
    {
        auto v = f.open_write();
        REQUIRE(v.add({"B", secret("2")}));
        REQUIRE(v.prepare());
        CHECK(f.text() == original);
        v.abort();
    }
    CHECK(f.text() == original);
    int temps = 0;
    for (const auto& entry : std::filesystem::directory_iterator(f.paths.vault.parent_path()))
        temps += entry.path().filename().string().find(".tmp.") != std::string::npos;
    CHECK(temps == 0);
    {
        auto v = f.open_write();
        REQUIRE(v.add({"B", secret("2")}));
        REQUIRE(v.prepare());
        REQUIRE(v.commit());
    }
    CHECK(f.open_read().find("B"));
    CHECK((std::filesystem::status(f.paths.vault).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("creating over an existing vault is refused", "[vault]") {
    VaultFixture f;
    vault::InitOptions init;
    init.recipients = {f.identity.public_key};
    auto again = vault::Vault::create(f.paths, std::move(init));
    REQUIRE_FALSE(again);
    CHECK(again.error().message.find("already exists") != std::string::npos);
}

TEST_CASE("identities parse from their file text and reject a bad checksum", "[vault][identity]") {
    auto identity = *vault::generate_identity();
    auto text = vault::identity_file_text(identity);
    auto parsed = vault::parse_identity(text.view());
    REQUIRE(parsed);
    CHECK(parsed->public_key == identity.public_key);
    CHECK(vault::is_public_key(identity.public_key));
    std::string broken(identity.secret.view());
    broken[20] = broken[20] == 'A' ? 'B' : 'A';
    CHECK_FALSE(vault::parse_identity(broken));
    std::string bad_public = identity.public_key;
    bad_public[12] = bad_public[12] == 'A' ? 'B' : 'A';
    CHECK_FALSE(vault::is_public_key(bad_public));
}

TEST_CASE("SecretValue cleanses and compares", "[vault][memory]") {
    vault::SecretValue value("abc");
    for (int i = 0; i < 100; ++i) value.append("x");
    CHECK(value.size() == 103);
    CHECK(value.equals(std::string("abc") + std::string(100, 'x')));
    value.drop_back(100);
    CHECK(value.view() == "abc");
    vault::SecretValue moved(std::move(value));
    CHECK(moved.view() == "abc");
    CHECK(value.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
}

TEST_CASE("dates and tags validate", "[vault]") {
    CHECK(vault::is_valid_date("2024-02-29"));
    CHECK_FALSE(vault::is_valid_date("2023-02-29"));
    CHECK_FALSE(vault::is_valid_date("2023-13-01"));
    CHECK_FALSE(vault::is_valid_date("23-01-01"));
    CHECK(vault::add_days("2024-12-25", 14) == "2025-01-08");
    CHECK(vault::is_valid_tag("kind:github_pat"));
    CHECK_FALSE(vault::is_valid_tag("has space"));
    CHECK_FALSE(vault::is_valid_tag(""));
}
