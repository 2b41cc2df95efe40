// scan_git: the scanner over git inputs. Every filter and suppression of scan_buffer applies; what
// this adds is which blobs are read, which lines count, and, for history, one report per secret.
#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "git/git_source.hpp"
#include "hush/scanner.hpp"

namespace hush {
namespace {

bool on_added_line(const Finding& finding, const git::BlobToScan& blob) {
    if (blob.all_lines) return true;
    auto line = finding.start.line;
    auto it = std::upper_bound(blob.added.begin(), blob.added.end(), line,
                               [](std::uint32_t value, const git::LineRange& range) { return value < range.first; });
    return it != blob.added.begin() && std::prev(it)->last >= line;
}

void add_source_notes(const git::SourceStats& stats, std::vector<ScanNote>& notes) {
    if (stats.submodules_skipped > 0)
        notes.push_back({"", std::to_string(stats.submodules_skipped) + " submodule entr" +
                                 (stats.submodules_skipped == 1 ? "y" : "ies") + " skipped (scan each submodule on its own)"});
    if (stats.binary_skipped > 0)
        notes.push_back({"", std::to_string(stats.binary_skipped) + " binary blob(s) skipped"});
    if (stats.too_large_skipped > 0)
        notes.push_back({"", std::to_string(stats.too_large_skipped) + " blob(s) over the size limit skipped"});
    if (stats.shallow)
        notes.push_back({"", "shallow clone: commits before the clone's boundary are not available and were not scanned"});
}

void sort_findings(std::vector<Finding>& findings) {
    std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.path, a.span.begin, a.rule_id) < std::tie(b.path, b.span.begin, b.rule_id);
    });
}

}  // namespace

Result<ScanResult> scan_git(const Scanner& scanner, const std::filesystem::path& start, const GitScanOptions& options) {
    auto started = std::chrono::steady_clock::now();
    auto repo = git::Repository::open(start);
    if (!repo) return std::unexpected(repo.error());
    ScanResult result;
    git::SourceOptions source{options.max_file_size};

    // A secret seen in several blobs (edits of one file) is reported once, at its oldest commit.
    std::unordered_map<std::string, std::size_t> first_by_fingerprint;
    auto on_blob = [&](git::BlobToScan&& blob) {
        ScanResult scanned = scanner.scan_buffer(blob.path, blob.content);
        add_stats(result.stats, scanned.stats);
        for (auto& finding : scanned.findings) {
            if (!on_added_line(finding, blob)) continue;
            if (blob.origin) {
                if (first_by_fingerprint.contains(finding.fingerprint)) continue;
                first_by_fingerprint.emplace(finding.fingerprint, result.findings.size());
                finding.git = blob.origin;
            }
            result.findings.push_back(std::move(finding));
        }
    };

    Result<git::SourceStats> stats;
    switch (options.mode) {
        case GitScanOptions::Mode::staged: stats = repo->staged(source, on_blob); break;
        case GitScanOptions::Mode::diff: stats = repo->diff(options.range, source, on_blob); break;
        case GitScanOptions::Mode::history: {
            git::HistoryOptions history{source, options.since, options.branches, options.all_refs};
            auto progress = [&](const git::HistoryProgress& p) {
                if (options.progress) options.progress(p.commits_done, p.commits_total, p.blobs_done);
            };
            stats = repo->history(history, on_blob, progress);
            break;
        }
    }
    if (!stats) return std::unexpected(stats.error());
    add_source_notes(*stats, result.notes);

    if (options.mode == GitScanOptions::Mode::history) {
        // Still present: HEAD's version of the file still holds the value.
        std::unordered_map<std::string, std::optional<std::string>> head_files;
        for (auto& finding : result.findings) {
            auto [it, inserted] = head_files.try_emplace(finding.path);
            if (inserted) it->second = repo->head_file(finding.path);
            finding.git->still_present = it->second && it->second->find(finding.secret) != std::string::npos;
        }
        result.notes.push_back({"", std::to_string(stats->commits) + " commit(s), " + std::to_string(stats->blobs) +
                                        " blob(s) scanned, " + std::to_string(stats->blobs_deduplicated) +
                                        " unchanged blob(s) skipped"});
    }
    sort_findings(result.findings);
    result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace hush
