#pragma once
// RAII over the tree-sitter C API and small node helpers. One parser per thread is reused for
// every file (creating a parser allocates; switching its language is cheap).
#include <memory>
#include <vector>
#include <string_view>

#include "hush/core/span.hpp"
#include "hush/tree_sitter_languages.h"

namespace hush::syntax {

struct TreeDeleter {
    void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

struct ParserDeleter {
    void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};
using Parser = std::unique_ptr<TSParser, ParserDeleter>;

// Cursors are reused per thread: creating one allocates, and the walkers iterate the children of
// every node.
[[nodiscard]] TSTreeCursor acquire_cursor(TSNode node);
void release_cursor(TSTreeCursor& cursor);

// Parses `text` with this thread's parser; null if tree-sitter gives up (it never throws). With
// `ranges` (sorted, disjoint, whole lines), only those bytes are parsed; offsets stay the file's.
[[nodiscard]] Tree parse(const TSLanguage* language, std::string_view text, const std::vector<Span>& ranges = {});

// Views of one node inside the text it was parsed from.
class Node {
public:
    Node() : m_node{} {}
    Node(TSNode node, std::string_view text) : m_node(node), m_text(text) {}

    [[nodiscard]] bool null() const { return ts_node_is_null(m_node); }
    explicit operator bool() const { return !null(); }
    [[nodiscard]] std::string_view type() const { return null() ? std::string_view{} : ts_node_type(m_node); }
    [[nodiscard]] bool is(std::string_view type_name) const { return type() == type_name; }
    [[nodiscard]] bool named() const { return ts_node_is_named(m_node); }
    [[nodiscard]] Span span() const { return {ts_node_start_byte(m_node), ts_node_end_byte(m_node)}; }
    [[nodiscard]] std::string_view text() const { return span().of(m_text); }
    [[nodiscard]] std::string_view source() const { return m_text; }
    [[nodiscard]] std::uint32_t child_count() const { return ts_node_child_count(m_node); }
    [[nodiscard]] std::uint32_t named_child_count() const { return ts_node_named_child_count(m_node); }
    [[nodiscard]] Node child(std::uint32_t i) const { return {ts_node_child(m_node, i), m_text}; }
    [[nodiscard]] Node named_child(std::uint32_t i) const { return {ts_node_named_child(m_node, i), m_text}; }
    [[nodiscard]] Node field(std::string_view name) const {
        return {ts_node_child_by_field_name(m_node, name.data(), static_cast<std::uint32_t>(name.size())), m_text};
    }
    [[nodiscard]] Node parent() const { return {ts_node_parent(m_node), m_text}; }
    [[nodiscard]] bool has_error() const { return ts_node_has_error(m_node); }
    // First named child of one of the given types, else a null node.
    [[nodiscard]] Node first_named_of(std::initializer_list<std::string_view> types) const;
    [[nodiscard]] const TSNode& raw() const { return m_node; }

    // Calls f(child, field_name) for every child in order (field_name may be null). A cursor walk:
    // indexed child access would make wide nodes (big arrays) quadratic.
    template <class F>
    void each_child(F&& f) const {
        if (null()) return;
        TSTreeCursor cursor = acquire_cursor(m_node);
        if (ts_tree_cursor_goto_first_child(&cursor)) {
            do {
                f(Node(ts_tree_cursor_current_node(&cursor), m_text), ts_tree_cursor_current_field_name(&cursor));
            } while (ts_tree_cursor_goto_next_sibling(&cursor));
        }
        release_cursor(cursor);
    }
    template <class F>
    void each_named_child(F&& f) const {
        each_child([&](Node child, const char*) {
            if (child.named()) f(child);
        });
    }

private:
    TSNode m_node;
    std::string_view m_text;
};

}  // namespace hush::syntax
