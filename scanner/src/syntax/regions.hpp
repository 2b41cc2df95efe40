#pragma once
// Parsing a region of a big file instead of all of it. The syntax context of a value needs the
// value's own lines and the blocks that enclose it, not the rest of the file: tree-sitter parses
// only "included ranges" and keeps every byte offset of the file, so key paths and spans come
// out as in a whole-file parse.
#include <string_view>
#include <vector>

#include "hush/core/span.hpp"
#include "hush/scanner.hpp"

namespace hush::syntax {

// The byte ranges to parse so that the values on the lines of `lines_of_interest` keep their
// context, sorted and disjoint, each made of whole lines:
//   - every line touched by a span of `lines_of_interest`, and the lines indented deeper below
//     the first of them (a YAML block scalar, a multi-line literal of a value), up to a limit;
//   - going up, each line less indented than the last one taken (the headers of the enclosing
//     blocks: `DATABASES = {`, `class Settings:`, `spec:`);
//   - going down, each line less indented than the last one taken (the closing `}` and `]`).
// Blank lines take no part in the indentation. Lines are those of '\n'.
[[nodiscard]] std::vector<Span> enclosing_ranges(std::string_view text, const std::vector<Span>& lines_of_interest);

// How a language spells the multi-line tokens a region must not cut: Python's triple-quoted
// strings, the C family's block comments.
enum class MultiLineTokens { none, triple_quotes, block_comments };

// `places` widened so that one inside a multi-line string or comment covers all of it: parsed
// from a line in its middle, a docstring's YAML example or a commented-out line would read as
// code. Found lexically (delimiter parity, the last unclosed /*), which is what regions allow.
[[nodiscard]] std::vector<Span> widen_to_multiline_tokens(std::string_view text, std::vector<Span> places, MultiLineTokens tokens);

// extract_syntax() over the enclosing_ranges() of `lines_of_interest` widened to their multi-line
// tokens, for programming languages; other formats are extracted whole. Values whose literal is
// not inside the parsed ranges are dropped; parse_error reports errors of the region parse.
[[nodiscard]] SyntaxExtraction extract_syntax_around(std::string_view path, std::string_view text,
                                                     const std::vector<Span>& lines_of_interest);

}  // namespace hush::syntax
