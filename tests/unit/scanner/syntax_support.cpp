#include "syntax_support.hpp"

#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/core/text.hpp"

namespace hush::test {

namespace {
std::string visible(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out;
}
}  // namespace

std::string render_keyed_values(std::string_view text, const std::vector<KeyedValue>& values) {
    LineIndex index(text);
    std::string out;
    for (const auto& kv : values) {
        LineCol at = index.at(kv.value_span.begin);
        std::string spelled(kv.value_span.of(text));
        out += std::to_string(at.line) + ":" + std::to_string(at.column) + " " + kv.key_path + " = " + visible(spelled);
        if (kv.value != spelled) out += " => " + visible(kv.value);
        if (!kv.is_literal) out += " [not literal]";
        out += "\n";
    }
    return out;
}

void check_spans(std::string_view text, const std::vector<KeyedValue>& values) {
    for (const auto& kv : values) {
        INFO(kv.key_path);
        CHECK(kv.value_span.begin <= kv.value_span.end);
        CHECK(kv.value_span.end <= text.size());
        CHECK(kv.literal_span.begin <= kv.value_span.begin);
        CHECK(kv.value_span.end <= kv.literal_span.end);
        CHECK(!kv.key_path.empty());
        CHECK(!kv.key.empty());
    }
}

std::string fixture(std::string_view name) {
    return read_file(std::filesystem::path(HUSH_FIXTURES_DIR) / "syntax" / std::string(name));
}

}  // namespace hush::test
