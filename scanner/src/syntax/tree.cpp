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

// tree-sitter ranges for whole-line byte ranges: rows count the newlines before each boundary.
std::vector<TSRange> to_ts_ranges(std::string_view text, const std::vector<Span>& ranges) {
    std::vector<TSRange> out;
    std::uint32_t row = 0;
    std::size_t counted = 0;
    auto point_at = [&](std::size_t offset) {
        row += static_cast<std::uint32_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                                     text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        counted = offset;
        std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        line_start = offset == 0 || line_start == std::string_view::npos ? 0 : line_start + 1;
        return TSPoint{row, static_cast<std::uint32_t>(offset - line_start)};
    };
    for (Span range : ranges) {
        TSRange r{};
        r.start_point = point_at(range.begin);
        r.start_byte = static_cast<std::uint32_t>(range.begin);
        r.end_point = point_at(range.end);
        r.end_byte = static_cast<std::uint32_t>(range.end);
        out.push_back(r);
    }
    return out;
}

}  // namespace

Tree parse(const TSLanguage* language, std::string_view text, const std::vector<Span>& ranges) {
    thread_local Parser parser(ts_parser_new());
    if (!parser || text.size() > UINT32_MAX) return nullptr;
    ts_parser_reset(parser.get());
    if (!ts_parser_set_language(parser.get(), language)) return nullptr;
    auto included = to_ts_ranges(text, ranges);
    // An empty list means the whole text; it also clears the ranges of the previous file.
    if (!ts_parser_set_included_ranges(parser.get(), included.data(), static_cast<std::uint32_t>(included.size())))
        return nullptr;
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
