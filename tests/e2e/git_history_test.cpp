// End-to-end: `hush scan --history` on edited files: each commit is judged by what it changed,
// the size limit applies to blobs, and the output does not depend on the number of threads.
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

void git(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=t@example.com", "-c",
                               "init.defaultBranch=main", "-c", "commit.gpgsign=false"});
    auto result = run_program(args, {.cwd = dir.path()});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
}

// Commits everything and returns the new commit's id.
std::string commit(const TempDir& dir, const std::string& message) {
    git(dir, {"add", "-A"});
    git(dir, {"commit", "-q", "-m", message});
    return run_program({"git", "rev-parse", "HEAD"}, {.cwd = dir.path()}).out.substr(0, 40);
}

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

}  // namespace

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
