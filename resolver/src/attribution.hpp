#pragma once
// Key paths and consumers of reference offsets, per file format. Internal to the resolver.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/resolver.hpp"

namespace hush::detail {

struct Attribution {
    std::string key_path;  // empty when unknown
    std::string consumer;  // "<kind>: <label>"; empty means "the file"
};

// Each function returns one Attribution per offset; `offsets` are ascending byte offsets of
// references in `text`. They never throw and fall back to empty attributions on bad input.
std::vector<Attribution> attribute_yaml(std::string_view path, std::string_view text,
                                        std::span<const std::size_t> offsets, const FileContext& context);
std::vector<Attribution> attribute_json(std::string_view text, std::span<const std::size_t> offsets);
std::vector<Attribution> attribute_terraform(std::string_view text, std::span<const std::size_t> offsets);
// dotenv and .properties: the key of the line ("KEY=value", "export KEY=value", "key: value").
std::vector<Attribution> attribute_key_value(std::string_view text, std::span<const std::size_t> offsets);

// The file name of a '/'-separated path.
std::string_view base_name(std::string_view path);

}  // namespace hush::detail
