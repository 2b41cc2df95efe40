#pragma once
// Git inputs for `hush scan --staged | --diff | --history`: what to scan, read through libgit2.
// This layer only enumerates blobs and the lines a change adds; scanning them is the caller's job.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"

struct git_repository;  // libgit2

namespace hush::git {

// 1-based, inclusive line range of a blob.
struct LineRange {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
};

// A blob's bytes, kept alive by `owner` (the libgit2 blob itself: nothing is copied). Release it
// (on any thread) before the Repository that read it: the bytes are the repository's objects.
struct BlobBytes {
    std::string_view bytes;
    std::shared_ptr<const void> owner;
};

// One blob to scan, with the lines whose findings count.
struct BlobToScan {
    std::string path;                // relative to the repository's work tree, '/'-separated
    std::string_view content;        // valid while `storage` and the Repository live
    std::shared_ptr<const void> storage;
    bool all_lines = true;           // false: only findings touching `added` lines or `changed` bytes count
    std::vector<LineRange> added;    // staged, diff: lines added (sorted, disjoint)
    std::vector<Span> changed;       // history: byte ranges (whole lines) changed from the parent blob
    std::optional<GitOrigin> origin; // for history: the commit that introduced the blob
};

struct SourceStats {
    std::uint64_t commits = 0;
    std::uint64_t blobs = 0;               // handed to the caller
    std::uint64_t blobs_deduplicated = 0;  // seen before under the same blob id
    std::uint64_t submodules_skipped = 0;
    std::uint64_t binary_skipped = 0;
    std::uint64_t too_large_skipped = 0;
    bool shallow = false;
};

struct SourceOptions {
    std::uint64_t max_file_size = 10ull * 1024 * 1024;
};

struct HistoryOptions {
    SourceOptions source;
    std::string since;         // REF: only commits not reachable from it
    bool branches = false;     // every local branch, not only HEAD
    bool all_refs = false;     // every ref (branches, tags, remotes)
};

struct HistoryProgress {
    std::uint64_t commits_done = 0;
    std::uint64_t commits_total = 0;
    std::uint64_t blobs_done = 0;
};

using BlobSink = std::function<void(BlobToScan&&)>;

using ObjectId = std::array<unsigned char, 20>;  // a git object id (SHA-1)
struct ObjectIdHash {
    std::size_t operator()(const ObjectId& id) const {
        std::size_t h = 0;
        for (std::size_t i = 0; i < sizeof h; ++i) h = (h << 8) | id[i];  // ids are uniformly distributed
        return h;
    }
};

// A blob of the history, not read yet: where it first appears and what it replaced.
struct HistoryBlob {
    std::string path;
    ObjectId id{};
    // The blob at `path` in the commit's first parent: only lines changed from it can hold
    // something new (what it held was scanned at an older commit). Unset for a new path.
    std::optional<ObjectId> parent;
    std::size_t commit = 0;  // the commit's position in the walk, oldest first
};

// One planned commit: who made it and when, and the blobs it introduced (possibly none).
struct PlannedCommit {
    GitOrigin origin;
    std::vector<HistoryBlob> blobs;
    std::size_t commits_total = 0;  // commits the walk will hand over in all
};
using PlannedCommitSink = std::function<void(PlannedCommit&&)>;

// An open repository (libgit2), found upward from a directory. Move-only.
class Repository {
public:
    // Errors: "not a git repository (or any parent up to /)", a broken repository.
    [[nodiscard]] static Result<Repository> open(const std::filesystem::path& start);
    Repository(Repository&& other) noexcept;
    Repository& operator=(Repository&& other) noexcept;
    Repository(const Repository&) = delete;
    Repository& operator=(const Repository&) = delete;
    ~Repository();

    [[nodiscard]] const std::filesystem::path& work_tree() const { return m_work_tree; }

    // What `git commit` would record: blobs of the index that differ from HEAD, with added lines.
    // In a repository without commits every staged file is new.
    [[nodiscard]] Result<SourceStats> staged(const SourceOptions& options, const BlobSink& sink) const;

    // Files changed between two commits ("BASE..HEAD", or "BASE" meaning BASE..HEAD): the blobs
    // of HEAD with the lines added relative to BASE.
    [[nodiscard]] Result<SourceStats> diff(const std::string& range, const SourceOptions& options,
                                           const BlobSink& sink) const;

    // The history in two steps, so that blobs can be read and scanned on several threads (one
    // Repository per thread, see reopen()): which blobs, then each blob's content and changed lines.
    // plan_history() hands over every reachable commit, oldest first, with the blobs it added or
    // modified, each blob id once (HistoryBlob::commit counts the commits handed over before).
    // Its stats count commits, deduplicated blobs, submodules and shallowness.
    [[nodiscard]] Result<SourceStats> plan_history(const HistoryOptions& options, const PlannedCommitSink& sink) const;
    // nullopt when the blob is skipped (binary, too large, missing; counted in `stats`). With a
    // parent, `changed` holds the lines changed from it (a deletion marks the lines on both sides);
    // `parent_content`, when the caller still has it, saves reading the parent again.
    [[nodiscard]] std::optional<BlobToScan> read_history_blob(const HistoryBlob& blob, const GitOrigin& origin,
                                                             const SourceOptions& options, SourceStats& stats,
                                                             std::optional<std::string_view> parent_content = {}) const;
    // Another handle on the same repository (libgit2 handles are not shared between threads).
    [[nodiscard]] Result<Repository> reopen() const;

    // plan_history() and read_history_blob() on this thread, handing each blob to `sink`.
    [[nodiscard]] Result<SourceStats> history(const HistoryOptions& options, const BlobSink& sink,
                                              const std::function<void(const HistoryProgress&)>& progress) const;

    // The content of `path` in HEAD's tree, if it is a blob there.
    [[nodiscard]] std::optional<std::string> head_file(const std::string& path) const;

private:
    Repository(::git_repository* repo, std::filesystem::path work_tree);
    ::git_repository* m_repo = nullptr;
    std::filesystem::path m_work_tree;
};

}  // namespace hush::git
