#pragma once
// Detection rules (DESIGN.md §2): the rule as written in a rules/*.yaml file, the loader that turns
// rule files into checked and compiled rules, and the offline validators.
//
// Life of a rule: text (RuleSource) -> parse_rule_source() -> Rule (fields as written, plus where
// it was written and its compiled pattern) -> the scanner's matcher. Every error names the file and
// line: "rules/github.yaml:12: invalid pattern: missing ): (abc".
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"

namespace re2 {
class RE2;
}

namespace hush {

// The text of one rule file. Kept after loading so that the other top-level sections of the file
// (`generic:`, read by the syntax-context detector) can be parsed by their owner.
struct RuleSource {
    std::string path;  // as shown in errors: "rules/github.yaml" (built-in) or the file's path
    std::string text;
    bool builtin = false;  // compiled into the binary: its patterns are compiled on first use
};

// A rule's RE2 pattern, compiled at most once, on first use, thread-safely. Built-in rules are
// compiled lazily: on a typical input the keyword prefilter never runs most of them, and compiling
// all ~360 up front cost ~250 ms per start (pre-commit hooks must feel instant). Their patterns
// are proven by `hush rules test`, which runs in the test suite. User rules are checked when
// loaded, so a bad pattern is an error naming its file and line.
class RulePattern {
public:
    explicit RulePattern(std::string pattern);
    ~RulePattern();
    RulePattern(const RulePattern&) = delete;
    RulePattern& operator=(const RulePattern&) = delete;

    [[nodiscard]] const std::string& text() const { return m_pattern; }
    // The compiled pattern (compiles on the first call). If check() reports a problem, it matches nothing.
    [[nodiscard]] const re2::RE2& regex() const;
    // Index of the capture group holding the secret: the group named `secret`, else 1.
    [[nodiscard]] int secret_group() const;
    // Compiles now; RE2's error, or the missing capture group, if the pattern is unusable.
    [[nodiscard]] std::optional<std::string> problem() const;

private:
    void compile() const;
    std::string m_pattern;
    mutable std::once_flag m_once;
    mutable std::unique_ptr<re2::RE2> m_regex;
    mutable int m_secret_group = 1;
    mutable std::optional<std::string> m_problem;
};

struct Rule {
    std::string id;  // kebab-case, unique across every loaded file
    std::string name;
    std::string description;
    std::vector<std::string> references;
    std::string kind;  // snake_case credential type
    Severity severity = Severity::medium;
    std::string pattern;                // RE2 syntax
    std::vector<std::string> keywords;  // as written; see parse_keyword. Empty = always run the pattern
    std::optional<double> entropy;      // minimum Shannon entropy (bits/char) of the secret
    std::string validate;               // validator name; empty = none
    std::string name_hint;
    std::vector<std::string> examples;
    std::vector<std::string> negative_examples;

    std::string file;        // RuleSource::path it came from
    std::uint32_t line = 0;  // 1-based line of the rule's list item

    // The compiled pattern (shared: rules are copied into scanners).
    std::shared_ptr<const RulePattern> compiled;
};

// Every rule of a set of sources, in load order, plus the sources themselves.
struct RuleSet {
    std::vector<Rule> rules;
    std::vector<RuleSource> sources;
};

// The rule files compiled into the binary (every rules/*.yaml at build time), sorted by path.
[[nodiscard]] std::span<const RuleSource> builtin_rule_sources();

// Reads every *.yaml file of `dir` (not recursive), sorted by name. Errors: missing directory,
// unreadable file.
[[nodiscard]] Result<std::vector<RuleSource>> read_rule_dir(const std::filesystem::path& dir);

// Parses and checks one file's `rules:` list; a top-level `generic:` mapping is accepted and left
// to its owner. Any other top-level key, bad YAML, unknown or missing field, bad severity, invalid
// pattern (RE2's own message), pattern without a capture group, unknown validator or non
// kebab-case id is an error naming source.path and the line.
[[nodiscard]] Result<std::vector<Rule>> parse_rule_source(const RuleSource& source);

// Parses every source and rejects a duplicate id (the error names both places).
[[nodiscard]] Result<RuleSet> load_rules(std::vector<RuleSource> sources);

// A keyword as the matcher uses it. Keywords are case-insensitive literals; two optional prefixes,
// in this order, narrow one that occurs inside common words: `(?-i)` matches it with exact case
// (twilio's `(?-i)\bAC0` for an account SID, not "access"), `\b` requires it to start a word: no
// letter, digit or '_' before it (splunk's `\bhec`, not "check").
struct KeywordSpec {
    std::string_view literal;
    bool exact_case = false;
    bool word_start = false;
};
[[nodiscard]] KeywordSpec parse_keyword(std::string_view keyword);
// What `\b` looks at: ASCII letters, digits and '_' continue a word (RE2's \w).
[[nodiscard]] bool is_word_byte(char c);

// ---- offline validators ---------------------------------------------------------------------------

// Names accepted in a rule's `validate` field.
[[nodiscard]] std::span<const std::string_view> validator_names();
[[nodiscard]] bool is_known_validator(std::string_view name);
// Structural check of `secret` by validator `name`: valid or invalid (unchecked for an unknown
// name). Pure, offline, thread-safe.
[[nodiscard]] Validation run_validator(std::string_view name, std::string_view secret);

}  // namespace hush
