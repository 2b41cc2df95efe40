#pragma once
// The generic detector: reports a secret-looking value assigned to a secret-looking key, using the
// KeyedValues of one file and the tunable settings of rules/generic.yaml.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"
#include "hush/generic_rules.hpp"
#include "hush/scanner.hpp"

namespace hush::syntax {

struct GenericDetection {
    std::string kind;     // generic_password, generic_secret, generic_api_key
    std::string rule_id;  // generic-password, ...
    std::string rule_name;
    Severity severity = Severity::medium;
    std::string key_path;
    Span span;            // the value's bytes in the file
    double entropy = 0;   // bits per character
};

// Why a keyed value is not reported; `none` means it is a detection.
enum class GenericVerdict {
    none, not_secret_key, excluded_key, not_literal, too_short, reference, placeholder, excluded_value,
    digest, low_entropy, few_char_classes,
};
[[nodiscard]] std::string_view to_string(GenericVerdict verdict);

// Snake-case, lower-case form the key patterns are matched against: apiKey -> api_key,
// db.password -> db_password, SMTP_PASSWORD -> smtp_password.
[[nodiscard]] std::string normalize_key(std::string_view key);
// Number of character classes (lower, upper, digit, other) present in `value`.
[[nodiscard]] int char_classes(std::string_view value);

// Compiled once (RE2), then thread-safe: detect() is const and allocates only its result.
class GenericDetector {
public:
    [[nodiscard]] static Result<GenericDetector> create(const GenericRules& rules);
    GenericDetector(GenericDetector&&) noexcept;
    GenericDetector& operator=(GenericDetector&&) noexcept;
    ~GenericDetector();

    // False when the file cannot hold a generic secret (none of generic.yaml's keywords occurs):
    // the scanner then skips extraction for the generic detector. True when no keywords are set.
    // Also false when no keyword's line (or the next line) holds a value that could be reported:
    // in code files (by `path`'s extension) that value must be a string literal.
    // `hits`: where the keywords occur (any case, sorted by start, overlaps allowed), when the
    // caller found them already (the scanner's keyword pass); null: found here with RE2.
    [[nodiscard]] bool wants(std::string_view path, std::string_view text, const std::vector<Span>* hits = nullptr) const;
    // Every place wants() would accept: the key's line and the next, merged where they overlap,
    // in text order. A detection's key sits on one of them.
    [[nodiscard]] std::vector<Span> triggers(std::string_view path, std::string_view text,
                                             const std::vector<Span>* hits = nullptr) const;
    // generic.yaml's keywords, for a caller that finds them in its own pass.
    [[nodiscard]] const std::vector<std::string>& keywords() const;
    [[nodiscard]] std::vector<GenericDetection> detect(std::span<const KeyedValue> values) const;
    // The decision for one value, with the kind index when it is a detection.
    [[nodiscard]] GenericVerdict judge(const KeyedValue& value, std::size_t* kind_index = nullptr) const;

private:
    // wants() and triggers(): stops at the first place when `out` is null.
    bool find_triggers(std::string_view path, std::string_view text, const std::vector<Span>* hits, std::vector<Span>* out) const;
    [[nodiscard]] std::vector<Span> keyword_hits(std::string_view text) const;
    struct Impl;
    explicit GenericDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hush::syntax
