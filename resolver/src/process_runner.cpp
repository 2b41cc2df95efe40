// `hush run`: fork/exec with the secrets in the environment, stdout and stderr through maskers,
// signals forwarded, the child's exit status returned.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <set>

#include "hush/resolver.hpp"

extern char** environ;

namespace hush {

namespace {

volatile sig_atomic_t g_child_pid = 0;

// Signals sent explicitly to hush (kill, a CI runner stopping the job) are passed on. Those a
// terminal generates (Ctrl-C) already reach the child through the process group: forwarding them
// too would deliver them twice.
void forward_signal(int signal_number, siginfo_t* info, void*) {
    bool explicit_send = info != nullptr && (info->si_code == SI_USER || info->si_code == SI_QUEUE);
    if (explicit_send && g_child_pid > 0) ::kill(g_child_pid, signal_number);
}

constexpr std::array<int, 3> forwarded_signals = {SIGINT, SIGTERM, SIGHUP};

class SignalForwarding {
public:
    SignalForwarding() {
        struct sigaction action {};
        action.sa_sigaction = forward_signal;
        action.sa_flags = SA_SIGINFO | SA_RESTART;
        sigemptyset(&action.sa_mask);
        for (std::size_t i = 0; i < forwarded_signals.size(); ++i) sigaction(forwarded_signals[i], &action, &m_saved[i]);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ignore, &m_saved_pipe);
    }
    ~SignalForwarding() {
        g_child_pid = 0;
        for (std::size_t i = 0; i < forwarded_signals.size(); ++i) sigaction(forwarded_signals[i], &m_saved[i], nullptr);
        sigaction(SIGPIPE, &m_saved_pipe, nullptr);
    }
    SignalForwarding(const SignalForwarding&) = delete;
    SignalForwarding& operator=(const SignalForwarding&) = delete;

private:
    std::array<struct sigaction, forwarded_signals.size()> m_saved{};
    struct sigaction m_saved_pipe {};
};

// NAME=VALUE strings: the inherited environment with the secrets added or overriding.
class ChildEnvironment {
public:
    explicit ChildEnvironment(const std::vector<MaskedSecret>& secrets) {
        std::set<std::string> overridden;
        for (const auto& secret : secrets) overridden.insert(secret.name);
        for (char** entry = environ; *entry != nullptr; ++entry) {
            std::string_view text(*entry);
            if (!overridden.contains(std::string(text.substr(0, text.find('='))))) m_entries.emplace_back(text);
        }
        for (const auto& secret : secrets) m_entries.push_back(secret.name + "=" + secret.value);
        for (auto& entry : m_entries) m_pointers.push_back(entry.data());
        m_pointers.push_back(nullptr);
    }
    ~ChildEnvironment() {
        for (auto& entry : m_entries) explicit_bzero(entry.data(), entry.size());
    }
    ChildEnvironment(const ChildEnvironment&) = delete;
    ChildEnvironment& operator=(const ChildEnvironment&) = delete;
    char** data() { return m_pointers.data(); }

private:
    std::vector<std::string> m_entries;
    std::vector<char*> m_pointers;
};

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the reader went away; keep draining the child regardless
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

struct Stream {
    int read_fd;
    int write_fd;
    OutputMasker masker;
};

// Copies both pipes through their maskers until the child closes them.
void pump(std::array<Stream*, 2> streams) {
    std::array<char, 65536> buffer{};
    std::array<bool, 2> open{true, true};
    while (open[0] || open[1]) {
        std::array<pollfd, 2> fds{};
        nfds_t count = 0;
        std::array<std::size_t, 2> which{};
        for (std::size_t i = 0; i < 2; ++i) {
            if (!open[i]) continue;
            which[count] = i;
            fds[count++] = {streams[i]->read_fd, POLLIN, 0};
        }
        if (::poll(fds.data(), count, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (nfds_t f = 0; f < count; ++f) {
            if (fds[f].revents == 0) continue;
            Stream& stream = *streams[which[f]];
            ssize_t n = ::read(stream.read_fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                open[which[f]] = false;
                continue;
            }
            write_all(stream.write_fd, stream.masker.feed({buffer.data(), static_cast<std::size_t>(n)}));
        }
    }
    explicit_bzero(buffer.data(), buffer.size());
    for (Stream* stream : streams) write_all(stream->write_fd, stream->masker.finish());
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Pipe {
    int fds[2] = {-1, -1};
    bool open() { return ::pipe2(fds, O_CLOEXEC) == 0; }
    void close_end(int end) {
        if (fds[end] >= 0) ::close(fds[end]);
        fds[end] = -1;
    }
    ~Pipe() {
        close_end(0);
        close_end(1);
    }
};

}  // namespace

Result<int> run_command(const RunSpec& spec) {
    if (spec.argv.empty()) return fail(ErrorCode::usage, "no command to run");
    ChildEnvironment environment(spec.environment);
    std::vector<char*> argv;
    for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    Pipe exec_status, out, err;
    if (!exec_status.open() || (spec.mask && (!out.open() || !err.open()))) {
        return fail(ErrorCode::io, std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    SignalForwarding forwarding;
    pid_t pid = ::fork();
    if (pid < 0) return fail(ErrorCode::io, std::string("cannot fork: ") + std::strerror(errno));
    if (pid == 0) {
        for (int signal_number : forwarded_signals) ::signal(signal_number, SIG_DFL);
        ::signal(SIGPIPE, SIG_DFL);
        if (spec.mask) {
            ::dup2(out.fds[1], STDOUT_FILENO);
            ::dup2(err.fds[1], STDERR_FILENO);
        } else {
            if (spec.out_fd != STDOUT_FILENO) ::dup2(spec.out_fd, STDOUT_FILENO);
            if (spec.err_fd != STDERR_FILENO) ::dup2(spec.err_fd, STDERR_FILENO);
        }
        ::execvpe(argv[0], argv.data(), environment.data());
        int error = errno;
        (void)!::write(exec_status.fds[1], &error, sizeof error);
        ::_exit(127);
    }
    g_child_pid = pid;
    exec_status.close_end(1);
    out.close_end(1);
    err.close_end(1);
    int exec_error = 0;
    ssize_t got;
    while ((got = ::read(exec_status.fds[0], &exec_error, sizeof exec_error)) < 0 && errno == EINTR) {
    }
    if (got == static_cast<ssize_t>(sizeof exec_error)) {
        wait_for(pid);
        return fail(ErrorCode::input, "cannot run '" + spec.argv[0] + "': " + std::strerror(exec_error));
    }
    if (spec.mask) {
        std::vector<MaskedSecret> masked = spec.masked ? *spec.masked : spec.environment;
        Stream out_stream{out.fds[0], spec.out_fd, OutputMasker(masked, spec.style)};
        Stream err_stream{err.fds[0], spec.err_fd, OutputMasker(std::move(masked), spec.style)};
        pump({&out_stream, &err_stream});
    }
    return wait_for(pid);
}

}  // namespace hush
