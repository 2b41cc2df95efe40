#include "tree.hpp"

#include <algorithm>
#include <chrono>

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

namespace {

struct ParseInput {
    std::string_view text;
    std::chrono::steady_clock::time_point deadline;
};

const char* read_input(void* payload, std::uint32_t byte, TSPoint, std::uint32_t* bytes_read) {
    auto* input = static_cast<ParseInput*>(payload);
    if (byte >= input->text.size()) {
        *bytes_read = 0;
        return "";
    }
    *bytes_read = static_cast<std::uint32_t>(input->text.size() - byte);
    return input->text.data() + byte;
}

// Pathological input must not stall a scan: past its time budget a parse is cancelled, and the
// file counts as unparsable (it is still scanned as text).
bool past_deadline(TSParseState* state) {
    return std::chrono::steady_clock::now() > static_cast<ParseInput*>(state->payload)->deadline;
}

}  // namespace

Tree parse(const TSLanguage* language, std::string_view text) {
    thread_local Parser parser(ts_parser_new());
    if (!parser || text.size() > UINT32_MAX) return nullptr;
    ts_parser_reset(parser.get());
    if (!ts_parser_set_language(parser.get(), language)) return nullptr;
    auto budget = std::chrono::seconds(2) + std::chrono::milliseconds(2 * text.size() / 1000);
    ParseInput input{text, std::chrono::steady_clock::now() + budget};
    TSInput source{};
    source.payload = &input;
    source.read = read_input;
    source.encoding = TSInputEncodingUTF8;
    TSParseOptions options{};
    options.payload = &input;
    options.progress_callback = past_deadline;
    return Tree(ts_parser_parse_with_options(parser.get(), nullptr, source, options));
}

Node Node::first_named_of(std::initializer_list<std::string_view> types) const {
    for (std::uint32_t i = 0, n = named_child_count(); i < n; ++i) {
        Node c = named_child(i);
        if (std::find(types.begin(), types.end(), c.type()) != types.end()) return c;
    }
    return {};
}

}  // namespace hush::syntax
