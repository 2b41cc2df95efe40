#pragma once
// Byte spans: offsets into a file's bytes. Everything inside hush works on byte offsets; lines and
// columns exist only for display (see text.hpp).
#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>

namespace hush {

// Half-open byte range [begin, end) into one buffer.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;

    [[nodiscard]] constexpr std::size_t size() const { return end - begin; }
    [[nodiscard]] constexpr bool empty() const { return end <= begin; }
    [[nodiscard]] constexpr bool contains(std::size_t offset) const { return offset >= begin && offset < end; }
    [[nodiscard]] constexpr bool overlaps(Span other) const { return begin < other.end && other.begin < end; }
    // The bytes of `text` this span covers; the span must lie inside text.
    [[nodiscard]] std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }

    friend constexpr bool operator==(Span, Span) = default;
    friend constexpr auto operator<=>(Span, Span) = default;
};

// True if `span` overlaps one of `ranges` (sorted, disjoint); an empty span counts as the byte at
// its offset.
[[nodiscard]] inline bool overlaps_any(Span span, std::span<const Span> ranges) {
    auto after = std::upper_bound(ranges.begin(), ranges.end(), span.begin,
                                  [](std::size_t offset, Span range) { return offset < range.end; });
    return after != ranges.end() && after->begin < std::max(span.end, span.begin + 1);
}

}  // namespace hush
