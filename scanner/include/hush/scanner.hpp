#pragma once
// The scanner's public face: scan files, directories, stdin or in-memory blobs for secrets, report
// findings through a sink, and expose the syntax context (key paths of string values) to the
// stages above. Everything here is plain data or a small RAII object; internals stay in src/.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/config.hpp"
#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"
#include "hush/core/span.hpp"
#include "hush/rules.hpp"

namespace hush {

// ---- scanning -----------------------------------------------------------------------------------

struct ScanOptions {
    std::vector<std::filesystem::path> rule_dirs;  // extra rule directories (--rules), after config's
    std::vector<std::string> exclude;              // --exclude globs, added to config's scan.exclude
    std::optional<std::uint64_t> max_file_size;    // --max-file-size; overrides config
    unsigned threads = 0;                          // 0 = one per core
    bool syntax_context = true;                    // tree-sitter key paths and the generic detector
    bool ignore_files = true;                      // honour .gitignore and .hushignore
    std::optional<std::filesystem::path> baseline; // suppress findings whose fingerprint is listed
};

// Counters shown with -v and in JSON output. Nothing is skipped or suppressed silently.
struct ScanStats {
    std::uint64_t files_scanned = 0;
    std::uint64_t bytes_scanned = 0;
    std::uint64_t skipped_binary = 0;
    std::uint64_t skipped_too_large = 0;
    std::uint64_t skipped_ignored = 0;   // by .gitignore/.hushignore/--exclude/allow.paths
    std::uint64_t unreadable = 0;
    std::uint64_t parse_failures = 0;    // files scanned as plain text because their grammar failed
    std::uint64_t suppressed_inline = 0; // hush:allow
    std::uint64_t suppressed_allowlist = 0;
    std::uint64_t suppressed_baseline = 0;
    double seconds = 0;
};

// Something the user should know that is not a finding: an unreadable file, a skipped large file.
struct ScanNote {
    std::string path;
    std::string message;
};

struct ScanResult {
    std::vector<Finding> findings;  // deterministic order: path, then byte offset, then rule id
    ScanStats stats;
    std::vector<ScanNote> notes;
};

// Adds `from`'s findings, counters and notes to `into` and restores the finding order (for
// callers that scan several inputs, e.g. paths plus stdin, or several git blobs).
void append(ScanResult& into, ScanResult&& from);
// Adds every counter of `part` to `total` except seconds (elapsed time does not add up).
void add_stats(ScanStats& total, const ScanStats& part);

// One failed rule example: "rules/github.yaml:12: github-pat: example 2 produced no finding".
struct RuleTestFailure {
    std::string rule_id;
    std::string file;
    std::uint32_t line = 0;
    std::string message;  // never holds a full example value
};

// Per-thread scanning state (the matcher's scratch space and buffers) for callers that scan many
// buffers: made by Scanner::make_context(), used by one thread at a time. Move-only.
class ScanContext {
public:
    ScanContext(ScanContext&&) noexcept;
    ScanContext& operator=(ScanContext&&) noexcept;
    ~ScanContext();

private:
    friend class Scanner;
    struct State;
    explicit ScanContext(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// Compiled rules plus settings; build once, scan many inputs (thread-safe const methods).
class Scanner {
public:
    // Loads the built-in rules, config.rules.include and options.rule_dirs, drops
    // config.rules.disable, compiles. Errors name the rule file and line.
    [[nodiscard]] static Result<Scanner> create(const Config& config, const ScanOptions& options);

    Scanner(Scanner&&) noexcept;
    Scanner& operator=(Scanner&&) noexcept;
    ~Scanner();

    // Walks files and directories (paths relative to the current directory). Finding paths are
    // relative to the current directory, '/'-separated.
    [[nodiscard]] Result<ScanResult> scan_paths(const std::vector<std::filesystem::path>& paths) const;
    // Scans one buffer as if it were the file `path` (stdin, a git blob, a staged file); every
    // filter and suppression applies as for a file on disk.
    [[nodiscard]] ScanResult scan_buffer(std::string_view path, std::string_view bytes) const;

    // For many buffers: scan_buffer() reusing `context` instead of allocating scratch space per call.
    [[nodiscard]] ScanContext make_context() const;
    [[nodiscard]] ScanResult scan_buffer(ScanContext& context, std::string_view path, std::string_view bytes) const;
    // Like scan_buffer(), reporting only findings that overlap one of `changed` (byte ranges of
    // `bytes`, sorted and disjoint; e.g. the lines an edit added): a new version of a file already
    // scanned. The whole buffer stays the text, so a multi-line secret completed by the change and
    // key paths are found as in a full scan; only the work away from `changed` is skipped.
    [[nodiscard]] ScanResult scan_changed(ScanContext& context, std::string_view path, std::string_view bytes,
                                          std::span<const Span> changed) const;
    // Files (and git blobs) larger than this are skipped: --max-file-size, else scan.max_file_size.
    [[nodiscard]] std::uint64_t max_file_size() const;

    // The compiled rules (after rules.disable) and the text of every rule file they came from
    // (the syntax-context detector parses the files' `generic:` sections from these).
    [[nodiscard]] const std::vector<Rule>& rules() const;
    [[nodiscard]] const std::vector<RuleSource>& rule_sources() const;

    // `hush rules test`: runs every rule's examples and negative_examples through this scanner
    // (matcher, validators, filters; no allowlist or baseline). Empty when every rule passes.
    [[nodiscard]] std::vector<RuleTestFailure> test_rules() const;

private:
    struct Impl;
    explicit Scanner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// ---- reporting ----------------------------------------------------------------------------------

// Push model: a reporter receives findings as they are final, then the stats.
class FindingSink {
public:
    virtual ~FindingSink() = default;
    virtual void begin() {}
    virtual void finding(const Finding& finding) = 0;
    virtual void finish(const ScanStats& stats, const std::vector<ScanNote>& notes) = 0;
};

struct ReportOptions {
    bool redact = true;  // false only with --no-redact
    bool color = false;
    int verbosity = 0;   // -1 quiet, 1 verbose (stats)
    // Rules described in SARIF's tool.driver.rules (name, description, references); a finding
    // whose rule is not listed here still gets an entry with its id and name.
    std::vector<Rule> rules;
};

// "text", "json" or "sarif"; writes to `out`.
[[nodiscard]] Result<std::unique_ptr<FindingSink>> make_reporter(std::string_view format, std::ostream& out,
                                                                 const ReportOptions& options);

// ---- baselines ---------------------------------------------------------------------------------

// One accepted finding. No line numbers or timestamps, so baselines merge cleanly.
struct BaselineEntry {
    std::string fingerprint;
    std::string rule_id;
    std::string path;
    friend auto operator<=>(const BaselineEntry&, const BaselineEntry&) = default;
};

// The entries of `findings`, sorted by path, rule id, fingerprint, without duplicates.
[[nodiscard]] std::vector<BaselineEntry> baseline_entries(const std::vector<Finding>& findings);
// {"version": 1, "findings": [...]}, sorted, one entry per line, ending in a newline.
[[nodiscard]] std::string format_baseline(std::vector<BaselineEntry> entries);
[[nodiscard]] Result<std::vector<BaselineEntry>> parse_baseline(std::string_view text, const std::filesystem::path& path);
[[nodiscard]] Result<std::vector<BaselineEntry>> load_baseline(const std::filesystem::path& path);

// The fingerprint of a finding: hex SHA-256 (first 128 bits) of rule id, path and secret.
[[nodiscard]] std::string finding_fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret);

// ---- syntax context -----------------------------------------------------------------------------

// How a value is spelled in the file; the rewriter needs it to write a replacement correctly.
enum class ValueStyle {
    plain,          // unquoted: YAML plain scalar, .env/properties/INI value, bash word
    single_quoted,  // '...'
    double_quoted,  // "..." (escapes apply)
    raw,            // raw/verbatim literal: r"...", `...` (Go), @"..." (C#), r#"..."# (Rust)
    block,          // YAML block scalar (| or >), heredoc, triple-quoted string
    concatenated,   // adjacent or '+'-joined literals: value_span covers all of them
    embedded,       // a part of another value: password=... in a DSN, -p... in a command line
};

// A string value found in source or config, with where it sits.
struct KeyedValue {
    std::string key_path;  // e.g. integrations.grafana.api_key, DATABASES.default.PASSWORD
    std::string key;       // the last key, e.g. api_key; the logical name for k8s name/value env
    Span value_span;       // bytes in the file that spell the value (inside any quotes)
    std::string value;     // the value after unescaping
    bool is_literal = true;  // false for interpolated strings (f-strings, template literals)
    Span literal_span;     // the whole literal: quotes, prefixes (r, f, @), block header included
    ValueStyle style = ValueStyle::plain;
    std::string scope;     // enclosing class/function ("Billing.charge"), "" at top level
};

// Extracts the keyed string values of a file, choosing the grammar from its path (extension or
// name: Dockerfile, .env, docker-compose.yml, ...). Unsupported or unparsable files give nothing.
[[nodiscard]] std::vector<KeyedValue> extract_keyed_values(std::string_view path, std::string_view text);

// The same, with what the scanner counts: whether the path has an extractor, and whether its
// grammar reported syntax errors (the values found around them are still returned; the file is
// scanned as text as usual and counted in ScanStats::parse_failures).
struct SyntaxExtraction {
    std::vector<KeyedValue> values;
    bool supported = false;
    bool parse_error = false;
};
[[nodiscard]] SyntaxExtraction extract_syntax(std::string_view path, std::string_view text);
// True if extract_syntax() has an extractor for this path (cheap: looks at the name only).
[[nodiscard]] bool has_syntax_support(std::string_view path);
// The innermost value whose value_span contains `span` (a rule match inside a literal), or null:
// how a rule finding gets its key_path. `values` in the order extract_syntax() returns them.
[[nodiscard]] const KeyedValue* enclosing_value(const std::vector<KeyedValue>& values, Span span);

}  // namespace hush

namespace hush {

// ---- git inputs ---------------------------------------------------------------------------------

struct GitScanOptions {
    enum class Mode { staged, diff, history };
    Mode mode = Mode::staged;
    std::string range;     // diff: "BASE..HEAD", or "BASE" meaning BASE..HEAD
    std::string since;     // history: skip commits reachable from this revision
    bool branches = false; // history: every local branch instead of HEAD
    bool all_refs = false; // history: every ref
    // Blobs larger than this are skipped and counted; unset: the scanner's limit (--max-file-size,
    // else config scan.max_file_size).
    std::optional<std::uint64_t> max_file_size;
    unsigned threads = 0;  // history: blobs scanned in parallel; 0 = one per core
    // history: called after each commit (commits done, commits in total, blobs scanned).
    std::function<void(std::uint64_t, std::uint64_t, std::uint64_t)> progress;
};

// Scans what a commit would record (staged), what a change adds (diff: only added lines count,
// reported at their place in HEAD), or every blob of the history (each blob once; each secret once,
// at the oldest commit holding it, with GitOrigin set and still_present marked). Finding paths are
// relative to the repository's work tree. Errors: not a git repository, unknown revision.
[[nodiscard]] Result<ScanResult> scan_git(const Scanner& scanner, const std::filesystem::path& start,
                                          const GitScanOptions& options);

}  // namespace hush
