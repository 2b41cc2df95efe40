// Fuzz target: the vault file parser must return a document or an error for any bytes, and a
// parsed document must survive a write/read round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hush/core/error.hpp"
#include "hush/vault.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = hush::vault::parse_vault_text_for_fuzzing(text);
    if (!parsed) {
        if (parsed.error().code == hush::ErrorCode::internal) std::abort();  // round trip broke
        (void)parsed.error().to_string();
    }
    return 0;
}
