// The matcher and the filters, through Scanner::scan_buffer.
#include "scanner_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {
std::vector<std::string> rule_ids(const ScanResult& result) {
    std::vector<std::string> ids;
    for (const auto& finding : result.findings) ids.push_back(finding.rule_id);
    return ids;
}
}  // namespace

TEST_CASE("scanner: a token is found with its span, position and redacted snippet", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    std::string text = "first line\n  api = \"" + token_a + "\" # service\n";
    auto result = scanner.scan_buffer("app/config.py", text);
    REQUIRE(result.findings.size() == 1);
    const auto& finding = result.findings[0];
    CHECK(finding.rule_id == "hushtest-token");
    CHECK(finding.kind == "hushtest_token");
    CHECK(finding.severity == Severity::high);
    CHECK(finding.path == "app/config.py");
    CHECK(finding.span.of(text) == token_a);
    CHECK(finding.start == LineCol{2, 10});
    CHECK(finding.end == LineCol{2, 10 + static_cast<std::uint32_t>(token_a.size())});
    CHECK(finding.secret == token_a);
    CHECK(finding.validation == Validation::unchecked);
    CHECK(finding.entropy > 3.0);
    CHECK(finding.line_before == "api = \"");
    CHECK(finding.line_after == "\" # service");
    CHECK(result.stats.files_scanned == 1);
    CHECK(result.stats.bytes_scanned == text.size());
}

TEST_CASE("scanner: a file without any keyword gives nothing", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    CHECK(scanner.scan_buffer("a.txt", "nothing to see here q8v3k1m9z2x7c4b6n5p0w8r1\n").findings.empty());
}

TEST_CASE("scanner: keywords are matched case-insensitively but the pattern decides", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    CHECK(scanner.scan_buffer("a", "HUSHTEST_Q8V3K1M9Z2X7C4B6N5P0W8R1").findings.empty());  // pattern is lower-case
    CHECK(scanner.scan_buffer("a", "HushTest: " + token_a).findings.size() == 1);
}

TEST_CASE("scanner: a value failing its validator is not reported; a passing one is valid", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    CHECK(scanner.scan_buffer("a", "key: " + bad_checksum).findings.empty());
    auto result = scanner.scan_buffer("a", "key: " + checksummed);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].validation == Validation::valid);
}

TEST_CASE("scanner: values under the rule's entropy are not reported", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    CHECK(scanner.scan_buffer("a", "t = hushtest_abababababababababcdcdcd").findings.empty());
}

TEST_CASE("scanner: placeholders and obvious dummies are never findings", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    for (const char* line : {"hushdb://app:${DB_PASSWORD}@db/app", "hushdb://app:{{ db_password }}@db/app",
                             "hushdb://app:$<secret.DB_PASSWORD>@db/app", "hushdb://app:<your-password>@db/app",
                             "hushdb://app:changeme@db/app", "hushdb://app:xxxxxxxx@db/app",
                             "hushdb://app:12345678@db/app", "hushdb://app:password@db/app",
                             "hushdb://app:$DB_PASSWORD@db/app", "hushdb://app:aaaaaaaaaaaa@db/app",
                             "hushdb://app:abababababababab@db/app", "hushdb://app:process.env.DBPASS@db/app",
                             "hushdb://app:EXAMPLEpass99@db/app", "t = hushtest_abcdefq8v3k1m9z2x7c4b6n5"}) {
        CAPTURE(line);
        CHECK(scanner.scan_buffer("a", line).findings.empty());
    }
    CHECK(scanner.scan_buffer("a", "hushdb://app:Vq7#mZ2!kL9p@db/app").findings.size() == 1);
}

TEST_CASE("scanner: hush:allow on the line suppresses, in any comment syntax", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    for (const std::string& line : {"t = '" + token_a + "'  # hush:allow", "const t = '" + token_a + "'; // hush:allow test",
                                   "<!-- hush:allow --> <t>" + token_a + "</t>", "/* hush:allow */ t = " + token_a,
                                   "t: " + token_a + " -- hush:allow"}) {
        CAPTURE(line);
        auto result = scanner.scan_buffer("a", "before\n" + line + "\nafter\n");
        CHECK(result.findings.empty());
        CHECK(result.stats.suppressed_inline == 1);
    }
    // Only its own line: the next line is still reported.
    auto result = scanner.scan_buffer("a", "x = 1 # hush:allow\nt = " + token_a + "\n");
    CHECK(result.findings.size() == 1);
}

TEST_CASE("scanner: allow.values and allow.stopwords suppress and are counted", "[scanner][filters]") {
    auto config = config_at(fs::current_path());
    config.allow.values = {token_a};
    config.allow.stopwords = {"S3CR3T"};
    auto scanner = make_test_scanner(config);
    auto result = scanner.scan_buffer("a", "a = " + token_a + "\nb = " + token_b + "\nhushdb://u:s3cr3tPa55w0rd@h/\n");
    CHECK(rule_ids(result) == std::vector<std::string>{"hushtest-token"});
    CHECK(result.findings[0].secret == token_b);
    CHECK(result.stats.suppressed_allowlist == 2);
}

TEST_CASE("scanner: allow.paths skips matching buffers", "[scanner][filters]") {
    auto config = config_at(fs::current_path());
    config.allow.paths = {"tests/**"};
    auto scanner = make_test_scanner(config);
    CHECK(scanner.scan_buffer("tests/data/a.txt", token_a).findings.empty());
    CHECK(scanner.scan_buffer("src/a.txt", token_a).findings.size() == 1);
}

TEST_CASE("scanner: other secrets on the line are redacted in a finding's snippet", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    auto result = scanner.scan_buffer("a", "pair " + token_a + " " + token_b + "\n");
    REQUIRE(result.findings.size() == 2);
    CHECK(result.findings[0].line_after == " hush…");
    CHECK(result.findings[1].line_before == "pair hush… ");
    for (const auto& finding : result.findings) {
        CHECK(finding.line_before.find(token_a) == std::string::npos);
        CHECK(finding.line_after.find(token_b) == std::string::npos);
    }
}

TEST_CASE("scanner: a long line is cut around the secret on UTF-8 boundaries", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    std::string before;
    for (int i = 0; i < 40; ++i) before += "é";
    auto result = scanner.scan_buffer("a", before + "x " + token_a + " " + std::string(200, 'y'));
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].line_before.size() <= 64);
    CHECK(is_valid_utf8(result.findings[0].line_before));
    CHECK(result.findings[0].line_after.size() <= 64);
    CHECK(result.findings[0].start.column == 43);  // columns count code points
}

TEST_CASE("scanner: binary buffers are skipped and counted", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    auto result = scanner.scan_buffer("a.bin", std::string("\0\1\2", 3) + token_a);
    CHECK(result.findings.empty());
    CHECK(result.stats.skipped_binary == 1);
    CHECK(result.stats.files_scanned == 0);
}

TEST_CASE("scanner: a secret far from its keyword's line is still found in a long file", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "filler line number " + std::to_string(i) + "\n";
    text += "t = " + token_a + "\n";
    text += std::string(5000, 'z') + "\n";
    auto result = scanner.scan_buffer("big.txt", text);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].start.line == 20001);
}

TEST_CASE("scanner: fingerprints depend on rule, path and secret, not on the line", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    auto first = scanner.scan_buffer("a.py", "t = " + token_a + "\n");
    auto moved = scanner.scan_buffer("a.py", "\n\n# moved down\n    t = " + token_a + "\n");
    auto other_path = scanner.scan_buffer("b.py", "t = " + token_a + "\n");
    REQUIRE(first.findings.size() == 1);
    REQUIRE(moved.findings.size() == 1);
    REQUIRE(other_path.findings.size() == 1);
    CHECK(first.findings[0].fingerprint == moved.findings[0].fingerprint);
    CHECK(first.findings[0].fingerprint != other_path.findings[0].fingerprint);
    CHECK(first.findings[0].fingerprint.size() == 32);
    CHECK(first.findings[0].fingerprint == finding_fingerprint("hushtest-token", "a.py", token_a));
}

TEST_CASE("scanner: rules.disable drops a rule", "[scanner][filters]") {
    auto config = config_at(fs::current_path());
    config.rules.disable = {"hushtest-token"};
    auto scanner = make_test_scanner(config);
    CHECK(scanner.scan_buffer("a", token_a).findings.empty());
    CHECK(std::none_of(scanner.rules().begin(), scanner.rules().end(), [](const Rule& r) { return r.id == "hushtest-token"; }));
}

TEST_CASE("scanner: the fixture rules pass their own examples", "[scanner][filters]") {
    auto scanner = make_test_scanner();
    auto failures = scanner.test_rules();
    for (const auto& failure : failures) UNSCOPED_INFO(failure.file << ":" << failure.line << ": " << failure.message);
    CHECK(failures.empty());
}

TEST_CASE("scanner: rules test reports a failing example without printing it", "[scanner][filters]") {
    TempDir dir;
    dir.write("r.yaml", R"(rules:
  - id: broken-example
    kind: k
    severity: low
    pattern: 'brk_([a-z0-9]{20})'
    keywords: [brk_]
    examples: ['brk_q8v3k1m9z2x7c4b6n5p0']
    negative_examples: ['brk_zz8v3k1m9z2x7c4b6n5p']
)");
    ScanOptions options;
    options.rule_dirs = {dir.path()};
    auto scanner = make_test_scanner(config_at(dir.path()), options);
    auto failures = scanner.test_rules();
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].rule_id == "broken-example");
    CHECK(failures[0].line == 2);
    CHECK_THAT(failures[0].message, Catch::Contains("negative example 1"));
    CHECK(failures[0].message.find("brk_zz8v3k1m9z2x7c4b6n5p") == std::string::npos);
}

TEST_CASE("scanner: Scanner::create reports rule file errors with file and line", "[scanner][filters]") {
    TempDir dir;
    dir.write("bad.yaml", "rules:\n  - id: bad\n    kind: k\n    severity: low\n    pattern: '(unclosed'\n");
    ScanOptions options;
    options.rule_dirs = {dir.path()};
    auto scanner = Scanner::create(config_at(dir.path()), options);
    REQUIRE_FALSE(scanner);
    CHECK_THAT(scanner.error().to_string(), Catch::Contains("bad.yaml:5: invalid pattern: missing )"));
}
