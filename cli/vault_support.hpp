#pragma once
// What the vault, secret and audit commands share: sub-action dispatch, key loading, no-echo
// prompts and reading secret values from stdin, a file or the terminal (never from argv).
#include <optional>
#include <string>
#include <string_view>

#include "command.hpp"
#include "hush/vault.hpp"

namespace hush::cli {

// One sub-action of a command ("add" of "hush secret add").
struct Action {
    std::string_view name;
    std::string_view summary;
    int (*run)(Invocation& inv);
};

// Runs the action named by the first positional argument of inv.args (global options before it
// are kept). Without one, prints the command's usage (exit 0 for --help, else 2).
int dispatch(Invocation& inv, std::span<const Action> actions, std::string_view usage, std::string_view description);

// Reads a line from /dev/tty without echo; nullopt when there is no terminal.
[[nodiscard]] std::optional<vault::SecretValue> prompt_no_echo(std::string_view prompt);

// Keys from HUSH_IDENTITY, HUSH_IDENTITY_FILE, ~/.config/hush/identity, HUSH_PASSPHRASE, or the tty.
[[nodiscard]] Result<vault::Unlock> load_unlock();

// The vault of the effective configuration.
[[nodiscard]] Result<vault::VaultPaths> vault_paths(const Invocation& inv);

// A secret value: --from-file, else stdin when it is not a terminal (one trailing newline
// dropped), else a no-echo prompt. May be empty (the caller decides what empty means).
[[nodiscard]] Result<vault::SecretValue> read_value(const std::optional<std::string>& from_file, std::string_view name);

// Opens the vault of the configuration for writing / reading with the environment's keys.
[[nodiscard]] Result<vault::Vault> open_vault_for_write(const Invocation& inv);
[[nodiscard]] Result<vault::Vault> open_vault_for_read(const Invocation& inv);

// Commits and turns a failure into the usual one line; returns the exit code.
int commit_or_report(Invocation& inv, vault::Vault& vault);

}  // namespace hush::cli
