#include <nlohmann/json.hpp>
#include <sstream>

#include "scanner_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

struct Report {
    ScanResult result;
    std::string out;
};

Report report(std::string_view format, ReportOptions options = {}) {
    static auto scanner = make_test_scanner();
    Report r;
    r.result = scanner.scan_buffer("conf/app.env", "A=" + token_a + "\nB=" + checksummed + "\n");
    std::ostringstream out;
    options.rules = scanner.rules();
    auto sink = make_reporter(format, out, options);
    REQUIRE(sink);
    (*sink)->begin();
    for (const auto& finding : r.result.findings) (*sink)->finding(finding);
    (*sink)->finish(r.result.stats, {{"big.bin", "skipped"}});
    r.out = out.str();
    return r;
}

}  // namespace

TEST_CASE("reporters: an unknown format is a usage error", "[scanner][report]") {
    std::ostringstream out;
    auto sink = make_reporter("xml", out, {});
    REQUIRE_FALSE(sink);
    CHECK(sink.error().code == ErrorCode::usage);
}

TEST_CASE("reporters: json has the documented fields", "[scanner][report]") {
    auto r = report("json");
    auto document = nlohmann::json::parse(r.out);
    CHECK(document["version"] == 1);
    REQUIRE(document["findings"].size() == 2);
    const auto& first = document["findings"][0];
    for (const char* field : {"rule_id", "rule_name", "kind", "severity", "path", "line", "column", "end_line",
                              "end_column", "start_byte", "end_byte", "key_path", "secret", "entropy", "validation",
                              "fingerprint"}) {
        CAPTURE(field);
        CHECK(first.contains(field));
    }
    CHECK(first["secret"] == "hush…");
    CHECK(first["line"] == 1);
    CHECK(first["column"] == 3);
    CHECK(first["start_byte"] == 2);
    CHECK(first["end_byte"] == 2 + token_a.size());
    CHECK(first["key_path"] == "A");  // syntax context: the .env key holding the value
    CHECK(document["findings"][1]["validation"] == "valid");
    CHECK(document["stats"]["files_scanned"] == 1);
    CHECK(document["notes"][0]["path"] == "big.bin");
}

TEST_CASE("reporters: --no-redact shows the value", "[scanner][report]") {
    ReportOptions options;
    options.redact = false;
    auto r = report("json", options);
    CHECK(nlohmann::json::parse(r.out)["findings"][0]["secret"] == token_a);
}

TEST_CASE("reporters: sarif 2.1.0 with rules, regions and partialFingerprints", "[scanner][report]") {
    auto r = report("sarif");
    auto document = nlohmann::json::parse(r.out);
    CHECK(document["version"] == "2.1.0");
    const auto& run = document["runs"][0];
    CHECK(run["columnKind"] == "unicodeCodePoints");
    const auto& rules = run["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == 2);
    CHECK(rules[0]["id"] == "hushtest-token");
    CHECK(rules[0]["fullDescription"]["text"] == "A made-up API token used by hush's tests.");
    CHECK(rules[0]["helpUri"] == "https://example.invalid/hushtest");
    const auto& result = run["results"][1];
    CHECK(result["ruleId"] == "hushtest-checksummed");
    CHECK(result["ruleIndex"] == 1);
    CHECK(result["level"] == "error");
    const auto& region = result["locations"][0]["physicalLocation"]["region"];
    CHECK(region["startLine"] == 2);
    CHECK(region["startColumn"] == 3);
    CHECK(region["endColumn"] == 3 + checksummed.size());
    CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "conf/app.env");
    CHECK(result["partialFingerprints"]["hush/v1"] == r.result.findings[1].fingerprint);
}

TEST_CASE("reporters: text groups by file, colours only on request", "[scanner][report]") {
    auto plain = report("text");
    CHECK(plain.out.find("conf/app.env\n  1:3  high  hushtest-token") == 0);
    CHECK(plain.out.find("      A=hush…\n") != std::string::npos);
    CHECK(plain.out.find("\x1b[") == std::string::npos);
    CHECK(plain.out.find("2 secrets found in 1 file (1 scanned)") != std::string::npos);
    ReportOptions options;
    options.color = true;
    CHECK(report("text", options).out.find("\x1b[") != std::string::npos);
}

TEST_CASE("reporters: no full secret in any format without --no-redact", "[scanner][report]") {
    for (const char* format : {"text", "json", "sarif"}) {
        CAPTURE(format);
        auto r = report(format);
        CHECK(r.out.find(token_a) == std::string::npos);
        CHECK(r.out.find(checksummed) == std::string::npos);
        CHECK(r.out.find(token_a.substr(0, 12)) == std::string::npos);
    }
}
