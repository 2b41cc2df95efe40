// Scanner: rules -> matcher; walker -> files -> (parallel) matches -> filters -> findings.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "filters.hpp"
#include "glob.hpp"
#include "hush/generic_rules.hpp"
#include "hush/scanner.hpp"
#include "matcher.hpp"
#include "syntax/generic.hpp"
#include "syntax/regions.hpp"
#include "walker.hpp"

namespace hush {
namespace {

namespace fs = std::filesystem;
using scan::Matcher;
using scan::RawMatch;

constexpr std::size_t snippet_context = 60;  // bytes of the line shown on each side of the secret
constexpr std::size_t binary_probe = 8192;
// Files up to this size get a whole-file parse for syntax context; bigger ones a region parse.
constexpr std::size_t whole_file_parse_limit = 4 * 1024;

// A match that passed its rule's validator, entropy and placeholder checks.
struct Candidate {
    RawMatch match;
    Validation validation = Validation::unchecked;
    double entropy = 0;
};

// What scanning one file produced; merged in file order so output never depends on threads.
struct FileOutcome {
    std::vector<Finding> findings;
    ScanStats stats;
    std::vector<ScanNote> notes;
};

struct Workspace {
    std::unique_ptr<Matcher::Scratch, void (*)(Matcher::Scratch*)> scratch;
    std::vector<RawMatch> matches;
    std::string buffer;
};

enum class Mode { scan, rule_test };

// True if `span` overlaps one of `ranges` (sorted, disjoint).
bool is_generic(const Rule& rule) { return rule.kind.starts_with("generic"); }

// Of two overlapping candidates, the one to report: a validated value, then a provider-specific
// rule over a generic one, then the longer secret, then the rule loaded first.
bool better(const Candidate& a, const Candidate& b, const std::vector<Rule>& rules) {
    const Rule& rule_a = rules[a.match.rule];
    const Rule& rule_b = rules[b.match.rule];
    if ((a.validation == Validation::valid) != (b.validation == Validation::valid)) return a.validation == Validation::valid;
    if (is_generic(rule_a) != is_generic(rule_b)) return !is_generic(rule_a);
    if (a.match.secret.size() != b.match.secret.size()) return a.match.secret.size() > b.match.secret.size();
    return a.match.rule < b.match.rule;
}

std::vector<Candidate> keep_best_of_overlaps(std::vector<Candidate> candidates, const std::vector<Rule>& rules) {
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::pair(a.match.secret.begin, a.match.rule) < std::pair(b.match.secret.begin, b.match.rule);
    });
    std::vector<Candidate> kept;
    for (auto& candidate : candidates) {
        if (!kept.empty() && kept.back().match.secret.overlaps(candidate.match.secret)) {
            if (better(candidate, kept.back(), rules)) kept.back() = candidate;
        } else {
            kept.push_back(candidate);
        }
    }
    return kept;
}

// Cuts `text` to at most `limit` bytes on a UTF-8 boundary, keeping its start or its end.
std::string clip(std::string text, std::size_t limit, bool keep_end) {
    if (text.size() <= limit) return text;
    std::size_t cut = keep_end ? text.size() - limit : limit;
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        keep_end ? ++cut : --cut;
    return keep_end ? "…" + text.substr(cut) : text.substr(0, cut) + "…";
}

// text[from, to) with every secret of `secrets` inside it replaced by its redacted form.
std::string render_redacted(std::string_view text, std::size_t from, std::size_t to, const std::vector<Span>& secrets) {
    std::string out;
    std::size_t at = from;
    for (Span secret : secrets) {
        if (secret.end <= at || secret.begin >= to) continue;
        std::size_t begin = std::max(secret.begin, at);
        out.append(text.substr(at, begin - at));
        out += redact(secret.of(text));
        at = std::min(secret.end, to);
    }
    if (at < to) out.append(text.substr(at, to - at));
    return out;
}

void fill_snippet(Finding& finding, std::string_view text, const LineIndex& lines, const std::vector<Span>& secrets) {
    std::size_t line_begin = lines.line_start(finding.start.line);
    auto line = lines.line_text(finding.start.line);
    std::size_t line_end = line_begin + line.size();
    std::vector<Span> others;
    for (Span secret : secrets) {
        if (secret != finding.span) others.push_back(secret);
    }
    auto before = render_redacted(text, line_begin, finding.span.begin, others);
    before.erase(0, before.find_first_not_of(" \t"));
    finding.line_before = clip(before, snippet_context, true);
    finding.line_after = finding.span.end < line_end
                             ? clip(render_redacted(text, finding.span.end, line_end, others), snippet_context, false)
                             : std::string();
}

}  // namespace

// Files found by the walk, handed to the scanning threads as they arrive. Bounded: the walk
// lists directories several times faster than files are scanned, and would otherwise queue
// every path of the tree (~250 bytes each) before the scan caught up.
class FileQueue {
public:
    void push(scan::WalkFile file) {
        {
            std::unique_lock lock(m_mutex);
            // A full queue waits until half of it is taken: one wake-up per 512 files, not per file.
            if (m_files.size() >= capacity) m_room.wait(lock, [&] { return m_files.size() <= capacity / 2; });
            m_files.push_back(std::move(file));
        }
        m_ready.notify_one();
    }

    // No more files will come.
    void close() {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_all();
    }

    // The next file; nullopt once the walk is over and all are taken.
    std::optional<scan::WalkFile> take() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_files.empty() || m_closed; });
        if (m_files.empty()) return std::nullopt;
        std::optional<scan::WalkFile> next(std::move(m_files.front()));
        m_files.pop_front();
        if (m_files.size() == capacity / 2) m_room.notify_one();
        return next;
    }

private:
    static constexpr std::size_t capacity = 1024;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_room;
    std::deque<scan::WalkFile> m_files;  // found, not yet taken
    bool m_closed = false;
};

// A file's outcome that has something to report, with the path that orders it in the output
// (unique: the walker drops a file reached twice).
struct KeptOutcome {
    std::string display_path;
    FileOutcome outcome;
};

struct Scanner::Impl {
    Config config;
    ScanOptions options;
    RuleSet rule_set;
    Matcher matcher;
    std::unordered_set<std::string> baseline;
    std::uint64_t max_file_size = 0;
    std::optional<syntax::GenericDetector> generic;  // null when syntax context is off

    Impl(Config config_, ScanOptions options_, RuleSet rules_, Matcher matcher_)
        : config(std::move(config_)), options(std::move(options_)), rule_set(std::move(rules_)), matcher(std::move(matcher_)) {}

    Workspace workspace() const { return {matcher.make_scratch(), {}, {}}; }

    std::vector<Candidate> candidates(std::string_view text, Workspace& work, std::span<const Span> focus = {}) const {
        work.matches.clear();
        matcher.find(text, *work.scratch, work.matches, focus);
        std::vector<Candidate> out;
        for (const auto& match : work.matches) {
            const Rule& rule = rule_set.rules[match.rule];
            auto secret = match.secret.of(text);
            Candidate candidate{match, Validation::unchecked, shannon_entropy(secret)};
            if (rule.entropy && candidate.entropy < *rule.entropy) continue;
            if (scan::is_placeholder(secret)) continue;
            if (!rule.validate.empty()) {
                candidate.validation = run_validator(rule.validate, secret);
                if (candidate.validation == Validation::invalid) continue;
            }
            out.push_back(candidate);
        }
        return out;
    }

    // Inline, allowlist and baseline suppression; true if the finding is reported.
    bool report(const Finding& finding, std::string_view text, Mode mode, ScanStats& stats) const {
        if (scan::allowed_inline(text, finding.span.begin, finding.span.end)) {
            ++stats.suppressed_inline;
            return false;
        }
        if (mode == Mode::rule_test) return true;
        if (scan::allowed_by_config(config.allow, finding.secret)) {
            ++stats.suppressed_allowlist;
            return false;
        }
        if (baseline.contains(finding.fingerprint)) {
            ++stats.suppressed_baseline;
            return false;
        }
        return true;
    }

    // Syntax context, only for files that can use it: those with rule candidates (for key paths)
    // or where a generic keyword could be the key of a reportable value. A small file is parsed
    // whole; in a bigger one only the regions around those places and the blocks that enclose
    // them (a 10 MB bundle with one candidate costs a few lines, not a 10 MB tree). With a focus
    // (the changed lines of a git edit), only generic places touching it count.
    SyntaxExtraction syntax_of(std::string_view path, std::string_view text, const std::vector<Candidate>& found,
                               const std::vector<Span>* keyword_hits, Mode mode, ScanStats& stats,
                               std::span<const Span> focus = {}) const {
        if (mode != Mode::scan || !generic || !has_syntax_support(path)) return {};
        if (text.size() <= whole_file_parse_limit) {
            bool wanted = !found.empty() || (focus.empty() ? generic->wants(path, text, keyword_hits)
                                                            : !generic_places(path, text, keyword_hits, focus).empty());
            if (!wanted) return {};
            SyntaxExtraction extraction = extract_syntax(path, text);
            if (extraction.parse_error) ++stats.parse_failures;
            return extraction;
        }
        std::vector<Span> places = generic_places(path, text, keyword_hits, focus);
        for (const auto& candidate : found) places.push_back(candidate.match.whole);
        if (places.empty()) return {};
        std::sort(places.begin(), places.end());
        // A region parse misses the rest of the file by design: its syntax errors are not the file's.
        return syntax::extract_syntax_around(path, text, places);
    }

    // The generic detector's places (a key's line and the next); with a focus, those touching it.
    std::vector<Span> generic_places(std::string_view path, std::string_view text, const std::vector<Span>* keyword_hits,
                                     std::span<const Span> focus) const {
        std::vector<Span> places = generic->triggers(path, text, keyword_hits);
        if (!focus.empty()) std::erase_if(places, [&](Span place) { return !overlaps_any(place, focus); });
        return places;
    }

    // Generic detections that no rule candidate overlaps, as candidates of their own.
    std::vector<Finding> generic_findings(const SyntaxExtraction& syntax, const std::vector<Candidate>& found) const {
        std::vector<Finding> out;
        if (syntax.values.empty()) return out;
        for (auto& detection : generic->detect(syntax.values)) {
            bool covered = std::any_of(found.begin(), found.end(),
                                       [&](const Candidate& c) { return c.match.secret.overlaps(detection.span); });
            if (covered) continue;
            Finding finding;
            finding.rule_id = detection.rule_id;
            finding.rule_name = detection.rule_name;
            finding.kind = detection.kind;
            finding.severity = detection.severity;
            finding.span = detection.span;
            finding.key_path = detection.key_path;
            finding.entropy = detection.entropy;
            out.push_back(std::move(finding));
        }
        return out;
    }

    // With a `focus` (sorted, disjoint byte ranges), only findings overlapping it are reported.
    FileOutcome scan_text(std::string_view path, std::string_view text, Workspace& work, Mode mode,
                          std::span<const Span> focus = {}) const {
        FileOutcome outcome;
        outcome.stats.files_scanned = 1;
        outcome.stats.bytes_scanned = text.size();
        auto found = candidates(text, work, focus);
        if (mode == Mode::scan) found = keep_best_of_overlaps(std::move(found), rule_set.rules);
        if (!focus.empty())
            std::erase_if(found, [&](const Candidate& c) { return !overlaps_any(c.match.secret, focus); });
        SyntaxExtraction syntax = syntax_of(path, text, found, matcher.extra_hits(*work.scratch), mode, outcome.stats, focus);

        std::vector<Finding> pending = generic_findings(syntax, found);
        if (!focus.empty()) std::erase_if(pending, [&](const Finding& f) { return !overlaps_any(f.span, focus); });
        for (const auto& candidate : found) {
            const Rule& rule = rule_set.rules[candidate.match.rule];
            Finding finding;
            finding.rule_id = rule.id;
            finding.rule_name = rule.name;
            finding.kind = rule.kind;
            finding.severity = rule.severity;
            finding.span = candidate.match.secret;
            finding.entropy = candidate.entropy;
            finding.validation = candidate.validation;
            finding.name_hint = rule.name_hint;
            if (const KeyedValue* value = enclosing_value(syntax.values, finding.span)) finding.key_path = value->key_path;
            pending.push_back(std::move(finding));
        }
        if (pending.empty()) return outcome;

        LineIndex lines(text);
        std::vector<Span> secrets;
        for (const auto& finding : pending) secrets.push_back(finding.span);
        std::sort(secrets.begin(), secrets.end());
        for (auto& finding : pending) {
            finding.path = std::string(path);
            finding.start = lines.at(finding.span.begin);
            finding.end = lines.at(finding.span.end);
            finding.secret = std::string(finding.span.of(text));
            finding.fingerprint = finding_fingerprint(finding.rule_id, path, finding.secret);
            if (!report(finding, text, mode, outcome.stats)) continue;
            fill_snippet(finding, text, lines, secrets);
            outcome.findings.push_back(std::move(finding));
        }
        return outcome;
    }

    FileOutcome scan_file(const scan::WalkFile& file, Workspace& work) const {
        FileOutcome outcome;
        auto unreadable = [&](const char* what) {
            outcome.stats.unreadable = 1;
            outcome.notes.push_back({file.display_path, std::string(what) + ": " + std::strerror(errno)});
            return std::move(outcome);
        };
        int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return unreadable("cannot open");
        struct stat info {};
        if (::fstat(fd, &info) != 0) {
            ::close(fd);
            return unreadable("cannot stat");
        }
        if (static_cast<std::uint64_t>(info.st_size) > max_file_size) {
            ::close(fd);
            outcome.stats.skipped_too_large = 1;
            outcome.notes.push_back({file.display_path, "skipped: " + std::to_string(info.st_size) + " bytes is over the " +
                                                            std::to_string(max_file_size) + "-byte limit (--max-file-size)"});
            return outcome;
        }
        auto size = static_cast<std::size_t>(info.st_size);
        if (work.buffer.size() < size) work.buffer.resize(size);
        std::size_t length = 0;
        while (length < size) {
            auto got = ::read(fd, work.buffer.data() + length, size - length);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                ::close(fd);
                return unreadable("cannot read");
            }
            if (got == 0) break;
            length += static_cast<std::size_t>(got);
        }
        ::close(fd);
        return scan_bytes(file.display_path, std::string_view(work.buffer.data(), length), work);
    }

    FileOutcome scan_bytes(std::string_view path, std::string_view bytes, Workspace& work,
                           std::span<const Span> focus = {}) const {
        if (looks_binary(bytes.substr(0, binary_probe))) {
            FileOutcome outcome;
            outcome.stats.skipped_binary = 1;
            return outcome;
        }
        return scan_text(path, bytes, work, Mode::scan, focus);
    }

    // One buffer as a file at `path`: allow.paths, then scan_bytes; timed and sorted.
    ScanResult scan_one(std::string_view path, std::string_view bytes, Workspace& work, std::span<const Span> focus) const;

    unsigned thread_count() const {
        return options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    }

    // Walks `paths` and scans each file as the walk finds it: the walk runs on this thread while
    // workers take files from a queue (on the 545 MB benchmark corpus the walk alone takes ~0.2 s,
    // an eighth of the scan). Only outcomes with findings or notes are kept, in path order (so
    // output depends neither on timing nor on --threads); the others add to one sum of stats, so
    // memory does not grow with the number of files.
    Result<std::pair<scan::WalkResult, std::vector<FileOutcome>>> walk_and_scan(const std::vector<fs::path>& paths,
                                                                               const scan::WalkOptions& walk_options) const {
        struct WorkerResults {
            std::vector<KeptOutcome> kept;
            ScanStats quiet;  // files with nothing to report
        };
        FileQueue queue;
        std::vector<WorkerResults> done(thread_count());
        auto worker = [&](WorkerResults& mine) {
            auto work = workspace();
            while (auto file = queue.take()) {
                FileOutcome outcome = scan_file(*file, work);
                if (outcome.findings.empty() && outcome.notes.empty()) {
                    add_stats(mine.quiet, outcome.stats);
                } else {
                    mine.kept.push_back({std::move(file->display_path), std::move(outcome)});
                }
            }
        };
        Result<scan::WalkResult> walked;
        {
            // Declared after the threads, so that it runs before they are joined, however the
            // walk ends: workers wait for more files until the queue is closed.
            std::vector<std::jthread> threads;
            struct CloseOnExit {
                FileQueue& queue;
                ~CloseOnExit() { queue.close(); }
            } close_queue{queue};
            for (auto& mine : done) threads.emplace_back(worker, std::ref(mine));
            walked = scan::walk(paths, walk_options, [&](scan::WalkFile file) { queue.push(std::move(file)); });
        }
        if (!walked) return std::unexpected(walked.error());

        std::vector<KeptOutcome> kept;
        FileOutcome quiet;
        for (auto& mine : done) {
            std::move(mine.kept.begin(), mine.kept.end(), std::back_inserter(kept));
            add_stats(quiet.stats, mine.quiet);
        }
        std::sort(kept.begin(), kept.end(),
                  [](const KeptOutcome& a, const KeptOutcome& b) { return a.display_path < b.display_path; });
        std::vector<FileOutcome> outcomes;
        outcomes.reserve(kept.size() + 1);
        for (auto& one : kept) outcomes.push_back(std::move(one.outcome));
        outcomes.push_back(std::move(quiet));
        return std::pair{std::move(*walked), std::move(outcomes)};
    }
};

namespace {


void merge(ScanResult& result, FileOutcome&& outcome) {
    add_stats(result.stats, outcome.stats);
    std::move(outcome.findings.begin(), outcome.findings.end(), std::back_inserter(result.findings));
    std::move(outcome.notes.begin(), outcome.notes.end(), std::back_inserter(result.notes));
}

void sort_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.path, a.span.begin, a.rule_id) < std::tie(b.path, b.span.begin, b.rule_id);
    });
}

Result<std::vector<RuleSource>> gather_rule_sources(const Config& config, const ScanOptions& options) {
    auto builtin = builtin_rule_sources();
    std::vector<RuleSource> sources(builtin.begin(), builtin.end());
    std::vector<fs::path> dirs;
    for (const auto& include : config.rules.include) dirs.push_back(config.root / include);
    dirs.insert(dirs.end(), options.rule_dirs.begin(), options.rule_dirs.end());
    for (const auto& dir : dirs) {
        auto more = read_rule_dir(dir);
        if (!more) return std::unexpected(more.error());
        std::move(more->begin(), more->end(), std::back_inserter(sources));
    }
    return sources;
}

// The generic detector's settings: the last rule source with a top-level `generic:` section wins,
// so a user's rule directory can replace the built-in rules/generic.yaml.
Result<std::optional<syntax::GenericDetector>> load_generic_detector(const std::vector<RuleSource>& sources) {
    const RuleSource* chosen = nullptr;
    for (const auto& source : sources) {
        std::string_view text = source.text;
        if (text.starts_with("generic:") || text.find("\ngeneric:") != std::string_view::npos) chosen = &source;
    }
    if (chosen == nullptr) return std::optional<syntax::GenericDetector>{};
    auto rules = parse_generic_rules(chosen->text, chosen->path);
    if (!rules) return std::unexpected(rules.error());
    auto detector = syntax::GenericDetector::create(*rules);
    if (!detector) return std::unexpected(detector.error());
    return std::optional<syntax::GenericDetector>(std::move(*detector));
}

}  // namespace

void add_stats(ScanStats& total, const ScanStats& part) {
    total.files_scanned += part.files_scanned;
    total.bytes_scanned += part.bytes_scanned;
    total.skipped_binary += part.skipped_binary;
    total.skipped_too_large += part.skipped_too_large;
    total.skipped_ignored += part.skipped_ignored;
    total.unreadable += part.unreadable;
    total.parse_failures += part.parse_failures;
    total.suppressed_inline += part.suppressed_inline;
    total.suppressed_allowlist += part.suppressed_allowlist;
    total.suppressed_baseline += part.suppressed_baseline;
}

void append(ScanResult& into, ScanResult&& from) {
    add_stats(into.stats, from.stats);
    into.stats.seconds += from.stats.seconds;
    std::move(from.findings.begin(), from.findings.end(), std::back_inserter(into.findings));
    std::move(from.notes.begin(), from.notes.end(), std::back_inserter(into.notes));
    sort_findings(into.findings);
}

Scanner::Scanner(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;
Scanner::~Scanner() = default;

Result<Scanner> Scanner::create(const Config& config, const ScanOptions& options) {
    auto sources = gather_rule_sources(config, options);
    if (!sources) return std::unexpected(sources.error());
    auto rule_set = load_rules(std::move(*sources));
    if (!rule_set) return std::unexpected(rule_set.error());
    std::erase_if(rule_set->rules, [&](const Rule& rule) {
        return std::find(config.rules.disable.begin(), config.rules.disable.end(), rule.id) != config.rules.disable.end();
    });
    std::optional<syntax::GenericDetector> generic;
    if (options.syntax_context) {
        auto detector = load_generic_detector(rule_set->sources);
        if (!detector) return std::unexpected(detector.error());
        generic = std::move(*detector);
    }
    // The generic keywords ride along in the rules' keyword pass: no second pass per file.
    auto matcher = Matcher::build(rule_set->rules, generic ? generic->keywords() : std::vector<std::string>{});
    if (!matcher) return std::unexpected(matcher.error());
    auto impl = std::make_unique<Impl>(config, options, std::move(*rule_set), std::move(*matcher));
    impl->generic = std::move(generic);
    impl->max_file_size = options.max_file_size.value_or(config.scan.max_file_size);
    if (options.baseline) {
        auto entries = load_baseline(*options.baseline);
        if (!entries) return std::unexpected(entries.error());
        for (auto& entry : *entries) impl->baseline.insert(std::move(entry.fingerprint));
    }
    return Scanner(std::move(impl));
}

Result<ScanResult> Scanner::scan_paths(const std::vector<fs::path>& paths) const {
    auto started = std::chrono::steady_clock::now();
    scan::WalkOptions walk_options;
    walk_options.exclude = m_impl->options.exclude;
    walk_options.root_exclude = m_impl->config.scan.exclude;
    walk_options.root_exclude.insert(walk_options.root_exclude.end(), m_impl->config.allow.paths.begin(),
                                     m_impl->config.allow.paths.end());
    walk_options.root = m_impl->config.root.empty() ? fs::path(".") : m_impl->config.root;
    walk_options.ignore_files = m_impl->options.ignore_files;
    auto scanned = m_impl->walk_and_scan(paths, walk_options);
    if (!scanned) return std::unexpected(scanned.error());
    auto& [walked, outcomes] = *scanned;
    ScanResult result;
    result.stats = walked.stats;
    result.notes = std::move(walked.notes);
    for (auto& outcome : outcomes) merge(result, std::move(outcome));
    sort_findings(result.findings);
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

ScanResult Scanner::Impl::scan_one(std::string_view path, std::string_view bytes, Workspace& work,
                                   std::span<const Span> focus) const {
    auto started = std::chrono::steady_clock::now();
    ScanResult result;
    const auto& allow_paths = config.allow.paths;
    if (std::any_of(allow_paths.begin(), allow_paths.end(), [&](const std::string& glob) { return scan::path_glob_match(glob, path); })) {
        result.stats.skipped_ignored = 1;
        return result;
    }
    merge(result, scan_bytes(path, bytes, work, focus));
    sort_findings(result.findings);
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

struct ScanContext::State {
    Workspace work;
};

ScanContext::ScanContext(std::unique_ptr<State> state) : m_state(std::move(state)) {}
ScanContext::ScanContext(ScanContext&&) noexcept = default;
ScanContext& ScanContext::operator=(ScanContext&&) noexcept = default;
ScanContext::~ScanContext() = default;

ScanContext Scanner::make_context() const {
    return ScanContext(std::make_unique<ScanContext::State>(ScanContext::State{m_impl->workspace()}));
}

ScanResult Scanner::scan_buffer(std::string_view path, std::string_view bytes) const {
    auto context = make_context();
    return scan_buffer(context, path, bytes);
}

ScanResult Scanner::scan_buffer(ScanContext& context, std::string_view path, std::string_view bytes) const {
    return m_impl->scan_one(path, bytes, context.m_state->work, {});
}

ScanResult Scanner::scan_changed(ScanContext& context, std::string_view path, std::string_view bytes,
                                 std::span<const Span> changed) const {
    if (changed.empty()) {  // nothing changed: nothing can be new
        ScanResult result;
        result.stats.files_scanned = 1;
        return result;
    }
    return m_impl->scan_one(path, bytes, context.m_state->work, changed);
}

std::uint64_t Scanner::max_file_size() const { return m_impl->max_file_size; }

const std::vector<Rule>& Scanner::rules() const { return m_impl->rule_set.rules; }
const std::vector<RuleSource>& Scanner::rule_sources() const { return m_impl->rule_set.sources; }

std::vector<RuleTestFailure> Scanner::test_rules() const {
    std::vector<RuleTestFailure> failures;
    auto work = m_impl->workspace();
    auto finds = [&](const Rule& rule, const std::string& example) {
        auto outcome = m_impl->scan_text("rule-example", example, work, Mode::rule_test);
        return std::any_of(outcome.findings.begin(), outcome.findings.end(),
                           [&](const Finding& finding) { return finding.rule_id == rule.id; });
    };
    for (const auto& rule : rules()) {
        auto failed = [&](std::string message) { failures.push_back({rule.id, rule.file, rule.line, std::move(message)}); };
        if (auto problem = rule.compiled->problem()) failed(*problem);
        if (rule.examples.empty()) failed("has no examples");
        for (std::size_t i = 0; i < rule.examples.size(); ++i) {
            if (!finds(rule, rule.examples[i]))
                failed("example " + std::to_string(i + 1) + " (" + redact(rule.examples[i]) + ") produced no finding");
        }
        for (std::size_t i = 0; i < rule.negative_examples.size(); ++i) {
            if (finds(rule, rule.negative_examples[i]))
                failed("negative example " + std::to_string(i + 1) + " (" + redact(rule.negative_examples[i]) +
                       ") produced a finding");
        }
    }
    return failures;
}

}  // namespace hush
