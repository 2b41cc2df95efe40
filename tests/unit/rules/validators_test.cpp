#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/rules.hpp"

using namespace hush;

namespace {
bool valid(std::string_view validator, std::string_view value) {
    return run_validator(validator, value) == Validation::valid;
}
std::string fixture(const std::string& name) {
    return hush::test::read_file(std::string(HUSH_FIXTURES_DIR) + "/keys/" + name);
}
}  // namespace

TEST_CASE("validators: every name is known and an unknown one is unchecked", "[rules][validators]") {
    CHECK(validator_names().size() == 9);
    for (auto name : validator_names()) CHECK(is_known_validator(name));
    CHECK_FALSE(is_known_validator("luhn"));
    CHECK(run_validator("luhn", "4111111111111111") == Validation::unchecked);
}

TEST_CASE("validators: github-checksum", "[rules][validators]") {
    CHECK(valid("github-checksum", "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"));
    CHECK(valid("github-checksum", "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"));
    CHECK_FALSE(valid("github-checksum", "ghp_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgP"));  // checksum off by one
    CHECK_FALSE(valid("github-checksum", "ghp_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNg"));   // too short
    CHECK_FALSE(valid("github-checksum", "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"));  // not a GitHub prefix
}

TEST_CASE("validators: npm-checksum", "[rules][validators]") {
    CHECK(valid("npm-checksum", "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"));
    CHECK_FALSE(valid("npm-checksum", "npm_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G52yhNgo"));
    CHECK_FALSE(valid("npm-checksum", "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"));
}

TEST_CASE("validators: cloudflare-checksum", "[rules][validators]") {
    CHECK(valid("cloudflare-checksum", "cfk_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0dd67e184"));
    CHECK_FALSE(valid("cloudflare-checksum", "cfk_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0dd67e185"));
    CHECK_FALSE(valid("cloudflare-checksum", "cfk_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0DD67E184"));  // upper-case hex
}

TEST_CASE("validators: jwt", "[rules][validators]") {
    // {"alg":"HS256","typ":"JWT"} . {"sub":"1234567890","name":"Demo"} . signature
    const std::string header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    const std::string payload = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkRlbW8ifQ";
    const std::string signature = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    CHECK(valid("jwt", header + "." + payload + "." + signature));
    CHECK_FALSE(valid("jwt", header + "." + payload));                       // two parts
    CHECK_FALSE(valid("jwt", "eyJ0eXAiOiJKV1QifQ." + payload + "." + signature));  // {"typ":"JWT"}: no alg
    CHECK_FALSE(valid("jwt", header + ".bm90IGpzb24." + signature));           // payload "not json"
    CHECK_FALSE(valid("jwt", header + "." + payload + ".sig+nature"));       // not base64url
}

TEST_CASE("validators: pem-private-key", "[rules][validators]") {
    CHECK(valid("pem-private-key", fixture("ec-pkcs8.pem")));
    CHECK(valid("pem-private-key", fixture("ec-sec1.pem")));
    CHECK(valid("pem-private-key", fixture("openssh-ed25519.key")));
    auto truncated = fixture("ec-pkcs8.pem");
    truncated.erase(truncated.size() / 2, 20);
    CHECK_FALSE(valid("pem-private-key", truncated));
    CHECK_FALSE(valid("pem-private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAxxxx...\n-----END RSA PRIVATE KEY-----\n"));
    CHECK_FALSE(valid("pem-private-key",
                      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n"));
}

TEST_CASE("validators: aws-key-id", "[rules][validators]") {
    CHECK(valid("aws-key-id", "AKIAQYLPMN5HHHFPZAM2"));
    CHECK(valid("aws-key-id", "ASIAY34FZKBOKMUTVV7A"));
    CHECK_FALSE(valid("aws-key-id", "AKIA1234567890123456"));  // 0, 1, 8, 9 are not base32
    CHECK_FALSE(valid("aws-key-id", "AKZAQYLPMN5HHHFPZAM2"));  // unknown prefix
    CHECK_FALSE(valid("aws-key-id", "AKIAQYLPMN5HHHFPZAM"));   // 19 characters
}

TEST_CASE("validators: pypi-macaroon", "[rules][validators]") {
    CHECK(valid("pypi-macaroon",
                "pypi-AgEIcHlwaS5vcmcCJDU4ZWM0ZGFmLTFkNGQtNDk1My04MDkzLTZkYjU0NjBlNzRhNAACKlsz"));
    CHECK(valid("pypi-macaroon",
                "pypi-AgENdGVzdC5weXBpLm9yZwIkZDk1YmRjNWQtNjUxYy00ZjQxLWE4ZDMtNmE1YmFjNjcxNmJh"));  // test.pypi.org
    CHECK_FALSE(valid("pypi-macaroon", "pypi-AgEIcHlw"));
    CHECK_FALSE(valid("pypi-macaroon",
                      "pypi-QWxsIHRoZSB3b3JsZCdzIGEgc3RhZ2UsIGFuZCBhbGwgdGhlIG1lbiBhbmQgd29tZW4gbWVyZWx5"));
}

TEST_CASE("validators: openai-key", "[rules][validators]") {
    CHECK(valid("openai-key", "sk-abcdefghij1234567890T3BlbkFJabcdefghij1234567890"));
    CHECK(valid("openai-key", "sk-proj-" + std::string(74, 'a') + "T3BlbkFJ" + std::string(74, 'b')));
    CHECK(valid("openai-key", "sk-svcacct-" + std::string(120, 'Q')));
    CHECK_FALSE(valid("openai-key", "sk-proj-short"));
    CHECK_FALSE(valid("openai-key", "sk-abcdefghij1234567890abcdefghij1234567890abcdefgh"));  // no marker
}

TEST_CASE("validators: anthropic-key", "[rules][validators]") {
    const std::string body(93, 'x');
    CHECK(valid("anthropic-key", "sk-ant-api03-" + body + "AA"));
    CHECK(valid("anthropic-key", "sk-ant-admin01-" + body + "AA"));
    CHECK_FALSE(valid("anthropic-key", "sk-ant-api03-" + body + "AB"));
    CHECK_FALSE(valid("anthropic-key", "sk-ant-api03-" + std::string(92, 'x') + "AA"));
    CHECK_FALSE(valid("anthropic-key", "sk-ant-api02-" + body + "AA"));
}
