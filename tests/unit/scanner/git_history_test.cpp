// History scanning of edited blobs: the lines a commit changed (git source) and Scanner::scan_changed,
// which must report exactly what a whole scan reports on those lines.
#include <set>
#include <tuple>

#include "git/git_source.hpp"
#include "hush/core/text.hpp"
#include "scanner_support.hpp"

using namespace hush;
using namespace hush::test;
using hush::git::BlobToScan;
using hush::git::Repository;

namespace {

void run_git(const TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=t@example.com", "-c",
                               "init.defaultBranch=main", "-c", "commit.gpgsign=false"});
    auto result = run_program(args, {.cwd = dir.path()});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
}

void commit(const TempDir& dir, const std::string& message) {
    run_git(dir, {"add", "-A"});
    run_git(dir, {"commit", "-q", "-m", message});
}

std::vector<BlobToScan> history_blobs(const TempDir& dir, hush::git::HistoryOptions options = {}) {
    auto repo = Repository::open(dir.path());
    REQUIRE(repo);
    std::vector<BlobToScan> blobs;
    auto stats = repo->history(options, [&](BlobToScan&& blob) { blobs.push_back(std::move(blob)); }, {});
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

}  // namespace

TEST_CASE("git history: an edited blob carries the lines changed from its parent", "[git][history]") {
    TempDir dir;
    run_git(dir, {"init", "-q"});
    dir.write("a.txt", "one\ntwo\nthree\nfour\n");
    commit(dir, "one");
    dir.write("a.txt", "one\nTWO\nthree\nfour\n");
    dir.write("b.txt", "new\n");
    commit(dir, "two");
    dir.write("a.txt", "one\nTWO\nfour\n");  // a deletion: the lines on both sides count
    commit(dir, "three");

    auto blobs = history_blobs(dir);
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
    run_git(dir, {"init", "-q"});
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
