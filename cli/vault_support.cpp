#include "vault_support.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hush::cli {

namespace {

// Global options that take a value: their value is not the action name.
bool takes_value(std::string_view option) { return option == "--config" || option == "--format"; }

}  // namespace

int dispatch(Invocation& inv, std::span<const Action> actions, std::string_view usage, std::string_view description) {
    for (std::size_t i = 0; i < inv.args.size(); ++i) {
        std::string arg = inv.args[i];
        if (takes_value(arg)) {
            ++i;
            continue;
        }
        if (!arg.empty() && arg[0] == '-') continue;
        for (const auto& action : actions) {
            if (action.name != arg) continue;
            inv.args.erase(inv.args.begin() + static_cast<std::ptrdiff_t>(i));
            inv.command += " " + arg;
            return action.run(inv);
        }
        return report_error(inv, "unknown action '" + arg + "' (see 'hush " + inv.command + " --help')");
    }
    std::string text(description);
    text += "\n\nActions:";
    for (const auto& action : actions) {
        std::string name(action.name);
        name.resize(12, ' ');
        text += "\n  " + name + std::string(action.summary);
    }
    po::options_description none("Options");
    po::variables_map vm;
    if (auto stop = parse_options(inv, none, {}, vm, usage, text)) return *stop;
    return report_error(inv, "no action given (see 'hush " + inv.command + " --help')");
}

std::optional<vault::SecretValue> prompt_no_echo(std::string_view prompt) {
    int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return std::nullopt;
    termios saved{};
    bool is_terminal = ::tcgetattr(fd, &saved) == 0;
    if (!is_terminal) {
        ::close(fd);
        return std::nullopt;
    }
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
    std::string text = std::string(prompt) + ": ";
    (void)!::write(fd, text.data(), text.size());
    vault::SecretValue value;
    char c = 0;
    while (true) {
        ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || c == '\n') break;
        value.append({&c, 1});
    }
    vault::cleanse(&c, 1);
    ::tcsetattr(fd, TCSAFLUSH, &saved);
    ::close(fd);
    if (!value.empty() && value.view().back() == '\r') value.drop_back(1);
    return value;
}

Result<vault::Unlock> load_unlock() { return vault::unlock_from_environment(prompt_no_echo); }

Result<vault::VaultPaths> vault_paths(const Invocation& inv) {
    auto config = load_effective_config(inv.global);
    if (!config) return std::unexpected(config.error());
    return vault::paths_for(*config);
}

Result<vault::SecretValue> read_value(const std::optional<std::string>& from_file, std::string_view name) {
    int fd = STDIN_FILENO;
    bool from_stdin = !from_file;
    if (from_file) {
        fd = ::open(from_file->c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail(ErrorCode::input, std::string("cannot read: ") + std::strerror(errno), *from_file);
    } else if (::isatty(STDIN_FILENO) == 1) {
        auto value = prompt_no_echo("Value for " + std::string(name) + " (input hidden)");
        if (!value) return fail(ErrorCode::input, "no terminal to read the value of " + std::string(name) + " from");
        return std::move(*value);
    }
    vault::SecretValue value;
    char buffer[4096];
    while (true) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        value.append({buffer, static_cast<std::size_t>(n)});
    }
    vault::cleanse(buffer, sizeof buffer);
    if (from_file) ::close(fd);
    // `echo value | hush secret add X` must store "value", not "value\n".
    if (from_stdin && !value.empty() && value.view().back() == '\n') {
        value.drop_back(1);
        if (!value.empty() && value.view().back() == '\r') value.drop_back(1);
    }
    return value;
}

Result<vault::Vault> open_vault_for_write(const Invocation& inv) {
    auto paths = vault_paths(inv);
    if (!paths) return std::unexpected(paths.error());
    auto unlock = load_unlock();
    if (!unlock) return std::unexpected(unlock.error());
    return vault::Vault::open_write(*paths, *unlock);
}

Result<vault::Vault> open_vault_for_read(const Invocation& inv) {
    auto paths = vault_paths(inv);
    if (!paths) return std::unexpected(paths.error());
    auto unlock = load_unlock();
    if (!unlock) return std::unexpected(unlock.error());
    return vault::Vault::open_read(*paths, *unlock);
}

int commit_or_report(Invocation& inv, vault::Vault& vault) {
    if (auto ok = vault.commit(); !ok) return report_error(inv, ok.error());
    return exit_ok;
}

}  // namespace hush::cli
