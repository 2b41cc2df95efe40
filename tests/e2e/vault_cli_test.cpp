// End-to-end: hush vault / secret / audit through the real binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "vault_e2e_support.hpp"

using namespace hush::test;

namespace {

int count_lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("vault identity new writes a 0600 identity and prints its public key", "[e2e][vault]") {
    VaultRepo repo(false);
    CHECK(repo.public_key.rfind("hushpub-", 0) == 0);
    CHECK((fs::status(repo.identity).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(read_file(repo.identity).find("HUSH-IDENTITY-") != std::string::npos);
    auto again = run_hush({"vault", "identity", "new", "--output", repo.identity.string()});
    CHECK(again.exit_code == 2);
    auto shown = repo.run({"vault", "identity", "show"});
    CHECK(shown.exit_code == 0);
    CHECK(shown.out == repo.public_key + "\n");
}

TEST_CASE("add, get --reveal, set, history, show, list", "[e2e][vault]") {
    VaultRepo repo;
    CHECK(repo.run({"secret", "add", "DB_PASSWORD", "--description", "main db", "--tag", "db", "--expires", "2030-01-01"},
                   "pa55word\n").exit_code == 0);
    auto got = repo.run({"secret", "get", "DB_PASSWORD", "--reveal"});
    CHECK(got.exit_code == 0);
    CHECK(got.out == "pa55word");  // a pipe gets the exact bytes
    CHECK(repo.run({"secret", "set", "DB_PASSWORD"}, "new-pass").exit_code == 0);
    CHECK(repo.run({"secret", "get", "DB_PASSWORD", "--reveal"}).out == "new-pass");
    CHECK(repo.run({"secret", "get", "DB_PASSWORD", "--reveal", "--version", "1"}).out == "pa55word");
    auto unchanged = repo.run({"secret", "rotate", "DB_PASSWORD"}, "");
    CHECK(unchanged.exit_code == 0);
    CHECK(unchanged.out.find("unchanged") != std::string::npos);
    auto history = repo.run({"secret", "history", "DB_PASSWORD"});
    CHECK(history.exit_code == 0);
    CHECK(count_lines(history.out) == 3);
    auto show = repo.run({"secret", "show", "DB_PASSWORD"});
    CHECK(show.out.find("main db") != std::string::npos);
    CHECK(show.out.find("new-pass") == std::string::npos);
    auto list = repo.run({"secret", "list", "--format", "json"});
    REQUIRE(list.exit_code == 0);
    auto json = nlohmann::json::parse(list.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["name"] == "DB_PASSWORD");
    CHECK(json[0]["version"] == 2);
    CHECK(json[0]["expires"] == "2030-01-01");
}

TEST_CASE("get without --reveal explains; restricted secrets are never printed", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "MASKED"}, "m").exit_code == 0);
    REQUIRE(repo.run({"secret", "add", "HIDDEN", "--restricted"}, "h").exit_code == 0);
    auto masked = repo.run({"secret", "get", "MASKED"});
    CHECK(masked.exit_code == 2);
    CHECK(masked.out.empty());
    CHECK(masked.err.find("--reveal") != std::string::npos);
    auto restricted = repo.run({"secret", "get", "HIDDEN", "--reveal"});
    CHECK(restricted.exit_code == 2);
    CHECK(restricted.out.empty());
    CHECK(restricted.err.find("restricted") != std::string::npos);
    auto exported = repo.run({"secret", "export", "--dotenv", "--reveal"});
    CHECK(exported.exit_code == 0);
    CHECK(exported.out == "MASKED=\"m\"\n");
    CHECK(repo.run({"secret", "export", "--dotenv"}).exit_code == 2);
}

TEST_CASE("a bad name is rejected quoting the rule; an empty value is refused", "[e2e][vault]") {
    VaultRepo repo;
    auto bad = repo.run({"secret", "add", "lower_case"}, "v");
    CHECK(bad.exit_code == 2);
    CHECK(count_lines(bad.err) == 1);
    CHECK(bad.err.find("UPPER_SNAKE_CASE") != std::string::npos);
    auto empty = repo.run({"secret", "add", "EMPTY"}, "");
    CHECK(empty.exit_code == 2);
    CHECK(repo.run({"secret", "add", "DUP"}, "v").exit_code == 0);
    CHECK(repo.run({"secret", "add", "DUP"}, "v").exit_code == 2);
    CHECK(repo.run({"secret", "frobnicate"}).exit_code == 2);
    CHECK(repo.run({"secret", "set", "MISSING"}, "v").exit_code == 2);
}

TEST_CASE("a wrong or missing key is one clear line, exit 2", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "K"}, "v").exit_code == 0);
    TempDir other;
    auto stranger = run_hush({"vault", "identity", "new", "--output", (other.path() / "id").string()});
    REQUIRE(stranger.exit_code == 0);
    auto wrong = run_hush({"secret", "get", "K", "--reveal"},
                          {.cwd = repo.dir.path(), .env = {{"HUSH_IDENTITY_FILE", (other.path() / "id").string()}}});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.out.empty());
    CHECK(count_lines(wrong.err) == 1);
    CHECK(wrong.err.find("cannot open the vault") != std::string::npos);
    auto missing = run_hush({"secret", "get", "K", "--reveal"}, {.cwd = repo.dir.path()});
    CHECK(missing.exit_code == 2);
    CHECK(count_lines(missing.err) == 1);
    auto garbage = run_hush({"secret", "get", "K", "--reveal"}, {.cwd = repo.dir.path(), .env = {{"HUSH_IDENTITY", "nope"}}});
    CHECK(garbage.exit_code == 2);
    CHECK(garbage.err.find("HUSH_IDENTITY") != std::string::npos);
    auto no_vault = run_hush({"secret", "list"}, {.cwd = other.path(), .env = repo.env()});
    CHECK(no_vault.exit_code == 2);
    CHECK(no_vault.err.find("hush vault init") != std::string::npos);
}

TEST_CASE("a tampered vault fails with 'vault integrity check failed'", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "K", "--description", "abc"}, "v").exit_code == 0);
    std::string text = read_file(repo.vault());
    text.replace(text.find("\"abc\""), 5, "\"abd\"");
    write_file(repo.vault(), text);
    auto opened = repo.run({"secret", "get", "K", "--reveal"});
    CHECK(opened.exit_code == 2);
    CHECK(opened.err.find("vault integrity check failed") != std::string::npos);
    CHECK(count_lines(opened.err) == 1);
}

TEST_CASE("rm is a soft delete; restore undoes it; --force needs a reason", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "OLD"}, "v").exit_code == 0);
    CHECK(repo.run({"secret", "rm", "OLD", "--force"}).exit_code == 2);
    CHECK(repo.run({"secret", "rm", "OLD", "--force", "--reason", "leaked, rotated upstream"}).exit_code == 0);
    CHECK(repo.run({"secret", "list"}).out.find("OLD") == std::string::npos);
    CHECK(repo.run({"secret", "list", "--state", "deleted"}).out.find("OLD") != std::string::npos);
    CHECK(repo.run({"secret", "get", "OLD", "--reveal"}).exit_code == 2);
    CHECK(repo.run({"secret", "restore", "OLD"}).exit_code == 0);
    CHECK(repo.run({"secret", "get", "OLD", "--reveal"}).out == "v");
    auto log = repo.run({"audit", "log", "--action", "secret.rm", "--format", "json"});
    auto json = nlohmann::json::parse(log.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["details"]["reason"] == "leaked, rotated upstream");
    CHECK(json[0]["details"]["force"] == "true");
}

TEST_CASE("edit, disable, enable and list filters", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "STRIPE_KEY", "--tag", "payments", "--expires", "2000-01-01"}, "s").exit_code == 0);
    REQUIRE(repo.run({"secret", "add", "GITHUB_TOKEN", "--tag", "ci"}, "g").exit_code == 0);
    CHECK(repo.run({"secret", "edit", "GITHUB_TOKEN", "--add-tag", "payments", "--rm-tag", "ci", "--expires", "2999-12-31"}).exit_code == 0);
    CHECK(repo.run({"secret", "disable", "STRIPE_KEY"}).exit_code == 0);
    auto names = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"secret", "list", "--format", "json"});
        auto result = repo.run(args);
        REQUIRE(result.exit_code == 0);
        std::vector<std::string> out;
        for (const auto& item : nlohmann::json::parse(result.out)) out.push_back(item["name"]);
        return out;
    };
    CHECK(names({"--tag", "payments"}) == std::vector<std::string>{"GITHUB_TOKEN", "STRIPE_KEY"});
    CHECK(names({"--state", "disabled"}) == std::vector<std::string>{"STRIPE_KEY"});
    CHECK(names({"--state", "active"}) == std::vector<std::string>{"GITHUB_TOKEN"});
    CHECK(names({"--expiring", "14d"}) == std::vector<std::string>{"STRIPE_KEY"});
    CHECK(names({"--name", "HUB"}) == std::vector<std::string>{"GITHUB_TOKEN"});
    CHECK(repo.run({"secret", "enable", "STRIPE_KEY"}).exit_code == 0);
    CHECK(names({"--state", "disabled"}).empty());
    CHECK(repo.run({"secret", "list", "--state", "bogus"}).exit_code == 2);
    CHECK(repo.run({"secret", "list", "--expiring", "soon"}).exit_code == 2);
}

TEST_CASE("dotenv import adds in one write; export round-trips", "[e2e][vault]") {
    VaultRepo repo;
    repo.dir.write("in.env", "# comment\nAPI_KEY=abc123\nexport DB_URL=\"postgres://u:p@h/db\"\nMULTI=\"a\\nb\"\nQUOTED='x y'\n");
    auto imported = repo.run({"secret", "import", "--dotenv", "in.env"});
    CHECK(imported.exit_code == 0);
    CHECK(imported.out.find("imported 4 new") != std::string::npos);
    CHECK(repo.run({"secret", "get", "MULTI", "--reveal"}).out == "a\nb");
    CHECK(repo.run({"secret", "get", "QUOTED", "--reveal"}).out == "x y");
    auto exported = repo.run({"secret", "export", "--dotenv", "--reveal"});
    CHECK(exported.out == "API_KEY=\"abc123\"\nDB_URL=\"postgres://u:p@h/db\"\nMULTI=\"a\\nb\"\nQUOTED=\"x y\"\n");
    repo.dir.write("bad.env", "OK=1\nnot-a-name=2\n");
    auto bad = repo.run({"secret", "import", "--dotenv", "bad.env"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.env:2:") != std::string::npos);
    CHECK_FALSE(nlohmann::json::parse(repo.run({"secret", "list", "--format", "json"}).out).size() != 4);
}

TEST_CASE("recipients add / rm rotate access; rekey keeps values", "[e2e][vault]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "K"}, "value").exit_code == 0);
    TempDir other;
    auto id = other.path() / "id";
    auto created = run_hush({"vault", "identity", "new", "--output", id.string()});
    std::string other_key = created.out.substr(0, created.out.find('\n'));
    CHECK(repo.run({"vault", "recipients", "add", other_key}).exit_code == 0);
    CHECK(repo.run({"vault", "recipients", "add", "hushpub-bogus"}).exit_code == 2);
    auto list = repo.run({"vault", "recipients", "list"});
    CHECK(list.out.find(other_key) != std::string::npos);
    RunOptions as_other{.cwd = repo.dir.path(), .env = {{"HUSH_IDENTITY_FILE", id.string()}}};
    CHECK(run_hush({"secret", "get", "K", "--reveal"}, as_other).out == "value");
    CHECK(repo.run({"vault", "recipients", "rm", other_key}).exit_code == 0);
    CHECK(run_hush({"secret", "get", "K", "--reveal"}, as_other).exit_code == 2);
    std::string before = read_file(repo.vault());
    CHECK(repo.run({"vault", "rekey"}).exit_code == 0);
    CHECK(read_file(repo.vault()) != before);
    CHECK(repo.run({"secret", "get", "K", "--reveal"}).out == "value");
    CHECK(repo.run({"audit", "verify"}).exit_code == 0);
}

TEST_CASE("a passphrase vault (scrypt 2^18) opens with HUSH_PASSPHRASE only", "[e2e][vault][passphrase]") {
    TempDir dir;
    RunOptions right{.cwd = dir.path(), .env = {{"HUSH_PASSPHRASE", "correct horse battery"}}};
    REQUIRE(run_hush({"vault", "init", "--passphrase"}, right).exit_code == 0);
    CHECK(dir.read(".hush/vault.yaml").find("log_n: 18") != std::string::npos);
    right.stdin_data = "v";
    REQUIRE(run_hush({"secret", "add", "K"}, right).exit_code == 0);
    auto wrong = run_hush({"secret", "list"}, {.cwd = dir.path(), .env = {{"HUSH_PASSPHRASE", "wrong"}}});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("wrong passphrase") != std::string::npos);
    auto none = run_hush({"vault", "init"}, {.cwd = dir.path()});
    CHECK(none.exit_code == 2);
}

TEST_CASE("audit verify exits 1 naming the first broken entry", "[e2e][vault][audit]") {
    VaultRepo repo;
    REQUIRE(repo.run({"secret", "add", "A"}, "1").exit_code == 0);
    REQUIRE(repo.run({"secret", "add", "B"}, "2").exit_code == 0);
    REQUIRE(repo.run({"secret", "get", "A", "--reveal"}).exit_code == 0);
    auto ok = repo.run({"audit", "verify"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("4 entries") != std::string::npos);
    std::string log = read_file(repo.audit());
    std::string edited = log;
    edited.replace(edited.find("\"secret\":\"B\""), 12, "\"secret\":\"C\"");
    write_file(repo.audit(), edited);
    auto broken = repo.run({"audit", "verify"});
    CHECK(broken.exit_code == 1);
    CHECK(broken.out.find("audit.log:3:") != std::string::npos);
    auto by_secret = repo.run({"audit", "log", "--secret", "A"});
    CHECK(count_lines(by_secret.out) == 2);
}

TEST_CASE("vault, secret and audit help list their actions", "[e2e][vault]") {
    for (const char* command : {"vault", "secret", "audit"}) {
        auto help = run_hush({command, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("Actions:") != std::string::npos);
        CHECK(run_hush({command}).exit_code == 2);
    }
    auto add_help = run_hush({"secret", "add", "--help"});
    CHECK(add_help.exit_code == 0);
    CHECK(add_help.out.find("--from-file") != std::string::npos);
}
