#pragma once
// For the vault end-to-end tests: a repository with an identity and a vault, and a way to start
// hush without waiting for it (to kill it, or to inspect /proc while it runs).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "harness.hpp"

namespace hush::test {

struct VaultRepo {
    TempDir dir;
    fs::path identity = dir.path() / "keys" / "identity";
    std::string public_key;

    explicit VaultRepo(bool init = true) {
        auto created = run_hush({"vault", "identity", "new", "--output", identity.string()}, {.cwd = dir.path()});
        REQUIRE(created.exit_code == 0);
        public_key = created.out.substr(0, created.out.find('\n'));
        if (init) REQUIRE(run({"vault", "init"}).exit_code == 0);
    }

    [[nodiscard]] std::map<std::string, std::string> env() const { return {{"HUSH_IDENTITY_FILE", identity.string()}}; }

    RunResult run(const std::vector<std::string>& args, const std::string& stdin_data = {}) const {
        return run_hush(args, {.cwd = dir.path(), .stdin_data = stdin_data, .env = env()});
    }

    [[nodiscard]] fs::path vault() const { return dir.path() / ".hush" / "vault.yaml"; }
    [[nodiscard]] fs::path audit() const { return dir.path() / ".hush" / "audit.log"; }
};

// A hush process started in the background with a pipe on its stdin.
struct Background {
    pid_t pid = -1;
    int stdin_fd = -1;

    // Closes stdin and waits; returns the exit status (128+N for signal N).
    int finish() {
        if (stdin_fd >= 0) ::close(stdin_fd);
        stdin_fd = -1;
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
};

inline Background start_hush(const std::vector<std::string>& args, const fs::path& cwd,
                             const std::map<std::string, std::string>& env) {
    int in[2];
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    std::vector<std::string> argv{HUSH_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(in[0], 0);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (::chdir(cwd.c_str()) != 0) ::_exit(126);
        ::unsetenv("HUSH_IDENTITY");
        ::unsetenv("HUSH_PASSPHRASE");
        for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
        std::vector<char*> c_argv;
        for (auto& arg : argv) c_argv.push_back(arg.data());
        c_argv.push_back(nullptr);
        ::execv(c_argv[0], c_argv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    return {pid, in[1]};
}

inline void write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace hush::test
