// End-to-end: `hush scan --staged | --diff | --history` on repositories made with the git CLI,
// and the CI integrations (plain hook script, pre-commit framework entry) against a real repository.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "harness.hpp"

using hush::test::run_hush;
using hush::test::run_program;
using hush::test::TempDir;
using nlohmann::json;

namespace {

// Fake GitHub tokens with valid checksums (generated for these tests; not live credentials).
const std::string token_a = "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";
const std::string token_b = "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";

void git(const TempDir& dir, std::vector<std::string> args) { hush::test::git(dir.path(), std::move(args)); }

json scan_json(const TempDir& dir, std::vector<std::string> args, int expected_exit) {
    args.insert(args.begin(), "scan");
    args.insert(args.end(), {"--format", "json", "--no-redact"});
    auto result = run_hush(args, {.cwd = dir.path()});
    INFO(result.err);
    REQUIRE(result.exit_code == expected_exit);
    return json::parse(result.out);
}

// Commits everything and returns the new commit's id.
std::string commit(const TempDir& dir, const std::string& message) { return hush::test::git_commit(dir.path(), message); }

json history(const TempDir& dir, std::vector<std::string> extra, int expected_exit) {
    std::vector<std::string> args{"scan", "--history", "--format", "json", "--no-redact"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run_hush(args, {.cwd = dir.path()});
    INFO(result.err);
    REQUIRE(result.exit_code == expected_exit);
    return json::parse(result.out);
}

std::string commit_of(const json& report, const std::string& secret_start) {
    for (const auto& finding : report["findings"]) {
        if (finding["secret"].get<std::string>().starts_with(secret_start)) return finding["git"]["commit"];
    }
    return "";
}

bool has_secret(const json& report, const std::string& secret) {
    for (const auto& finding : report["findings"]) {
        if (finding["secret"] == secret) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("scan --history finds a secret added then removed, at the commit that added it", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("README.md", "# app\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    dir.write("config.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "two: add token"});
    auto second = run_program({"git", "rev-parse", "HEAD"}, {.cwd = dir.path()}).out;
    second.resize(40);
    git(dir, {"rm", "-q", "config.env"});
    git(dir, {"commit", "-q", "-m", "three: remove token"});

    auto plain = run_hush({"scan", "--format", "json"}, {.cwd = dir.path()});
    CHECK(plain.exit_code == 0);

    auto report = scan_json(dir, {"--history"}, 1);
    REQUIRE(report["findings"].size() == 1);
    const auto& finding = report["findings"][0];
    CHECK(finding["path"] == "config.env");
    CHECK(finding["line"] == 1);
    CHECK(finding["git"]["commit"] == second);
    CHECK(finding["git"]["author"] == "Test <t@example.com>");
    CHECK(finding["git"]["still_present"] == false);
}

TEST_CASE("scan --history reports a secret kept across edits once, at its oldest commit", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("app.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    auto first = run_program({"git", "rev-parse", "HEAD"}, {.cwd = dir.path()}).out.substr(0, 40);
    dir.write("app.env", "# settings\nGITHUB_TOKEN=" + token_a + "\nDEBUG=1\n");
    git(dir, {"commit", "-q", "-am", "two"});
    auto report = scan_json(dir, {"--history"}, 1);
    REQUIRE(report["findings"].size() == 1);
    CHECK(report["findings"][0]["git"]["commit"] == first);
    CHECK(report["findings"][0]["git"]["still_present"] == true);
}

TEST_CASE("scan --staged finds a staged secret and ignores an unstaged one", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("README.md", "# app\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    dir.write("staged.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "staged.env"});
    dir.write("unstaged.env", "GITHUB_TOKEN=" + token_b + "\n");

    auto report = scan_json(dir, {"--staged"}, 1);
    CHECK(has_secret(report, token_a));
    CHECK_FALSE(has_secret(report, token_b));

    git(dir, {"commit", "-q", "-m", "two"});
    auto clean = run_hush({"scan", "--staged"}, {.cwd = dir.path()});
    CHECK(clean.exit_code == 0);
}

TEST_CASE("scan --diff reports only lines added between the two revisions", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("old.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "base"});
    git(dir, {"tag", "base"});
    dir.write("old.env", "GITHUB_TOKEN=" + token_a + "\nEXTRA=1\n");
    dir.write("new.env", "\n\nGITHUB_TOKEN=" + token_b + "\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "change"});

    for (std::string range : {"base..HEAD", "base"}) {
        CAPTURE(range);
        auto report = scan_json(dir, {"--diff", range}, 1);
        REQUIRE(report["findings"].size() == 1);
        CHECK(report["findings"][0]["secret"] == token_b);
        CHECK(report["findings"][0]["path"] == "new.env");
        CHECK(report["findings"][0]["line"] == 3);  // its place in HEAD
    }
    auto none = run_hush({"scan", "--diff", "HEAD..HEAD"}, {.cwd = dir.path()});
    CHECK(none.exit_code == 0);
}

TEST_CASE("git inputs: clear errors outside a repository and for unknown revisions", "[e2e][git]") {
    TempDir dir;
    auto outside = run_hush({"scan", "--staged"}, {.cwd = dir.path()});
    CHECK(outside.exit_code == 2);
    CHECK(outside.err.find("not a git repository") != std::string::npos);

    git(dir, {"init", "-q"});
    auto empty_history = run_hush({"scan", "--history"}, {.cwd = dir.path()});
    CHECK(empty_history.exit_code == 0);
    auto empty_diff = run_hush({"scan", "--diff", "main"}, {.cwd = dir.path()});
    CHECK(empty_diff.exit_code == 2);

    dir.write("a.txt", "x\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    auto unknown = run_hush({"scan", "--diff", "nope..HEAD"}, {.cwd = dir.path()});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown revision 'nope'") != std::string::npos);
    auto both = run_hush({"scan", "--staged", "--history"}, {.cwd = dir.path()});
    CHECK(both.exit_code == 2);
}

TEST_CASE("git inputs: detached HEAD and a shallow clone scan without error", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q", "origin"});
    TempDir scratch;
    auto origin = dir.path() / "origin";
    for (int i = 0; i < 3; ++i) {
        hush::test::write_file(origin / ("f" + std::to_string(i) + ".txt"), "v" + std::to_string(i) + "\n");
        auto add = run_program({"git", "-C", origin.string(), "add", "."});
        REQUIRE(add.exit_code == 0);
        auto commit = run_program({"git", "-C", origin.string(), "-c", "user.name=T", "-c", "user.email=t@e", "commit",
                                   "-q", "-m", "c" + std::to_string(i)});
        REQUIRE(commit.exit_code == 0);
    }
    hush::test::write_file(origin / "secret.env", "GITHUB_TOKEN=" + token_a + "\n");
    REQUIRE(run_program({"git", "-C", origin.string(), "add", "."}).exit_code == 0);
    REQUIRE(run_program({"git", "-C", origin.string(), "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q",
                         "-m", "secret"}).exit_code == 0);

    auto clone = dir.path() / "shallow";
    auto cloned = run_program({"git", "clone", "-q", "--depth", "1", "file://" + origin.string(), clone.string()});
    REQUIRE(cloned.exit_code == 0);
    auto shallow = run_hush({"scan", "--history", "--format", "json", "-v"}, {.cwd = clone});
    INFO(shallow.err);
    CHECK(shallow.exit_code == 1);
    CHECK(shallow.err.find("shallow clone") != std::string::npos);

    REQUIRE(run_program({"git", "-C", origin.string(), "checkout", "-q", "--detach", "HEAD~1"}).exit_code == 0);
    auto detached = run_hush({"scan", "--history"}, {.cwd = origin});
    CHECK(detached.exit_code == 0);  // the secret commit is not reachable from the detached HEAD
}

TEST_CASE("a rebase keeps baseline suppressions valid", "[e2e][git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("README.md", "# app\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    git(dir, {"checkout", "-q", "-b", "feature"});
    dir.write("app.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "feature: token"});
    auto baseline = run_hush({"baseline", "create", "--output", "baseline.json"}, {.cwd = dir.path()});
    INFO(baseline.err);
    REQUIRE(baseline.exit_code == 0);
    CHECK(run_hush({"scan", "--history", "--baseline", "baseline.json"}, {.cwd = dir.path()}).exit_code == 0);

    git(dir, {"checkout", "-q", "main"});
    dir.write("other.txt", "main moves on\n");
    git(dir, {"add", "other.txt"});
    git(dir, {"commit", "-q", "-m", "main: two"});
    git(dir, {"checkout", "-q", "feature"});
    git(dir, {"rebase", "-q", "main"});
    // New commit ids, same fingerprints: the baseline still suppresses the accepted finding.
    CHECK(run_hush({"scan", "--history", "--baseline", "baseline.json"}, {.cwd = dir.path()}).exit_code == 0);
    CHECK(run_hush({"scan", "--history"}, {.cwd = dir.path()}).exit_code == 1);
}

TEST_CASE("the plain pre-commit hook script blocks a commit with a secret", "[e2e][git][ci]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    auto hook = dir.path() / ".git/hooks/pre-commit";
    std::filesystem::copy_file(std::filesystem::path(HUSH_SOURCE_DIR) / "ci/pre-commit", hook,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(hook, std::filesystem::perms::owner_all);
    hush::test::RunOptions options{.cwd = dir.path(), .env = {{"HUSH", HUSH_BINARY}}};
    auto commit = [&](const std::string& message) {
        return run_program({"git", "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", message}, options);
    };
    dir.write("ok.txt", "nothing secret\n");
    REQUIRE(run_program({"git", "add", "."}, options).exit_code == 0);
    CHECK(commit("clean").exit_code == 0);

    dir.write("leak.env", "GITHUB_TOKEN=" + token_a + "\n");
    REQUIRE(run_program({"git", "add", "."}, options).exit_code == 0);
    auto blocked = commit("leak");
    CHECK(blocked.exit_code != 0);
    CHECK(blocked.err.find("commit refused") != std::string::npos);
    CHECK(blocked.out.find(token_a) == std::string::npos);  // redacted
    auto log = run_program({"git", "log", "--oneline"}, options);
    CHECK(log.out.find("leak") == std::string::npos);
}

TEST_CASE("the pre-commit framework entry runs hush on the staged changes", "[e2e][git][ci]") {
    // pre-commit runs a `language: system` hook as its `entry` from the repository root: do the same.
    auto hooks = hush::test::read_file(std::filesystem::path(HUSH_SOURCE_DIR) / ".pre-commit-hooks.yaml");
    auto entry_at = hooks.find("entry: ");
    REQUIRE(entry_at != std::string::npos);
    auto entry = hooks.substr(entry_at + 7, hooks.find('\n', entry_at) - entry_at - 7);
    REQUIRE(entry.rfind("hush ", 0) == 0);
    CHECK(hooks.find("pass_filenames: false") != std::string::npos);

    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("leak.env", "GITHUB_TOKEN=" + token_a + "\n");
    git(dir, {"add", "."});
    auto result = run_program({"sh", "-c", std::string("\"$HUSH_BIN\" ") + entry.substr(5)},
                              {.cwd = dir.path(), .env = {{"HUSH_BIN", HUSH_BINARY}}});
    CHECK(result.exit_code == 1);
    git(dir, {"commit", "-q", "-m", "x", "--no-verify"});
    auto clean = run_program({"sh", "-c", std::string("\"$HUSH_BIN\" ") + entry.substr(5)},
                             {.cwd = dir.path(), .env = {{"HUSH_BIN", HUSH_BINARY}}});
    CHECK(clean.exit_code == 0);
}

TEST_CASE("scan --history: an edit that adds a secret is reported at that edit, the old one at its own", "[e2e][git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("app.env", "DEBUG=1\nGITHUB_TOKEN=" + token_a + "\nPORT=80\n");
    auto first = commit(dir, "one");
    dir.write("app.env", "DEBUG=1\nGITHUB_TOKEN=" + token_a + "\nDEPLOY_TOKEN=" + token_b + "\nPORT=80\n");
    auto second = commit(dir, "two: a second token");
    dir.write("app.env", "DEBUG=0\nGITHUB_TOKEN=" + token_a + "\nDEPLOY_TOKEN=" + token_b + "\nPORT=80\n");
    commit(dir, "three: unrelated edit");

    auto report = history(dir, {}, 1);
    REQUIRE(report["findings"].size() == 2);
    CHECK(commit_of(report, token_a) == first);
    CHECK(commit_of(report, token_b) == second);
    CHECK(report["findings"][1]["line"] == 3);  // its line in the blob of the commit that added it
}

TEST_CASE("scan --history: a private key completed by a later commit is found at that commit", "[e2e][git][history]") {
    auto key = hush::test::read_file(std::string(HUSH_FIXTURES_DIR) + "/keys/ec-pkcs8.pem");
    auto cut = key.find('\n', key.find('\n') + 1) + 1;  // the header and the first line of the body
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("deploy/key.pem", key.substr(0, cut));
    commit(dir, "one: half a key");
    dir.write("deploy/key.pem", key);
    auto second = commit(dir, "two: the rest");
    git(dir, {"rm", "-q", "deploy/key.pem"});
    commit(dir, "three: removed");

    auto report = history(dir, {}, 1);
    REQUIRE(report["findings"].size() == 1);
    CHECK(report["findings"][0]["kind"] == "private_key");
    CHECK(report["findings"][0]["line"] == 1);
    CHECK(report["findings"][0]["git"]["commit"] == second);
    CHECK(report["findings"][0]["git"]["still_present"] == false);
}

TEST_CASE("scan --history: scan.max_file_size and --max-file-size skip large blobs and count them", "[e2e][git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("big.env", std::string(2048, '#') + "\nGITHUB_TOKEN=" + token_a + "\n");
    dir.write("small.env", "GITHUB_TOKEN=" + token_b + "\n");
    commit(dir, "one");

    auto limited = history(dir, {"--max-file-size", "1KiB"}, 1);
    CHECK(limited["findings"].size() == 1);
    CHECK(limited["stats"]["skipped_too_large"] == 1);

    dir.write(".hush.yaml", "scan:\n  max_file_size: 1KiB\n");
    auto result = run_hush({"scan", "--history", "--format", "json"}, {.cwd = dir.path()});
    CHECK(result.exit_code == 1);
    CHECK(json::parse(result.out)["stats"]["skipped_too_large"] == 1);
    CHECK(result.err.find("1 blob(s) over the size limit skipped") != std::string::npos);

    auto unlimited = history(dir, {"--max-file-size", "1MiB"}, 1);
    CHECK(unlimited["findings"].size() == 2);
    CHECK(unlimited["stats"]["skipped_too_large"] == 0);
}

TEST_CASE("scan --history: the report does not depend on the number of threads", "[e2e][git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    for (int c = 0; c < 6; ++c) {
        for (int f = 0; f < 4; ++f) {
            std::string body = "# file " + std::to_string(f) + " version " + std::to_string(c) + "\n";
            if ((c + f) % 3 == 0) body += "TOKEN_" + std::to_string(f) + "=" + (c % 2 ? token_a : token_b) + "\n";
            dir.write("f" + std::to_string(f) + ".env", body);
        }
        commit(dir, "c" + std::to_string(c));
    }
    auto strip = [](json report) {
        report["stats"].erase("seconds");
        return report.dump();
    };
    auto one = history(dir, {"--threads", "1"}, 1);
    auto four = history(dir, {"--threads", "4"}, 1);
    CHECK(one["findings"].size() > 2);
    CHECK(strip(one) == strip(four));
}
