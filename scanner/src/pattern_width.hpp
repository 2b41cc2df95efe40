#pragma once
// The longest text an RE2 pattern can match, so that the matcher runs a rule only over the bytes
// around a keyword that one match could cover instead of a fixed 8 KiB window.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hush::scan {

// The most bytes a match of `pattern` can span in UTF-8 text, or nullopt when there is no bound
// (*, +, {n,}) or the pattern uses syntax this reader does not know: then the caller must assume
// any length. An ASCII character or class counts one byte (three under (?i), for the Unicode case
// variants of letters), '.', a negated class and anything beyond ASCII four. Zero-width
// assertions (^ $ \b \A \z) count 0. The pattern is RE2 syntax; an invalid one gets nullopt or a
// harmless bound (RE2 itself refuses to compile it).
[[nodiscard]] std::optional<std::size_t> longest_match_bytes(std::string_view pattern);

// The same bound in code points: every character, class, '.' or escape counts one; in text that
// is all ASCII, the bound in bytes. nullopt also for \C, which can match a single byte anywhere.
[[nodiscard]] std::optional<std::size_t> longest_match_code_points(std::string_view pattern);

// Capturing group `number` (1-based, RE2's numbering) of `pattern` as a pattern of its own, with
// the flags (i, m, s) in effect where the group starts. Every match of `pattern` that sets the
// group holds a match of it, searched in the same text; so a window where it finds nothing cannot
// yield that group. nullopt when the reader does not know the syntax or there is no such group.
[[nodiscard]] std::optional<std::string> capture_group_pattern(std::string_view pattern, int number);

}  // namespace hush::scan
