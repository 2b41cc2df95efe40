#include "tree.hpp"

#include <algorithm>

namespace hush::syntax {

namespace {
struct CursorPool {
    std::vector<TSTreeCursor> free;
    ~CursorPool() {
        for (auto& cursor : free) ts_tree_cursor_delete(&cursor);
    }
};
thread_local CursorPool t_cursors;
}  // namespace

TSTreeCursor acquire_cursor(TSNode node) {
    if (t_cursors.free.empty()) return ts_tree_cursor_new(node);
    TSTreeCursor cursor = t_cursors.free.back();
    t_cursors.free.pop_back();
    ts_tree_cursor_reset(&cursor, node);
    return cursor;
}

void release_cursor(TSTreeCursor& cursor) { t_cursors.free.push_back(cursor); }

Tree parse(const TSLanguage* language, std::string_view text) {
    thread_local Parser parser(ts_parser_new());
    if (!parser || text.size() > UINT32_MAX) return nullptr;
    ts_parser_reset(parser.get());
    if (!ts_parser_set_language(parser.get(), language)) return nullptr;
    return Tree(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<std::uint32_t>(text.size())));
}

Node Node::first_named_of(std::initializer_list<std::string_view> types) const {
    for (std::uint32_t i = 0, n = named_child_count(); i < n; ++i) {
        Node c = named_child(i);
        if (std::find(types.begin(), types.end(), c.type()) != types.end()) return c;
    }
    return {};
}

}  // namespace hush::syntax
