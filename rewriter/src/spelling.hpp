#pragma once
#include <string>
#include <string_view>

namespace hush {

// True if `source` (the bytes a finding's span covers) spells `secret`: equal, or equal once
// escapes are decoded and whitespace, indentation and string-concatenation glue are ignored.
// A sanity check that the file still holds the secret where the scan found it.
[[nodiscard]] bool spells_secret(std::string_view source, std::string_view secret);

}  // namespace hush
