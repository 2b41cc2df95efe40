#pragma once
// Vault secret names: UPPER_SNAKE_CASE, shared by the vault, the rewriter and the resolver.
#include <cstddef>
#include <string_view>

namespace hush {

inline constexpr std::size_t max_secret_name_length = 128;

// True if `name` is [A-Z][A-Z0-9_]* , at most max_secret_name_length bytes, and does not end
// with '_' or hold "__".
[[nodiscard]] constexpr bool is_valid_secret_name(std::string_view name) {
    if (name.empty() || name.size() > max_secret_name_length) return false;
    if (name.front() < 'A' || name.front() > 'Z') return false;
    if (name.back() == '_') return false;
    char previous = 0;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok || (c == '_' && previous == '_')) return false;
        previous = c;
    }
    return true;
}

inline constexpr std::string_view secret_name_rule =
    "names are UPPER_SNAKE_CASE: a capital letter, then capitals, digits and single underscores, "
    "at most 128 characters";

}  // namespace hush
