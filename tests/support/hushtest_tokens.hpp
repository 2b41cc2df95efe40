#pragma once
// Values of the made-up rules in tests/fixtures/rules/basic/hushtest.yaml, shared by the scanner
// unit tests and the scan e2e tests. No real provider uses these formats, so the built-in rules
// never match them.
#include <string>

namespace hush::test {

inline const std::string token_a = "hushtest_q8v3k1m9z2x7c4b6n5p0w8r1";
inline const std::string token_b = "hushtest_a9s8d7f6g5h4j3k2l1z0x9c8";
inline const std::string checksummed = "ghx_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgO";
inline const std::string bad_checksum = "ghx_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgP";
inline const std::string db_password = "S3cr3tPa55w0rd";

inline std::string fixture_rules_dir() { return std::string(HUSH_FIXTURES_DIR) + "/rules/basic"; }

}  // namespace hush::test
