// The $<secret.NAME> parser: references, escapes, every kind of malformed reference.
#include <catch2/catch.hpp>

#include <string>

#include "hush/resolver.hpp"

using hush::parse_references;

TEST_CASE("parser finds references with their spans", "[resolver][parser]") {
    std::string text = "a=$<secret.DB_PASSWORD> b=\"$<secret.API_KEY_2>\"";
    auto parsed = parse_references(text);
    REQUIRE(parsed.references.size() == 2);
    CHECK(parsed.malformed.empty());
    CHECK(parsed.references[0].name == "DB_PASSWORD");
    CHECK(parsed.references[0].span.of(text) == "$<secret.DB_PASSWORD>");
    CHECK(parsed.references[1].name == "API_KEY_2");
    CHECK(parsed.references[1].span.of(text) == "$<secret.API_KEY_2>");
}

TEST_CASE("parser ignores text without references and lone dollars", "[resolver][parser]") {
    for (std::string text : {"", "$", "$$", "price: $5", "${VAR} $(cmd) $<other.X>", "$<secre", "$<SECRET.X>"}) {
        CAPTURE(text);
        auto parsed = parse_references(text);
        CHECK(parsed.references.empty());
        CHECK(parsed.malformed.empty());
        CHECK(parsed.escapes.empty());
    }
}

TEST_CASE("an escaped reference is not a usage and not an error", "[resolver][parser]") {
    std::string text = "literal $$<secret.NAME> and $$<secret.lower> and real $<secret.REAL>";
    auto parsed = parse_references(text);
    REQUIRE(parsed.references.size() == 1);
    CHECK(parsed.references[0].name == "REAL");
    CHECK(parsed.malformed.empty());
    REQUIRE(parsed.escapes.size() == 2);
    CHECK(text.substr(parsed.escapes[0], 3) == "$$<");
}

TEST_CASE("three dollars are a dollar and an escape", "[resolver][parser]") {
    auto parsed = parse_references("$$$<secret.X>");
    CHECK(parsed.references.empty());
    REQUIRE(parsed.escapes.size() == 1);
    CHECK(parsed.escapes[0] == 1);
}

TEST_CASE("adjacent references are all found", "[resolver][parser]") {
    auto parsed = parse_references("$<secret.A>$<secret.B>$$<secret.C>$<secret.D>");
    REQUIRE(parsed.references.size() == 3);
    CHECK(parsed.references[0].name == "A");
    CHECK(parsed.references[1].name == "B");
    CHECK(parsed.references[2].name == "D");
    CHECK(parsed.escapes.size() == 1);
}

TEST_CASE("malformed references are errors with a reason", "[resolver][parser]") {
    struct Case {
        std::string text;
        std::string covered;  // the malformed span's text
        std::string reason;   // a fragment of the problem
    };
    std::string long_name(129, 'A');
    std::vector<Case> cases = {
        {"x $<secret.lower> y", "$<secret.lower>", "invalid secret name 'lower'"},
        {"x $<secret.> y", "$<secret.>", "empty secret name"},
        {"x $<secret.NAME y", "$<secret.NAME", "unclosed reference"},
        {"x $<secret.NAME", "$<secret.NAME", "unclosed reference"},
        {"$<secrets.X>", "$<secrets", "a '.' after '$<secret'"},
        {"$<secret>", "$<secret>", "a '.' after '$<secret'"},
        {"$<secret", "$<secret", "a '.' after '$<secret'"},
        {"$<secret.DB-PASS>", "$<secret.DB-PASS>", "invalid secret name 'DB-PASS'"},
        {"$<secret.A__B>", "$<secret.A__B>", "invalid secret name"},
        {"$<secret.TRAILING_>", "$<secret.TRAILING_>", "invalid secret name"},
        {"$<secret.9LIVES>", "$<secret.9LIVES>", "invalid secret name"},
        {"$<secret.A.B>", "$<secret.A.B>", "invalid secret name 'A.B'"},
        {"$<secret." + long_name + ">", "$<secret." + long_name + ">", "longer than 128 characters"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto parsed = parse_references(c.text);
        CHECK(parsed.references.empty());
        REQUIRE(parsed.malformed.size() == 1);
        CHECK(parsed.malformed[0].span.of(c.text) == c.covered);
        CHECK_THAT(parsed.malformed[0].problem, Catch::Contains(c.reason));
    }
}

TEST_CASE("a name of exactly 128 characters is valid", "[resolver][parser]") {
    std::string name = "A" + std::string(127, 'B');
    auto parsed = parse_references("$<secret." + name + ">");
    REQUIRE(parsed.references.size() == 1);
    CHECK(parsed.references[0].name == name);
}

TEST_CASE("an error message quotes at most a prefix of a huge name", "[resolver][parser]") {
    std::string text = "$<secret." + std::string(5000, 'a') + ">";
    auto parsed = parse_references(text);
    REQUIRE(parsed.malformed.size() == 1);
    CHECK(parsed.malformed[0].problem.size() < 200);
}

TEST_CASE("a malformed reference does not hide the next one", "[resolver][parser]") {
    auto parsed = parse_references("$<secret.bad $<secret.GOOD>");
    CHECK(parsed.malformed.size() == 1);
    REQUIRE(parsed.references.size() == 1);
    CHECK(parsed.references[0].name == "GOOD");
}

TEST_CASE("reference errors format as path:line:col", "[resolver][parser]") {
    hush::ReferenceError error{"k8s/app.yaml", {12, 7}, {0, 1}, "malformed reference: x"};
    CHECK(error.to_string() == "k8s/app.yaml:12:7: malformed reference: x");
}
