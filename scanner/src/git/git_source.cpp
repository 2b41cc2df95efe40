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
// Objects are only read, never written, so their hashes are not recomputed on every read (git
// itself does not either); that was a tenth of a history scan.
void ensure_libgit2() {
    static const int initialised = [] {
        int rc = git_libgit2_init();
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
        return rc;
    }();
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

// Reads a blob, applying the walker's skips. nullopt when skipped (counted in stats).
std::optional<BlobBytes> load_blob(git_repository* repo, const git_oid& id, const SourceOptions& options,
                                   SourceStats& stats) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo, &id) != 0) return std::nullopt;
    std::shared_ptr<git_blob> blob(raw, git_blob_free);
    auto size = static_cast<std::uint64_t>(git_blob_rawsize(raw));
    if (size > options.max_file_size) {
        ++stats.too_large_skipped;
        return std::nullopt;
    }
    std::string_view bytes(static_cast<const char*>(git_blob_rawcontent(raw)), static_cast<std::size_t>(size));
    if (looks_binary(bytes)) {
        ++stats.binary_skipped;
        return std::nullopt;
    }
    return BlobBytes{bytes, std::move(blob)};
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

void add_span(std::vector<Span>& spans, Span span) {
    if (span.empty()) return;
    if (!spans.empty() && spans.back().end >= span.begin) spans.back().end = std::max(spans.back().end, span.end);
    else spans.push_back(span);
}

// Lines were deleted at `at` (a line start of `text`): the line before and the line after it
// changed too, as far as findings go (a removed `hush:allow` comment, two halves now adjacent).
void add_deletion(std::vector<Span>& spans, std::string_view text, std::size_t at) {
    std::size_t begin = at;
    if (begin > 0) --begin;
    while (begin > 0 && text[begin - 1] != '\n') --begin;
    std::size_t end = text.find('\n', at);
    add_span(spans, {begin, end == std::string_view::npos ? text.size() : end + 1});
}

// The byte ranges of `after` (whole lines) that differ from `before`. Common leading and trailing
// lines are skipped first (an edit usually touches one place of a file), then libgit2 diffs what
// is left; a deletion marks the lines on both sides of it.
Result<std::vector<Span>> changed_spans(std::string_view before, std::string_view after) {
    constexpr std::size_t block = 64;  // compared with memcmp first, then byte by byte
    std::size_t limit = std::min(before.size(), after.size());
    std::size_t prefix = 0;
    while (prefix + block <= limit && std::memcmp(before.data() + prefix, after.data() + prefix, block) == 0) prefix += block;
    while (prefix < limit && before[prefix] == after[prefix]) ++prefix;
    while (prefix > 0 && after[prefix - 1] != '\n') --prefix;  // back to a line start
    std::size_t suffix = 0;
    std::size_t room = limit - prefix;
    auto tail = [&](std::string_view text, std::size_t length) { return text.data() + text.size() - length; };
    while (suffix + block <= room && std::memcmp(tail(before, suffix + block), tail(after, suffix + block), block) == 0)
        suffix += block;
    while (suffix < room && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) ++suffix;
    // Forward to a line start of both sides: past the first newline inside the common suffix.
    auto at_line_start = [&](std::size_t length) {
        std::size_t a = after.size() - length, b = before.size() - length;
        return (a == prefix || after[a - 1] == '\n') && (b == prefix || before[b - 1] == '\n');
    };
    while (suffix > 0 && !at_line_start(suffix)) --suffix;
    std::string_view old_middle = before.substr(prefix, before.size() - suffix - prefix);
    std::string_view new_middle = after.substr(prefix, after.size() - suffix - prefix);

    std::vector<Span> spans;
    if (old_middle.empty() || new_middle.empty()) {
        if (!new_middle.empty()) add_span(spans, {prefix, prefix + new_middle.size()});
        else if (!old_middle.empty()) add_deletion(spans, after, prefix);
        return spans;
    }
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.context_lines = 0;
    options.interhunk_lines = 0;
    options.flags |= GIT_DIFF_FORCE_TEXT;
    struct Payload {
        std::vector<Span>* spans;
        std::string_view after;
        std::size_t prefix;
        LineIndex lines;  // of the new middle: hunks count lines from its start
    } payload{&spans, after, prefix, LineIndex(new_middle)};
    auto on_hunk = [](const git_diff_delta*, const git_diff_hunk* hunk, void* context) -> int {
        auto* p = static_cast<Payload*>(context);
        auto start = static_cast<std::uint32_t>(std::max(hunk->new_start, 0));
        auto count = static_cast<std::uint32_t>(std::max(hunk->new_lines, 0));
        if (count > 0) add_span(*p->spans, {p->prefix + p->lines.line_start(start), p->prefix + p->lines.line_start(start + count)});
        else add_deletion(*p->spans, p->after, p->prefix + p->lines.line_start(start + 1));  // after line `start`
        return 0;
    };
    if (git_diff_buffers(old_middle.data(), old_middle.size(), nullptr, new_middle.data(), new_middle.size(), nullptr,
                         &options, nullptr, nullptr, on_hunk, nullptr, &payload) != 0)
        return git_failure("cannot compare two versions of a file");
    return spans;
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
        blob.content = content->bytes;
        blob.storage = std::move(content->owner);
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

// Every commit to scan, parents before children (oldest first): the first time a blob appears is
// where it was introduced.
Result<std::vector<git_oid>> walk_commits(git_repository* repo, const HistoryOptions& options, bool shallow) {
    git_revwalk* raw_walk = nullptr;
    if (git_revwalk_new(&raw_walk, repo) != 0) return git_failure("cannot walk the history");
    WalkPtr walk(raw_walk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
    int rc = 0;
    if (options.all_refs) rc = git_revwalk_push_glob(walk.get(), "*");
    else if (options.branches) rc = git_revwalk_push_glob(walk.get(), "heads/*");
    else rc = git_revwalk_push_head(walk.get());
    if (rc != 0) return git_failure("cannot start the history walk");
    if (!options.since.empty()) {
        auto since = resolve_commit(repo, options.since);
        if (!since) return std::unexpected(since.error());
        if (git_revwalk_hide(walk.get(), git_commit_id(since->get())) != 0) return git_failure("cannot hide --since");
    }
    std::vector<git_oid> commits;
    git_oid id;
    int walked = 0;
    while ((walked = git_revwalk_next(&id, walk.get())) == 0) commits.push_back(id);
    if (walked == GIT_ITEROVER) return commits;
    // libgit2 1.5 cannot walk past a shallow clone's boundary (the parents are missing);
    // walk what is present instead.
    if (!shallow) return git_failure("cannot walk the history");
    return walk_present_commits(repo, options);
}

// git's tree order: names byte-wise, a tree's name compared as if it ended in '/'.
int tree_order(const git_tree_entry* a, const git_tree_entry* b) {
    const auto* name_a = reinterpret_cast<const unsigned char*>(git_tree_entry_name(a));
    const auto* name_b = reinterpret_cast<const unsigned char*>(git_tree_entry_name(b));
    while (*name_a != 0 && *name_a == *name_b) ++name_a, ++name_b;
    auto next = [](const unsigned char* rest, const git_tree_entry* entry) -> int {
        if (*rest != 0) return *rest;
        return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? '/' : 0;
    };
    return next(name_a, a) - next(name_b, b);
}

// The trees of the commit being compared and of the one before: consecutive commits share most
// of them (a commit's parent tree is usually the previous commit's tree), so each is read once.
class TreeReader {
public:
    explicit TreeReader(git_repository* repo) : m_repo(repo) {}

    Result<const git_tree*> get(const git_oid& id) {
        if (auto found = m_current.find(id); found != m_current.end()) return found->second.get();
        auto found = m_previous.find(id);
        TreePtr tree;
        if (found != m_previous.end()) {
            tree = std::move(found->second);
        } else {
            git_tree* raw = nullptr;
            if (git_tree_lookup(&raw, m_repo, &id) != 0) return git_failure("cannot read a tree");
            tree.reset(raw);
        }
        return m_current.emplace(id, std::move(tree)).first->second.get();
    }

    // The next commit starts: trees not used by the last one are released.
    void next_commit() {
        m_previous = std::move(m_current);
        m_current.clear();
    }

private:
    git_repository* m_repo;
    std::unordered_map<git_oid, TreePtr, OidHash, OidEqual> m_previous;
    std::unordered_map<git_oid, TreePtr, OidHash, OidEqual> m_current;
};

using ChangeSink = std::function<void(const std::string& path, const git_tree_entry& entry, const git_tree_entry* before)>;

Result<void> compare_trees(TreeReader& trees, const git_tree* before, const git_tree* after, const std::string& prefix,
                           const ChangeSink& sink);

// An entry of `after` that is new or differs from `before` (null: not in the old tree, or not a tree there).
Result<void> compare_entry(TreeReader& trees, const git_tree_entry* before, const git_tree_entry& after,
                           const std::string& prefix, const ChangeSink& sink) {
    std::string path = prefix + git_tree_entry_name(&after);
    if (git_tree_entry_type(&after) != GIT_OBJECT_TREE) {
        sink(path, after, before);
        return {};
    }
    auto after_tree = trees.get(*git_tree_entry_id(&after));
    if (!after_tree) return std::unexpected(after_tree.error());
    const git_tree* before_tree = nullptr;
    if (before != nullptr && git_tree_entry_type(before) == GIT_OBJECT_TREE) {
        auto found = trees.get(*git_tree_entry_id(before));
        if (!found) return std::unexpected(found.error());
        before_tree = *found;
    }
    return compare_trees(trees, before_tree, *after_tree, path + "/", sink);
}

// What git_diff_tree_to_tree reports as added or modified, without its generality: both trees are
// in git's order, so one merge pass finds the entries whose id changed, descending only into
// subtrees that differ. Several times faster over a long history of small commits.
Result<void> compare_trees(TreeReader& trees, const git_tree* before, const git_tree* after, const std::string& prefix,
                           const ChangeSink& sink) {
    std::size_t old_count = before != nullptr ? git_tree_entrycount(before) : 0;
    std::size_t new_count = git_tree_entrycount(after);
    std::size_t i = 0;
    for (std::size_t j = 0; j < new_count; ++j) {
        const git_tree_entry* entry = git_tree_entry_byindex(after, j);
        int order = 1;
        while (i < old_count && (order = tree_order(git_tree_entry_byindex(before, i), entry)) < 0) ++i;
        // Same name and kind (a file that became a directory is new, and has no old blob).
        const git_tree_entry* old_entry = i < old_count && order == 0 ? git_tree_entry_byindex(before, i) : nullptr;
        if (old_entry != nullptr && git_oid_equal(git_tree_entry_id(old_entry), git_tree_entry_id(entry))) continue;
        if (auto compared = compare_entry(trees, old_entry, *entry, prefix, sink); !compared) return compared;
    }
    return {};
}

// The tree id of a commit's first parent; none for a root commit and at a shallow clone's boundary
// (the parent is not in the object store).
std::optional<git_oid> first_parent_tree_id(const git_commit* commit) {
    if (git_commit_parentcount(commit) == 0) return std::nullopt;
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit, 0) != 0) return std::nullopt;
    CommitPtr parent(raw_parent);
    return *git_commit_tree_id(parent.get());
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

Result<SourceStats> Repository::plan_history(const HistoryOptions& options, const PlannedCommitSink& sink) const {
    SourceStats stats;
    stats.shallow = git_repository_is_shallow(m_repo) == 1;
    if (git_repository_head_unborn(m_repo) == 1 && !options.all_refs && !options.branches) return stats;  // no commits
    auto commits = walk_commits(m_repo, options, stats.shallow);
    if (!commits) return std::unexpected(commits.error());

    std::unordered_set<git_oid, OidHash, OidEqual> seen_blobs;
    std::vector<HistoryBlob> blobs;
    auto on_change = [&](const std::string& path, const git_tree_entry& entry, const git_tree_entry* before) {
        if (git_tree_entry_filemode(&entry) == GIT_FILEMODE_COMMIT) {
            ++stats.submodules_skipped;
            return;
        }
        if (!seen_blobs.insert(*git_tree_entry_id(&entry)).second) {
            ++stats.blobs_deduplicated;
            return;
        }
        HistoryBlob blob;
        blob.path = path;
        std::memcpy(blob.id.data(), git_tree_entry_id(&entry)->id, blob.id.size());
        if (before != nullptr && git_tree_entry_type(before) == GIT_OBJECT_BLOB)
            std::memcpy(blob.parent.emplace().data(), git_tree_entry_id(before)->id, blob.parent->size());
        blob.commit = stats.commits;
        blobs.push_back(std::move(blob));
    };
    TreeReader trees(m_repo);
    for (const auto& commit_id : *commits) {
        git_commit* raw_commit = nullptr;
        if (git_commit_lookup(&raw_commit, m_repo, &commit_id) != 0) return git_failure("cannot read a commit");
        CommitPtr commit(raw_commit);
        trees.next_commit();
        const git_tree* parent_tree = nullptr;
        if (auto parent_id = first_parent_tree_id(commit.get())) {
            auto found = trees.get(*parent_id);
            if (!found) return std::unexpected(found.error());
            parent_tree = *found;
        }
        auto tree = trees.get(*git_commit_tree_id(commit.get()));
        if (!tree) return std::unexpected(tree.error());
        blobs.clear();
        if (auto compared = compare_trees(trees, parent_tree, *tree, "", on_change); !compared)
            return std::unexpected(compared.error());
        ++stats.commits;
        sink({origin_of(commit.get()), std::move(blobs), commits->size()});
    }
    return stats;
}

std::optional<BlobToScan> Repository::read_history_blob(const HistoryBlob& planned, const GitOrigin& origin,
                                                        const SourceOptions& options, SourceStats& stats,
                                                        std::optional<std::string_view> parent_content) const {
    git_oid id;
    std::memcpy(id.id, planned.id.data(), planned.id.size());
    auto content = load_blob(m_repo, id, options, stats);
    if (!content) return std::nullopt;
    BlobToScan blob;
    blob.path = planned.path;
    blob.origin = origin;
    // A parent that was skipped (too large, binary, missing) was never scanned: scan it all.
    auto use_parent = [&](std::string_view before) {
        if (before.size() > options.max_file_size || looks_binary(before)) return;
        if (auto spans = changed_spans(before, content->bytes)) {
            blob.all_lines = false;
            blob.changed = std::move(*spans);
        }
    };
    if (parent_content) {
        use_parent(*parent_content);
    } else if (planned.parent) {
        std::memcpy(id.id, planned.parent->data(), planned.parent->size());
        git_blob* raw_parent = nullptr;
        if (git_blob_lookup(&raw_parent, m_repo, &id) == 0) {
            BlobPtr parent(raw_parent);
            use_parent({static_cast<const char*>(git_blob_rawcontent(parent.get())),
                        static_cast<std::size_t>(git_blob_rawsize(parent.get()))});
        }
    }
    blob.content = content->bytes;
    blob.storage = std::move(content->owner);
    ++stats.blobs;
    return blob;
}

Result<Repository> Repository::reopen() const { return open(m_work_tree); }

Result<SourceStats> Repository::history(const HistoryOptions& options, const BlobSink& sink,
                                        const std::function<void(const HistoryProgress&)>& progress) const {
    SourceStats read_stats;
    HistoryProgress state;
    auto on_commit = [&](PlannedCommit&& commit) {
        state.commits_total = commit.commits_total;
        for (const auto& planned : commit.blobs) {
            if (auto blob = read_history_blob(planned, commit.origin, options.source, read_stats)) {
                ++state.blobs_done;
                sink(std::move(*blob));
            }
        }
        ++state.commits_done;
        if (progress) progress(state);
    };
    auto stats = plan_history(options, on_commit);
    if (!stats) return stats;
    stats->blobs = read_stats.blobs;
    stats->binary_skipped = read_stats.binary_skipped;
    stats->too_large_skipped = read_stats.too_large_skipped;
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
