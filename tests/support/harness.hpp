#pragma once
// Test support: temporary directories, running the hush binary, golden files.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hush::test {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR, removed (recursively) when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }
    // Writes `content` to path()/relative, creating parent directories. Returns the full path.
    fs::path write(const fs::path& relative, std::string_view content) const;
    [[nodiscard]] std::string read(const fs::path& relative) const;

private:
    fs::path m_path;
};

struct RunResult {
    int exit_code = -1;  // the process's exit status; 128+N if killed by signal N
    std::string out;
    std::string err;
};

struct RunOptions {
    fs::path cwd;                                    // default: the current directory
    std::string stdin_data;                          // fed to the child's stdin, then closed
    std::map<std::string, std::string> env;          // added to (or overriding) the environment
    std::vector<std::string> unset_env;              // removed from the environment
    int timeout_seconds = 120;                       // killed after this (exit_code 128+9)
};

// Runs the built hush binary with `args`. HOME is set to an empty directory under TMPDIR unless
// `env` sets it, so no user identity or config leaks into tests.
RunResult run_hush(const std::vector<std::string>& args, const RunOptions& options = {});
// Runs any program (argv[0] looked up in PATH).
RunResult run_program(const std::vector<std::string>& argv, const RunOptions& options = {});
// Runs `git ARGS` in `dir` with a fixed identity, branch name `main` and no signing, so the user's
// git configuration cannot change a test; the test fails if git does.
void git(const fs::path& dir, std::vector<std::string> args);
// `git add -A` and a commit in `dir`; returns the new commit's id.
std::string git_commit(const fs::path& dir, const std::string& message);

[[nodiscard]] std::string read_file(const fs::path& path);
void write_file(const fs::path& path, std::string_view content);

// Compares `actual` with tests/golden/<name>. With HUSH_UPDATE_GOLDEN=1 in the environment, writes
// it instead. Returns an empty string on match, else a short diff description.
[[nodiscard]] std::string golden_mismatch(const std::string& name, const std::string& actual);

// Replaces every match of the ECMAScript regex `pattern` in `text` with `replacement`: masks
// fields that change between runs (durations, temp paths) before a golden comparison.
[[nodiscard]] std::string mask(std::string text, const std::string& pattern, const std::string& replacement);

// Copies a directory tree (e.g. a fixture repository) into `to`.
void copy_tree(const fs::path& from, const fs::path& to);

}  // namespace hush::test

#define CHECK_GOLDEN(name, actual)                                              \
    do {                                                                        \
        auto hush_golden_mismatch_ = ::hush::test::golden_mismatch(name, actual); \
        INFO(hush_golden_mismatch_);                                            \
        CHECK(hush_golden_mismatch_.empty());                                   \
    } while (false)
