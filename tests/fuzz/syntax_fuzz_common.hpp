#pragma once
// Shared by the syntax fuzz targets: the first input byte picks the file name (and so the
// extractor), the rest is the file. Every span must lie inside the text, and the literal span
// must contain the value span: for a whole-file parse and for a region parse around every line
// holding '=' or ':' (the regions' indentation, header and comment logic sees the same input).
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <vector>

#include "hush/scanner.hpp"
#include "syntax/regions.hpp"

namespace hush::fuzz {

template <std::size_t N>
inline void fuzz_extract(const char* const (&paths)[N], const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    std::string_view path = paths[data[0] % N];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto check = [&](const std::vector<KeyedValue>& values) {
        for (const KeyedValue& kv : values) {
            bool ok = kv.value_span.begin <= kv.value_span.end && kv.value_span.end <= text.size() &&
                      kv.literal_span.begin <= kv.value_span.begin && kv.value_span.end <= kv.literal_span.end &&
                      kv.literal_span.end <= text.size() && !kv.key_path.empty();
            if (!ok) std::abort();
        }
    };
    check(extract_keyed_values(path, text));
    std::vector<Span> places;
    for (std::size_t at = text.find_first_of("=:"); at != std::string_view::npos; at = text.find_first_of("=:", at + 1))
        places.push_back({at, at + 1});
    check(syntax::extract_syntax_around(path, text, places).values);
}

}  // namespace hush::fuzz
