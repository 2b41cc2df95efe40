#pragma once
// Shared by the syntax tests: fixture loading and the golden rendering of KeyedValues.
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner.hpp"

namespace hush::test {

// One line per value: `line:col key_path = <value_span text>`, then ` => <value>` when unescaping
// changed it and ` [not literal]` for interpolated strings. Newlines are shown as \n.
std::string render_keyed_values(std::string_view text, const std::vector<KeyedValue>& values);
// Checks the invariants every extractor must keep (spans inside the text, literal contains value).
void check_spans(std::string_view text, const std::vector<KeyedValue>& values);
std::string fixture(std::string_view name);

}  // namespace hush::test
