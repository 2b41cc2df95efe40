// The git input layer: which blobs and lines `--staged`, `--diff` and `--history` hand to the scanner,
// and Scanner::scan_changed, which must report exactly what a whole scan reports on changed lines.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>

#include "git/git_source.hpp"
#include "hush/core/text.hpp"
#include "scanner_support.hpp"

using hush::Finding;
using hush::LineIndex;
using hush::Span;
using hush::git::BlobToScan;
using hush::git::Repository;
using hush::test::make_test_scanner;
using hush::test::read_file;
using hush::test::TempDir;

namespace {

void git(const TempDir& dir, std::vector<std::string> args) { hush::test::git(dir.path(), std::move(args)); }

void commit(const TempDir& dir, const std::string& message) { hush::test::git_commit(dir.path(), message); }

// Blobs point into the repository's objects: `repo` outlives them.
std::vector<BlobToScan> history_blobs(const Repository& repo) {
    std::vector<BlobToScan> blobs;
    auto stats = repo.history({}, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); }, {});
    REQUIRE(stats);
    return blobs;
}

using Key = std::tuple<std::string, std::size_t, std::size_t>;

std::set<Key> keys(const std::vector<Finding>& findings, Span only = {0, std::string::npos}) {
    std::set<Key> out;
    for (const auto& finding : findings) {
        if (finding.span.overlaps(only)) out.emplace(finding.rule_id, finding.span.begin, finding.span.end);
    }
    return out;
}

std::vector<BlobToScan> collect_staged(const Repository& repo) {
    std::vector<BlobToScan> blobs;
    auto stats = repo.staged({}, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); });
    REQUIRE(stats);
    return blobs;
}

}  // namespace

TEST_CASE("git source: outside a repository is a clear error", "[git]") {
    TempDir dir;
    auto repo = Repository::open(dir.path());
    REQUIRE_FALSE(repo);
    CHECK(repo.error().message.find("not a git repository") != std::string::npos);
}

TEST_CASE("git source: staged files in a repository without commits are all new", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", "one\ntwo\n");
    git(dir, {"add", "a.txt"});
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    auto blobs = collect_staged(*repo);
    REQUIRE(blobs.size() == 1);
    CHECK(blobs[0].path == "a.txt");
    CHECK(blobs[0].content == "one\ntwo\n");
    REQUIRE(blobs[0].added.size() == 1);
    CHECK(blobs[0].added[0].first == 1);
    CHECK(blobs[0].added[0].last == 2);
}

TEST_CASE("git source: staged reports only the index's added lines, not unstaged edits", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", "one\ntwo\nthree\n");
    git(dir, {"add", "a.txt"});
    git(dir, {"commit", "-q", "-m", "first"});
    dir.write("a.txt", "one\nTWO\nthree\nfour\n");
    git(dir, {"add", "a.txt"});
    dir.write("a.txt", "one\nTWO\nthree\nfour\nunstaged\n");
    dir.write("untracked.txt", "nope\n");
    auto repo = Repository::open(dir.path() / "");
    REQUIRE(repo);
    auto blobs = collect_staged(*repo);
    REQUIRE(blobs.size() == 1);
    CHECK(blobs[0].content == "one\nTWO\nthree\nfour\n");  // the index's version
    REQUIRE(blobs[0].added.size() == 2);  // line 3 is unchanged
    CHECK(blobs[0].added[0].first == 2);
    CHECK(blobs[0].added[0].last == 2);
    CHECK(blobs[0].added[1].first == 4);
    CHECK(blobs[0].added[1].last == 4);
}

TEST_CASE("git source: diff BASE..HEAD gives HEAD's blobs and added lines", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("keep.txt", "a\nb\n");
    dir.write("gone.txt", "x\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "base"});
    git(dir, {"tag", "base"});
    dir.write("keep.txt", "a\nnew\nb\n");
    dir.write("new.txt", "hello\n");
    git(dir, {"rm", "-q", "gone.txt"});
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "change"});
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    for (std::string range : {"base..HEAD", "base"}) {
        CAPTURE(range);
        std::vector<BlobToScan> blobs;
        auto stats = repo->diff(range, {}, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); });
        REQUIRE(stats);
        REQUIRE(blobs.size() == 2);
        std::sort(blobs.begin(), blobs.end(), [](auto& a, auto& b) { return a.path < b.path; });
        CHECK(blobs[0].path == "keep.txt");
        REQUIRE(blobs[0].added.size() == 1);
        CHECK(blobs[0].added[0].first == 2);
        CHECK(blobs[0].added[0].last == 2);
        CHECK(blobs[1].path == "new.txt");
    }
    auto bad = repo->diff("no-such-ref..HEAD", {}, [](BlobToScan&&) {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("unknown revision 'no-such-ref'") != std::string::npos);
}

TEST_CASE("git source: history visits each blob once, oldest commit first", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", "v1\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    dir.write("a.txt", "v2\n");
    dir.write("b.txt", "v1\n");  // same content as a blob seen before: deduplicated
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "two"});
    git(dir, {"rm", "-q", "a.txt"});
    git(dir, {"commit", "-q", "-m", "three"});
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    std::vector<BlobToScan> blobs;
    std::uint64_t last_done = 0;
    auto stats = repo->history({}, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); },
                               [&](const hush::git::HistoryProgress& p) { last_done = p.commits_done; });
    REQUIRE(stats);
    CHECK(stats->commits == 3);
    CHECK(last_done == 3);
    CHECK(stats->blobs_deduplicated == 1);
    REQUIRE(blobs.size() == 2);
    CHECK(blobs[0].content == "v1\n");
    CHECK(blobs[1].content == "v2\n");
    REQUIRE(blobs[0].origin);
    CHECK(blobs[0].origin->author == "Test <t@example.com>");
    CHECK(blobs[0].origin->commit.size() == 40);
    CHECK(blobs[0].origin->commit != blobs[1].origin->commit);
    CHECK_FALSE(repo->head_file("a.txt").has_value());
    CHECK(repo->head_file("b.txt") == std::optional<std::string>("v1\n"));
}

TEST_CASE("git source: history of an empty repository is empty, not an error", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    int blobs = 0;
    auto stats = repo->history({}, [&](BlobToScan&&) { ++blobs; }, {});
    REQUIRE(stats);
    CHECK(stats->commits == 0);
    CHECK(blobs == 0);
}

TEST_CASE("git source: --since hides older commits", "[git]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", "old\n");
    git(dir, {"add", "."});
    git(dir, {"commit", "-q", "-m", "one"});
    git(dir, {"tag", "v1"});
    dir.write("a.txt", "new\n");
    git(dir, {"commit", "-q", "-am", "two"});
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    std::vector<std::string> contents;
    hush::git::HistoryOptions options;
    options.since = "v1";
    auto stats = repo->history(options, [&](BlobToScan&& blob) { contents.emplace_back(blob.content); }, {});
    REQUIRE(stats);
    CHECK(stats->commits == 1);
    CHECK(contents == std::vector<std::string>{"new\n"});
}

TEST_CASE("git history: an edited blob carries the lines changed from its parent", "[git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", "one\ntwo\nthree\nfour\n");
    commit(dir, "one");
    dir.write("a.txt", "one\nTWO\nthree\nfour\n");
    dir.write("b.txt", "new\n");
    commit(dir, "two");
    dir.write("a.txt", "one\nTWO\nfour\n");  // a deletion: the lines on both sides count
    commit(dir, "three");

    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    auto blobs = history_blobs(*repo);
    REQUIRE(blobs.size() == 4);
    CHECK(blobs[0].all_lines);  // a new path is scanned whole
    REQUIRE(blobs[1].path == "a.txt");
    CHECK_FALSE(blobs[1].all_lines);
    CHECK(blobs[1].changed == std::vector<Span>{{4, 8}});  // "TWO\n"
    CHECK(blobs[2].path == "b.txt");
    CHECK(blobs[2].all_lines);
    REQUIRE(blobs[3].path == "a.txt");
    CHECK(blobs[3].changed == std::vector<Span>{{4, 13}});  // "TWO\nfour\n"
}

TEST_CASE("git history: a blob whose parent was too large to scan is scanned whole", "[git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("a.txt", std::string(64, 'x') + "\n");
    commit(dir, "big");
    dir.write("a.txt", "small\n");
    commit(dir, "small");
    hush::git::HistoryOptions options;
    options.source.max_file_size = 32;
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    std::vector<BlobToScan> blobs;
    auto stats = repo->history(options, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); }, {});
    REQUIRE(stats);
    CHECK(stats->too_large_skipped == 1);
    REQUIRE(blobs.size() == 1);
    CHECK(blobs[0].all_lines);
}

TEST_CASE("scan_changed reports what a whole scan reports on the changed lines, nothing else", "[scanner][history]") {
    auto scanner = make_test_scanner();
    // Built-in rule examples between plain lines: every multi-line example (a key a few lines
    // above its value, PEM blocks) and every third rule's first one.
    std::string text = "start\n";
    for (std::size_t r = 0; r < scanner.rules().size(); ++r) {
        for (const auto& example : scanner.rules()[r].examples) {
            bool multi_line = example.find('\n') < example.size() - 1;
            if (multi_line || (r % 3 == 0 && &example == &scanner.rules()[r].examples.front()))
                text += example + "\nplain line " + std::to_string(r) + "\n";
        }
    }
    auto context = scanner.make_context();
    auto whole = scanner.scan_buffer(context, "notes.txt", text);
    REQUIRE(whole.findings.size() > 50);

    LineIndex lines(text);
    for (std::uint32_t line = 1; line <= lines.line_count(); ++line) {
        Span changed{lines.line_start(line), lines.line_start(line + 1)};
        auto focused = scanner.scan_changed(context, "notes.txt", text, std::vector<Span>{changed});
        INFO("line " << line << ": " << lines.line_text(line).substr(0, 60));
        CHECK(keys(focused.findings) == keys(whole.findings, changed));
    }
}

TEST_CASE("scan_changed finds a private key that the change completes", "[scanner][history]") {
    auto scanner = make_test_scanner();
    auto key = read_file(std::string(HUSH_FIXTURES_DIR) + "/keys/ec-pkcs8.pem");
    std::string text = "# keys\n" + key + "# end\n";
    LineIndex lines(text);
    auto context = scanner.make_context();
    auto line_span = [&](std::uint32_t line) { return std::vector<Span>{{lines.line_start(line), lines.line_start(line + 1)}}; };

    auto end_line = scanner.scan_changed(context, "key.pem", text, line_span(6));  // -----END PRIVATE KEY-----
    REQUIRE(end_line.findings.size() == 1);
    CHECK(end_line.findings[0].kind == "private_key");
    CHECK(end_line.findings[0].start.line == 2);
    CHECK(scanner.scan_changed(context, "key.pem", text, line_span(1)).findings.empty());
    CHECK(scanner.scan_changed(context, "key.pem", text, line_span(7)).findings.empty());
    CHECK(scanner.scan_changed(context, "key.pem", text, {}).findings.empty());
}

TEST_CASE("git history: files in subdirectories, and a file that becomes a directory", "[git][history]") {
    TempDir dir;
    git(dir, {"init", "-q"});
    dir.write("src/app/main.txt", "one\ntwo\n");
    dir.write("src/b.txt", "b\n");
    dir.write("x", "a file\n");
    commit(dir, "one");
    dir.write("src/app/main.txt", "one\n2\n");
    git(dir, {"rm", "-q", "x"});
    dir.write("x/y.txt", "now a directory\n");
    commit(dir, "two");

    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    auto blobs = history_blobs(*repo);
    std::vector<std::string> paths;
    for (const auto& blob : blobs) paths.push_back(blob.path);
    CHECK(paths == std::vector<std::string>{"src/app/main.txt", "src/b.txt", "x", "src/app/main.txt", "x/y.txt"});
    REQUIRE(blobs.size() == 5);
    CHECK_FALSE(blobs[3].all_lines);
    CHECK(blobs[3].changed == std::vector<Span>{{4, 6}});  // "2\n"
    CHECK(blobs[4].all_lines);  // no blob at x/y.txt before
}
