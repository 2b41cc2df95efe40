// scan_git: the scanner over git inputs. Every filter and suppression of scan_buffer applies; what
// this adds is which blobs are read, which lines count, and, for history, one report per secret.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
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
    if (blob.added.empty()) return scanner.scan_changed(context, blob.path, blob.content, blob.changed);
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
// read: each version of a file is then read from the object store once (decompressing blobs is
// the largest part of a history scan).
class ParentContents {
public:
    // A planned blob was edited from `id`.
    void expect(const git::ObjectId& id) {
        std::lock_guard lock(m_mutex);
        ++m_readers[id];
    }

    // Keeps `content` if a blob not read yet was edited from it and the budget allows.
    void offer(const git::ObjectId& id, git::BlobBytes&& content) {
        std::lock_guard lock(m_mutex);
        auto readers = m_readers.find(id);
        std::size_t size = content.bytes.size();
        if (readers == m_readers.end() || readers->second == 0 || m_bytes + size > budget) return;
        if (m_contents.try_emplace(id, std::move(content)).second) m_bytes += size;
    }

    // The content of `id` if it is kept (the last reader takes it out).
    std::optional<git::BlobBytes> take(const git::ObjectId& id) {
        std::lock_guard lock(m_mutex);
        auto readers = m_readers.find(id);
        if (readers != m_readers.end() && readers->second > 0) --readers->second;
        auto kept = m_contents.find(id);
        if (kept == m_contents.end()) return std::nullopt;
        if (readers != m_readers.end() && readers->second > 0) return kept->second;
        git::BlobBytes content = std::move(kept->second);
        m_bytes -= content.bytes.size();
        m_contents.erase(kept);
        return content;
    }

    // Blobs must be released before the repositories that read them.
    void clear() {
        std::lock_guard lock(m_mutex);
        m_contents.clear();
        m_bytes = 0;
    }

private:
    static constexpr std::size_t budget = 256u << 20;
    std::mutex m_mutex;
    std::unordered_map<git::ObjectId, unsigned, git::ObjectIdHash> m_readers;  // blobs still to be read
    std::unordered_map<git::ObjectId, git::BlobBytes, git::ObjectIdHash> m_contents;
    std::size_t m_bytes = 0;
};

// One planned blob and its scan, filled by a worker and merged by the calling thread in plan order.
struct HistoryJob {
    git::HistoryBlob blob;
    const GitOrigin* origin = nullptr;
    ScanResult scanned;
    bool ready = false;
};

// History: one thread plans (walks commits, compares trees) while `threads` workers read and scan
// the planned blobs, each with its own repository handle and scanner context; the calling thread
// merges results in commit order, so output does not depend on timing.
class HistoryScan {
public:
    HistoryScan(const Scanner& scanner, const git::Repository& repo, const GitScanOptions& options,
                git::SourceOptions source)
        : m_scanner(scanner), m_repo(repo), m_options(options), m_source(source) {}

    Result<git::SourceStats> run(ScanResult& result) {
        unsigned threads = m_options.threads != 0 ? m_options.threads : std::max(1u, std::thread::hardware_concurrency());
        std::vector<git::Repository> readers;
        for (unsigned i = 0; i < threads; ++i) {
            auto reader = m_repo.reopen();
            if (!reader) return std::unexpected(reader.error());
            readers.push_back(std::move(*reader));
        }
        std::vector<git::SourceStats> worker_stats(threads);
        Result<git::SourceStats> planned;
        {
            std::jthread planner([&] { planned = plan(); });
            std::vector<std::jthread> workers;
            for (unsigned i = 0; i < threads; ++i)
                workers.emplace_back([this, &reader = readers[i], &stats = worker_stats[i]] { work(reader, stats); });
            merge_in_order(result);
        }
        m_parents.clear();
        if (!planned) return planned;
        for (const auto& part : worker_stats) add_sums(*planned, part);
        return planned;
    }

private:
    Result<git::SourceStats> plan() {
        git::HistoryOptions history{m_source, m_options.since, m_options.branches, m_options.all_refs};
        auto stats = m_repo.plan_history(history, [this](git::PlannedCommit&& commit) {
            for (const auto& blob : commit.blobs) {
                if (blob.parent) m_parents.expect(*blob.parent);
            }
            {
                std::lock_guard lock(m_mutex);
                const GitOrigin& origin = m_origins.emplace_back(std::move(commit.origin));
                for (auto& blob : commit.blobs) m_jobs.push_back({std::move(blob), &origin, {}, false});
                m_commits_total = commit.commits_total;
            }
            m_work_added.notify_all();
        });
        {
            std::lock_guard lock(m_mutex);
            m_planned = true;
        }
        m_work_added.notify_all();
        m_job_done.notify_all();
        return stats;
    }

    // Jobs keep their address while the planner appends (std::deque), so workers use them unlocked.
    std::optional<std::size_t> next_job() {
        std::unique_lock lock(m_mutex);
        m_work_added.wait(lock, [&] { return m_next < m_jobs.size() || m_planned; });
        if (m_next >= m_jobs.size()) return std::nullopt;
        return m_next++;
    }

    void work(const git::Repository& reader, git::SourceStats& stats) {
        auto context = m_scanner.make_context();
        while (auto index = next_job()) {
            HistoryJob* job = nullptr;
            {
                std::lock_guard lock(m_mutex);
                job = &m_jobs[*index];
            }
            const auto& planned = job->blob;
            auto parent = planned.parent ? m_parents.take(*planned.parent) : std::nullopt;
            auto blob = reader.read_history_blob(planned, *job->origin, m_source, stats,
                                                 parent ? std::optional(parent->bytes) : std::nullopt);
            if (blob) {
                job->scanned = scan_blob(m_scanner, context, *blob);
                for (auto& finding : job->scanned.findings) finding.git = blob->origin;
                m_parents.offer(planned.id, {blob->content, std::move(blob->storage)});
            }
            bool awaited = false;
            {
                std::lock_guard lock(m_mutex);
                job->ready = true;
                ++m_done;
                awaited = *index == m_merging || all_done();
            }
            if (awaited) m_job_done.notify_one();  // the merging thread sleeps until this one is done
        }
    }

    bool all_done() const { return m_planned && m_done == m_jobs.size(); }  // with m_mutex held

    // The i-th job once it is scanned; null when planning ended with fewer jobs. The merging
    // thread sleeps until a batch of jobs is done, not job by job: a wake-up per blob cost more
    // than the merging (thousands of context switches on two cores).
    HistoryJob* finished_job(std::size_t i) {
        std::unique_lock lock(m_mutex);
        auto ready = [&](std::size_t k) { return k < m_jobs.size() && m_jobs[k].ready; };
        for (std::size_t awaited = i + merge_batch - 1;; awaited = i) {
            if (ready(i)) return &m_jobs[i];
            if (m_planned && i >= m_jobs.size()) return nullptr;
            m_merging = awaited;
            m_job_done.wait(lock, [&] { return ready(awaited) || all_done() || (m_planned && awaited >= m_jobs.size()); });
        }
    }

    // A secret seen in several blobs (edits of one file) is reported once, at its oldest commit.
    void merge_in_order(ScanResult& result) {
        std::unordered_map<std::string, std::size_t> first_by_fingerprint;
        std::uint64_t commits_done = 0;
        std::uint64_t blobs_done = 0;
        auto report = [&](std::uint64_t done) {
            commits_done = done;
            std::uint64_t total = 0;
            {
                std::lock_guard lock(m_mutex);
                total = m_commits_total;
            }
            if (m_options.progress) m_options.progress(commits_done, total, blobs_done);
        };
        for (std::size_t i = 0; HistoryJob* job = finished_job(i); ++i) {
            if (job->blob.commit > commits_done) report(job->blob.commit);
            ScanResult& scanned = job->scanned;
            add_stats(result.stats, scanned.stats);
            blobs_done += scanned.stats.files_scanned;
            for (auto& finding : scanned.findings) {
                if (!first_by_fingerprint.emplace(finding.fingerprint, result.findings.size()).second) continue;
                result.findings.push_back(std::move(finding));
            }
            scanned = {};
        }
        std::uint64_t total = 0;
        {
            std::lock_guard lock(m_mutex);
            total = m_origins.size();
        }
        report(total);
    }

    const Scanner& m_scanner;
    const git::Repository& m_repo;
    const GitScanOptions& m_options;
    git::SourceOptions m_source;
    ParentContents m_parents;
    std::mutex m_mutex;  // guards the members below
    std::condition_variable m_work_added;
    std::condition_variable m_job_done;
    std::deque<GitOrigin> m_origins;
    std::deque<HistoryJob> m_jobs;
    std::size_t m_next = 0;
    static constexpr std::size_t merge_batch = 64;
    std::size_t m_done = 0;     // jobs scanned
    std::size_t m_merging = 0;  // the job the merging thread waits for
    std::uint64_t m_commits_total = 0;
    bool m_planned = false;
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
