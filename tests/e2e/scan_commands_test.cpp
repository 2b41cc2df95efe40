// End-to-end: hush rules list|test|export and hush baseline create|update with scan --baseline.
#include <nlohmann/json.hpp>

#include "scan_support.hpp"

using namespace hush::test;

namespace {
RunResult hush_in(const fs::path& cwd, const std::vector<std::string>& args, std::string stdin_data = {}) {
    RunOptions options;
    options.cwd = cwd;
    options.stdin_data = std::move(stdin_data);
    return run_hush(args, options);
}
}  // namespace

TEST_CASE("rules list: id, kind, severity; json too", "[e2e][rules]") {
    TempDir dir;
    auto text = hush_in(dir.path(), {"rules", "list", "--rules", fixture_rules()});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::StartsWith("ID") && Catch::Contains("hushtest-token") && Catch::Contains("hushtest_token") &&
                             Catch::Contains("critical"));
    auto json = hush_in(dir.path(), {"rules", "list", "--format", "json", "--rules", fixture_rules()});
    CHECK(json.exit_code == 0);
    auto document = nlohmann::json::parse(json.out);
    CHECK(document["version"] == 1);
    bool found = false;
    for (const auto& rule : document["rules"]) {
        if (rule["id"] == "hushtest-checksummed") {
            found = true;
            CHECK(rule["kind"] == "hushtest_checksummed");
            CHECK(rule["severity"] == "critical");
            CHECK(rule["validate"] == "github-checksum");
        }
    }
    CHECK(found);
    CHECK(hush_in(dir.path(), {"rules", "list", "--format", "sarif"}).exit_code == 2);
}

TEST_CASE("rules test: passes on good rules, exit 1 naming each failure", "[e2e][rules]") {
    TempDir dir;
    auto good = hush_in(dir.path(), {"rules", "test", "--rules", fixture_rules()});
    CHECK(good.exit_code == 0);
    CHECK_THAT(good.out, Catch::Contains("all passed"));
    dir.write("r/weak.yaml", "rules:\n  - id: weak-rule\n    kind: k\n    severity: low\n    pattern: 'wk_([a-z]{10})'\n"
                             "    keywords: [wk_]\n    examples: ['wk_short', 'wk_qzmxnvbcla']\n");
    auto bad = hush_in(dir.path(), {"rules", "test", "--rules", "r"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.out, Catch::Contains("r/weak.yaml:2: weak-rule: example 1 (") && Catch::Contains("produced no finding") &&
                            Catch::Contains("1 failed"));
}

TEST_CASE("rules: the built-in rules pass their own examples", "[e2e][rules]") {
    TempDir dir;
    auto result = hush_in(dir.path(), {"rules", "test"});
    INFO(result.out);
    CHECK(result.exit_code == 0);
}

TEST_CASE("rules export --patterns: one pattern per line", "[e2e][rules]") {
    TempDir dir;
    auto result = hush_in(dir.path(), {"rules", "export", "--patterns", "--rules", fixture_rules()});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains("\\b(?P<secret>hushtest_[a-z0-9]{24})\\b\n"));
    CHECK(hush_in(dir.path(), {"rules", "export"}).exit_code == 2);
    CHECK(hush_in(dir.path(), {"rules"}).exit_code == 2);
    CHECK(hush_in(dir.path(), {"rules", "frobnicate"}).exit_code == 2);
}

TEST_CASE("baseline create, scan --baseline, baseline update", "[e2e][baseline]") {
    TempDir dir;
    write_project(dir);
    const std::string rules = fixture_rules();
    auto created = hush_in(dir.path(), {"baseline", "create", "--rules", rules});
    CHECK(created.exit_code == 0);
    CHECK_THAT(created.err, Catch::Contains(".hush-baseline.json: 3 entries (3 new)"));
    auto text = dir.read(".hush-baseline.json");
    CHECK(text.find("\"line\"") == std::string::npos);
    CHECK(text.find(token_a) == std::string::npos);
    auto document = nlohmann::json::parse(text);
    REQUIRE(document["findings"].size() == 3);
    CHECK(document["findings"][0]["path"] == "app/settings.py");  // sorted by path

    CHECK(hush_in(dir.path(), {"scan", "--rules", rules, "--baseline", ".hush-baseline.json"}).exit_code == 0);
    // Moving lines keeps the baseline valid; a new secret is reported.
    dir.write("app/settings.py", "# moved\n\nAPI_TOKEN = \"" + token_a + "\"\nNEW = \"" + token_b + "\"\n");
    auto rescan = hush_in(dir.path(), {"scan", "--rules", rules, "--baseline", ".hush-baseline.json", "--format", "json"});
    CHECK(rescan.exit_code == 1);
    auto findings = nlohmann::json::parse(rescan.out)["findings"];
    REQUIRE(findings.size() == 1);
    CHECK(findings[0]["line"] == 4);

    auto updated = hush_in(dir.path(), {"baseline", "update", "--rules", rules});
    CHECK(updated.exit_code == 0);
    CHECK_THAT(updated.err, Catch::Contains("4 entries (1 new)"));
    CHECK(hush_in(dir.path(), {"scan", "--rules", rules, "--baseline", ".hush-baseline.json"}).exit_code == 0);

    auto custom = hush_in(dir.path(), {"baseline", "create", "app", "--rules", rules, "--output", "b.json"});
    CHECK(custom.exit_code == 0);
    CHECK(nlohmann::json::parse(dir.read("b.json"))["findings"].size() == 2);
}

TEST_CASE("baseline: errors exit 2", "[e2e][baseline]") {
    TempDir dir;
    write_project(dir);
    dir.write("broken.json", "{not json");
    auto scan_bad = hush_in(dir.path(), {"scan", "--baseline", "broken.json"});
    CHECK(scan_bad.exit_code == 2);
    CHECK_THAT(scan_bad.err, Catch::Contains("broken.json: not a hush baseline"));
    CHECK(hush_in(dir.path(), {"scan", "--baseline", "missing.json"}).exit_code == 2);
    CHECK(hush_in(dir.path(), {"baseline", "update", "--output", "broken.json"}).exit_code == 2);
    CHECK(hush_in(dir.path(), {"baseline"}).exit_code == 2);
    CHECK(hush_in(dir.path(), {"baseline", "create", "nope"}).exit_code == 2);
}
