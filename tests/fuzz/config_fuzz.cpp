// Fuzz target: the .hush.yaml loader must return a Config or an Error for any bytes, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hush/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto config = hush::parse_config(text, "fuzz.yaml");
    if (!config) (void)config.error().to_string();
    return 0;
}
