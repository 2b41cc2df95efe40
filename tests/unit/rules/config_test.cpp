#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/config.hpp"

using namespace hush;

TEST_CASE("config: an empty file gives defaults", "[config]") {
    auto config = parse_config("", ".hush.yaml");
    REQUIRE(config);
    CHECK(config->vault == ".hush/vault.yaml");
    CHECK(config->scan.max_file_size == 10u * 1024 * 1024);
    CHECK(config->usage_roots == std::vector<std::string>{"."});
}

TEST_CASE("config: every section is read", "[config]") {
    auto config = parse_config(R"(vault: secrets/vault.yaml
rules:
  include: [my-rules]
  disable: [generic-password]
allow:
  paths: ["tests/**"]
  values: [not-a-secret]
  stopwords: [example]
usage_roots: [., ../infra]
scan:
  max_file_size: 2MiB
  exclude: ["*.min.js"]
migrate:
  prefix: APP_
  names:
    abc123: DB_PASSWORD
)", "/repo/.hush.yaml");
    REQUIRE(config);
    CHECK(config->vault == "secrets/vault.yaml");
    CHECK(config->rules.include == std::vector<std::string>{"my-rules"});
    CHECK(config->rules.disable == std::vector<std::string>{"generic-password"});
    CHECK(config->allow.paths == std::vector<std::string>{"tests/**"});
    CHECK(config->allow.values == std::vector<std::string>{"not-a-secret"});
    CHECK(config->allow.stopwords == std::vector<std::string>{"example"});
    CHECK(config->usage_roots == std::vector<std::string>{".", "../infra"});
    CHECK(config->scan.max_file_size == 2u * 1024 * 1024);
    CHECK(config->scan.exclude == std::vector<std::string>{"*.min.js"});
    CHECK(config->migrate.prefix == "APP_");
    CHECK(config->migrate.names.at("abc123") == "DB_PASSWORD");
    CHECK(config->root == "/repo");
}

TEST_CASE("config: unknown keys are errors with their line", "[config]") {
    auto top = parse_config("vault: v.yaml\nfrobnicate: 1\n", ".hush.yaml");
    REQUIRE_FALSE(top);
    CHECK(top.error().line == 2);
    CHECK(top.error().to_string().find(".hush.yaml:2: unknown key 'frobnicate'") == 0);

    auto nested = parse_config("scan:\n  max_file_size: 1k\n  exlude: []\n", ".hush.yaml");
    REQUIRE_FALSE(nested);
    CHECK(nested.error().line == 3);
    CHECK(nested.error().message.find("'exlude' in scan") != std::string::npos);
}

TEST_CASE("config: wrong types and bad YAML are errors", "[config]") {
    CHECK_FALSE(parse_config("allow: [a, b]\n", "c.yaml"));
    CHECK_FALSE(parse_config("usage_roots: {a: 1}\n", "c.yaml"));
    CHECK_FALSE(parse_config("scan:\n  max_file_size: huge\n", "c.yaml"));
    CHECK_FALSE(parse_config("- just\n- a list\n", "c.yaml"));
    auto bad = parse_config("vault: [unclosed\n", "c.yaml");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("invalid YAML") == 0);
    CHECK(bad.error().line >= 1);
}

TEST_CASE("config: parse_size", "[config]") {
    CHECK(parse_size("1024") == 1024u);
    CHECK(parse_size("10MiB") == 10u * 1024 * 1024);
    CHECK(parse_size("512 k") == 512u * 1024);
    CHECK(parse_size("1G") == 1024ull * 1024 * 1024);
    CHECK_FALSE(parse_size("").has_value());
    CHECK_FALSE(parse_size("MiB").has_value());
    CHECK_FALSE(parse_size("10 parsecs").has_value());
    CHECK_FALSE(parse_size("99999999999999999999999").has_value());
}

TEST_CASE("config: found upward from a subdirectory", "[config]") {
    hush::test::TempDir dir;
    dir.write(".hush.yaml", "vault: v.yaml\n");
    dir.write("a/b/c/file.txt", "x");
    auto found = find_config(dir.path() / "a/b/c");
    REQUIRE(found);
    CHECK(*found == dir.path() / ".hush.yaml");
    auto loaded = load_config(*found);
    REQUIRE(loaded);
    CHECK(loaded->vault == "v.yaml");
    CHECK_FALSE(load_config(dir.path() / "missing.yaml"));
}
