// Fuzz target: the matcher's reader of RE2 syntax (scanner/src/pattern_width.*) on any pattern,
// checked against RE2 itself. Input: PATTERN '\0' TEXT. Whenever RE2 finds a match of PATTERN in
// TEXT, the reader's bounds must hold for it (its length in bytes, and in code points for ASCII
// text) and the secret gate built from the capture group must find that group's text: a wrong
// bound or gate would hide secrets, which only a crash-free run cannot show.
#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pattern_width.hpp"

namespace {

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t split = input.find('\0');
    if (split == std::string_view::npos || split > 2000) return 0;
    std::string_view pattern = input.substr(0, split);
    std::string_view text = input.substr(split + 1);

    auto bytes = hush::scan::longest_match_bytes(pattern);
    auto code_points = hush::scan::longest_match_code_points(pattern);
    if (bytes && code_points && *code_points > *bytes) std::abort();  // a code point is >= 1 byte

    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    RE2 regex(std::string(pattern), options);
    if (!regex.ok()) return 0;
    int groups = regex.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups) + 1);
    re2::StringPiece whole(text.data(), text.size());
    if (!regex.Match(whole, 0, whole.size(), RE2::UNANCHORED, match.data(), groups + 1)) return 0;

    std::size_t length = match[0].size();
    if (bytes && length > *bytes) std::abort();
    if (code_points && is_ascii(text) && length > *code_points) std::abort();

    // Each capture group alone, searched over the match, must find something wherever the whole
    // pattern set it (the matcher skips a window when a rule's secret group finds nothing).
    std::size_t begin = static_cast<std::size_t>(match[0].data() - text.data());
    for (int number = 1; number <= groups; ++number) {
        if (match[static_cast<std::size_t>(number)].data() == nullptr) continue;
        auto group = hush::scan::capture_group_pattern(pattern, number);
        if (!group) continue;
        RE2 gate(*group, options);
        if (!gate.ok()) continue;
        if (!gate.Match(whole, begin, begin + length, RE2::UNANCHORED, nullptr, 0)) std::abort();
    }
    return 0;
}
