#include "git/git_source.hpp"

#include <git2.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <unordered_set>

#include "hush/core/text.hpp"

namespace hush::git {
namespace {

namespace fs = std::filesystem;

// libgit2 is initialised once per process and never shut down: scans may run on several threads.
void ensure_libgit2() {
    static const int initialised = git_libgit2_init();
    (void)initialised;
}

std::string last_error_text() {
    const git_error* error = git_error_last();
    return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using TreePtr = Owned<git_tree, git_tree_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using DiffPtr = Owned<git_diff, git_diff_free>;
using IndexPtr = Owned<git_index, git_index_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using WalkPtr = Owned<git_revwalk, git_revwalk_free>;
using PatchPtr = Owned<git_patch, git_patch_free>;

std::unexpected<Error> git_failure(std::string what) {
    return fail(ErrorCode::input, what + ": " + last_error_text());
}

Result<CommitPtr> resolve_commit(git_repository* repo, const std::string& spec) {
    git_object* object = nullptr;
    if (git_revparse_single(&object, repo, spec.c_str()) != 0)
        return fail(ErrorCode::input, "unknown revision '" + spec + "'");
    ObjectPtr owned(object);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) != 0)
        return fail(ErrorCode::input, "'" + spec + "' does not name a commit");
    return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

Result<TreePtr> commit_tree(const git_commit* commit) {
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, commit) != 0) return git_failure("cannot read a commit's tree");
    return TreePtr(tree);
}

// Reads a blob's bytes, applying the walker's skips. nullopt when skipped (counted in stats).
std::optional<std::string> load_blob(git_repository* repo, const git_oid& id, const SourceOptions& options,
                                     SourceStats& stats) {
    git_blob* blob = nullptr;
    if (git_blob_lookup(&blob, repo, &id) != 0) return std::nullopt;
    BlobPtr owned(blob);
    auto size = static_cast<std::uint64_t>(git_blob_rawsize(blob));
    if (size > options.max_file_size) {
        ++stats.too_large_skipped;
        return std::nullopt;
    }
    std::string content(static_cast<const char*>(git_blob_rawcontent(blob)), size);
    if (looks_binary(content)) {
        ++stats.binary_skipped;
        return std::nullopt;
    }
    return content;
}

// Collects the new-side line numbers of '+' lines of one delta, merged into ranges.
Result<std::vector<LineRange>> added_lines(git_diff* diff, std::size_t delta_index) {
    git_patch* raw = nullptr;
    if (git_patch_from_diff(&raw, diff, delta_index) != 0) return git_failure("cannot compute a diff");
    PatchPtr patch(raw);
    std::vector<LineRange> ranges;
    if (!patch) return ranges;
    std::size_t hunks = git_patch_num_hunks(patch.get());
    for (std::size_t h = 0; h < hunks; ++h) {
        int lines = git_patch_num_lines_in_hunk(patch.get(), h);
        for (int l = 0; l < lines; ++l) {
            const git_diff_line* line = nullptr;
            if (git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<std::size_t>(l)) != 0) continue;
            if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) continue;
            auto number = static_cast<std::uint32_t>(line->new_lineno);
            if (!ranges.empty() && ranges.back().last + 1 == number) ranges.back().last = number;
            else ranges.push_back({number, number});
        }
    }
    return ranges;
}

// Hands the caller each added/modified blob of `diff`, with its added lines.
Result<SourceStats> emit_changes(git_repository* repo, git_diff* diff, const SourceOptions& options,
                                 const BlobSink& sink) {
    SourceStats stats;
    std::size_t deltas = git_diff_num_deltas(diff);
    for (std::size_t i = 0; i < deltas; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff, i);
        if (delta->status == GIT_DELTA_DELETED || delta->status == GIT_DELTA_UNMODIFIED) continue;
        if (delta->new_file.mode == GIT_FILEMODE_COMMIT) {
            ++stats.submodules_skipped;
            continue;
        }
        auto content = load_blob(repo, delta->new_file.id, options, stats);
        if (!content) continue;
        auto lines = added_lines(diff, i);
        if (!lines) return std::unexpected(lines.error());
        if (lines->empty()) continue;  // mode change or deletion-only edit: nothing added
        BlobToScan blob;
        blob.path = delta->new_file.path;
        blob.content = std::move(*content);
        blob.all_lines = false;
        blob.added = std::move(*lines);
        ++stats.blobs;
        sink(std::move(blob));
    }
    return stats;
}

std::string format_time(const git_time& when) {
    std::time_t seconds = static_cast<std::time_t>(when.time) + static_cast<std::time_t>(when.offset) * 60;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    int offset = when.offset;
    char sign = offset < 0 ? '-' : '+';
    offset = std::abs(offset);
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", sign, offset / 60, offset % 60);
    return std::string(buffer) + zone;
}

GitOrigin origin_of(const git_commit* commit) {
    GitOrigin origin;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
    origin.commit = hex;
    if (const git_signature* author = git_commit_author(commit)) {
        origin.author = std::string(author->name ? author->name : "") + " <" + (author->email ? author->email : "") + ">";
        origin.date = format_time(author->when);
    }
    return origin;
}

struct OidHash {
    std::size_t operator()(const git_oid& id) const {
        std::size_t h = 0;
        std::memcpy(&h, id.id, sizeof h);
        return h;
    }
};
struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

// The commits reachable from `tips` whose objects are present, parents before children.
std::vector<git_oid> present_ancestry(git_repository* repo, const std::vector<git_oid>& tips,
                                      const std::unordered_set<git_oid, OidHash, OidEqual>& hidden) {
    std::vector<git_oid> order;
    std::unordered_set<git_oid, OidHash, OidEqual> visited;
    // Iterative post-order DFS: a commit is emitted after all of its present parents.
    std::vector<std::pair<git_oid, bool>> stack;
    for (auto tip = tips.rbegin(); tip != tips.rend(); ++tip) stack.emplace_back(*tip, false);
    while (!stack.empty()) {
        auto [commit_id, expanded] = stack.back();
        stack.pop_back();
        if (expanded) {
            order.push_back(commit_id);
            continue;
        }
        if (hidden.contains(commit_id) || !visited.insert(commit_id).second) continue;
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &commit_id) != 0) continue;  // beyond the shallow boundary
        CommitPtr commit(raw);
        stack.emplace_back(commit_id, true);
        for (unsigned i = git_commit_parentcount(commit.get()); i-- > 0;) {
            const git_oid* parent = git_commit_parent_id(commit.get(), i);
            if (parent != nullptr && !visited.contains(*parent)) stack.emplace_back(*parent, false);
        }
    }
    return order;
}

Result<std::vector<git_oid>> walk_present_commits(git_repository* repo, const HistoryOptions& options) {
    std::vector<git_oid> tips;
    if (options.all_refs || options.branches) {
        git_reference_iterator* raw = nullptr;
        if (git_reference_iterator_glob_new(&raw, repo, options.all_refs ? "refs/*" : "refs/heads/*") != 0)
            return git_failure("cannot list references");
        Owned<git_reference_iterator, git_reference_iterator_free> iterator(raw);
        git_reference* reference = nullptr;
        while (git_reference_next(&reference, iterator.get()) == 0) {
            Owned<git_reference, git_reference_free> owned(reference);
            git_object* peeled = nullptr;
            if (git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0) {
                tips.push_back(*git_object_id(peeled));
                git_object_free(peeled);
            }
        }
    } else {
        auto head = resolve_commit(repo, "HEAD");
        if (!head) return std::unexpected(head.error());
        tips.push_back(*git_commit_id(head->get()));
    }
    std::unordered_set<git_oid, OidHash, OidEqual> hidden;
    if (!options.since.empty()) {
        auto since = resolve_commit(repo, options.since);
        if (!since) return std::unexpected(since.error());
        for (const auto& commit_id : present_ancestry(repo, {*git_commit_id(since->get())}, {})) hidden.insert(commit_id);
    }
    return present_ancestry(repo, tips, hidden);
}

}  // namespace

Repository::Repository(git_repository* repo, fs::path work_tree) : m_repo(repo), m_work_tree(std::move(work_tree)) {}

Repository::Repository(Repository&& other) noexcept
    : m_repo(std::exchange(other.m_repo, nullptr)), m_work_tree(std::move(other.m_work_tree)) {}

Repository& Repository::operator=(Repository&& other) noexcept {
    if (this != &other) {
        if (m_repo != nullptr) git_repository_free(m_repo);
        m_repo = std::exchange(other.m_repo, nullptr);
        m_work_tree = std::move(other.m_work_tree);
    }
    return *this;
}

Repository::~Repository() {
    if (m_repo != nullptr) git_repository_free(m_repo);
}

Result<Repository> Repository::open(const fs::path& start) {
    ensure_libgit2();
    git_repository* repo = nullptr;
    int rc = git_repository_open_ext(&repo, start.c_str(), 0, nullptr);
    if (rc == GIT_ENOTFOUND) return fail(ErrorCode::input, "not a git repository (or any parent)", start.string());
    if (rc != 0) return fail(ErrorCode::input, "cannot open the git repository: " + last_error_text(), start.string());
    const char* workdir = git_repository_workdir(repo);
    if (workdir == nullptr) {
        git_repository_free(repo);
        return fail(ErrorCode::input, "a bare repository has no index or work tree to scan", start.string());
    }
    return Repository(repo, fs::path(workdir).lexically_normal());
}

Result<SourceStats> Repository::staged(const SourceOptions& options, const BlobSink& sink) const {
    git_index* raw_index = nullptr;
    if (git_repository_index(&raw_index, m_repo) != 0) return git_failure("cannot read the index");
    IndexPtr index(raw_index);
    TreePtr head_tree;
    if (git_repository_head_unborn(m_repo) != 1) {
        auto head = resolve_commit(m_repo, "HEAD");
        if (!head) return std::unexpected(head.error());
        auto tree = commit_tree(head->get());
        if (!tree) return std::unexpected(tree.error());
        head_tree = std::move(*tree);
    }
    git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
    diff_options.context_lines = 0;
    git_diff* raw_diff = nullptr;
    if (git_diff_tree_to_index(&raw_diff, m_repo, head_tree.get(), index.get(), &diff_options) != 0)
        return git_failure("cannot compare the index with HEAD");
    DiffPtr diff(raw_diff);
    auto stats = emit_changes(m_repo, diff.get(), options, sink);
    if (stats) stats->shallow = git_repository_is_shallow(m_repo) == 1;
    return stats;
}

Result<SourceStats> Repository::diff(const std::string& range, const SourceOptions& options,
                                     const BlobSink& sink) const {
    if (git_repository_head_unborn(m_repo) == 1 && range.find("..") == std::string::npos)
        return fail(ErrorCode::input, "the repository has no commits yet");
    std::string base_spec = range;
    std::string head_spec = "HEAD";
    if (auto dots = range.find("..."); dots != std::string::npos) {
        return fail(ErrorCode::usage, "--diff takes BASE..HEAD or BASE, not a symmetric range 'A...B'");
    }
    if (auto dots = range.find(".."); dots != std::string::npos) {
        base_spec = range.substr(0, dots);
        head_spec = range.substr(dots + 2);
        if (head_spec.empty()) head_spec = "HEAD";
    }
    if (base_spec.empty()) return fail(ErrorCode::usage, "--diff needs a base revision, e.g. origin/main..HEAD");
    auto base = resolve_commit(m_repo, base_spec);
    if (!base) return std::unexpected(base.error());
    auto head = resolve_commit(m_repo, head_spec);
    if (!head) return std::unexpected(head.error());
    auto base_tree = commit_tree(base->get());
    if (!base_tree) return std::unexpected(base_tree.error());
    auto head_tree = commit_tree(head->get());
    if (!head_tree) return std::unexpected(head_tree.error());
    git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
    diff_options.context_lines = 0;
    git_diff* raw_diff = nullptr;
    if (git_diff_tree_to_tree(&raw_diff, m_repo, base_tree->get(), head_tree->get(), &diff_options) != 0)
        return git_failure("cannot compare the two revisions");
    DiffPtr diff(raw_diff);
    auto stats = emit_changes(m_repo, diff.get(), options, sink);
    if (stats) stats->shallow = git_repository_is_shallow(m_repo) == 1;
    return stats;
}

Result<SourceStats> Repository::history(const HistoryOptions& options, const BlobSink& sink,
                                        const std::function<void(const HistoryProgress&)>& progress) const {
    SourceStats stats;
    stats.shallow = git_repository_is_shallow(m_repo) == 1;
    if (git_repository_head_unborn(m_repo) == 1 && !options.all_refs && !options.branches) return stats;  // no commits

    git_revwalk* raw_walk = nullptr;
    if (git_revwalk_new(&raw_walk, m_repo) != 0) return git_failure("cannot walk the history");
    WalkPtr walk(raw_walk);
    // Oldest first, parents before children: the first time a blob appears is where it was introduced.
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    int rc = 0;
    if (options.all_refs) rc = git_revwalk_push_glob(walk.get(), "*");
    else if (options.branches) rc = git_revwalk_push_glob(walk.get(), "heads/*");
    else rc = git_revwalk_push_head(walk.get());
    if (rc != 0) return git_failure("cannot start the history walk");
    if (!options.since.empty()) {
        auto since = resolve_commit(m_repo, options.since);
        if (!since) return std::unexpected(since.error());
        if (git_revwalk_hide(walk.get(), git_commit_id(since->get())) != 0) return git_failure("cannot hide --since");
    }

    std::vector<git_oid> commits;
    git_oid id;
    int walked = 0;
    while ((walked = git_revwalk_next(&id, walk.get())) == 0) commits.push_back(id);
    if (walked != GIT_ITEROVER) {
        // libgit2 1.5 cannot walk past a shallow clone's boundary (the parents are missing);
        // walk what is present instead.
        if (!stats.shallow) return git_failure("cannot walk the history");
        auto present = walk_present_commits(m_repo, options);
        if (!present) return std::unexpected(present.error());
        commits = std::move(*present);
    }

    std::unordered_set<git_oid, OidHash, OidEqual> seen_blobs;
    HistoryProgress state;
    state.commits_total = commits.size();
    git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
    diff_options.flags |= GIT_DIFF_SKIP_BINARY_CHECK;  // whole blobs are scanned; no patch needed
    for (const auto& commit_id : commits) {
        git_commit* raw_commit = nullptr;
        if (git_commit_lookup(&raw_commit, m_repo, &commit_id) != 0) return git_failure("cannot read a commit");
        CommitPtr commit(raw_commit);
        auto tree = commit_tree(commit.get());
        if (!tree) return std::unexpected(tree.error());
        TreePtr parent_tree;
        if (git_commit_parentcount(commit.get()) > 0) {
            git_commit* raw_parent = nullptr;
            // A shallow clone's boundary commits have parents that are not in the object store.
            if (git_commit_parent(&raw_parent, commit.get(), 0) == 0) {
                CommitPtr parent(raw_parent);
                auto parent_tree_result = commit_tree(parent.get());
                if (!parent_tree_result) return std::unexpected(parent_tree_result.error());
                parent_tree = std::move(*parent_tree_result);
            }
        }
        git_diff* raw_diff = nullptr;
        if (git_diff_tree_to_tree(&raw_diff, m_repo, parent_tree.get(), tree->get(), &diff_options) != 0)
            return git_failure("cannot compare a commit with its parent");
        DiffPtr diff(raw_diff);
        std::optional<GitOrigin> origin;
        std::size_t deltas = git_diff_num_deltas(diff.get());
        for (std::size_t i = 0; i < deltas; ++i) {
            const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
            if (delta->status == GIT_DELTA_DELETED) continue;
            if (delta->new_file.mode == GIT_FILEMODE_COMMIT) {
                ++stats.submodules_skipped;
                continue;
            }
            if (!seen_blobs.insert(delta->new_file.id).second) {
                ++stats.blobs_deduplicated;
                continue;
            }
            auto content = load_blob(m_repo, delta->new_file.id, options.source, stats);
            if (!content) continue;
            if (!origin) origin = origin_of(commit.get());
            BlobToScan blob;
            blob.path = delta->new_file.path;
            blob.content = std::move(*content);
            blob.origin = origin;
            ++stats.blobs;
            ++state.blobs_done;
            sink(std::move(blob));
        }
        ++stats.commits;
        ++state.commits_done;
        if (progress) progress(state);
    }
    return stats;
}

std::optional<std::string> Repository::head_file(const std::string& path) const {
    if (git_repository_head_unborn(m_repo) == 1) return std::nullopt;
    auto head = resolve_commit(m_repo, "HEAD");
    if (!head) return std::nullopt;
    auto tree = commit_tree(head->get());
    if (!tree) return std::nullopt;
    git_tree_entry* raw_entry = nullptr;
    if (git_tree_entry_bypath(&raw_entry, tree->get(), path.c_str()) != 0) return std::nullopt;
    Owned<git_tree_entry, git_tree_entry_free> entry(raw_entry);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, m_repo, git_tree_entry_id(entry.get())) != 0) return std::nullopt;
    BlobPtr blob(raw_blob);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

}  // namespace hush::git
