#pragma once
// Shared pieces of the extractors: the sink that collects KeyedValues, key-path joining, escape
// decoding, and the scan for values embedded in other values (DSN parameters, command-line flags).
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner.hpp"

namespace hush::syntax {

// "a" + "b" -> "a.b"; an empty side disappears.
[[nodiscard]] std::string join_key(std::string_view prefix, std::string_view key);
// "a" + 2 -> "a[2]".
[[nodiscard]] std::string join_index(std::string_view prefix, std::size_t index);

// A KeyedValue from its parts (every extractor builds them the same way).
[[nodiscard]] KeyedValue keyed_value(std::string key_path, std::string key, Span content, Span literal,
                                     std::string value, ValueStyle style, bool is_literal, std::string scope = {});

// Collects the values of one file. Every span is checked to lie inside the text, so a grammar
// quirk can never hand the rewriter an out-of-range span.
class ValueSink {
public:
    ValueSink(std::string_view text, std::vector<KeyedValue>& out) : m_text(text), m_out(out) {}

    [[nodiscard]] std::string_view text() const { return m_text; }
    // Only these byte ranges are parsed (sorted, disjoint); empty: the whole text.
    [[nodiscard]] const std::vector<Span>& ranges() const { return m_ranges; }
    void restrict_to(std::vector<Span> ranges) { m_ranges = std::move(ranges); }
    // Adds the value and, when its bytes spell it verbatim, the values embedded in it. With ranges,
    // a literal that is not inside one of them is dropped: its text was not all parsed.
    void add(KeyedValue value);

private:
    void add_embedded(const KeyedValue& parent);
    [[nodiscard]] bool inside_ranges(Span span) const;
    std::string_view m_text;
    std::vector<KeyedValue>& m_out;
    std::vector<Span> m_ranges;
};

// Decodes backslash escapes shared by C-family string literals (\n \t \xHH \uHHHH \u{H} \UHHHHHHHH
// octal, escaped newline). Unknown escapes keep the escaped character.
[[nodiscard]] std::string unescape_c(std::string_view content);
// Appends the UTF-8 encoding of `code_point`.
void append_utf8(std::string& out, unsigned long code_point);

// One shell word split into what it spells: quotes removed, escapes applied.
struct ShellWord {
    std::size_t begin = 0;            // offset of the word in the scanned text
    std::size_t end = 0;
    std::string value;                // unquoted
    std::vector<std::size_t> offsets; // offsets[i] = text offset of value[i]
    bool has_expansion = false;       // $VAR, ${...}, $(...), `...` outside single quotes
    bool ends_command = false;        // followed by ; | & or a newline
};
// Splits `text` into shell words (POSIX quoting, good enough for one-line commands).
[[nodiscard]] std::vector<ShellWord> shell_words(std::string_view text);

// Finds credentials passed on command lines in `command` (bytes [base, base+size) of the file):
// `mysql -pSECRET`, `docker login -p SECRET`, `--password=SECRET`, `--token SECRET`.
void add_command_line_values(ValueSink& sink, std::string_view command, std::size_t base,
                             std::string_view key_prefix, std::string_view scope);

}  // namespace hush::syntax
