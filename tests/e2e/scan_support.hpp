#pragma once
// Shared by the scan e2e tests: a small project with made-up hushtest tokens (the fixture rules in
// tests/fixtures/rules/basic), so these tests never depend on the built-in provider rules.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "harness.hpp"

namespace hush::test {

inline const std::string token_a = "hushtest_q8v3k1m9z2x7c4b6n5p0w8r1";
inline const std::string token_b = "hushtest_a9s8d7f6g5h4j3k2l1z0x9c8";
inline const std::string checksummed = "ghx_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgO";
inline const std::string db_password = "S3cr3tPa55w0rd";

inline std::string fixture_rules() { return std::string(HUSH_FIXTURES_DIR) + "/rules/basic"; }

// hush scan --rules <fixture rules> ARGS..., run in `cwd`.
inline RunResult scan(const fs::path& cwd, std::vector<std::string> args, std::string stdin_data = {}) {
    std::vector<std::string> all = {"scan", "--rules", fixture_rules()};
    all.insert(all.end(), args.begin(), args.end());
    RunOptions options;
    options.cwd = cwd;
    options.stdin_data = std::move(stdin_data);
    return run_hush(all, options);
}

// A project with findings in three files, one ignored file, one allowed line and a clean file.
inline void write_project(const TempDir& dir) {
    dir.write("app/settings.py", "DEBUG = False\nAPI_TOKEN = \"" + token_a + "\"\n");
    dir.write("config/db.yaml", "database:\n  url: hushdb://app:" + db_password + "@db.internal/app\n");
    dir.write("deploy/keys.env", "GH=" + checksummed + "\nOTHER=" + token_b + "  # hush:allow\n");
    dir.write("build/out.txt", token_a + "\n");
    dir.write(".hushignore", "build/\n");
    dir.write("README.md", "# demo\nNothing secret here.\n");
}

inline std::string mask_seconds(std::string text) {
    return mask(std::move(text), "\"seconds\": [0-9.e-]+", "\"seconds\": 0");
}

}  // namespace hush::test
