// Fuzz target: the audit log reader must return entries or an error naming a line, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hush/vault.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto records = hush::vault::parse_audit_log(text, "audit.log");
    if (!records) (void)records.error().to_string();
    return 0;
}
