// Unified diffs of planned changes, computed from the edits (lines outside them are identical).
#include <algorithm>

#include "hush/rewriter.hpp"

namespace hush {

namespace {

constexpr std::string_view ellipsis = "\xE2\x80\xA6";

// Start offsets of the lines of `text`; a final '\n' does not open another line.
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts;
    if (text.empty()) return starts;
    starts.push_back(0);
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '\n') starts.push_back(i + 1);
    }
    return starts;
}

std::size_t line_of(const std::vector<std::size_t>& starts, std::size_t offset) {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return static_cast<std::size_t>(it - starts.begin()) - 1;  // 0-based
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        auto newline = text.find('\n', start);
        std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
        lines.push_back(text.substr(start, end - start));
        start = end;
    }
    return lines;
}

// A run of original lines [first, last] (0-based) replaced by `updated` lines.
struct Block {
    std::size_t first;
    std::size_t last;
    std::vector<std::string_view> old_lines;
    std::vector<std::string> new_lines;
};

class ChangeView {
public:
    ChangeView(const FileChange& change, const DiffOptions& options)
        : m_change(change), m_options(options), m_starts(line_starts(change.original)) {}

    std::string render() const {
        auto blocks = make_blocks();
        if (blocks.empty()) return {};
        std::string out = "--- a/" + m_change.path + "\n+++ b/" + m_change.path + "\n";
        long delta = 0;  // new line number - old line number before the current hunk
        for (std::size_t i = 0; i < blocks.size();) {
            std::size_t j = i;
            while (j + 1 < blocks.size() &&
                   blocks[j + 1].first - blocks[j].last - 1 <= static_cast<std::size_t>(2 * m_options.context))
                ++j;
            out += render_hunk(blocks, i, j, delta);
            for (std::size_t k = i; k <= j; ++k)
                delta += static_cast<long>(blocks[k].new_lines.size()) - static_cast<long>(blocks[k].old_lines.size());
            i = j + 1;
        }
        return out;
    }

private:
    std::string_view line(std::size_t index) const {
        std::size_t begin = m_starts[index];
        std::size_t end = index + 1 < m_starts.size() ? m_starts[index + 1] : m_change.original.size();
        return std::string_view(m_change.original).substr(begin, end - begin);
    }

    std::vector<Block> make_blocks() const {
        std::vector<Block> blocks;
        for (const auto& edit : m_change.edits) {
            std::size_t first = line_of(m_starts, edit.span.begin);
            std::size_t last = line_of(m_starts, edit.span.empty() ? edit.span.begin : edit.span.end - 1);
            if (!blocks.empty() && first <= blocks.back().last + 1) {  // adjacent lines: one -/+ run
                blocks.back().last = std::max(blocks.back().last, last);
            } else {
                blocks.push_back(Block{first, last, {}, {}});
            }
        }
        for (auto& block : blocks) {
            std::size_t begin = m_starts[block.first];
            std::size_t end = block.last + 1 < m_starts.size() ? m_starts[block.last + 1] : m_change.original.size();
            std::string updated;
            std::size_t copied = begin;
            for (const auto& edit : m_change.edits) {
                if (edit.span.begin < begin || edit.span.begin >= end) continue;
                updated.append(m_change.original, copied, edit.span.begin - copied);
                updated += edit.replacement;
                copied = edit.span.end;
            }
            updated.append(m_change.original, copied, end - copied);
            for (std::size_t k = block.first; k <= block.last; ++k) block.old_lines.push_back(line(k));
            for (auto piece : split_lines(updated)) block.new_lines.emplace_back(piece);
        }
        return blocks;
    }

    // The line as shown on a '-' line: secret bytes masked (first characters, then "…").
    std::string masked(std::size_t index) const {
        std::string_view text = line(index);
        if (!m_options.redact) return std::string(text);
        std::string_view ending = text.ends_with("\r\n") ? "\r\n" : text.ends_with('\n') ? "\n" : "";
        text.remove_suffix(ending.size());
        std::size_t begin = m_starts[index];
        std::string out;
        for (std::size_t i = 0; i < text.size();) {
            std::size_t at = begin + i;
            auto span = std::find_if(m_change.secret_spans.begin(), m_change.secret_spans.end(),
                                     [&](Span s) { return s.contains(at); });
            if (span == m_change.secret_spans.end()) {
                out += text[i++];
                continue;
            }
            out += at == span->begin ? redact(span->of(m_change.original)) : std::string(ellipsis);
            i = std::min(span->end, begin + text.size()) - begin;
        }
        return out + std::string(ending);
    }

    static void add_line(std::string& out, char marker, std::string_view text) {
        bool newline = text.ends_with('\n');
        if (newline) text.remove_suffix(1);
        if (text.ends_with('\r')) text.remove_suffix(1);
        out += marker;
        out += text;
        out += '\n';
        if (!newline) out += "\\ No newline at end of file\n";
    }

    std::string render_hunk(const std::vector<Block>& blocks, std::size_t i, std::size_t j, long delta) const {
        auto context = static_cast<std::size_t>(m_options.context);
        std::size_t from = blocks[i].first >= context ? blocks[i].first - context : 0;
        std::size_t to = std::min(m_starts.size() - 1, blocks[j].last + context);
        std::string body;
        std::size_t old_count = 0, new_count = 0;
        std::size_t k = from;
        for (std::size_t b = i; b <= j; ++b) {
            for (; k < blocks[b].first; ++k, ++old_count, ++new_count) add_line(body, ' ', line(k));
            for (std::size_t m = blocks[b].first; m <= blocks[b].last; ++m, ++old_count) add_line(body, '-', masked(m));
            for (const auto& added : blocks[b].new_lines) {
                add_line(body, '+', added);
                ++new_count;
            }
            k = blocks[b].last + 1;
        }
        for (; k <= to; ++k, ++old_count, ++new_count) add_line(body, ' ', line(k));
        long old_start = static_cast<long>(from) + 1;
        long new_start = old_start + delta;
        if (new_count == 0) --new_start;
        return "@@ -" + std::to_string(old_start) + "," + std::to_string(old_count) + " +" + std::to_string(new_start) +
               "," + std::to_string(new_count) + " @@\n" + body;
    }

    const FileChange& m_change;
    const DiffOptions& m_options;
    std::vector<std::size_t> m_starts;
};

}  // namespace

std::string render_diff(const std::vector<FileChange>& changes, const DiffOptions& options) {
    std::string out;
    for (const auto& change : changes) out += ChangeView(change, options).render();
    return out;
}

}  // namespace hush
