#pragma once
// Shared by the scanner unit tests: a Scanner over the made-up hushtest rules and sample tokens.
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"
#include "hush/scanner.hpp"

namespace hush::test {

// Valid values of the fixture rules (tests/fixtures/rules/basic/hushtest.yaml).
inline const std::string token_a = "hushtest_q8v3k1m9z2x7c4b6n5p0w8r1";
inline const std::string token_b = "hushtest_a9s8d7f6g5h4j3k2l1z0x9c8";
inline const std::string checksummed = "ghx_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgO";
inline const std::string bad_checksum = "ghx_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgP";

inline Config config_at(const fs::path& root) {
    Config config;
    config.root = root;
    config.usage_roots = {"."};
    return config;
}

inline ScanOptions fixture_options() {
    ScanOptions options;
    options.rule_dirs = {fs::path(HUSH_FIXTURES_DIR) / "rules" / "basic"};
    options.threads = 2;
    return options;
}

inline Scanner make_test_scanner(const Config& config = config_at(fs::current_path()),
                                 const ScanOptions& options = fixture_options()) {
    auto scanner = Scanner::create(config, options);
    if (!scanner) FAIL(scanner.error().to_string());
    return std::move(*scanner);
}

inline ScanResult scan_dir(const Scanner& scanner, const fs::path& dir) {
    auto result = scanner.scan_paths({dir});
    if (!result) FAIL(result.error().to_string());
    return std::move(*result);
}

}  // namespace hush::test
