// End-to-end: the resolver wired to the vault: check, inject, run, safe delete, rotate hints.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "vault_e2e_support.hpp"

using namespace hush::test;

namespace {

constexpr const char* db_value = "hunter2-db-value";
constexpr const char* api_value = "xyzzy-api-value";

// A vault with DB_PASSWORD and API_KEY, and files referencing DB_PASSWORD only.
struct WiredRepo : VaultRepo {
    WiredRepo() {
        REQUIRE(run({"secret", "add", "DB_PASSWORD"}, db_value).exit_code == 0);
        REQUIRE(run({"secret", "add", "API_KEY", "--restricted"}, api_value).exit_code == 0);
        dir.write("app/config.yaml", "name: app\ndb:\n  password: $<secret.DB_PASSWORD>\n");
        dir.write("deploy.env", "DB=$<secret.DB_PASSWORD>\n");
    }
    [[nodiscard]] RunResult run_without_key(const std::vector<std::string>& args) const {
        return run_hush(args, {.cwd = dir.path(), .unset_env = {"HUSH_IDENTITY", "HUSH_IDENTITY_FILE", "HUSH_PASSPHRASE"}});
    }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// YYYY-MM-DD, `days` from today (UTC).
std::string date_in(int days) {
    auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
    std::chrono::year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

void require_no_value(const RunResult& result) {
    for (const char* value : {db_value, api_value}) {
        CHECK_FALSE(contains(result.out, value));
        CHECK_FALSE(contains(result.err, value));
    }
}

}  // namespace

TEST_CASE("check passes when every reference resolves and warns about unused and expiring secrets", "[e2e][wire]") {
    WiredRepo repo;
    auto passed = repo.run({"check"});
    CHECK(passed.exit_code == 0);
    CHECK(contains(passed.out, "secret API_KEY is not referenced"));
    CHECK(contains(passed.out, "check passed: 0 errors, 1 warning"));
    require_no_value(passed);

    REQUIRE(repo.run({"secret", "edit", "DB_PASSWORD", "--expires", date_in(5)}).exit_code == 0);
    auto json = repo.run({"check", "--format", "json"});
    CHECK(json.exit_code == 0);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["ok"] == true);
    std::vector<std::string> kinds;
    for (const auto& warning : doc["warnings"]) kinds.push_back(warning["kind"]);
    std::sort(kinds.begin(), kinds.end());
    CHECK(kinds == std::vector<std::string>{"expiring", "unused"});
    CHECK(repo.run({"check", "--expiry-window", "3"}).out.find("expiring") == std::string::npos);
    CHECK(repo.run({"check", "--expiry-window", "-1"}).exit_code == 2);
}

TEST_CASE("check without a key reads the metadata unverified and says so", "[e2e][wire]") {
    WiredRepo repo;
    auto result = repo.run_without_key({"check"});
    CHECK(result.exit_code == 0);
    CHECK(contains(result.err, "no key configured"));
    repo.dir.write("more.yaml", "x: $<secret.NOPE>\n");
    CHECK(repo.run_without_key({"check"}).exit_code == 1);
}

TEST_CASE("without a vault every reference is dangling; no references and no vault pass", "[e2e][wire]") {
    TempDir dir;
    CHECK(run_hush({"check"}, {.cwd = dir.path()}).exit_code == 0);
    dir.write("a.env", "X=$<secret.DB_PASSWORD>\n");
    auto result = run_hush({"check"}, {.cwd = dir.path()});
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "no vault at"));
    CHECK(contains(result.out, "a.env:1:3: error: $<secret.DB_PASSWORD>: no secret named DB_PASSWORD"));
}

TEST_CASE("dangling, disabled, expired and malformed references fail check and inject with the location", "[e2e][wire]") {
    WiredRepo repo;
    SECTION("dangling") {
        repo.dir.write("t.txt", "ok\nuser=$<secret.MISSING>\n");
        auto check = repo.run({"check"});
        CHECK(check.exit_code == 1);
        CHECK(contains(check.out, "t.txt:2:6: error: $<secret.MISSING>: no secret named MISSING"));
        auto inject = repo.run({"inject", "-i", "t.txt", "-o", "out"});
        CHECK(inject.exit_code == 1);
        CHECK(contains(inject.err, "t.txt:2:6: $<secret.MISSING>: no secret named MISSING"));
        CHECK_FALSE(fs::exists(repo.dir.path() / "out"));
    }
    SECTION("disabled") {
        REQUIRE(repo.run({"secret", "disable", "DB_PASSWORD"}).exit_code == 0);
        auto check = repo.run({"check"});
        CHECK(check.exit_code == 1);
        CHECK(contains(check.out, "app/config.yaml:3:13: error: $<secret.DB_PASSWORD>: secret DB_PASSWORD is disabled"));
        auto inject = repo.run({"inject", "-i", "deploy.env", "-o", "out"});
        CHECK(inject.exit_code == 1);
        CHECK(contains(inject.err, "deploy.env:1:4: $<secret.DB_PASSWORD>: secret DB_PASSWORD is disabled"));
        require_no_value(check);
    }
    SECTION("expired") {
        REQUIRE(repo.run({"secret", "edit", "DB_PASSWORD", "--expires", "2020-01-01"}).exit_code == 0);
        auto check = repo.run({"check"});
        CHECK(check.exit_code == 1);
        CHECK(contains(check.out, "deploy.env:1:4: error: $<secret.DB_PASSWORD>: secret DB_PASSWORD expired on 2020-01-01"));
        auto inject = repo.run({"inject", "-i", "deploy.env", "-o", "-"});
        CHECK(inject.exit_code == 1);
        CHECK(inject.out.empty());
        CHECK(contains(inject.err, "deploy.env:1:4: $<secret.DB_PASSWORD>: secret DB_PASSWORD expired"));
    }
    SECTION("malformed") {
        repo.dir.write("bad.yaml", "a: 1\nb: $<secret.db_password>\n");
        auto check = repo.run({"check"});
        CHECK(check.exit_code == 1);
        CHECK(contains(check.out, "bad.yaml:2:4"));
        auto inject = repo.run({"inject", "-i", "bad.yaml", "-o", "out"});
        CHECK(inject.exit_code == 1);
        CHECK(contains(inject.err, "bad.yaml:2:4: "));
        CHECK(contains(inject.err, "invalid secret name 'db_password'"));
    }
}

TEST_CASE("inject writes a 0600 file with the values and the escapes rendered, and audits", "[e2e][wire]") {
    WiredRepo repo;
    repo.dir.write("tpl.txt", "db=$<secret.DB_PASSWORD>\napi=$<secret.API_KEY>\nlit=$$<secret.DB_PASSWORD>\n");
    auto result = repo.run({"inject", "-i", "tpl.txt", "-o", "rendered.txt"});
    CHECK(result.exit_code == 0);
    require_no_value(result);
    auto out = repo.dir.path() / "rendered.txt";
    CHECK(read_file(out) == std::string("db=") + db_value + "\napi=" + api_value + "\nlit=$<secret.DB_PASSWORD>\n");
    CHECK((fs::status(out).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    auto log = repo.run({"audit", "log"}).out;
    CHECK(contains(log, "secret.inject  DB_PASSWORD"));
    CHECK(contains(log, "secret.inject  API_KEY"));
    require_no_value(repo.run({"audit", "log"}));

    auto to_stdout = repo.run({"inject", "-i", "tpl.txt", "-o", "-"});
    CHECK(to_stdout.exit_code == 0);
    CHECK(contains(to_stdout.out, db_value));
}

TEST_CASE("inject usage errors exit 2", "[e2e][wire]") {
    WiredRepo repo;
    auto no_output = repo.run({"inject", "-i", "deploy.env"});
    CHECK(no_output.exit_code == 2);
    CHECK(contains(no_output.err, "pass -o FILE"));
    CHECK(contains(no_output.err, "-o -"));
    CHECK(repo.run({"inject", "-o", "x"}).exit_code == 2);
    CHECK(repo.run({"inject", "-i", "nope.txt", "-o", "x"}).exit_code == 2);
    auto no_key = repo.run_without_key({"inject", "-i", "deploy.env", "-o", "x"});
    CHECK(no_key.exit_code == 2);
    CHECK_FALSE(fs::exists(repo.dir.path() / "x"));
}

TEST_CASE("run masks the values in the command's output and returns its exit code", "[e2e][wire]") {
    WiredRepo repo;
    auto result = repo.run({"run", "--secret", "DB_PASSWORD", "--", "sh", "-c", "echo \"v=$DB_PASSWORD\"; echo \"e=$DB_PASSWORD\" >&2; exit 7"});
    CHECK(result.exit_code == 7);
    CHECK(result.out == "v=********\n");
    CHECK(result.err == "e=********\n");
    require_no_value(result);

    // A secret inside a composite env-file value is masked on its own too.
    // Plain settings of the env file are not masked.
    repo.dir.write("run.env", "URL=postgres://u:$<secret.DB_PASSWORD>@db\nPLAIN=hello\n");
    auto composite = repo.run({"run", "--env-file", "run.env", "--", "sh", "-c", "echo \"$PLAIN ${URL#postgres://u:} $URL\""});
    CHECK(composite.exit_code == 0);
    CHECK(composite.out == "hello ********@db ********\n");

    auto unmasked = repo.run({"run", "--no-mask", "--secret", "DB_PASSWORD", "--", "sh", "-c", "echo $DB_PASSWORD"});
    CHECK(unmasked.out == std::string(db_value) + "\n");
    CHECK(contains(repo.run({"audit", "log"}).out, "secret.run  DB_PASSWORD"));
}

TEST_CASE("run refuses unusable secrets and bad usage", "[e2e][wire]") {
    WiredRepo repo;
    auto missing = repo.run({"run", "--secret", "NOPE", "--", "true"});
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "no secret named NOPE"));
    repo.dir.write("bad.env", "A=1\nB=$<secret.GONE>\n");
    auto dangling = repo.run({"run", "--env-file", "bad.env", "--", "true"});
    CHECK(dangling.exit_code == 1);
    CHECK(contains(dangling.err, "bad.env:2:3: "));
    CHECK(repo.run({"run", "--secret", "DB_PASSWORD"}).exit_code == 2);
    CHECK(repo.run({"run", "--", "true"}).exit_code == 2);
    CHECK(repo.run({"run", "--secret", "lower", "--", "true"}).exit_code == 2);
    CHECK(repo.run({"run", "--env-file", "missing.env", "--", "true"}).exit_code == 2);
}

TEST_CASE("secret rm refuses while the secret is referenced and succeeds once it is not", "[e2e][wire]") {
    WiredRepo repo;
    auto refused = repo.run({"secret", "rm", "DB_PASSWORD"});
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "refusing to delete DB_PASSWORD"));
    CHECK(contains(refused.err, "app/config.yaml:3:13"));
    CHECK(contains(refused.err, "deploy.env:1:4"));
    require_no_value(refused);
    auto list = repo.run({"secret", "list"});
    CHECK(contains(list.out, "DB_PASSWORD  active"));

    fs::remove(repo.dir.path() / "app" / "config.yaml");
    fs::remove(repo.dir.path() / "deploy.env");
    auto deleted = repo.run({"secret", "rm", "DB_PASSWORD"});
    CHECK(deleted.exit_code == 0);
    CHECK(contains(repo.run({"secret", "list", "--deleted"}).out + repo.run({"secret", "show", "DB_PASSWORD"}).out, "deleted"));
}

TEST_CASE("secret rm --force --reason deletes a used secret and audits the reason and the usages", "[e2e][wire]") {
    WiredRepo repo;
    CHECK(repo.run({"secret", "rm", "DB_PASSWORD", "--force"}).exit_code == 2);
    auto forced = repo.run({"secret", "rm", "DB_PASSWORD", "--force", "--reason", "db decommissioned"});
    CHECK(forced.exit_code == 0);
    auto log = repo.run({"audit", "log"});
    CHECK(contains(log.out, "reason=db decommissioned"));
    CHECK(contains(log.out, "usages=app/config.yaml:3 (file: app/config.yaml); deploy.env:1 (file: deploy.env)"));
    require_no_value(log);
    auto check = repo.run({"check"});
    CHECK(check.exit_code == 1);
    CHECK(contains(check.out, "was deleted"));
}

TEST_CASE("secret rotate names the consumers to redeploy, not with -q", "[e2e][wire]") {
    WiredRepo repo;
    auto rotated = repo.run({"secret", "rotate", "DB_PASSWORD"}, "new-db-value");
    CHECK(rotated.exit_code == 0);
    CHECK(contains(rotated.err, "redeploy the consumers of DB_PASSWORD (2):\n  file: app/config.yaml\n  file: deploy.env\n"));
    CHECK_FALSE(contains(rotated.err, "new-db-value"));
    auto quiet = repo.run({"-q", "secret", "set", "DB_PASSWORD"}, "newer-db-value");
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    auto where = repo.run({"where", "DB_PASSWORD"});
    require_no_value(where);
    CHECK_FALSE(contains(where.out, "newer-db-value"));
}

TEST_CASE("check with a key verifies the vault; without one it trusts the metadata as read", "[e2e][wire]") {
    WiredRepo repo;
    // Flip every secret to disabled behind hush's back: the MAC no longer matches.
    std::string text = read_file(repo.vault());
    for (auto at = text.find("active: true"); at != std::string::npos; at = text.find("active: true", at))
        text.replace(at, 12, "active: false");
    write_file(repo.vault(), text);
    auto verified = repo.run({"check"});
    CHECK(verified.exit_code == 2);
    CHECK(verified.out.empty());
    auto unverified = repo.run_without_key({"check"});
    CHECK(unverified.exit_code == 1);
    CHECK(contains(unverified.err, "without integrity check"));
    CHECK(contains(unverified.out, "secret DB_PASSWORD is disabled"));
}
