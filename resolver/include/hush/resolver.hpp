#pragma once
// The resolver's public face (DESIGN.md §6): the $<secret.NAME> parser, the usage index (every
// reference with its key path and consumer), the usage graph and its renderers, the pure `check`
// logic, template rendering for `inject`, atomic private file writes, and the masked process
// runner for `run`. Nothing here touches the vault: secrets come in as plain data
// (SecretState, a lookup callback, name/value pairs), so the CLI wires the vault in.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/config.hpp"
#include "hush/core/error.hpp"
#include "hush/core/span.hpp"
#include "hush/core/text.hpp"
#include "hush/core/usage.hpp"

namespace hush {

// ---- references ---------------------------------------------------------------------------------

// One well-formed $<secret.NAME> in a buffer.
struct Reference {
    std::string name;  // NAME
    Span span;         // the whole "$<secret.NAME>"
};

// Something that starts like a reference ("$<secret") but is not one. Always an error.
struct MalformedReference {
    Span span;            // from '$' to where parsing stopped (the '>' included when present)
    std::string problem;  // e.g. "invalid secret name 'lower': names are UPPER_SNAKE_CASE..."
};

struct ParsedReferences {
    std::vector<Reference> references;         // in buffer order
    std::vector<MalformedReference> malformed; // in buffer order
    // Offsets of the first '$' of each escape "$$<secret": rendering drops that byte, so
    // "$$<secret.X>" renders as the literal "$<secret.X>". Escaped text is never an error.
    std::vector<std::size_t> escapes;
};

// Finds every reference, escape and malformed reference in `text`, in one pass (memchr for '$').
// Every span lies inside `text`; spans never overlap. Never throws.
[[nodiscard]] ParsedReferences parse_references(std::string_view text);

// A problem at one place of one file: "path:line:col: message".
struct ReferenceError {
    std::string path;
    LineCol start;
    Span span;
    std::string message;
    [[nodiscard]] std::string to_string() const;
};

// ---- usage index --------------------------------------------------------------------------------

// Consumer kinds, the prefix of Usage::consumer ("<kind>: <label>").
inline constexpr std::string_view consumer_github_actions = "github-actions";  // github-actions: deploy.yml / job deploy
inline constexpr std::string_view consumer_gitlab_ci = "gitlab-ci";            // gitlab-ci: .gitlab-ci.yml / job release
inline constexpr std::string_view consumer_kubernetes = "kubernetes";          // kubernetes: Deployment/api (namespace x)
inline constexpr std::string_view consumer_compose = "compose";                // compose: docker-compose.yml / service worker
inline constexpr std::string_view consumer_helm = "helm";                      // helm: chart billing / values key database
inline constexpr std::string_view consumer_terraform = "terraform";            // terraform: aws_db_instance.main
inline constexpr std::string_view consumer_file = "file";                      // file: src/app.py

// "github-actions" for "github-actions: deploy.yml / job deploy"; "file" when there is no prefix.
[[nodiscard]] std::string_view consumer_kind(std::string_view consumer);

// What the walker knows about a file beyond its path and bytes.
struct FileContext {
    std::optional<std::string> helm_chart;  // chart name when the file sits beside a Chart.yaml
};

// The references of one file with key paths and consumers. Pure: no I/O. `path` is used for
// display and to choose the format (YAML, JSON, Terraform, dotenv/properties, else plain text).
struct FileReferences {
    std::vector<Usage> usages;
    std::vector<ReferenceError> malformed;
};
[[nodiscard]] FileReferences index_file(std::string_view path, std::string_view text, const FileContext& context = {});

struct IndexOptions {
    std::uint64_t max_file_size = 10ull * 1024 * 1024;  // larger files are skipped and counted
    bool ignore_files = true;  // honour .gitignore (libgit2 in a repository) and .hushignore
    unsigned threads = 0;      // 0 = one per core
};

struct IndexStats {
    std::uint64_t files_read = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t skipped_binary = 0;
    std::uint64_t skipped_too_large = 0;
    std::uint64_t unreadable = 0;
};

struct UsageIndex {
    std::vector<Usage> usages;                // ordered by path, then offset
    std::vector<ReferenceError> malformed;    // ordered by path, then offset
    IndexStats stats;
    std::vector<std::string> notes;           // "path: skipped (larger than 10 MiB)", unreadable files
};

// Walks `roots` (files or directories; relative ones are taken from `base`) and indexes every
// text file. Skips .git, node_modules, ignored, binary and too-large files (counted, never
// silently). Paths in the result are relative to `base`, '/'-separated. Built fresh on each call.
// Fails only when a root does not exist or cannot be read.
[[nodiscard]] Result<UsageIndex> build_usage_index(const std::filesystem::path& base,
                                                   const std::vector<std::filesystem::path>& roots,
                                                   const IndexOptions& options = {});
// The usage roots of a configuration (Config::usage_roots, relative to Config::root; default
// "."), with its max file size. Paths are relative to Config::root.
[[nodiscard]] Result<UsageIndex> build_usage_index(const Config& config);

// The usages of one secret, in index order.
[[nodiscard]] std::vector<Usage> usages_of(const UsageIndex& index, std::string_view name);

// ---- reports: refs, where, graph ----------------------------------------------------------------

// Text grouped by file ("path" then "  line:col  NAME  key.path  consumer"), then the
// malformed references as "path:line:col: malformed reference: ...".
[[nodiscard]] std::string render_refs_text(const UsageIndex& index);
// {"version":1,"references":[...],"malformed":[...],"stats":{...}}
[[nodiscard]] std::string render_refs_json(const UsageIndex& index);
// One secret's usages, grouped by consumer; "no usages of NAME" when there are none.
[[nodiscard]] std::string render_where_text(std::string_view name, std::span<const Usage> usages);
[[nodiscard]] std::string render_where_json(std::string_view name, std::span<const Usage> usages);

// secrets -> consumers -> files, deduplicated and sorted.
struct UsageGraph {
    struct Edge {
        std::string from;
        std::string to;
        friend bool operator==(const Edge&, const Edge&) = default;
        friend auto operator<=>(const Edge&, const Edge&) = default;
    };
    std::vector<std::string> secrets;
    std::vector<std::string> consumers;
    std::vector<std::string> files;
    std::vector<Edge> secret_to_consumer;
    std::vector<Edge> consumer_to_file;
};
[[nodiscard]] UsageGraph build_graph(std::span<const Usage> usages);
[[nodiscard]] std::string render_graph_dot(const UsageGraph& graph);
[[nodiscard]] std::string render_graph_mermaid(const UsageGraph& graph);
[[nodiscard]] std::string render_graph_json(const UsageGraph& graph);

// ---- check --------------------------------------------------------------------------------------

// What `check` needs to know of a vault secret (no value).
struct SecretState {
    std::string name;
    bool active = true;
    std::optional<std::string> expires;  // YYYY-MM-DD: the first day the secret is no longer valid
    bool deleted = false;                // in the restorable trash
};

struct CheckOptions {
    std::string today;          // YYYY-MM-DD
    int expiry_window_days = 14;
};

enum class CheckIssueKind { dangling, disabled, expired, malformed, expiring, unused, bad_expiry };
[[nodiscard]] std::string_view to_string(CheckIssueKind kind);

struct CheckIssue {
    CheckIssueKind kind;
    std::string secret;            // empty for malformed references
    std::optional<ReferenceError> where;  // the reference; none for unused/expiring-without-use secrets
    std::string message;           // one line, never a value
};

struct CheckReport {
    std::vector<CheckIssue> errors;    // dangling, disabled, expired, malformed: exit 1
    std::vector<CheckIssue> warnings;  // expiring within the window, unused, unparsable expiry
    std::size_t references = 0;
    std::size_t secrets = 0;
    [[nodiscard]] bool ok() const { return errors.empty(); }
};

// Pure: every usage must name an existing (not deleted), active, unexpired secret; every
// malformed reference is an error. Fails only when options.today is not a YYYY-MM-DD date.
[[nodiscard]] Result<CheckReport> check_references(std::span<const Usage> usages,
                                                   std::span<const ReferenceError> malformed,
                                                   std::span<const SecretState> secrets, const CheckOptions& options);
[[nodiscard]] std::string render_check_text(const CheckReport& report);
[[nodiscard]] std::string render_check_json(const CheckReport& report);

// Days from 1970-01-01 of a YYYY-MM-DD date; nullopt unless it is a real calendar date.
[[nodiscard]] std::optional<std::int64_t> parse_date(std::string_view text);
// Today's date in UTC as YYYY-MM-DD (for CheckOptions::today and secret_usable).
[[nodiscard]] std::string current_date_utc();

// Whether a secret may be used (injected, run with) today: the same rules and messages as
// `check`. `state` is null when the vault has no such secret. Errors: not_found (missing or
// deleted), conflict (disabled or expired), usage (today is not YYYY-MM-DD).
[[nodiscard]] Result<void> secret_usable(std::string_view name, const SecretState* state, std::string_view today);

// ---- inject -------------------------------------------------------------------------------------

// A name and a plaintext value: an environment variable for `run`, a value to mask.
struct MaskedSecret {
    std::string name;
    std::string value;
};

// Returns the value of a secret, or an error saying why it cannot be used (missing, disabled,
// expired). The error message must not contain the value.
using SecretLookup = std::function<Result<std::string>(std::string_view name)>;

// Replaces every reference of `text` with its value and every escape "$$<secret" with
// "$<secret". Stops at the first malformed reference or failed lookup, naming path:line:col.
// The caller owns the returned plaintext: wipe it (explicit_bzero) when done.
[[nodiscard]] std::expected<std::string, ReferenceError> render_template(std::string_view path, std::string_view text,
                                                                         const SecretLookup& lookup);

// For `hush run --env-file FILE`: reads dotenv lines (KEY=VALUE, `export KEY=VALUE`, '#'
// comments, "double" or 'single' quoted values) and renders the references in each value. The
// result maps each KEY to its rendered value (wipe them when done). Errors name path:line:col.
[[nodiscard]] std::expected<std::vector<MaskedSecret>, ReferenceError> resolve_env_file(std::string_view path,
                                                                                       std::string_view text,
                                                                                       const SecretLookup& lookup);

// Writes `bytes` to `target` with mode 0600: a temporary file in the same directory, fsync,
// rename over the target, fsync of the directory. Refuses when `target` is a symlink or a
// directory. The temporary file is removed on any failure.
[[nodiscard]] Result<void> write_private_file(const std::filesystem::path& target, std::string_view bytes);

// ---- run ----------------------------------------------------------------------------------------

// Streaming masker: feed output chunks, get them back with every occurrence of every secret
// value replaced, also when a value is split across chunks. Values shorter than
// min_masked_length are not masked (they would mangle ordinary output). At each position the
// longest value wins. Holds back at most (longest value - 1) bytes until the next feed/finish.
class OutputMasker {
public:
    static constexpr std::size_t min_masked_length = 4;
    enum class Style { stars, reference };  // "********" or "$<secret.NAME>"

    explicit OutputMasker(std::vector<MaskedSecret> secrets, Style style = Style::stars);
    ~OutputMasker();  // wipes the values and any held-back bytes
    OutputMasker(const OutputMasker&) = delete;
    OutputMasker& operator=(const OutputMasker&) = delete;

    [[nodiscard]] std::string feed(std::string_view chunk);
    [[nodiscard]] std::string finish();  // everything still held back

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

struct RunSpec {
    std::vector<std::string> argv;  // argv[0] looked up in PATH
    std::vector<MaskedSecret> environment;  // added to (or overriding) the inherited environment
    // The values to mask, when they are not exactly the environment's: an env file mixes plain
    // settings (not to be masked) with values holding a secret inside ("postgres://u:$<secret.PW>@db"),
    // whose bare secret must be masked too. Default (nullopt): the environment's values.
    std::optional<std::vector<MaskedSecret>> masked;
    bool mask = true;               // mask the values in stdout/stderr
    OutputMasker::Style style = OutputMasker::Style::stars;
    int out_fd = 1;                 // where the masked stdout/stderr go
    int err_fd = 2;
};

// Runs the command with the extra environment; its stdout and stderr go through one masker
// each. SIGINT/SIGTERM/SIGHUP received meanwhile are forwarded to the child. Returns the
// child's exit status, 128+N when a signal N killed it; an error when it could not start.
[[nodiscard]] Result<int> run_command(const RunSpec& spec);

}  // namespace hush
