#include "resolver_support.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hush::cli {

SecretState secret_state(const vault::SecretInfo& info) {
    return SecretState{info.name, info.active, info.expires, info.deleted.has_value()};
}

std::vector<SecretState> secret_states(std::span<const vault::SecretInfo> infos) {
    std::vector<SecretState> states;
    states.reserve(infos.size());
    for (const auto& info : infos) states.push_back(secret_state(info));
    return states;
}

bool key_configured(const vault::Unlock& unlock) { return !unlock.identities.empty() || unlock.passphrase.has_value(); }

SecretLookup vault_lookup(const vault::Vault& vault, std::string today, std::set<std::string>& used) {
    return [&vault, today = std::move(today), &used](std::string_view name) -> Result<std::string> {
        auto info = vault.find(name);
        std::optional<SecretState> state;
        if (info) state = secret_state(*info);
        if (auto usable = secret_usable(name, state ? &*state : nullptr, today); !usable)
            return std::unexpected(usable.error());
        auto value = vault.value(name);
        if (!value) return std::unexpected(value.error());
        used.insert(std::string(name));
        return std::string(value->view());
    };
}

Result<void> record_uses(vault::Vault& vault, std::string_view action, const std::set<std::string>& names,
                         const std::map<std::string, std::string>& details) {
    for (const auto& name : names) {
        auto event_details = details;
        if (auto info = vault.find(name)) event_details["version"] = std::to_string(info->current_version());
        if (auto ok = vault.record({std::string(action), name, std::move(event_details)}); !ok) return ok;
    }
    return {};
}

void wipe(std::string& text) {
    vault::cleanse(text.data(), text.size());
    text.clear();
}

void wipe(std::vector<MaskedSecret>& secrets) {
    for (auto& secret : secrets) wipe(secret.value);
    secrets.clear();
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::input, std::string("cannot read: ") + std::strerror(errno), path);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(ErrorCode::input, "read error", path);
    return std::move(text).str();
}

}  // namespace hush::cli
