#pragma once
// Text utilities: UTF-8 decoding and the byte offset <-> line/column mapping.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hush {

// 1-based line and column. Columns count Unicode code points (SARIF "unicodeCodePoints"), so a
// column means the same thing in every editor; invalid UTF-8 bytes count one column each.
struct LineCol {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    friend constexpr bool operator==(LineCol, LineCol) = default;
    friend constexpr auto operator<=>(LineCol, LineCol) = default;
};

// Maps byte offsets of one buffer to lines/columns and back. Lines end at '\n'; a "\r\n" ending
// belongs to the line it ends. Build once per buffer: O(n) construction, O(log lines) lookup.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);

    // Line and column of `offset` (clamped to the buffer's size).
    [[nodiscard]] LineCol at(std::size_t offset) const;
    // Byte offset of a line/column; past-the-end values are clamped to the line's end or buffer end.
    [[nodiscard]] std::size_t offset_of(LineCol position) const;
    // Byte offset where 1-based `line` starts.
    [[nodiscard]] std::size_t line_start(std::uint32_t line) const;
    // The line's bytes without its terminator ("\n" or "\r\n").
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
    [[nodiscard]] std::uint32_t line_count() const { return static_cast<std::uint32_t>(m_starts.size()); }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

// Number of code points in `text` (invalid bytes count one each).
[[nodiscard]] std::size_t utf8_length(std::string_view text);
// Length in bytes of the UTF-8 sequence starting at text[0], 1 for an invalid lead byte.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text);
// True if `text` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text);
// Heuristic used by the walker: NUL bytes in the first 8 KiB make a file binary.
[[nodiscard]] bool looks_binary(std::string_view prefix);
// Shannon entropy in bits per byte.
[[nodiscard]] double shannon_entropy(std::string_view text);

}  // namespace hush
