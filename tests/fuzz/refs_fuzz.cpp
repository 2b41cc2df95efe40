// libFuzzer target for the reference parser and the per-file index (every format's attribution):
// spans inside the input, ordered and disjoint; no crash, no hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hush/resolver.hpp"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = hush::parse_references(text);
    std::size_t previous_end = 0;
    for (const auto& ref : parsed.references) {
        require(ref.span.begin >= previous_end && ref.span.end <= size && !ref.span.empty());
        require(ref.span.of(text) == "$<secret." + ref.name + ">");
        previous_end = ref.span.end;
    }
    for (const auto& bad : parsed.malformed) {
        require(bad.span.begin < bad.span.end && bad.span.end <= size);
        require(text.substr(bad.span.begin).starts_with("$<secret"));
    }
    for (std::size_t escape : parsed.escapes) require(escape + 9 <= size);

    // The first byte picks the format the attribution code sees.
    static constexpr std::string_view paths[] = {"a.yaml", ".github/workflows/x.yml", "main.tf", "x.json", ".env",
                                                 "docker-compose.yml", "plain.txt"};
    std::string_view path = paths[size == 0 ? 0 : data[0] % std::size(paths)];
    auto refs = hush::index_file(path, text);
    require(refs.usages.size() == parsed.references.size());
    require(refs.malformed.size() == parsed.malformed.size());

    auto rendered = hush::render_template(path, text, [](std::string_view) -> hush::Result<std::string> {
        return std::string("value");
    });
    require(rendered.has_value() == parsed.malformed.empty());
    return 0;
}
