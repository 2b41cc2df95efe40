#pragma once
// Shared by the scanner unit tests: a Scanner over the made-up hushtest rules and sample tokens.
#include <catch2/catch.hpp>

#include <string>

#include "harness.hpp"
#include "hush/scanner.hpp"
#include "hushtest_tokens.hpp"

namespace hush::test {

inline Config config_at(const fs::path& root) {
    Config config;
    config.root = root;
    config.usage_roots = {"."};
    return config;
}

inline ScanOptions fixture_options() {
    ScanOptions options;
    options.rule_dirs = {fixture_rules_dir()};
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
