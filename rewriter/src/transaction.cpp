// The migration transaction: every file and the vault change together or not at all.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include "hush/rewriter.hpp"
#include "io.hpp"

namespace hush {

namespace {

namespace fs = std::filesystem;
using rewriter_io::TempFile;

struct Pending {
    const FileChange* change;
    fs::path target;  // the real file (symlinks resolved, so a link is not replaced by a copy)
    TempFile temp;
};

Result<fs::path> real_target(const fs::path& root, const std::string& path) {
    fs::path target = root / path;
    std::error_code error;
    if (fs::is_symlink(target, error)) {
        fs::path resolved = fs::canonical(target, error);
        if (error) return fail(ErrorCode::io, "cannot resolve the symbolic link: " + error.message(), path);
        return resolved;
    }
    return target;
}

Result<void> check_unchanged(const Pending& pending) {
    auto bytes = rewriter_io::read_file(pending.target, pending.change->path);
    if (!bytes) return std::unexpected(bytes.error());
    if (sha256_hex(*bytes) != pending.change->original_sha256)
        return fail(ErrorCode::conflict, "changed since the scan; run hush migrate again", pending.change->path);
    return {};
}

// Puts back the original bytes of every file already replaced; returns what could not be restored.
std::string restore(const std::vector<Pending>& pending, const std::vector<char>& replaced) {
    std::string failures;
    for (std::size_t i = pending.size(); i-- > 0;) {
        if (!replaced[i]) continue;
        auto restored =
            rewriter_io::replace_file(pending[i].target, pending[i].change->original, pending[i].change->path);
        if (!restored) failures += "; could not restore " + restored.error().to_string();
    }
    return failures;
}

// Runs step(i) for i in [0, count) on a few threads. Creating and renaming files mostly waits on
// the filesystem journal (a rename over a file on disk frees its blocks): waits overlap when
// several are in flight, which makes thousands of files several times faster than one by one.
// Returns the error of the lowest failing index, so reports are deterministic.
Result<void> for_each_parallel(std::size_t count, const std::function<Result<void>(std::size_t)>& step) {
    std::vector<std::optional<Error>> errors(count);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            if (auto done = step(i); !done) errors[i] = done.error();
        }
    };
    std::size_t threads = std::min<std::size_t>(8, count);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& thread : pool) thread.join();
    for (auto& error : errors) {
        if (error) return std::unexpected(*error);
    }
    return {};
}

Result<void> flush(const std::vector<Pending>& pending, bool temps) {
    std::vector<fs::path> files;
    std::vector<std::string> displays;
    for (const auto& p : pending) {
        files.push_back(temps ? p.temp.path() : p.target);
        displays.push_back(p.change->path);
    }
    return rewriter_io::sync_filesystems(files, displays);
}

}  // namespace

std::function<Result<void>(const std::vector<FileChange>&)> rescan_hook(BufferScan scan) {
    return [scan = std::move(scan)](const std::vector<FileChange>& changes) -> Result<void> {
        for (const auto& change : changes) {
            for (const auto& finding : scan(change.path, change.updated)) {
                bool moved = std::any_of(change.replacements.begin(), change.replacements.end(),
                                         [&](const Replacement& r) { return r.value == finding.secret; });
                if (moved)
                    return fail(ErrorCode::integrity, "verification failed: a moved secret is still found here",
                                change.path, finding.start.line);
            }
        }
        return {};
    };
}

Result<ApplyReport> apply_changes(const std::vector<FileChange>& changes, const fs::path& root,
                                  const TransactionHooks& hooks) {
    std::vector<Pending> pending;
    pending.reserve(changes.size());
    for (const auto& change : changes) {
        auto target = real_target(root, change.path);
        if (!target) return std::unexpected(target.error());
        pending.push_back(Pending{&change, *target, {}});
        if (auto unchanged = check_unchanged(pending.back()); !unchanged) return std::unexpected(unchanged.error());
    }
    auto written = for_each_parallel(pending.size(), [&](std::size_t i) -> Result<void> {
        auto temp =
            TempFile::write_beside(pending[i].target, pending[i].change->updated, pending[i].change->path, false);
        if (!temp) return std::unexpected(temp.error());
        pending[i].temp = std::move(*temp);
        return {};
    });
    if (!written) return std::unexpected(written.error());
    if (auto durable = flush(pending, true); !durable) return std::unexpected(durable.error());
    // The temp files hold exactly `updated` (write_beside writes all bytes or fails): verify that.
    for (const auto& p : pending) {
        if (auto verified = verify_change(*p.change); !verified) return std::unexpected(verified.error());
    }
    if (hooks.rescan) {
        if (auto clean = hooks.rescan(changes); !clean) return std::unexpected(clean.error());
    }

    auto abort_vault = [&] {
        if (hooks.abort_vault) hooks.abort_vault();
    };
    if (hooks.prepare_vault) {
        if (auto prepared = hooks.prepare_vault(); !prepared) {
            abort_vault();
            return std::unexpected(prepared.error());
        }
    }
    std::vector<char> replaced(pending.size(), 0);
    auto renamed = for_each_parallel(pending.size(), [&](std::size_t i) -> Result<void> {
        if (auto done = pending[i].temp.commit(); !done) return done;
        replaced[i] = 1;
        return {};
    });
    if (!renamed) {
        Error error = renamed.error();
        error.message += "; nothing was changed" + restore(pending, replaced);
        abort_vault();
        return std::unexpected(error);
    }
    ApplyReport report;
    report.files_written = pending.size();
    for (const auto& p : pending) report.edits_applied += p.change->edits.size();
    if (hooks.commit_vault) {
        if (auto committed = hooks.commit_vault(); !committed) {
            Error error = committed.error();
            error.message += "; files restored" + restore(pending, replaced);
            abort_vault();
            return std::unexpected(error);
        }
    }
    // The renames are done and the vault committed: a failed flush now is reported, not undone.
    if (auto durable = flush(pending, false); !durable) return std::unexpected(durable.error());
    return report;
}

}  // namespace hush
