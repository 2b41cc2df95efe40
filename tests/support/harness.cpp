#include "harness.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace hush::test {

namespace {

fs::path temp_root() {
    const char* tmp = std::getenv("TMPDIR");
    return fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
}

std::vector<std::string> child_environment(const RunOptions& options, bool isolate_home, const fs::path& home) {
    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        auto eq = text.find('=');
        if (eq != std::string_view::npos) env[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
    }
    // Tests must not pick up the developer's own identity, passphrase or colours.
    for (const char* name : {"HUSH_IDENTITY", "HUSH_IDENTITY_FILE", "HUSH_PASSPHRASE", "NO_COLOR", "HUSH_RULES_DIR"}) {
        env.erase(name);
    }
    if (isolate_home) env["HOME"] = home.string();
    for (const auto& name : options.unset_env) env.erase(name);
    for (const auto& [name, value] : options.env) env[name] = value;
    std::vector<std::string> out;
    for (const auto& [name, value] : env) out.push_back(name + "=" + value);
    return out;
}

RunResult spawn(const std::vector<std::string>& argv, const RunOptions& options, const std::vector<std::string>& envp) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    std::vector<char*> c_argv, c_envp;
    for (const auto& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
    c_argv.push_back(nullptr);
    for (const auto& entry : envp) c_envp.push_back(const_cast<char*>(entry.c_str()));
    c_envp.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        setpgid(0, 0);
        if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
        execvpe(c_argv[0], c_argv.data(), c_envp.data());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);

    RunResult result;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (options.stdin_data.empty()) {
        close(in_fd);
        in_fd = -1;
    } else {
        fcntl(in_fd, F_SETFL, O_NONBLOCK);
    }
    signal(SIGPIPE, SIG_IGN);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
    bool out_open = true, err_open = true, killed = false;
    char buffer[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
        if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
        if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
        int ready = poll(fds.data(), fds.size(), 200);
        if (std::chrono::steady_clock::now() > deadline && !killed) {
            kill(-pid, SIGKILL);
            killed = true;
        }
        if (ready <= 0) continue;
        for (const auto& fd : fds) {
            if (fd.revents == 0) continue;
            if (fd.fd == in_fd) {
                ssize_t n = write(in_fd, options.stdin_data.data() + written, options.stdin_data.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n < 0 || written == options.stdin_data.size()) {
                    close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            ssize_t n = read(fd.fd, buffer, sizeof buffer);
            bool is_out = fd.fd == out_pipe[0];
            if (n <= 0) {
                (is_out ? out_open : err_open) = false;
            } else {
                (is_out ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    if (in_fd >= 0) close(in_fd);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace

TempDir::TempDir() {
    static std::mt19937_64 rng{std::random_device{}()};
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path candidate = temp_root() / ("hush-test-" + std::to_string(rng()));
        std::error_code ec;
        if (fs::create_directory(candidate, ec)) {
            m_path = fs::canonical(candidate);
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    // Tests may leave read-only files and directories behind; make them writable before removal.
    for (auto it = fs::recursive_directory_iterator(m_path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(m_path, ec);
}

fs::path TempDir::write(const fs::path& relative, std::string_view content) const {
    fs::path full = m_path / relative;
    write_file(full, content);
    return full;
}

std::string TempDir::read(const fs::path& relative) const { return read_file(m_path / relative); }

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const fs::path& path, std::string_view content) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

RunResult run_program(const std::vector<std::string>& argv, const RunOptions& options) {
    return spawn(argv, options, child_environment(options, false, {}));
}

void git(const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-c", "user.name=Test", "-c", "user.email=t@example.com", "-c",
                               "init.defaultBranch=main", "-c", "commit.gpgsign=false"});
    auto result = run_program(args, {.cwd = dir});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
}

std::string git_commit(const fs::path& dir, const std::string& message) {
    git(dir, {"add", "-A"});
    git(dir, {"commit", "-q", "-m", message});
    return run_program({"git", "rev-parse", "HEAD"}, {.cwd = dir}).out.substr(0, 40);
}

RunResult run_hush(const std::vector<std::string>& args, const RunOptions& options) {
    std::vector<std::string> argv{HUSH_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    static const fs::path home = [] {
        fs::path dir = temp_root() / ("hush-test-home-" + std::to_string(getpid()));
        fs::create_directories(dir);
        return dir;
    }();
    return spawn(argv, options, child_environment(options, options.env.count("HOME") == 0, home));
}

std::string golden_mismatch(const std::string& name, const std::string& actual) {
    fs::path path = fs::path(HUSH_GOLDEN_DIR) / name;
    const char* update = std::getenv("HUSH_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        write_file(path, actual);
        return {};
    }
    if (!fs::exists(path)) return "golden file " + path.string() + " is missing (run with HUSH_UPDATE_GOLDEN=1)";
    std::string expected = read_file(path);
    if (expected == actual) return {};
    std::istringstream a(expected), b(actual);
    std::string line_a, line_b;
    for (int line = 1;; ++line) {
        bool more_a = static_cast<bool>(std::getline(a, line_a));
        bool more_b = static_cast<bool>(std::getline(b, line_b));
        if (!more_a && !more_b) break;
        if (line_a != line_b || more_a != more_b) {
            return "golden " + name + " differs at line " + std::to_string(line) + "\n  expected: " +
                   (more_a ? line_a : "<end>") + "\n  actual:   " + (more_b ? line_b : "<end>") +
                   "\n(HUSH_UPDATE_GOLDEN=1 rewrites it)";
        }
    }
    return "golden " + name + " differs in line endings or trailing bytes";
}

std::string mask(std::string text, const std::string& pattern, const std::string& replacement) {
    return std::regex_replace(text, std::regex(pattern), replacement);
}

void copy_tree(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace hush::test
