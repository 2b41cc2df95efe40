#include "regions.hpp"

#include <algorithm>
#include <cstring>

namespace hush::syntax {
namespace {

constexpr int blank = -1;
// Deeper-indented lines taken below a line of interest (a block scalar, a multi-line value).
constexpr std::size_t body_limit = 200;
// Lines a multi-line block header may take (its parameters, conditions).
constexpr std::size_t header_limit = 10;

struct Lines {
    std::vector<std::size_t> starts;  // starts.back() == text.size()
    std::vector<int> indent;          // blank for lines of white space only

    explicit Lines(std::string_view text) {
        std::size_t at = 0;
        while (at < text.size()) {
            starts.push_back(at);
            const void* newline = std::memchr(text.data() + at, '\n', text.size() - at);
            std::size_t end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1 : text.size();
            std::size_t first = at;
            while (first < end && (text[first] == ' ' || text[first] == '\t')) ++first;
            bool empty = first == end || text[first] == '\n' || text[first] == '\r';
            indent.push_back(empty ? blank : static_cast<int>(first - at));
            at = end;
        }
        starts.push_back(text.size());
    }

    [[nodiscard]] std::size_t count() const { return indent.size(); }
    [[nodiscard]] std::size_t line_of(std::size_t offset) const {
        return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
    }
};

constexpr std::size_t none = static_cast<std::size_t>(-1);

// For every line, the nearest non-blank line before it (or after it, with `before` false)
// that is less indented; `none` where there is none. One pass with a stack.
std::vector<std::size_t> nearest_less_indented(const Lines& lines, bool before) {
    std::vector<std::size_t> out(lines.count(), none);
    std::vector<std::size_t> stack;  // strictly increasing indentation, in visiting order
    auto visit = [&](std::size_t i) {
        if (lines.indent[i] == blank) return;
        while (!stack.empty() && lines.indent[stack.back()] >= lines.indent[i]) stack.pop_back();
        if (!stack.empty()) out[i] = stack.back();
        stack.push_back(i);
    };
    if (before) {
        for (std::size_t i = 0; i < lines.count(); ++i) visit(i);
    } else {
        for (std::size_t i = lines.count(); i-- > 0;) visit(i);
    }
    return out;
}

// The multi-line tokens of the text as [open, close) byte spans, paired in order: each opening
// delimiter with the next closing one (the same for quotes), the search going on after it.
std::vector<Span> multiline_tokens(std::string_view text, MultiLineTokens tokens) {
    std::vector<Span> out;
    if (tokens == MultiLineTokens::none) return out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t open = std::string_view::npos;
        std::string_view closing;
        if (tokens == MultiLineTokens::block_comments) {
            open = text.find("/*", at);
            closing = "*/";
        } else {
            std::size_t double_quotes = text.find("\"\"\"", at), single_quotes = text.find("'''", at);
            open = std::min(double_quotes, single_quotes);
            closing = open == double_quotes ? "\"\"\"" : "'''";
        }
        if (open == std::string_view::npos) break;
        std::size_t close = text.find(closing, open + 2 + (tokens == MultiLineTokens::triple_quotes));
        std::size_t end = close == std::string_view::npos ? text.size() : close + closing.size();
        out.push_back({open, end});
        at = end;
    }
    return out;
}

}  // namespace

std::vector<Span> enclosing_ranges(std::string_view text, const std::vector<Span>& lines_of_interest, MultiLineTokens tokens) {
    if (text.empty() || lines_of_interest.empty()) return {};
    Lines lines(text);
    auto parent = nearest_less_indented(lines, true);
    auto closer = nearest_less_indented(lines, false);
    std::vector<char> taken(lines.count(), 0);

    // A block header may run over several lines (a signature with its parameters on the next
    // one): take the lines that close the parentheses it opens.
    auto take_header = [&](std::size_t line) {
        int depth = 0;
        for (std::size_t at = line; at < lines.count() && at < line + header_limit; ++at) {
            taken[at] = 1;
            for (char c : text.substr(lines.starts[at], lines.starts[at + 1] - lines.starts[at])) {
                if (c == '(' || c == '[') ++depth;
                else if (c == ')' || c == ']') --depth;
            }
            if (depth <= 0) return;
        }
    };
    auto take_chain = [&](std::size_t line, const std::vector<std::size_t>& next, bool headers) {
        for (std::size_t at = next[line]; at != none; at = next[at]) {
            if (headers) take_header(at);
            else taken[at] = 1;
        }
    };
    for (Span span : lines_of_interest) {
        if (span.begin >= text.size()) continue;
        std::size_t first = lines.line_of(span.begin);
        std::size_t last = lines.line_of(std::min(text.size() - 1, span.end > span.begin ? span.end - 1 : span.begin));
        for (std::size_t i = first; i <= last; ++i) taken[i] = 1;
        std::size_t anchor = first;
        while (anchor <= last && lines.indent[anchor] == blank) ++anchor;
        if (anchor > last) continue;
        // The value's body: deeper-indented lines right below (a block scalar, a nested mapping).
        std::size_t body_end = last + 1;
        for (std::size_t taken_lines = 0;
             body_end < lines.count() && taken_lines < body_limit &&
             (lines.indent[body_end] == blank || lines.indent[body_end] > lines.indent[anchor]);
             ++body_end, ++taken_lines)
            taken[body_end] = 1;
        take_chain(anchor, parent, true);
        take_chain(anchor, closer, false);
    }

    // A string or comment is parsed whole or not at all: half of one would turn the rest of the
    // ranges into string, or the commented-out lines into code. Two passes let tokens that share
    // a line pull each other in.
    auto spans = multiline_tokens(text, tokens);
    auto take_whole_tokens = [&](auto begin, auto end) {
        for (auto token = begin; token != end; ++token) {
            std::size_t first = lines.line_of(token->begin), last = lines.line_of(token->end - 1);
            if (std::any_of(taken.begin() + static_cast<std::ptrdiff_t>(first), taken.begin() + static_cast<std::ptrdiff_t>(last) + 1,
                            [](char t) { return t != 0; }))
                std::fill(taken.begin() + static_cast<std::ptrdiff_t>(first), taken.begin() + static_cast<std::ptrdiff_t>(last) + 1, 1);
        }
    };
    take_whole_tokens(spans.begin(), spans.end());
    take_whole_tokens(spans.rbegin(), spans.rend());

    std::vector<Span> ranges;
    for (std::size_t i = 0; i < lines.count(); ++i) {
        if (!taken[i]) continue;
        Span line{lines.starts[i], lines.starts[i + 1]};
        if (!ranges.empty() && ranges.back().end == line.begin) ranges.back().end = line.end;
        else ranges.push_back(line);
    }
    return ranges;
}

}  // namespace hush::syntax
