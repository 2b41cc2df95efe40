// The walker through Scanner::scan_paths: ignore files, excludes, skips, symlinks, determinism.
#include <unistd.h>

#include <algorithm>

#include "scanner_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

std::vector<std::string> found_paths(const ScanResult& result, const fs::path& root) {
    std::vector<std::string> paths;
    auto prefix = root.generic_string() + "/";
    for (const auto& finding : result.findings) {
        auto path = finding.path;
        if (path.starts_with(prefix)) path.erase(0, prefix.size());
        if (paths.empty() || paths.back() != path) paths.push_back(path);
    }
    return paths;
}

bool has_note(const ScanResult& result, const std::string& path_end, const std::string& message_part) {
    return std::any_of(result.notes.begin(), result.notes.end(), [&](const ScanNote& note) {
        return note.path.ends_with(path_end) && note.message.find(message_part) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("walker: .hushignore and .gitignore outside a repository", "[scanner][walker]") {
    TempDir dir;
    dir.write("keep.txt", token_a);
    dir.write("build/out.txt", token_a);
    dir.write("logs/a.log", token_a);
    dir.write("logs/keep.log", token_a);
    dir.write("sub/deep/secret.env", token_a);
    dir.write(".gitignore", "build/\n*.log\n!keep.log\n");
    dir.write("sub/.hushignore", "# comment\ndeep/*.env\n");
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto result = scan_dir(scanner, dir.path());
    CHECK(found_paths(result, dir.path()) == std::vector<std::string>{"keep.txt", "logs/keep.log"});
    CHECK(result.stats.skipped_ignored == 3);
}

TEST_CASE("walker: inside a git repository libgit2's ignore rules apply", "[scanner][walker]") {
    TempDir dir;
    REQUIRE(run_program({"git", "init", "-q", dir.path().string()}).exit_code == 0);
    dir.write(".gitignore", "/generated/\nsecret-*.txt\n");
    dir.write(".git/info/exclude", "local-only.txt\n");
    dir.write("generated/a.txt", token_a);
    dir.write("src/secret-1.txt", token_a);
    dir.write("local-only.txt", token_a);
    dir.write("src/main.txt", token_a);
    dir.write("src/.hushignore", "main.txt\n");
    dir.write("src/other.txt", token_b);
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto result = scan_dir(scanner, dir.path());
    CHECK(found_paths(result, dir.path()) == std::vector<std::string>{"src/other.txt"});
    // Scanning a subdirectory of the repository still honours the repository's rules.
    auto sub = scan_dir(scanner, dir.path() / "src");
    CHECK(found_paths(sub, dir.path() / "src") == std::vector<std::string>{"other.txt"});
}

TEST_CASE("walker: ignore_files=false scans everything but .git", "[scanner][walker]") {
    TempDir dir;
    dir.write(".gitignore", "*.log\n");
    dir.write("a.log", token_a);
    dir.write(".git/config", token_a);
    auto options = fixture_options();
    options.ignore_files = false;
    auto scanner = make_test_scanner(config_at(dir.path()), options);
    CHECK(found_paths(scan_dir(scanner, dir.path()), dir.path()) == std::vector<std::string>{"a.log"});
}

TEST_CASE("walker: --exclude globs, scan.exclude and allow.paths", "[scanner][walker]") {
    TempDir dir;
    for (const char* path : {"app.js", "app.min.js", "node_modules/x/index.js", "docs/guide/a.md", "tests/data/t.txt",
                             "vendor/lib.txt"}) {
        dir.write(path, token_a);
    }
    auto options = fixture_options();
    options.exclude = {"*.min.js", "node_modules"};
    auto config = config_at(dir.path());
    config.scan.exclude = {"docs/**/*.md"};
    config.allow.paths = {"tests/**", "vendor/"};
    auto scanner = make_test_scanner(config, options);
    auto result = scan_dir(scanner, dir.path());
    CHECK(found_paths(result, dir.path()) == std::vector<std::string>{"app.js"});
    CHECK(result.stats.skipped_ignored == 5);
}

TEST_CASE("walker: binary and oversized files are skipped with counts and notes", "[scanner][walker]") {
    TempDir dir;
    dir.write("small.txt", token_a);
    dir.write("image.bin", std::string("\x89PNG\0\0", 6) + token_a);
    dir.write("big.txt", std::string(4096, '#') + "\n" + token_a);
    auto options = fixture_options();
    options.max_file_size = 1024;
    auto scanner = make_test_scanner(config_at(dir.path()), options);
    auto result = scan_dir(scanner, dir.path());
    CHECK(found_paths(result, dir.path()) == std::vector<std::string>{"small.txt"});
    CHECK(result.stats.skipped_binary == 1);
    CHECK(result.stats.skipped_too_large == 1);
    CHECK(result.stats.files_scanned == 1);
    CHECK(has_note(result, "big.txt", "1024-byte limit"));
}

TEST_CASE("walker: symlink loops are not followed and broken links are noted", "[scanner][walker]") {
    TempDir dir;
    dir.write("real/a.txt", token_a);
    fs::create_directory_symlink("..", dir.path() / "real" / "up");
    fs::create_symlink(dir.path() / "loop2", dir.path() / "loop1");
    fs::create_symlink(dir.path() / "loop1", dir.path() / "loop2");
    fs::create_symlink(dir.path() / "missing", dir.path() / "dangling");
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto result = scan_dir(scanner, dir.path());
    CHECK(found_paths(result, dir.path()) == std::vector<std::string>{"real/a.txt"});
    CHECK(has_note(result, "real/up", "already visited"));
    CHECK(has_note(result, "loop1", "symlink"));
    CHECK(has_note(result, "dangling", "symlink"));
    CHECK(result.stats.unreadable == 3);
}

TEST_CASE("walker: a missing path is an input error naming it", "[scanner][walker]") {
    TempDir dir;
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto result = scanner.scan_paths({dir.path() / "nope"});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::input);
    CHECK_THAT(result.error().to_string(), Catch::Contains("nope: no such file or directory"));
}

TEST_CASE("walker: an explicitly named file is scanned even when ignored", "[scanner][walker]") {
    TempDir dir;
    dir.write(".hushignore", "*.txt\n");
    dir.write("a.txt", token_a);
    auto scanner = make_test_scanner(config_at(dir.path()));
    CHECK(scan_dir(scanner, dir.path()).findings.empty());
    CHECK(scan_dir(scanner, dir.path() / "a.txt").findings.size() == 1);
}

TEST_CASE("scanner: output order does not depend on the thread count", "[scanner][walker]") {
    TempDir dir;
    for (int i = 0; i < 60; ++i) {
        std::string body = "# file " + std::to_string(i) + "\n";
        if (i % 3 == 0) body += "t = " + token_a + "\n";
        if (i % 4 == 0) body += "u = " + token_b + " and " + checksummed + "\n";
        if (i % 11 == 0) body += std::string(600, '#') + "\n";  // over the size limit: a note
        dir.write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt", body);
    }
    auto signature = [&](unsigned threads) {
        auto options = fixture_options();
        options.threads = threads;
        options.max_file_size = 500;
        auto scanner = make_test_scanner(config_at(dir.path()), options);
        auto result = scan_dir(scanner, dir.path());
        std::string out;
        for (const auto& f : result.findings) {
            out += f.path + ":" + std::to_string(f.span.begin) + ":" + f.rule_id + "\n";
        }
        for (const auto& note : result.notes) out += "note " + note.path + "\n";
        return std::pair(out, result.stats.files_scanned);
    };
    auto one = signature(1);
    CHECK(one.second == 60 - 6);
    // Files 0, 11, ..., 55 are over the limit; of the others 18 hold token_a, 13 token_b and a checksummed one.
    CHECK(std::count(one.first.begin(), one.first.end(), '\n') == 18 + 13 * 2 + 6);
    CHECK(signature(2) == one);
    CHECK(signature(4) == one);
    CHECK(signature(16) == one);
}

TEST_CASE("scanner: a file reached through two paths is scanned and reported once", "[scanner][walker]") {
    TempDir dir;
    dir.write("sub/a.txt", "t = " + token_a + "\n");
    dir.write("sub/b.txt", "nothing here\n");
    auto scanner = make_test_scanner(config_at(dir.path()));
    auto result = scanner.scan_paths({dir.path() / "sub", dir.path() / "sub" / "a.txt", dir.path() / "sub"});
    REQUIRE(result);
    CHECK(result->findings.size() == 1);
    CHECK(result->stats.files_scanned == 2);
}
