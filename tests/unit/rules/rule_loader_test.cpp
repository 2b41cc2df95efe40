#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/rules.hpp"

using namespace hush;

namespace {

constexpr const char* good_rule = R"(rules:
  - id: demo-token
    name: Demo token
    kind: demo_token
    severity: high
    pattern: 'demo_(?P<secret>[a-z0-9]{16})'
    keywords: [demo_]
    entropy: 2.5
    validate: jwt
    examples: ['demo_abcdefgh12345678']
    negative_examples: ['demo_short']
)";

Error parse_error(const std::string& text) {
    auto rules = parse_rule_source({"rules/demo.yaml", text});
    REQUIRE_FALSE(rules);
    return rules.error();
}

std::string rule_with(const std::string& field_lines) {
    return "rules:\n  - id: demo-token\n    kind: demo_token\n    severity: high\n" + field_lines;
}

}  // namespace

TEST_CASE("rule loader: every field of a rule is read", "[rules][loader]") {
    auto rules = parse_rule_source({"rules/demo.yaml", good_rule});
    REQUIRE(rules);
    REQUIRE(rules->size() == 1);
    const auto& rule = rules->front();
    CHECK(rule.id == "demo-token");
    CHECK(rule.name == "Demo token");
    CHECK(rule.kind == "demo_token");
    CHECK(rule.severity == Severity::high);
    CHECK(rule.keywords == std::vector<std::string>{"demo_"});
    CHECK(rule.entropy == 2.5);
    CHECK(rule.validate == "jwt");
    CHECK(rule.examples.size() == 1);
    CHECK(rule.negative_examples.size() == 1);
    CHECK(rule.file == "rules/demo.yaml");
    CHECK(rule.line == 2);
    REQUIRE(rule.compiled);
    CHECK_FALSE(rule.compiled->problem());
    CHECK(rule.compiled->secret_group() == 1);
}

TEST_CASE("rule loader: the secret is the group named secret, else group 1", "[rules][loader]") {
    auto named = parse_rule_source({"r.yaml", rule_with("    pattern: '(key)=(?P<secret>[a-z]+)'\n")});
    REQUIRE(named);
    CHECK(named->front().compiled->secret_group() == 2);
    auto first = parse_rule_source({"r.yaml", rule_with("    pattern: 'key=([a-z]+)'\n")});
    REQUIRE(first);
    CHECK(first->front().compiled->secret_group() == 1);
}

TEST_CASE("rule loader: a generic section is accepted and left to its owner", "[rules][loader]") {
    auto rules = parse_rule_source({"rules/generic.yaml", "generic:\n  keys: [password, token]\n  anything: {x: 1}\nrules: []\n"});
    REQUIRE(rules);
    CHECK(rules->empty());
}

TEST_CASE("rule loader: errors name the file and line", "[rules][loader]") {
    struct Case {
        std::string text;
        std::uint32_t line;
        std::string message_part;
    };
    const Case cases[] = {
        {"rules:\n  - id: x\n    kind: [unclosed\n", 4, "bad YAML"},  // yaml-cpp notices at the end
        {rule_with("    pattern: 'demo_(?P<secret>[a-z'\n"), 5, "invalid pattern: missing ]"},
        {rule_with("    pattern: 'demo_[a-z]+'\n"), 5, "no capture group"},
        {rule_with("    pattern: 'demo_([a-z]+)'\n    colour: red\n"), 6, "unknown field 'colour'"},
        {"rules:\n  - id: demo-token\n    severity: high\n    pattern: '(x)'\n", 2, "missing required field 'kind'"},
        {"rules:\n  - kind: k\n    severity: high\n    pattern: '(x)'\n", 2, "missing required field 'id'"},
        {"rules:\n  - id: demo\n    kind: k\n    severity: high\n", 2, "missing required field 'pattern'"},
        {"rules:\n  - id: demo\n    kind: k\n    pattern: '(x)'\n", 2, "missing required field 'severity'"},
        {"rules:\n  - id: demo\n    kind: k\n    severity: urgent\n    pattern: '(x)'\n", 4, "bad severity 'urgent'"},
        {rule_with("    pattern: '(x)'\n    validate: luhn\n"), 6, "unknown validator 'luhn'"},
        {"rules:\n  - id: Demo_Token\n    kind: k\n    severity: high\n    pattern: '(x)'\n", 2, "not kebab-case"},
        {"rules:\n  - id: demo--token\n    kind: k\n    severity: high\n    pattern: '(x)'\n", 2, "not kebab-case"},
        {"ruels:\n  - id: demo\n", 1, "unknown top-level key 'ruels'"},
        {"rules: {id: x}\n", 1, "must be a list"},
        {rule_with("    pattern: '(x)'\n    entropy: high\n"), 6, "'entropy' must be a number"},
        {rule_with("    pattern: '(x)'\n    keywords: demo\n"), 6, "'keywords' must be a list"},
        {rule_with("    pattern: '(x)'\n    keywords: ['(?-i)\\b']\n"), 6, "a keyword must not be empty"},
        {rule_with("    pattern: '(x)'\n    keywords: ['\\b-key']\n"), 6, "needs a keyword that starts with a letter"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.text);
        auto error = parse_error(test.text);
        CHECK(error.path == "rules/demo.yaml");
        CHECK(error.line == test.line);
        CHECK_THAT(error.message, Catch::Contains(test.message_part));
        CHECK(error.code == ErrorCode::config);
    }
}

TEST_CASE("rule loader: a duplicate id names both places", "[rules][loader]") {
    auto set = load_rules({{"a.yaml", good_rule}, {"b.yaml", std::string("\n\n") + good_rule}});
    REQUIRE_FALSE(set);
    CHECK(set.error().path == "b.yaml");
    CHECK(set.error().line == 4);
    CHECK_THAT(set.error().message, Catch::Contains("duplicate rule id 'demo-token'") && Catch::Contains("a.yaml:2"));
}

TEST_CASE("rule loader: load_rules keeps the sources for the generic detector", "[rules][loader]") {
    auto set = load_rules({{"a.yaml", good_rule}, {"generic.yaml", "generic:\n  keys: [password]\n"}});
    REQUIRE(set);
    CHECK(set->rules.size() == 1);
    REQUIRE(set->sources.size() == 2);
    CHECK(set->sources[1].text.find("generic:") == 0);
}

TEST_CASE("rule loader: read_rule_dir reads *.yaml sorted and rejects a missing directory", "[rules][loader]") {
    hush::test::TempDir dir;
    dir.write("b.yaml", "rules: []\n");
    dir.write("a.yaml", "rules: []\n");
    dir.write("notes.txt", "not a rule file");
    auto sources = read_rule_dir(dir.path());
    REQUIRE(sources);
    REQUIRE(sources->size() == 2);
    CHECK(sources->front().path.ends_with("a.yaml"));
    auto missing = read_rule_dir(dir.path() / "nope");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().to_string(), Catch::Contains("nope: rule directory does not exist"));
}

TEST_CASE("rule loader: every built-in rule file loads", "[rules][loader]") {
    auto builtin = builtin_rule_sources();
    auto set = load_rules({builtin.begin(), builtin.end()});
    INFO((set ? std::string() : set.error().to_string()));
    CHECK(set);
}

TEST_CASE("rule loader: keyword prefixes narrow a case-insensitive literal", "[rules][loader]") {
    auto plain = hush::parse_keyword("Twilio");
    CHECK(plain.literal == "Twilio");
    CHECK_FALSE(plain.exact_case);
    CHECK_FALSE(plain.word_start);
    auto word = hush::parse_keyword("\\bhec");
    CHECK(word.literal == "hec");
    CHECK(word.word_start);
    CHECK_FALSE(word.exact_case);
    auto both = hush::parse_keyword("(?-i)\\bAC0");
    CHECK(both.literal == "AC0");
    CHECK(both.word_start);
    CHECK(both.exact_case);
    // Only in this order, and only at the start: anything else is part of the literal.
    CHECK(hush::parse_keyword("\\b(?-i)x").literal == "(?-i)x");
    CHECK(hush::parse_keyword("a\\b").literal == "a\\b");
}
