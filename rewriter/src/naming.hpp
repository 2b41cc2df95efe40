#pragma once
#include <string>
#include <string_view>

namespace hush {

// The last meaningful segments of a key path, UPPER_SNAKE_CASE; "" if none is meaningful.
[[nodiscard]] std::string name_from_key_path(std::string_view key_path);

}  // namespace hush
