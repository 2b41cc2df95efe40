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

// How a language spells the multi-line tokens a region must not cut: Python's triple-quoted
// strings, the C family's block comments.
enum class MultiLineTokens { none, triple_quotes, block_comments };

// The byte ranges to parse so that the values on the lines of `lines_of_interest` keep their
// context, sorted and disjoint, each made of whole lines:
//   - every line touched by a span of `lines_of_interest`, and the lines indented deeper below
//     the first of them (a YAML block scalar, a multi-line literal of a value), up to a limit;
//   - going up, each line less indented than the last one taken (the headers of the enclosing
//     blocks: `DATABASES = {`, `class Settings:`, `spec:`), with the lines that close the
//     parentheses a header opens (a signature whose parameters run on);
//   - going down, each line less indented than the last one taken (the closing `}` and `]`);
//   - all the lines of a multi-line string or comment of which any line is taken: parsed from a
//     line in its middle, a docstring's YAML example would read as code, and half a string would
//     turn the rest into string. Tokens are found lexically (delimiters paired in order).
// Blank lines take no part in the indentation. Lines are those of '\n'.
[[nodiscard]] std::vector<Span> enclosing_ranges(std::string_view text, const std::vector<Span>& lines_of_interest,
                                                 MultiLineTokens tokens = MultiLineTokens::none);

// extract_syntax() over the enclosing_ranges() of `lines_of_interest` widened to their multi-line
// tokens, for programming languages; other formats are extracted whole. Values whose literal is
// not inside the parsed ranges are dropped; parse_error reports errors of the region parse.
[[nodiscard]] SyntaxExtraction extract_syntax_around(std::string_view path, std::string_view text,
                                                     const std::vector<Span>& lines_of_interest);

}  // namespace hush::syntax
