#pragma once
// rules/generic.yaml: settings of the generic secret detector (a secret-looking value assigned to
// a secret-looking key). Plain data; the scanner compiles the patterns. Schema in
// docs/syntax-context.md. Unknown keys are errors naming the file and line.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"

namespace hush {

struct GenericKind {
    std::string kind;  // generic_password, generic_secret, generic_api_key
    std::string id;    // rule id reported with findings, e.g. generic-password
    std::string name;
    Severity severity = Severity::medium;
    std::vector<std::string> keys;  // RE2, case-insensitive, against the normalised key
    std::size_t min_length = 8;
    double min_entropy = 3.0;       // Shannon bits per character
    int min_char_classes = 2;       // lower, upper, digit, symbol
    std::uint32_t line = 0;         // where it is defined, for messages
};

struct GenericRules {
    std::filesystem::path file;
    std::vector<std::string> keywords;         // file-level prefilter, case-insensitive substrings
    std::vector<GenericKind> kinds;            // in file order: the first whose key matches wins
    std::vector<std::string> exclude_keys;     // RE2 against the normalised key
    std::vector<std::string> placeholder_words;    // the whole value, case-insensitive
    std::vector<std::string> placeholder_markers;  // a substring of the value, case-insensitive
    std::vector<std::string> placeholder_patterns; // RE2
    std::vector<std::string> references;       // RE2: the value refers to a secret kept elsewhere
    std::vector<std::string> exclude_values;   // RE2: the value is something else (URL, path, word)
    std::vector<std::string> digest_keys;      // substrings of key paths where hex strings are digests
};

// Parses the text of a generic.yaml (top-level `generic:` mapping). `path` names it in errors;
// every pattern is compiled once here so a bad one is reported with its line.
[[nodiscard]] Result<GenericRules> parse_generic_rules(std::string_view text, const std::filesystem::path& path);
[[nodiscard]] Result<GenericRules> load_generic_rules(const std::filesystem::path& path);
// The built-in rules/generic.yaml, compiled into the binary.
[[nodiscard]] Result<GenericRules> builtin_generic_rules();

}  // namespace hush
