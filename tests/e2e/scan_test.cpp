// End-to-end: hush scan, every flag and exit code, and the reporters' golden files.
#include <nlohmann/json.hpp>

#include "scan_support.hpp"

using namespace hush::test;

TEST_CASE("scan: a clean tree exits 0", "[e2e][scan]") {
    TempDir dir;
    dir.write("README.md", "hello\n");
    auto result = scan(dir.path(), {});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "0 secrets found in 0 files (1 scanned)\n");
    CHECK(result.err.empty());
}

TEST_CASE("scan: findings exit 1; text report golden", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto result = scan(dir.path(), {});
    CHECK(result.exit_code == 1);
    CHECK_GOLDEN("scan/project.txt", result.out);
    CHECK(result.err.empty());
}

TEST_CASE("scan: json and sarif report goldens", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    for (const std::string format : {"json", "sarif"}) {
        CAPTURE(format);
        auto result = scan(dir.path(), {"--format", format, "."});
        CHECK(result.exit_code == 1);
        CHECK_GOLDEN("scan/project." + format, mask_seconds(result.out));
    }
}

TEST_CASE("scan: no full secret value in any format without --no-redact", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    for (const char* format : {"text", "json", "sarif"}) {
        CAPTURE(format);
        auto result = scan(dir.path(), {"--format", format, "-v"});
        CHECK(result.exit_code == 1);
        for (const auto& secret : {token_a, token_b, checksummed, db_password}) {
            CHECK(result.out.find(secret) == std::string::npos);
            CHECK(result.err.find(secret) == std::string::npos);
            CHECK(result.out.find(secret.substr(0, 10)) == std::string::npos);
        }
    }
}

TEST_CASE("scan: --no-redact shows the values", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto result = scan(dir.path(), {"--no-redact", "--format", "json"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.find(token_a) != std::string::npos);
    CHECK(result.out.find(db_password) != std::string::npos);
}

TEST_CASE("scan: --output writes the report to a file", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto result = scan(dir.path(), {"--format", "json", "--output", "report.json"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    auto document = nlohmann::json::parse(dir.read("report.json"));
    CHECK(document["findings"].size() == 3);
    auto unwritable = scan(dir.path(), {"--output", "no/such/dir/report.txt"});
    CHECK(unwritable.exit_code == 2);
    CHECK_THAT(unwritable.err, Catch::Contains("no/such/dir/report.txt: cannot write the report"));
}

TEST_CASE("scan: paths, stdin and a missing path", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto one = scan(dir.path(), {"--format", "json", "config"});
    CHECK(one.exit_code == 1);
    CHECK(nlohmann::json::parse(one.out)["findings"][0]["path"] == "config/db.yaml");

    auto from_stdin = scan(dir.path(), {"--format", "json", "-"}, "key = " + token_b + "\n");
    CHECK(from_stdin.exit_code == 1);
    auto document = nlohmann::json::parse(from_stdin.out);
    REQUIRE(document["findings"].size() == 1);
    CHECK(document["findings"][0]["path"] == "-");
    CHECK(scan(dir.path(), {"-"}, "nothing here\n").exit_code == 0);

    auto missing = scan(dir.path(), {"app", "nope"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "hush scan: nope: no such file or directory\n");
}

TEST_CASE("scan: --exclude skips matching paths (repeatable)", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto result = scan(dir.path(), {"--format", "json", "--exclude", "*.py", "--exclude", "config/"});
    CHECK(result.exit_code == 1);
    auto document = nlohmann::json::parse(result.out);
    REQUIRE(document["findings"].size() == 1);
    CHECK(document["findings"][0]["path"] == "deploy/keys.env");
    CHECK(document["stats"]["skipped_ignored"] == 3);  // build/ (.hushignore), *.py, config/
    CHECK(scan(dir.path(), {"--exclude", "*"}).exit_code == 0);
}

TEST_CASE("scan: --max-file-size skips larger files with a note", "[e2e][scan]") {
    TempDir dir;
    dir.write("big.txt", std::string(3000, '#') + "\n" + token_a + "\n");
    auto result = scan(dir.path(), {"--max-file-size", "2k"});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.err, Catch::Contains("note: big.txt: skipped"));
    CHECK(scan(dir.path(), {"--max-file-size", "1MiB"}).exit_code == 1);
    auto bad = scan(dir.path(), {"--max-file-size", "lots"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--max-file-size: not a size: 'lots'"));
}

TEST_CASE("scan: --threads does not change the output", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    for (int i = 0; i < 12; ++i) dir.write("many/f" + std::to_string(i) + ".txt", "t=" + token_a + "\n");
    auto one = scan(dir.path(), {"--threads", "1", "--format", "json"});
    auto four = scan(dir.path(), {"--threads", "4", "--format", "json"});
    CHECK(one.exit_code == 1);
    CHECK(mask_seconds(one.out) == mask_seconds(four.out));
    CHECK(scan(dir.path(), {"--threads", "many"}).exit_code == 2);
}

TEST_CASE("scan: --rules loads extra rules; a bad rule file is exit 2 with file:line", "[e2e][scan]") {
    TempDir dir;
    dir.write("src/a.txt", "v = acme_Zq81nVx02LmPw7Rt\n");
    dir.write("rules/acme.yaml",
              "rules:\n  - id: acme-key\n    kind: acme_key\n    severity: low\n    pattern: '(acme_[A-Za-z0-9]{16})'\n"
              "    keywords: [acme_]\n");
    CHECK(scan(dir.path(), {"src"}).exit_code == 0);
    CHECK(scan(dir.path(), {"--rules", "rules", "src"}).exit_code == 1);
    dir.write("bad/r.yaml", "rules:\n  - id: bad\n    kind: k\n    severity: low\n    pattern: 'x'\n");
    auto bad = scan(dir.path(), {"--rules", "bad", "src"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "hush scan: bad/r.yaml:5: pattern has no capture group for the secret (use (?P<secret>...))\n");
    auto missing = scan(dir.path(), {"--rules", "nowhere"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("nowhere: rule directory does not exist"));
}

TEST_CASE("scan: --no-context still finds rule matches", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto result = scan(dir.path(), {"--no-context", "--format", "json"});
    CHECK(result.exit_code == 1);
    CHECK(nlohmann::json::parse(result.out)["findings"].size() == 3);
}

TEST_CASE("scan: -v prints stats to stderr; -q prints only findings", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto verbose = scan(dir.path(), {"-v"});
    CHECK(verbose.exit_code == 1);
    CHECK_THAT(verbose.err, Catch::Contains("hush scan: scanned 5 files") && Catch::Contains("1 ignored") &&
                                Catch::Contains("suppressed 1 inline"));
    auto quiet = scan(dir.path(), {"-q"});
    CHECK(quiet.exit_code == 1);
    CHECK(quiet.out.find("secrets found") == std::string::npos);
}

TEST_CASE("scan: an unknown --format or option is exit 2", "[e2e][scan]") {
    TempDir dir;
    CHECK(scan(dir.path(), {"--format", "xml"}).exit_code == 2);
    CHECK(scan(dir.path(), {"--bogus"}).exit_code == 2);
}

TEST_CASE("scan: .hush.yaml allow, exclude, disable and a bad config", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    dir.write(".hush.yaml", "allow:\n  paths: [app/]\n  values: [" + checksummed + "]\nrules:\n  disable: [hushtest-db-password]\n");
    auto result = scan(dir.path(), {"--format", "json"});
    CHECK(result.exit_code == 0);
    auto document = nlohmann::json::parse(result.out);
    CHECK(document["stats"]["suppressed_allowlist"] == 2);  // keys.env and .hush.yaml's own allow.values
    dir.write(".hush.yaml", "scan:\n  exclude: [deploy, config]\n  max_file_size: 1MiB\n");
    auto excluded = scan(dir.path(), {"--format", "json"});
    CHECK(nlohmann::json::parse(excluded.out)["findings"].size() == 1);
    dir.write(".hush.yaml", "allow:\n  pathz: []\n");
    auto bad = scan(dir.path(), {});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains(".hush.yaml:2: unknown key 'pathz'"));
}

TEST_CASE("scan: --no-ignore scans what .hushignore and .gitignore skip", "[e2e][scan]") {
    TempDir dir;
    write_project(dir);
    auto honoured = nlohmann::json::parse(scan(dir.path(), {"--format", "json"}).out);
    CHECK(honoured["stats"]["skipped_ignored"] == 1);
    auto ignored = scan(dir.path(), {"--format", "json", "--no-ignore"});
    CHECK(ignored.exit_code == 1);
    auto document = nlohmann::json::parse(ignored.out);
    CHECK(document["stats"]["skipped_ignored"] == 0);
    CHECK(document["findings"].size() == honoured["findings"].size() + 1);  // build/out.txt
    bool found_build = false;
    for (const auto& finding : document["findings"]) found_build |= finding["path"] == "build/out.txt";
    CHECK(found_build);
}
