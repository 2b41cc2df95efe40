// Fuzz target: the rule loader returns rules or an Error for any bytes, never crashes; every
// validator accepts any bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hush/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto rules = hush::load_rules({{"fuzz.yaml", text}});
    if (!rules) (void)rules.error().to_string();
    for (auto name : hush::validator_names()) (void)hush::run_validator(name, text);
    return 0;
}
