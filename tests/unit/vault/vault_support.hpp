#pragma once
// Shared fixture for the vault unit tests: a temp dir with a vault opened by a fresh identity.
#include <string>

#include "harness.hpp"
#include "hush/vault.hpp"

namespace hush::test {

inline vault::SecretValue secret(std::string_view text) { return vault::SecretValue(text); }

struct VaultFixture {
    TempDir dir;
    vault::VaultPaths paths = vault::paths_for_file(dir.path() / ".hush" / "vault.yaml");
    vault::Identity identity = *vault::generate_identity();

    VaultFixture() {
        vault::InitOptions init;
        init.recipients = {identity.public_key};
        init.actor = "tester";
        auto created = vault::Vault::create(paths, std::move(init));
        (void)created;
    }

    vault::Unlock unlock() const {
        vault::Unlock keys;
        keys.identities.push_back({vault::SecretValue(identity.secret.view()), identity.public_key});
        keys.actor = "tester";
        return keys;
    }

    vault::Vault open_write() const {
        auto keys = unlock();
        auto opened = vault::Vault::open_write(paths, keys);
        if (!opened) throw std::runtime_error(opened.error().to_string());
        return std::move(*opened);
    }

    vault::Vault open_read() const {
        auto keys = unlock();
        auto opened = vault::Vault::open_read(paths, keys);
        if (!opened) throw std::runtime_error(opened.error().to_string());
        return std::move(*opened);
    }

    // Adds NAME=value in its own write.
    void add(const std::string& name, std::string_view value) const {
        auto v = open_write();
        auto added = v.add({name, secret(value)});
        if (!added) throw std::runtime_error(added.error().to_string());
        auto committed = v.commit();
        if (!committed) throw std::runtime_error(committed.error().to_string());
    }

    [[nodiscard]] std::string text() const { return read_file(paths.vault); }
};

}  // namespace hush::test
