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

}  // namespace

std::vector<Span> enclosing_ranges(std::string_view text, const std::vector<Span>& lines_of_interest) {
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

    std::vector<Span> ranges;
    for (std::size_t i = 0; i < lines.count(); ++i) {
        if (!taken[i]) continue;
        Span line{lines.starts[i], lines.starts[i + 1]};
        if (!ranges.empty() && ranges.back().end == line.begin) ranges.back().end = line.end;
        else ranges.push_back(line);
    }
    return ranges;
}

namespace {

std::vector<std::size_t> positions_of(std::string_view text, std::string_view needle) {
    std::vector<std::size_t> out;
    for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size()))
        out.push_back(at);
    return out;
}

// The delimiters before `offset`: how many there are (an odd count means `offset` is inside).
std::size_t count_before(const std::vector<std::size_t>& positions, std::size_t offset) {
    return static_cast<std::size_t>(std::lower_bound(positions.begin(), positions.end(), offset) - positions.begin());
}

}  // namespace

std::vector<Span> widen_to_multiline_tokens(std::string_view text, std::vector<Span> places, MultiLineTokens tokens) {
    if (tokens == MultiLineTokens::none) return places;
    if (tokens == MultiLineTokens::triple_quotes) {
        for (std::string_view delimiter : {"\"\"\"", "'''"}) {
            auto at = positions_of(text, delimiter);
            if (at.empty()) continue;
            for (Span& place : places) {
                std::size_t before = count_before(at, place.begin);
                if (before % 2 == 0) continue;
                std::size_t close = before < at.size() ? at[before] + delimiter.size() : text.size();
                place = {std::min(place.begin, at[before - 1]), std::max(place.end, close)};
            }
        }
        return places;
    }
    auto opens = positions_of(text, "/*");
    auto closes = positions_of(text, "*/");
    for (Span& place : places) {
        std::size_t before = count_before(opens, place.begin);
        if (before == 0) continue;
        std::size_t open = opens[before - 1];
        auto close = std::lower_bound(closes.begin(), closes.end(), open + 2);
        if (close != closes.end() && *close + 2 <= place.begin) continue;  // closed before the place
        place = {open, std::max(place.end, close == closes.end() ? text.size() : *close + 2)};
    }
    return places;
}

}  // namespace hush::syntax
