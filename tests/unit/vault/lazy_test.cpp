// Opening decodes a secret only when asked for it, and a write copies the text of unchanged
// secrets: these paths must give exactly what decoding everything gives, also for vault text that
// is valid but not in the layout hush writes (comments, escapes the writer would not use).
#include <catch2/catch.hpp>

#include "vault_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

// Every field a reader can see, every version's value, the recipients.
std::string everything(const vault::Vault& v) {
    std::string out;
    for (const auto& info : v.list()) {
        out += info.name + "|" + info.description + "|" + std::to_string(info.active) + "|" +
               std::string(to_string(info.visibility)) + "|" + info.created + "|" + info.updated + "|" +
               info.expires.value_or("-") + "|" + info.deleted.value_or("-") + "|" + std::to_string(info.retention_days) + "|";
        for (const auto& tag : info.tags) out += tag + ",";
        for (const auto& version : info.versions) {
            auto value = v.value(info.name, version.number);
            out += std::to_string(version.number) + "@" + version.created + "=" + (value ? std::string(value->view()) : "<error>") + ";";
        }
        out += "\n";
    }
    for (const auto& recipient : v.recipients()) out += recipient.public_key + "\n";
    return out;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

// Three secrets covering every optional field, several versions and quoting.
void varied_vault(VaultFixture& f) {
    auto v = f.open_write();
    REQUIRE(v.add({"ALPHA", secret("a1"), "the first \"one\"", {"db", "prod"}, "2030-01-01"}));
    REQUIRE(v.add({"BETA", secret("b1"), "tab\there", {}, std::nullopt, vault::Visibility::restricted, false}));
    REQUIRE(v.add({"GAMMA", secret("g1"), "the third", {"x"}}));  // nothing to escape
    REQUIRE(v.commit());
    auto w = f.open_write();
    REQUIRE(w.set_value("GAMMA", secret("g2")));
    REQUIRE(w.set_value("GAMMA", secret("g3")));
    REQUIRE(w.remove("BETA", {}));
    REQUIRE(w.commit());
}

}  // namespace

TEST_CASE("find, value and list decode on demand and agree with a full decode", "[vault][lazy]") {
    VaultFixture f;
    varied_vault(f);
    auto v = f.open_read();
    // One secret first (the others stay undecoded), then everything.
    auto gamma = v.find("GAMMA");
    REQUIRE(gamma);
    CHECK(gamma->versions.size() == 3);
    CHECK(gamma->description == "the third");
    CHECK(v.find("BETA")->description == "tab\there");
    auto value = v.value("GAMMA", 2);
    REQUIRE(value);
    CHECK(value->view() == "g2");
    CHECK_FALSE(v.find("DELTA"));
    std::string all = everything(v);
    CHECK(all.find("ALPHA|the first \"one\"|1|masked|") != std::string::npos);
    CHECK(all.find("BETA|tab\there|0|restricted|") != std::string::npos);
    CHECK(all.find("db,prod,") != std::string::npos);
    CHECK(all.find("3@") != std::string::npos);
    CHECK(everything(f.open_read()) == all);
}

TEST_CASE("valid text in another layout opens, and the next write puts it in hush's layout", "[vault][lazy]") {
    VaultFixture f;
    varied_vault(f);
    std::string before = everything(f.open_read());
    std::string text = f.text();
    // Neither change alters a decoded field, so the MAC still holds. ALPHA and GAMMA are left
    // alone by the write below: only the copy-or-rewrite decision puts them in the new file.
    replace_once(text, "  - name: GAMMA\n", "# a note between secrets\n\n  - name: GAMMA\n");
    replace_once(text, "\"the first \\\"one\\\"\"", "\"th\\x65 first \\\"one\\\"\"");
    write_file(f.paths.vault, text);
    CHECK(vault::parse_vault_text_for_fuzzing(text));  // copied, re-parsed and decoded writes agree
    CHECK(everything(f.open_read()) == before);

    auto v = f.open_write();
    REQUIRE(v.add({"DELTA", secret("d1")}));
    REQUIRE(v.commit());
    std::string after = f.text();
    CHECK(after.find("# a note") == std::string::npos);
    CHECK(after.find("\\x") == std::string::npos);
    CHECK(after.find("    description: \"the first \\\"one\\\"\"\n") != std::string::npos);
    CHECK(after.find("  - name: DELTA\n") != std::string::npos);
    std::string reopened = everything(f.open_read());
    auto delta = reopened.find("DELTA|");
    REQUIRE(delta != std::string::npos);
    reopened.erase(delta, reopened.find('\n', delta) + 1 - delta);
    CHECK(reopened == before);
}

TEST_CASE("a write that touches nothing but one secret leaves every other line as it was", "[vault][lazy]") {
    VaultFixture f;
    for (int i = 0; i < 40; ++i) f.add("S_" + std::to_string(100 + i), "value " + std::to_string(i));
    std::string before = f.text();
    {
        auto v = f.open_write();
        REQUIRE(v.set_value("S_120", secret("changed")));
        REQUIRE(v.commit());
    }
    std::string after = f.text();
    auto secrets_of = [](const std::string& text, const std::string& from, const std::string& to) {
        auto begin = text.find("  - name: " + from);
        auto end = to.empty() ? text.find("mac:") : text.find("  - name: " + to);
        return text.substr(begin, end - begin);
    };
    CHECK(secrets_of(after, "S_100", "S_120") == secrets_of(before, "S_100", "S_120"));
    CHECK(secrets_of(after, "S_121", "") == secrets_of(before, "S_121", ""));
    CHECK(secrets_of(after, "S_120", "S_121") != secrets_of(before, "S_120", "S_121"));
    CHECK(vault::parse_vault_text_for_fuzzing(after));
    auto r = f.open_read();
    CHECK(std::string(r.value("S_120")->view()) == "changed");
    CHECK(std::string(r.value("S_139")->view()) == "value 39");
    CHECK(r.list().size() == 40);
}

TEST_CASE("a line that would begin a secret anywhere else is rejected", "[vault][lazy][parse]") {
    VaultFixture f;
    f.add("ALPHA", "a");
    std::string text = f.text();
    std::string bad = text;
    replace_once(bad, "    versions:\n", "  - name: BETA\n    versions:\n");
    auto parsed = vault::parse_vault_text_for_fuzzing(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().line > 0);
    write_file(f.paths.vault, bad);
    auto keys = f.unlock();
    CHECK_FALSE(vault::Vault::open_read(f.paths, keys));
}
