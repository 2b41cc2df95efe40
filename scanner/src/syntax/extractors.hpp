#pragma once
// The extractor families behind extract_keyed_values(); each appends to the sink.
#include <string_view>

#include "support.hpp"
#include "tree.hpp"

namespace hush::syntax {

// Parses the sink's text with `grammar` and hands the root to `walk`; false if tree-sitter gave up
// or the tree has syntax errors (the walk still ran over what was recognised).
template <class Walk>
bool parse_and_walk(const TSLanguage* grammar, ValueSink& sink, Walk&& walk) {
    Tree tree = parse(grammar, sink.text(), sink.ranges());
    if (!tree) return false;
    Node root(ts_tree_root_node(tree.get()), sink.text());
    walk(root);
    return !root.has_error();
}

enum class CodeLanguage { python, javascript, go, java, ruby, csharp, php, bash, rust, json };

// Code and JSON through tree-sitter: assignments, object/dict/hash keys, keyword arguments,
// struct/field initialisers, class fields. Returns false if the file could not be parsed.
bool extract_code(CodeLanguage language, const TSLanguage* grammar, ValueSink& sink);
// YAML (tree-sitter): mappings, sequences, block scalars, k8s name/value env, compose KEY=value.
bool extract_yaml(ValueSink& sink);
bool extract_toml(ValueSink& sink);
bool extract_hcl(ValueSink& sink);
bool extract_properties(ValueSink& sink);
// Hand-written parsers (no grammar needed).
void extract_env(ValueSink& sink);
void extract_ini(ValueSink& sink);
void extract_dockerfile(ValueSink& sink);

}  // namespace hush::syntax
