#pragma once
// Filters that decide whether a matched value is a finding: placeholders and obvious dummies,
// inline `hush:allow`, and the `allow:` section of .hush.yaml.
#include <string>
#include <string_view>

#include "hush/config.hpp"

namespace hush::scan {

// True for values that are never secrets: template and reference syntax (`${VAR}`, `{{ var }}`,
// `$<secret.NAME>`, `<your-key>`), environment lookups, placeholder words (changeme, example,
// xxxx, ...), counting runs (1234..., abcdef...), long runs of one character, and values with
// very few distinct characters.
[[nodiscard]] bool is_placeholder(std::string_view value);

// True if the line holding [begin, end) of `text` (any line the span touches) says hush:allow.
[[nodiscard]] bool allowed_inline(std::string_view text, std::size_t begin, std::size_t end);

// `allow.values` (exact) and `allow.stopwords` (case-insensitive substring) of .hush.yaml.
[[nodiscard]] bool allowed_by_config(const AllowConfig& allow, std::string_view value);

}  // namespace hush::scan
