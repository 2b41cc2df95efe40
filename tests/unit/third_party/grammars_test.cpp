// Smoke test: every grammar compiled into hush_treesitter loads into the 0.25 runtime and parses a
// representative sample without error nodes.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>

#include "hush/tree_sitter_languages.h"

namespace {

struct Sample {
    const char* name;
    const TSLanguage* (*language)();
    const char* source;
};

const Sample samples[] = {
    {"python", tree_sitter_python, "API_KEY = 'abc'\ndef f(x):\n    return x\n"},
    {"javascript", tree_sitter_javascript, "const key = 'abc';\nfunction f(x) { return `${x}`; }\n"},
    {"typescript", tree_sitter_typescript, "const key: string = 'abc';\ninterface A { b: number }\n"},
    {"tsx", tree_sitter_tsx, "const App = () => <div title=\"x\">hi</div>;\n"},
    {"go", tree_sitter_go, "package main\n\nconst key = \"abc\"\n\nfunc main() {}\n"},
    {"java", tree_sitter_java, "class A { static final String KEY = \"abc\"; }\n"},
    {"ruby", tree_sitter_ruby, "KEY = 'abc'\ndef f(x) = x\nconfig = { token: \"t\" }\n"},
    {"c_sharp", tree_sitter_c_sharp, "class A { const string Key = \"abc\"; }\n"},
    {"php", tree_sitter_php, "<?php\n$key = 'abc';\n$config = ['token' => \"t\"];\n"},
    {"bash", tree_sitter_bash, "export TOKEN=\"abc\"\ncurl -H \"x: $TOKEN\" https://example.com\n"},
    {"json", tree_sitter_json, "{\"a\": {\"token\": \"abc\"}, \"b\": [1, 2, true, null]}\n"},
    {"rust", tree_sitter_rust, "const KEY: &str = \"abc\";\nfn main() { let x = r#\"raw\"#; }\n"},
    {"yaml", tree_sitter_yaml, "a:\n  token: abc\n  list:\n    - x\n    - |\n      block\n---\nb: 1\n"},
    {"toml", tree_sitter_toml, "[server]\ntoken = \"abc\"\nport = 8080\n"},
    {"hcl", tree_sitter_hcl, "resource \"aws_db_instance\" \"db\" {\n  password = \"abc\"\n}\n"},
    {"properties", tree_sitter_properties, "db.password=abc\nserver.port = 8080\n"},
};

}  // namespace

TEST_CASE("every tree-sitter grammar loads and parses its sample cleanly", "[third_party]") {
    for (const auto& sample : samples) {
        INFO(sample.name);
        const TSLanguage* language = sample.language();
        REQUIRE(language != nullptr);
        CHECK(ts_language_abi_version(language) >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION);
        std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), ts_parser_delete);
        REQUIRE(ts_parser_set_language(parser.get(), language));
        std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
            ts_parser_parse_string(parser.get(), nullptr, sample.source, static_cast<uint32_t>(std::strlen(sample.source))),
            ts_tree_delete);
        REQUIRE(tree);
        TSNode root = ts_tree_root_node(tree.get());
        CHECK_FALSE(ts_node_has_error(root));
        CHECK(ts_node_child_count(root) > 0);
    }
}
