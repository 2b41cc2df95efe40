#include "scanner_support.hpp"

using namespace hush;
using namespace hush::test;

TEST_CASE("baseline: entries are sorted, unique, without line numbers", "[scanner][baseline]") {
    std::vector<Finding> findings(3);
    findings[0].fingerprint = "bb";
    findings[0].rule_id = "r2";
    findings[0].path = "b.txt";
    findings[0].start = {40, 1};
    findings[1].fingerprint = "aa";
    findings[1].rule_id = "r1";
    findings[1].path = "a.txt";
    findings[2] = findings[0];
    auto text = format_baseline(baseline_entries(findings));
    CHECK(text ==
          "{\n  \"version\": 1,\n  \"findings\": [\n"
          "    {\"fingerprint\":\"aa\",\"rule_id\":\"r1\",\"path\":\"a.txt\"},\n"
          "    {\"fingerprint\":\"bb\",\"rule_id\":\"r2\",\"path\":\"b.txt\"}\n"
          "  ]\n}\n");
    auto parsed = parse_baseline(text, "b.json");
    REQUIRE(parsed);
    CHECK(*parsed == baseline_entries(findings));
    CHECK(format_baseline(*parsed) == text);
}

TEST_CASE("baseline: an invalid file is an input error naming it", "[scanner][baseline]") {
    for (const char* text : {"not json", "[]", "{\"version\": 2, \"findings\": []}", "{\"version\": 1, \"findings\": [{}]}",
                             "{\"version\": 1, \"findings\": [{\"fingerprint\": 3}]}"}) {
        CAPTURE(text);
        auto parsed = parse_baseline(text, "base.json");
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error().to_string(), Catch::StartsWith("base.json: not a hush baseline"));
    }
    auto missing = load_baseline("/nonexistent/base.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::input);
}

TEST_CASE("baseline: a scan with a baseline reports only new findings, even after lines move", "[scanner][baseline]") {
    TempDir dir;
    dir.write("a.txt", "t = " + token_a + "\n");
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto first = scan_dir(scanner, dir.path());
    REQUIRE(first.findings.size() == 1);
    dir.write("base.json", format_baseline(baseline_entries(first.findings)));

    dir.write("a.txt", "# new header\n\n  t = " + token_a + "\nu = " + token_b + "\n");
    auto options = fixture_options();
    options.baseline = dir.path() / "base.json";
    auto with_baseline = make_test_scanner(config_at(dir.path()), options);
    auto second = scan_dir(with_baseline, dir.path());
    REQUIRE(second.findings.size() == 1);
    CHECK(second.findings[0].secret == token_b);
    CHECK(second.stats.suppressed_baseline == 1);
}

TEST_CASE("baseline: Scanner::create fails on an unreadable baseline", "[scanner][baseline]") {
    auto options = fixture_options();
    options.baseline = "/nonexistent/base.json";
    auto scanner = Scanner::create(config_at(fs::current_path()), options);
    REQUIRE_FALSE(scanner);
    CHECK_THAT(scanner.error().to_string(), Catch::Contains("/nonexistent/base.json"));
}
