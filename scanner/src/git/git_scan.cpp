// scan_git: the scanner over git inputs. Every filter and suppression of scan_buffer applies; what
// this adds is which blobs are read, which lines count, and, for history, one report per secret.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "git/git_source.hpp"
#include "hush/core/text.hpp"
#include "hush/scanner.hpp"

namespace hush {
namespace {

// The byte ranges of `lines` (1-based, inclusive, sorted) in `text`, each to the end of its last line.
std::vector<Span> line_spans(std::string_view text, const std::vector<git::LineRange>& lines) {
    LineIndex index(text);
    std::vector<Span> spans;
    for (const auto& range : lines) {
        Span span{index.line_start(range.first), index.line_start(range.last + 1)};
        if (!span.empty()) spans.push_back(span);
    }
    return spans;
}

// A whole new blob, or only what changed in an edited one (findings touching its changed lines).
ScanResult scan_blob(const Scanner& scanner, ScanContext& context, const git::BlobToScan& blob) {
    if (blob.all_lines) return scanner.scan_buffer(context, blob.path, blob.content);
    return scanner.scan_changed(context, blob.path, blob.content, line_spans(blob.content, blob.added));
}

void add_source_stats(const git::SourceStats& stats, ScanResult& result) {
    result.stats.skipped_binary += stats.binary_skipped;
    result.stats.skipped_too_large += stats.too_large_skipped;
    auto& notes = result.notes;
    if (stats.submodules_skipped > 0)
        notes.push_back({"", std::to_string(stats.submodules_skipped) + " submodule entr" +
                                 (stats.submodules_skipped == 1 ? "y" : "ies") + " skipped (scan each submodule on its own)"});
    if (stats.binary_skipped > 0)
        notes.push_back({"", std::to_string(stats.binary_skipped) + " binary blob(s) skipped"});
    if (stats.too_large_skipped > 0)
        notes.push_back({"", std::to_string(stats.too_large_skipped) + " blob(s) over the size limit skipped (--max-file-size, scan.max_file_size)"});
    if (stats.shallow)
        notes.push_back({"", "shallow clone: commits before the clone's boundary are not available and were not scanned"});
}

void sort_findings(std::vector<Finding>& findings) {
    std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.path, a.span.begin, a.rule_id) < std::tie(b.path, b.span.begin, b.rule_id);
    });
}

void add_sums(git::SourceStats& total, const git::SourceStats& part) {
    total.blobs += part.blobs;
    total.binary_skipped += part.binary_skipped;
    total.too_large_skipped += part.too_large_skipped;
}

// The contents of blobs that later planned blobs were edited from, kept until the last of those is
// read: each version of a file is then read from the object store once (libgit2 reads one object
// at a time per pack, so reading is the part of a history scan that does not run in parallel).
class ParentContents {
public:
    explicit ParentContents(const git::HistoryPlan& plan) {
        for (const auto& blob : plan.blobs) {
            if (blob.parent) ++m_readers[*blob.parent];
        }
    }

    // Keeps a copy of `content` if a blob not read yet was edited from it and the budget allows.
    void offer(const git::ObjectId& id, const std::string& content) {
        std::lock_guard lock(m_mutex);
        auto readers = m_readers.find(id);
        if (readers == m_readers.end() || readers->second == 0 || m_bytes + content.size() > budget) return;
        if (m_contents.try_emplace(id, content).second) m_bytes += content.size();
    }

    // The content of `id` if it is kept (the last reader takes it out).
    std::optional<std::string> take(const git::ObjectId& id) {
        std::lock_guard lock(m_mutex);
        auto readers = m_readers.find(id);
        if (readers != m_readers.end() && readers->second > 0) --readers->second;
        auto kept = m_contents.find(id);
        if (kept == m_contents.end()) return std::nullopt;
        if (readers != m_readers.end() && readers->second > 0) return kept->second;
        std::string content = std::move(kept->second);
        m_bytes -= content.size();
        m_contents.erase(kept);
        return content;
    }

private:
    static constexpr std::size_t budget = 256u << 20;
    std::mutex m_mutex;
    std::unordered_map<git::ObjectId, unsigned, git::ObjectIdHash> m_readers;  // blobs still to be read
    std::unordered_map<git::ObjectId, std::string, git::ObjectIdHash> m_contents;
    std::size_t m_bytes = 0;
};

// One planned blob's scan, filled by a worker thread and merged by the calling thread in plan order.
struct BlobOutcome {
    ScanResult scanned;
    std::atomic<bool> ready{false};
};

// History: blobs are read and scanned on `threads` threads (each with its own repository handle
// and scanner context); results are merged in commit order, so output does not depend on timing.
class HistoryScan {
public:
    HistoryScan(const Scanner& scanner, const git::Repository& repo, const GitScanOptions& options,
                git::SourceOptions source)
        : m_scanner(scanner), m_repo(repo), m_options(options), m_source(source) {}

    Result<git::SourceStats> run(ScanResult& result) {
        git::HistoryOptions history{m_source, m_options.since, m_options.branches, m_options.all_refs};
        auto plan = m_repo.plan_history(history);
        if (!plan) return std::unexpected(plan.error());
        m_plan = std::move(*plan);
        m_parents.emplace(m_plan);
        m_outcomes = std::vector<BlobOutcome>(m_plan.blobs.size());
        unsigned threads = m_options.threads != 0 ? m_options.threads : std::max(1u, std::thread::hardware_concurrency());
        threads = static_cast<unsigned>(std::clamp<std::size_t>(m_plan.blobs.size(), 1, threads));
        std::vector<git::Repository> readers;
        for (unsigned i = 0; i < threads; ++i) {
            auto reader = m_repo.reopen();
            if (!reader) return std::unexpected(reader.error());
            readers.push_back(std::move(*reader));
        }
        std::vector<git::SourceStats> worker_stats(threads);
        {
            std::vector<std::jthread> workers;
            for (unsigned i = 0; i < threads; ++i)
                workers.emplace_back([this, &reader = readers[i], &stats = worker_stats[i]] { work(reader, stats); });
            merge_in_order(result);
        }
        git::SourceStats stats = m_plan.stats;
        for (const auto& part : worker_stats) add_sums(stats, part);
        return stats;
    }

private:
    void work(const git::Repository& reader, git::SourceStats& stats) {
        auto context = m_scanner.make_context();
        for (std::size_t i = m_next++; i < m_plan.blobs.size(); i = m_next++) {
            const auto& planned = m_plan.blobs[i];
            auto parent = planned.parent ? m_parents->take(*planned.parent) : std::nullopt;
            auto blob = reader.read_history_blob(planned, m_plan.commits[planned.commit], m_source, stats,
                                                 parent ? &*parent : nullptr);
            if (blob) {
                m_parents->offer(planned.id, blob->content);
                m_outcomes[i].scanned = scan_blob(m_scanner, context, *blob);
                for (auto& finding : m_outcomes[i].scanned.findings) finding.git = blob->origin;
            }
            m_outcomes[i].ready.store(true, std::memory_order_release);
            m_outcomes[i].ready.notify_one();
        }
    }

    // A secret seen in several blobs (edits of one file) is reported once, at its oldest commit.
    void merge_in_order(ScanResult& result) {
        std::unordered_map<std::string, std::size_t> first_by_fingerprint;
        std::uint64_t commits_done = 0;
        std::uint64_t blobs_done = 0;
        auto report = [&](std::uint64_t done) {
            commits_done = done;
            if (m_options.progress) m_options.progress(commits_done, m_plan.commits.size(), blobs_done);
        };
        for (std::size_t i = 0; i < m_outcomes.size(); ++i) {
            m_outcomes[i].ready.wait(false, std::memory_order_acquire);
            if (m_plan.blobs[i].commit > commits_done) report(m_plan.blobs[i].commit);
            ScanResult& scanned = m_outcomes[i].scanned;
            add_stats(result.stats, scanned.stats);
            blobs_done += scanned.stats.files_scanned;
            for (auto& finding : scanned.findings) {
                if (!first_by_fingerprint.emplace(finding.fingerprint, result.findings.size()).second) continue;
                result.findings.push_back(std::move(finding));
            }
            scanned = {};
        }
        report(m_plan.commits.size());
    }

    const Scanner& m_scanner;
    const git::Repository& m_repo;
    const GitScanOptions& m_options;
    git::SourceOptions m_source;
    git::HistoryPlan m_plan;
    std::optional<ParentContents> m_parents;
    std::vector<BlobOutcome> m_outcomes;
    std::atomic<std::size_t> m_next{0};
};

// Still present: HEAD's version of the file still holds the value.
void mark_still_present(const git::Repository& repo, std::vector<Finding>& findings) {
    std::unordered_map<std::string, std::optional<std::string>> head_files;
    for (auto& finding : findings) {
        auto [it, inserted] = head_files.try_emplace(finding.path);
        if (inserted) it->second = repo.head_file(finding.path);
        finding.git->still_present = it->second && it->second->find(finding.secret) != std::string::npos;
    }
}

}  // namespace

Result<ScanResult> scan_git(const Scanner& scanner, const std::filesystem::path& start, const GitScanOptions& options) {
    auto started = std::chrono::steady_clock::now();
    auto repo = git::Repository::open(start);
    if (!repo) return std::unexpected(repo.error());
    ScanResult result;
    git::SourceOptions source{options.max_file_size.value_or(scanner.max_file_size())};

    auto context = scanner.make_context();
    auto on_blob = [&](git::BlobToScan&& blob) {
        ScanResult scanned = scan_blob(scanner, context, blob);
        add_stats(result.stats, scanned.stats);
        std::move(scanned.findings.begin(), scanned.findings.end(), std::back_inserter(result.findings));
    };
    Result<git::SourceStats> stats;
    switch (options.mode) {
        case GitScanOptions::Mode::staged: stats = repo->staged(source, on_blob); break;
        case GitScanOptions::Mode::diff: stats = repo->diff(options.range, source, on_blob); break;
        case GitScanOptions::Mode::history: stats = HistoryScan(scanner, *repo, options, source).run(result); break;
    }
    if (!stats) return std::unexpected(stats.error());
    add_source_stats(*stats, result);

    if (options.mode == GitScanOptions::Mode::history) {
        mark_still_present(*repo, result.findings);
        result.notes.push_back({"", std::to_string(stats->commits) + " commit(s), " + std::to_string(stats->blobs) +
                                        " blob(s) scanned, " + std::to_string(stats->blobs_deduplicated) +
                                        " unchanged blob(s) skipped"});
    }
    sort_findings(result.findings);
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace hush
