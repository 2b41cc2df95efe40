#pragma once
// Where the resolver meets the vault: secret states for `check`, a SecretLookup over an open
// vault for `inject` and `run`, the audit entries they leave, and the usages `secret rm` and
// `secret rotate` report. The resolver stage sees only plain data; this file converts.
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "hush/resolver.hpp"
#include "hush/vault.hpp"

namespace hush::cli {

// What `check` and secret_usable need of a vault secret (never its value).
[[nodiscard]] SecretState secret_state(const vault::SecretInfo& info);
[[nodiscard]] std::vector<SecretState> secret_states(std::span<const vault::SecretInfo> infos);

// True when the environment names a key (identity or passphrase), i.e. the vault can be verified.
[[nodiscard]] bool key_configured(const vault::Unlock& unlock);

// Resolves names against `vault` with the `check` rules of `today` (missing, deleted, disabled,
// expired are errors; restricted secrets are fine). Every name resolved is added to `used`.
// The returned values are plain strings: the caller wipes what it builds from them.
[[nodiscard]] SecretLookup vault_lookup(const vault::Vault& vault, std::string today, std::set<std::string>& used);

// One audit entry `action` per secret in `names` (names and versions only, never values).
[[nodiscard]] Result<void> record_uses(vault::Vault& vault, std::string_view action, const std::set<std::string>& names,
                                       const std::map<std::string, std::string>& details);

// Overwrites a string's bytes (values built from secrets) before it is freed.
void wipe(std::string& text);
void wipe(std::vector<MaskedSecret>& secrets);

// Reads a whole text file; the error names the file.
[[nodiscard]] Result<std::string> read_text_file(const std::string& path);

}  // namespace hush::cli
