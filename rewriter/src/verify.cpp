// Verification of rewritten files: same document except the moved values; no new syntax errors.
#include <yaml-cpp/yaml.h>

#include "hush/yaml_documents.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "hush/rewriter.hpp"
#include "hush/tree_sitter_languages.h"

namespace hush {

namespace {

constexpr int max_depth = 256;

bool same_ignoring_spaces(std::string_view a, std::string_view b) {
    auto next = [](std::string_view s, std::size_t i) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        return i;
    };
    std::size_t i = next(a, 0), j = next(b, 0);
    while (i < a.size() && j < b.size()) {
        if (a[i] != b[j]) return false;
        i = next(a, i + 1);
        j = next(b, j + 1);
    }
    return i == a.size() && j == b.size();
}

// Every occurrence of a moved value replaced by its reference (longest value first at each place).
std::string substitute(std::string_view text, const std::vector<Replacement>& replacements) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const Replacement* best = nullptr;
        for (const auto& r : replacements) {
            if (!r.value.empty() && text.substr(i, r.value.size()) == r.value &&
                (best == nullptr || r.value.size() > best->value.size()))
                best = &r;
        }
        if (best != nullptr) {
            out += best->reference;
            i += best->value.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

// A scalar may change only by having moved values replaced with their references; a block
// scalar that held exactly one value may become that reference alone.
bool scalar_accepted(std::string_view before, std::string_view after, const std::vector<Replacement>& replacements) {
    if (before == after || after == substitute(before, replacements)) return true;
    return std::any_of(replacements.begin(), replacements.end(), [&](const Replacement& r) {
        return after == r.reference && same_ignoring_spaces(before, r.value);
    });
}

Error mismatch(const FileChange& change, const std::string& where) {
    return Error{ErrorCode::integrity,
                 "verification failed: " + where + " differs from the original beyond the replaced values", change.path,
                 0};
}

// ---- YAML ----

std::optional<std::string> compare_yaml(const YAML::Node& a, const YAML::Node& b, const std::vector<Replacement>& r,
                                        const std::string& where, int depth) {
    if (depth > max_depth) return where;
    if (a.Type() != b.Type()) return where;
    switch (a.Type()) {
        case YAML::NodeType::Scalar:
            if (a.Scalar() == b.Scalar()) return a.Tag() == b.Tag() ? std::nullopt : std::optional(where);
            return scalar_accepted(a.Scalar(), b.Scalar(), r) ? std::nullopt : std::optional(where);
        case YAML::NodeType::Sequence: {
            if (a.size() != b.size() || a.Tag() != b.Tag()) return where;
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (auto bad = compare_yaml(a[i], b[i], r, where + "[" + std::to_string(i) + "]", depth + 1))
                    return bad;
            }
            return std::nullopt;
        }
        case YAML::NodeType::Map: {
            if (a.size() != b.size() || a.Tag() != b.Tag()) return where;
            auto ia = a.begin();
            auto ib = b.begin();
            for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
                std::string key = ia->first.IsScalar() ? ia->first.Scalar() : "?";
                std::string here = where.empty() ? key : where + "." + key;
                if (auto bad = compare_yaml(ia->first, ib->first, r, here + " (key)", depth + 1)) return bad;
                if (auto bad = compare_yaml(ia->second, ib->second, r, here, depth + 1)) return bad;
            }
            return std::nullopt;
        }
        default:
            return std::nullopt;
    }
}

std::optional<std::vector<YAML::Node>> load_yaml(const std::string& text) {
    try {
        return load_yaml_documents(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// ---- JSON ----

std::optional<std::string> compare_json(const nlohmann::json& a, const nlohmann::json& b,
                                        const std::vector<Replacement>& r, const std::string& where, int depth) {
    if (depth > max_depth || a.type() != b.type()) return where;
    if (a.is_string()) {
        return scalar_accepted(a.get_ref<const std::string&>(), b.get_ref<const std::string&>(), r)
                   ? std::nullopt
                   : std::optional(where);
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return where;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (auto bad = compare_json(a[i], b[i], r, where + "[" + std::to_string(i) + "]", depth + 1)) return bad;
        }
        return std::nullopt;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) return where;
        for (auto it = a.begin(); it != a.end(); ++it) {
            std::string here = where.empty() ? it.key() : where + "." + it.key();
            if (!b.contains(it.key())) return here;
            if (auto bad = compare_json(it.value(), b.at(it.key()), r, here, depth + 1)) return bad;
        }
        return std::nullopt;
    }
    return a == b ? std::nullopt : std::optional(where);
}

std::optional<nlohmann::json> load_json(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false, true);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

// ---- tree-sitter ----

const TSLanguage* grammar_for(FileFormat format) {
    switch (format) {
        case FileFormat::python:
            return tree_sitter_python();
        case FileFormat::javascript:
            return tree_sitter_javascript();
        case FileFormat::typescript:
            return tree_sitter_typescript();
        case FileFormat::tsx:
            return tree_sitter_tsx();
        case FileFormat::go:
            return tree_sitter_go();
        case FileFormat::java:
            return tree_sitter_java();
        case FileFormat::ruby:
            return tree_sitter_ruby();
        case FileFormat::csharp:
            return tree_sitter_c_sharp();
        case FileFormat::php:
            return tree_sitter_php();
        case FileFormat::rust:
            return tree_sitter_rust();
        case FileFormat::shell:
        case FileFormat::dotenv:
            return tree_sitter_bash();
        case FileFormat::toml:
            return tree_sitter_toml();
        case FileFormat::hcl:
            return tree_sitter_hcl();
        case FileFormat::properties:
            return tree_sitter_properties();
        case FileFormat::yaml:
            return tree_sitter_yaml();
        case FileFormat::json:
            return tree_sitter_json();
        default:
            return nullptr;
    }
}

struct TreeDeleter {
    void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
struct ParserDeleter {
    void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};

// Number of ERROR and MISSING nodes; 0 quickly when the tree has none.
std::size_t syntax_errors(const TSLanguage* language, const std::string& text) {
    std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
    if (!ts_parser_set_language(parser.get(), language)) return 0;
    std::unique_ptr<TSTree, TreeDeleter> tree(
        ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
    if (!tree) return 0;
    TSNode root = ts_tree_root_node(tree.get());
    if (!ts_node_has_error(root)) return 0;
    std::size_t errors = 0;
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    for (bool more = true; more;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (ts_node_is_error(node) || ts_node_is_missing(node)) ++errors;
        if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) {
                more = false;
                break;
            }
        }
    }
    ts_tree_cursor_delete(&cursor);
    return errors;
}

Result<void> verify_syntax(const FileChange& change, FileFormat as) {
    const TSLanguage* language = grammar_for(as);
    if (language == nullptr) return {};
    std::size_t before = syntax_errors(language, change.original);
    std::size_t after = syntax_errors(language, change.updated);
    if (after > before)
        return fail(ErrorCode::integrity, "verification failed: the rewritten file has new syntax errors", change.path);
    return {};
}

Result<void> verify_yaml(const FileChange& change) {
    auto before = load_yaml(change.original);
    if (!before) return verify_syntax(change, FileFormat::yaml);  // not plain YAML (e.g. a template)
    auto after = load_yaml(change.updated);
    if (!after)
        return fail(ErrorCode::integrity, "verification failed: the rewritten file is not valid YAML", change.path);
    if (before->size() != after->size()) return std::unexpected(mismatch(change, "the number of documents"));
    for (std::size_t i = 0; i < before->size(); ++i) {
        if (auto bad = compare_yaml((*before)[i], (*after)[i], change.replacements, "", 0))
            return std::unexpected(mismatch(change, "document " + std::to_string(i + 1) + " at '" + *bad + "'"));
    }
    return {};
}

Result<void> verify_json(const FileChange& change) {
    auto before = load_json(change.original);
    if (!before) return verify_syntax(change, FileFormat::json);
    auto after = load_json(change.updated);
    if (!after)
        return fail(ErrorCode::integrity, "verification failed: the rewritten file is not valid JSON", change.path);
    if (auto bad = compare_json(*before, *after, change.replacements, "", 0))
        return std::unexpected(mismatch(change, "'" + *bad + "'"));
    return {};
}

}  // namespace

Result<void> verify_change(const FileChange& change) {
    try {
        switch (change.format) {
            case FileFormat::yaml:
                return verify_yaml(change);
            case FileFormat::json:
                return verify_json(change);
            default:
                return verify_syntax(change, change.format);
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::integrity, std::string("verification failed: ") + e.what(), change.path);
    }
}

}  // namespace hush
