#pragma once
// The rewriter's public face (`hush migrate`, DESIGN.md §4): plain functions over core types.
//
// Pipeline, each step a value the CLI can print, test or stop after:
//   read_sources(findings, root)           files as read right after the scan, with their SHA-256
//   plan_migration(findings, sources, o)   one vault secret per distinct value, named from context
//   build_changes(plan, sources)           format-aware edits and the new bytes of every file
//   render_plan_text/json, render_diff     the dry run (secrets redacted)
//   apply_changes(changes, hooks)          verified, atomic multi-file write + vault commit
//   write_purge_file(plan, changes, path)  expressions for `git filter-repo --replace-text`
//
// Secret values live in these structs in memory only; no function here prints, logs or puts a
// value in an Error message.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/edit.hpp"
#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"
#include "hush/core/span.hpp"

namespace hush {

// ---- sources ------------------------------------------------------------------------------------

// A file as it was read right after the scan. Its hash is what the transaction compares against
// before replacing the file ("changed since the scan").
struct SourceFile {
    std::string path;  // as in the findings: relative to the root, '/'-separated
    std::string bytes;
    std::string sha256;  // lowercase hex of bytes
};
using SourceFiles = std::map<std::string, SourceFile>;  // by path

// Reads every file named by `findings` (paths relative to `root`). Findings on stdin ("-") or
// only in git history are not files to rewrite and are ignored here (the planner skips them).
[[nodiscard]] Result<SourceFiles> read_sources(const std::vector<Finding>& findings, const std::filesystem::path& root);
// An in-memory source (tests, or a caller that already holds the bytes).
[[nodiscard]] SourceFile make_source(std::string path, std::string bytes);
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// ---- planning -----------------------------------------------------------------------------------

struct ExistingSecret {
    std::string name;
    std::string value;  // the current value; a distinct value equal to it reuses this secret
};

struct PlanOptions {
    std::string prefix;                               // .hush.yaml migrate.prefix, e.g. "APP_" ('_' added if missing)
    std::map<std::string, std::string> config_names;  // .hush.yaml migrate.names: fingerprint -> NAME
    std::map<std::string, std::string> cli_names;     // --name FINGERPRINT=NAME; wins over config_names
    std::vector<ExistingSecret> existing;             // vault secrets whose values can be compared
    std::set<std::string> existing_names;             // every vault name (also those not in `existing`)
};

// Parses "FINGERPRINT=NAME" (a --name argument). Errors are usage errors naming the argument.
[[nodiscard]] Result<std::pair<std::string, std::string>> parse_name_override(std::string_view argument);

// One place where a secret will be referenced.
struct PlannedReference {
    std::string path;
    Span span;      // the finding's span (bytes that spell the secret)
    LineCol start;  // for display
    std::string key_path;
    std::string rule_id;
    std::string fingerprint;
};

struct PlannedSecret {
    std::string name;
    std::string kind;
    std::string value;                         // plaintext, memory only
    bool reused = false;                       // an existing vault secret already holds this value: nothing to store
    std::string description;                   // "migrated by hush from path:line (key_path)"
    std::vector<std::string> tags;             // {"migrated", kind}
    std::vector<PlannedReference> references;  // ordered by path, then offset
    [[nodiscard]] std::string reference() const { return "$<secret." + name + ">"; }
};

// A finding the plan does not act on, and why ("overlaps ...", "stdin", "only in git history").
struct SkippedFinding {
    std::string path;
    LineCol start;
    std::string rule_id;
    std::string fingerprint;
    std::string reason;
};

struct MigrationPlan {
    std::vector<PlannedSecret> secrets;  // ordered by first occurrence (path, offset)
    std::vector<SkippedFinding> skipped;
    [[nodiscard]] bool empty() const { return secrets.empty(); }
};

// Groups findings by value (one secret per distinct value), reuses existing vault secrets that hold
// the same value, and names the rest (docs/migrate.md). Overlapping findings in one file are
// resolved here: the longest span wins, then the earliest, then the smallest rule id. Fails when a
// span no longer spells its secret in `sources` (the file changed since the scan), when an override
// name is invalid, or when an override would take a name that holds another value.
[[nodiscard]] Result<MigrationPlan> plan_migration(const std::vector<Finding>& findings, const SourceFiles& sources,
                                                   const PlanOptions& options = {});

// The context-derived name for one finding (before prefix, uniqueness and overrides):
// URL password -> <HOST>_PASSWORD, key path -> last meaningful segments, assignment on the line ->
// its identifier, else name_hint, else the kind upper-cased. Always a valid secret name.
[[nodiscard]] std::string suggest_secret_name(const Finding& finding, std::string_view file_bytes);
// Turns any text into UPPER_SNAKE_CASE ("apiKey" -> "API_KEY"); "" when nothing is left.
[[nodiscard]] std::string to_upper_snake(std::string_view text);

// ---- edits --------------------------------------------------------------------------------------

// How a file is handled, from its path (extension or well-known name).
enum class FileFormat {
    text,
    yaml,
    json,
    dotenv,
    properties,
    ini,
    toml,
    hcl,
    dockerfile,
    shell,
    python,
    javascript,
    typescript,
    tsx,
    go,
    java,
    ruby,
    csharp,
    php,
    rust,
};
[[nodiscard]] FileFormat detect_format(std::string_view path);
[[nodiscard]] std::string_view to_string(FileFormat format);

// A moved value and the reference that replaces it, as verification needs them.
struct Replacement {
    std::string value;
    std::string reference;
};

struct FileChange {
    std::string path;
    FileFormat format = FileFormat::text;
    std::string original;  // bytes as read after the scan
    std::string original_sha256;
    std::string updated;                    // bytes after the edits
    std::vector<Edit> edits;                // sorted, non-overlapping, in `original` coordinates
    std::vector<Span> secret_spans;         // finding spans in `original`: masked in diffs
    std::vector<Replacement> replacements;  // values moved out of this file
};

// Computes each file's edits (a YAML block scalar holding only the secret becomes one plain
// reference on the key's line; an unquoted shell/Dockerfile word is quoted) and its new bytes.
// Files come out ordered by path; files whose bytes would not change are left out.
[[nodiscard]] Result<std::vector<FileChange>> build_changes(const MigrationPlan& plan, const SourceFiles& sources);

// Sorts edits and drops any that overlaps an earlier kept one (a containing edit is kept over the
// edits it contains; identical edits collapse). Deterministic for any input.
[[nodiscard]] std::vector<Edit> normalize_edits(std::vector<Edit> edits);
// Applies edits (in `text` coordinates) after normalize_edits; bytes outside kept spans are copied
// unchanged. Edits past the end of `text` are an error.
[[nodiscard]] Result<std::string> apply_edits(std::string_view text, const std::vector<Edit>& edits);

// ---- verification -------------------------------------------------------------------------------

// Checks `change.updated` against `change.original`: YAML parses (yaml-cpp) and every document has
// the same tree except scalars that now hold references; JSON parses (nlohmann) with the same
// structure; code (tree-sitter, by extension) has no more error nodes than before. Error: verify.
[[nodiscard]] Result<void> verify_change(const FileChange& change);

// ---- transaction --------------------------------------------------------------------------------

struct TransactionHooks {
    // Vault part of the transaction. prepare writes the vault's temp file; commit renames it into
    // place; abort removes the temp file. Any may be empty (no vault work).
    std::function<Result<void>()> prepare_vault;
    std::function<Result<void>()> commit_vault;
    std::function<void()> abort_vault;
    // Runs on the verified new contents before anything is renamed, e.g. a rescan with
    // Scanner::scan_buffer(change.path, change.updated) that must find none of the moved values.
    std::function<Result<void>(const std::vector<FileChange>&)> rescan;
};

// Scans one buffer as if it were the file `path` (e.g. Scanner::scan_buffer(path, bytes).findings).
using BufferScan = std::function<std::vector<Finding>(std::string_view path, std::string_view bytes)>;
// A TransactionHooks::rescan that fails (integrity error naming the file and line, never the value)
// when `scan` still finds a moved value in a rewritten file.
[[nodiscard]] std::function<Result<void>(const std::vector<FileChange>&)> rescan_hook(BufferScan scan);

struct ApplyReport {
    std::size_t files_written = 0;
    std::size_t edits_applied = 0;
};

// One transaction for all files and the vault:
//   1. every file still hashes to change.original_sha256 (else conflict "changed since the scan");
//   2. new bytes go to a temp file beside each file (same mode and owner), flushed to disk
//      (one syncfs per filesystem);
//   3. the new contents are verified (verify_change), then hooks.rescan;
//   4. prepare_vault; then every temp is renamed over its file, then commit_vault;
//   5. any failure before 4 removes the temps and calls abort_vault; a failure during 4 restores
//      every already replaced file from the original bytes and aborts the vault.
// Paths are relative to `root`. Errors name the file and the reason.
[[nodiscard]] Result<ApplyReport> apply_changes(const std::vector<FileChange>& changes,
                                                const std::filesystem::path& root, const TransactionHooks& hooks = {});

// ---- rendering ----------------------------------------------------------------------------------

struct DiffOptions {
    bool redact = true;  // secrets on '-' lines shown as redact() form; false only with --no-redact
    int context = 3;
};
// Unified diff ("--- a/path", "+++ b/path", "@@ -l,n +l,n @@") of every change.
[[nodiscard]] std::string render_diff(const std::vector<FileChange>& changes, const DiffOptions& options = {});
// "3 secrets (2 new, 1 reused), 5 references in 4 files"
[[nodiscard]] std::string plan_summary_line(const MigrationPlan& plan);
// The plan for humans: each secret, its kind, new or reused, and every place it will be referenced.
[[nodiscard]] std::string render_plan_text(const MigrationPlan& plan);
// The plan for tools (schema in docs/migrate.md); never holds a value.
[[nodiscard]] std::string render_plan_json(const MigrationPlan& plan, const std::vector<FileChange>& changes);

// ---- history ------------------------------------------------------------------------------------

// The `git filter-repo --replace-text` expressions for every moved value (and each source spelling
// of it, e.g. escaped or indented), one per line: `literal:VALUE==>$<secret.NAME>`, or
// `regex:ESCAPED==>$<secret.NAME>` for values spanning lines. Never print it.
[[nodiscard]] std::string purge_expressions(const MigrationPlan& plan, const std::vector<FileChange>& changes);
// Writes purge_expressions to `file` created with mode 0600 (an existing file is truncated and
// chmod'ed 0600 first).
[[nodiscard]] Result<void> write_purge_file(const MigrationPlan& plan, const std::vector<FileChange>& changes,
                                            const std::filesystem::path& file);

}  // namespace hush
