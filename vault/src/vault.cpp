// Vault: open (unwrap, verify), change in memory, write atomically with its audit entries.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "crypto.hpp"
#include "document.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/core/text.hpp"
#include "internal.hpp"

namespace hush::vault {

using detail::SecretEntry;
using detail::StoredRecipient;
using detail::StoredSecret;
using detail::VaultDocument;

namespace {

constexpr std::size_t max_description = 1000;
constexpr std::size_t max_reason = 1000;

std::string value_aad(const std::string& id, std::string_view name, std::uint32_t version) {
    return detail::length_prefixed({"hush-value-v1", id, name, std::to_string(version)});
}
std::string wrap_aad(const std::string& id) { return detail::length_prefixed({"hush-wrap-v1", id}); }
std::string audit_key_aad(const std::string& id) { return detail::length_prefixed({"hush-audit-key-v1", id}); }
std::string scrypt_salt(std::string_view salt) { return "hush-scrypt-v1" + std::string(salt); }

Result<SecretValue> x25519_wrap_key(const SecretValue& shared, std::string_view ephemeral_public,
                                    std::string_view recipient_public) {
    return crypto::hkdf(shared.view(), std::string(ephemeral_public) + std::string(recipient_public), "hush-x25519-v1");
}

std::unexpected<Error> integrity_failure(const VaultPaths& paths, std::string detail) {
    return fail(ErrorCode::integrity, "vault integrity check failed: " + std::move(detail), paths.vault.string());
}

template <class T>
std::unexpected<Error> pass(const Result<T>& result) {
    return std::unexpected(result.error());
}

Result<std::shared_ptr<const detail::PageBuffer>> read_vault_text(const std::filesystem::path& vault_file,
                                                                  detail::SecretLineCounter* counter = nullptr) {
    auto on_piece = [&](std::string_view text) { counter->advance(text); };
    auto file = counter ? detail::read_private(vault_file, on_piece) : detail::read_private(vault_file);
    if (!file && file.error().code == ErrorCode::not_found)
        return fail(ErrorCode::vault, "no vault here (create one with 'hush vault init')", vault_file.string());
    return file;
}

Result<VaultDocument> read_document(const std::filesystem::path& vault_file) {
    auto file = read_vault_text(vault_file);
    if (!file) return pass(file);
    auto document = detail::parse_document((*file)->view(), vault_file.string());
    if (document) document->sources.push_back(*file);
    return document;
}

}  // namespace

struct Vault::State {
    VaultPaths paths;
    VaultDocument document;
    SecretValue data_key;
    SecretValue value_key;
    SecretValue mac_key;
    SecretValue audit_key;
    std::optional<SecretValue> passphrase;
    PassphrasePrompt prompt;
    std::string actor;
    int lock_fd = -1;
    bool writable = false;
    bool dirty = false;
    std::vector<AuditEvent> pending;
    std::optional<std::filesystem::path> prepared;
    std::string prepared_audit;  // audit lines computed by prepare(), appended by commit()

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (prepared) {
            std::error_code ec;
            std::filesystem::remove(*prepared, ec);
        }
        detail::unlock(lock_fd);
    }

    auto lower_bound(std::string_view name) -> decltype(document.secrets.begin()) {
        return std::lower_bound(document.secrets.begin(), document.secrets.end(), name,
                                [](const SecretEntry& entry, std::string_view n) { return entry.name() < n; });
    }

    SecretEntry* find_entry(std::string_view name) {
        auto it = lower_bound(name);
        return it != document.secrets.end() && it->name() == name ? &*it : nullptr;
    }

    // Decodes only the secret asked for.
    StoredSecret* find(std::string_view name) {
        SecretEntry* entry = find_entry(name);
        return entry ? &entry->secret() : nullptr;
    }

    Result<StoredSecret*> find_live(std::string_view name) {
        StoredSecret* secret = find(name);
        if (secret == nullptr) return fail(ErrorCode::not_found, "no secret named '" + std::string(name) + "'", paths.vault.string());
        if (secret->info.deleted) {
            return fail(ErrorCode::not_found, "secret '" + std::string(name) + "' is deleted (hush secret restore " +
                                                  std::string(name) + ")", paths.vault.string());
        }
        return secret;
    }

    Result<void> require_writable() const {
        if (!writable) return fail(ErrorCode::internal, "the vault was not opened for writing", paths.vault.string());
        return {};
    }

    Result<void> derive_keys() {
        auto values = crypto::hkdf(data_key.view(), document.id, "hush-values-v1");
        auto mac = crypto::hkdf(data_key.view(), document.id, "hush-mac-v1");
        if (!values) return pass(values);
        if (!mac) return pass(mac);
        value_key = std::move(*values);
        mac_key = std::move(*mac);
        return {};
    }

    Result<std::string> seal_value(std::string_view name, std::uint32_t version, std::string_view plain) const {
        auto sealed = crypto::seal(value_key, plain, value_aad(document.id, name, version));
        if (!sealed) return pass(sealed);
        return crypto::base64(*sealed);
    }

    Result<SecretValue> open_value(const StoredSecret& secret, std::size_t index) const {
        auto raw = crypto::unbase64(secret.sealed[index]);
        if (!raw) return integrity_failure(paths, "bad ciphertext of " + secret.info.name);
        auto plain = crypto::open(value_key, *raw, value_aad(document.id, secret.info.name, secret.info.versions[index].number));
        if (!plain) return integrity_failure(paths, "value of " + secret.info.name + " does not decrypt");
        return plain;
    }

    Result<SecretValue> get_passphrase(std::string_view why) {
        if (passphrase) return SecretValue(passphrase->view());
        if (prompt) {
            if (auto entered = prompt(why)) {
                passphrase = SecretValue(entered->view());
                return std::move(*entered);
            }
        }
        return fail(ErrorCode::vault, "a passphrase is needed to " + std::string(why) +
                                          " (set HUSH_PASSPHRASE or run on a terminal)", paths.vault.string());
    }

    Result<StoredRecipient> wrap_for_public_key(std::string_view public_key) const {
        auto recipient_raw = detail::public_key_bytes(public_key);
        if (!recipient_raw) return pass(recipient_raw);
        auto ephemeral = crypto::x25519_private();
        if (!ephemeral) return pass(ephemeral);
        auto ephemeral_public = crypto::x25519_public(*ephemeral);
        if (!ephemeral_public) return pass(ephemeral_public);
        auto shared = crypto::x25519_shared(*ephemeral, *recipient_raw);
        if (!shared) return pass(shared);
        auto wrap_key = x25519_wrap_key(*shared, *ephemeral_public, *recipient_raw);
        if (!wrap_key) return pass(wrap_key);
        auto wrapped = crypto::seal(*wrap_key, data_key.view(), wrap_aad(document.id));
        if (!wrapped) return pass(wrapped);
        StoredRecipient recipient;
        recipient.type = RecipientType::x25519;
        recipient.public_key = std::string(public_key);
        recipient.ephemeral = crypto::base64(*ephemeral_public);
        recipient.wrapped = crypto::base64(*wrapped);
        return recipient;
    }

    Result<StoredRecipient> wrap_for_passphrase(const SecretValue& secret, int log_n) const {
        auto salt = crypto::random_bytes(16);
        if (!salt) return pass(salt);
        auto key = crypto::scrypt(secret.view(), scrypt_salt(*salt), log_n);
        if (!key) return pass(key);
        auto wrapped = crypto::seal(*key, data_key.view(), wrap_aad(document.id));
        if (!wrapped) return pass(wrapped);
        StoredRecipient recipient;
        recipient.type = RecipientType::passphrase;
        recipient.log_n = log_n;
        recipient.salt = crypto::base64(*salt);
        recipient.wrapped = crypto::base64(*wrapped);
        return recipient;
    }

    Result<SecretValue> unwrap_x25519(const StoredRecipient& recipient, const Identity& identity) const {
        auto private_key = detail::identity_private_key(identity);
        auto recipient_raw = detail::public_key_bytes(recipient.public_key);
        auto ephemeral = crypto::unbase64(recipient.ephemeral);
        auto wrapped = crypto::unbase64(recipient.wrapped);
        if (!private_key || !recipient_raw || !ephemeral || !wrapped) return integrity_failure(paths, "bad recipient stanza");
        auto shared = crypto::x25519_shared(*private_key, *ephemeral);
        if (!shared) return integrity_failure(paths, "bad ephemeral key for " + recipient.public_key);
        auto wrap_key = x25519_wrap_key(*shared, *ephemeral, *recipient_raw);
        if (!wrap_key) return pass(wrap_key);
        auto key = crypto::open(*wrap_key, *wrapped, wrap_aad(document.id));
        if (!key || key->size() != crypto::key_size)
            return integrity_failure(paths, "the key wrapped for " + recipient.public_key + " does not decrypt");
        return key;
    }

    Result<SecretValue> unwrap_passphrase(const StoredRecipient& recipient) {
        auto secret = get_passphrase("open the vault");
        if (!secret) return pass(secret);
        auto salt = crypto::unbase64(recipient.salt);
        auto wrapped = crypto::unbase64(recipient.wrapped);
        if (!salt || !wrapped) return integrity_failure(paths, "bad passphrase stanza");
        auto key = crypto::scrypt(secret->view(), scrypt_salt(*salt), recipient.log_n);
        if (!key) return pass(key);
        auto data = crypto::open(*key, *wrapped, wrap_aad(document.id));
        if (!data || data->size() != crypto::key_size) {
            passphrase.reset();
            return fail(ErrorCode::vault, "wrong passphrase", paths.vault.string());
        }
        return data;
    }

    Result<void> unwrap(const Unlock& unlock) {
        for (const auto& identity : unlock.identities) {
            for (const auto& recipient : document.recipients) {
                if (recipient.type != RecipientType::x25519 || recipient.public_key != identity.public_key) continue;
                auto key = unwrap_x25519(recipient, identity);
                if (!key) return pass(key);
                data_key = std::move(*key);
                actor = unlock.actor.empty() ? identity.public_key : unlock.actor;
                return {};
            }
        }
        for (const auto& recipient : document.recipients) {
            if (recipient.type != RecipientType::passphrase) continue;
            if (!passphrase && !prompt) break;
            auto key = unwrap_passphrase(recipient);
            if (!key) return pass(key);
            data_key = std::move(*key);
            return {};
        }
        std::string tried = unlock.identities.empty() ? "no identity" : "identity " + unlock.identities.front().public_key + " is not a recipient";
        return fail(ErrorCode::vault, "cannot open the vault: " + tried +
                                          " and no passphrase (set HUSH_IDENTITY, HUSH_IDENTITY_FILE or HUSH_PASSPHRASE)",
                    paths.vault.string());
    }

    // Parse the header, unwrap the data key, derive keys, then parse the secrets while MAC'ing
    // them (one pass over the text), verify the MAC, decrypt the audit key.
    // `for_write` keeps what lets the write copy unchanged secrets instead of parsing them again.
    Result<void> load(const Unlock& unlock, bool for_write) {
        // Before any key or value is in memory: a core dump would hold them.
        harden_process();
        detail::SecretLineCounter counter;
        auto file = read_vault_text(paths.vault, &counter);
        if (!file) return pass(file);
        const std::string path = paths.vault.string();
        detail::DocumentReader reader((*file)->view(), path);
        if (auto ok = reader.header(document); !ok) return ok;
        if (unlock.passphrase) passphrase = SecretValue(unlock.passphrase->view());
        prompt = unlock.prompt;
        actor = unlock.actor;
        if (auto ok = unwrap(unlock); !ok) return ok;
        if (auto ok = derive_keys(); !ok) return ok;
        auto stream = crypto::HmacStream::start(mac_key);
        if (!stream) return pass(stream);
        const detail::Write canonical = [&](std::string_view piece) { stream->update(piece); };
        if (auto ok = reader.body(document, &canonical, for_write, counter.finish((*file)->view())); !ok) return ok;
        document.sources.push_back(*file);
        auto mac = stream->finish();
        if (!mac) return pass(mac);
        if (!crypto::equal(crypto::hex(*mac), document.mac))
            return integrity_failure(paths, "the MAC does not match (the file was changed without the key)");
        auto sealed_audit_key = crypto::unbase64(document.audit_key);
        if (!sealed_audit_key) return integrity_failure(paths, "bad audit key");
        auto key = crypto::open(value_key, *sealed_audit_key, audit_key_aad(document.id));
        if (!key) return integrity_failure(paths, "the audit key does not decrypt");
        audit_key = std::move(*key);
        if (actor.empty()) actor = "unknown";
        return {};
    }

    void queue(AuditEvent event) {
        pending.push_back(std::move(event));
        dirty = true;
    }

    Result<std::string> audit_lines(detail::ChainTail& tail, const std::vector<AuditEvent>& events) const {
        std::string lines;
        for (const auto& event : events) {
            AuditRecord record{0, now_utc(), actor, event.action, event.secret, event.details};
            auto line = detail::chain_entry(audit_key, tail, std::move(record));
            if (!line) return pass(line);
            lines += *line;
        }
        return lines;
    }

    void purge_expired_deletions() {
        std::string today = today_utc();
        std::erase_if(document.secrets, [&](SecretEntry& entry) {
            if (!entry.deleted()) return false;
            const StoredSecret& secret = entry.secret();
            std::string last_day = add_days(secret.info.deleted->substr(0, 10), static_cast<int>(secret.info.retention_days));
            if (last_day >= today) return false;
            pending.push_back({"secret.purge", secret.info.name, {{"deleted", *secret.info.deleted}}});
            return true;
        });
    }

    std::filesystem::path temp_path() const {
        return paths.vault.parent_path() / (paths.vault.filename().string() + ".tmp." + std::to_string(::getpid()));
    }

    // Only one writer holds the lock: any temp file beside the vault is a killed writer's leftover.
    void remove_stale_temps() const {
        std::error_code ec;
        std::string prefix = paths.vault.filename().string() + ".tmp.";
        for (const auto& entry : std::filesystem::directory_iterator(paths.vault.parent_path(), ec)) {
            if (entry.path().filename().string().rfind(prefix, 0) == 0) std::filesystem::remove(entry.path(), ec);
        }
    }

    Result<void> prepare() {
        if (auto ok = require_writable(); !ok) return ok;
        if (prepared) return {};
        purge_expired_deletions();
        auto tail = detail::read_chain_tail(paths.audit);
        if (!tail) return pass(tail);
        auto lines = audit_lines(*tail, pending);
        if (!lines) return pass(lines);
        document.audit_count = tail->seq;
        document.audit_head = crypto::hex(tail->mac);
        auto stream = crypto::HmacStream::start(mac_key);
        if (!stream) return pass(stream);
        // The MAC is computed while the text is written (it is the last line): one pass.
        detail::MacSink mac{[&](std::string_view piece) { stream->update(piece); },
                            [&]() -> Result<std::string> {
                                auto raw = stream->finish();
                                if (!raw) return pass(raw);
                                document.mac = crypto::hex(*raw);
                                return document.mac;
                            }};
        unsigned mode = 0600;
        struct stat info {};
        if (::stat(paths.vault.c_str(), &info) == 0) mode = info.st_mode & 0777;
        auto temp = temp_path();
        Result<void> serialized;
        auto produce = [&](const detail::PieceWriter& write) { serialized = detail::serialize_to(document, write, &mac); };
        auto written = detail::write_synced(temp, produce, mode);
        if (written && !serialized) written = serialized;
        if (!written) {
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            return written;
        }
        prepared = temp;
        prepared_audit = std::move(*lines);
        return {};
    }

    Result<void> commit() {
        if (auto ok = require_writable(); !ok) return ok;
        if (dirty || !pending.empty()) {
            if (auto ok = prepare(); !ok) return ok;
            // The log first: a crash between the two leaves entries for a change that did not
            // land, never a vault whose anchor points past the end of the log.
            if (auto ok = detail::append_entries(paths.audit, prepared_audit); !ok) return ok;
            if (auto ok = detail::replace_file(*prepared, paths.vault); !ok) return ok;
            prepared.reset();
        }
        pending.clear();
        prepared_audit.clear();
        dirty = false;
        writable = false;
        detail::unlock(lock_fd);
        return {};
    }

    Result<void> rewrap_all() {
        std::vector<StoredRecipient> rewrapped;
        for (const auto& recipient : document.recipients) {
            Result<StoredRecipient> next = recipient.type == RecipientType::x25519
                                               ? wrap_for_public_key(recipient.public_key)
                                               : Result<StoredRecipient>(std::unexpected(Error{}));
            if (recipient.type == RecipientType::passphrase) {
                auto secret = get_passphrase("re-wrap the data key for the passphrase recipient");
                if (!secret) return pass(secret);
                next = wrap_for_passphrase(*secret, recipient.log_n);
            }
            if (!next) return pass(next);
            rewrapped.push_back(std::move(*next));
        }
        document.recipients = std::move(rewrapped);
        return {};
    }

    Result<void> rekey() {
        if (auto ok = require_writable(); !ok) return ok;
        // Decrypt everything under the old key first: a failure leaves the vault untouched.
        std::vector<std::vector<SecretValue>> plain(document.secrets.size());
        for (std::size_t i = 0; i < document.secrets.size(); ++i) {
            const StoredSecret& secret = document.secrets[i].secret();
            for (std::size_t v = 0; v < secret.sealed.size(); ++v) {
                auto value = open_value(secret, v);
                if (!value) return pass(value);
                plain[i].push_back(std::move(*value));
            }
        }
        VaultDocument backup = document;
        auto new_key = crypto::random_key();
        if (!new_key) return pass(new_key);
        SecretValue old_key = std::move(data_key);
        data_key = std::move(*new_key);
        auto restore = [&](Error error) {
            document = std::move(backup);
            data_key = std::move(old_key);
            (void)derive_keys();
            return std::unexpected(std::move(error));
        };
        if (auto ok = derive_keys(); !ok) return restore(ok.error());
        if (auto ok = rewrap_all(); !ok) return restore(ok.error());
        for (std::size_t i = 0; i < document.secrets.size(); ++i) {
            StoredSecret& secret = document.secrets[i].secret();
            for (std::size_t v = 0; v < secret.sealed.size(); ++v) {
                auto sealed = seal_value(secret.info.name, secret.info.versions[v].number, plain[i][v].view());
                if (!sealed) return restore(sealed.error());
                secret.sealed[v] = *sealed;
            }
        }
        auto sealed_audit = crypto::seal(value_key, audit_key.view(), audit_key_aad(document.id));
        if (!sealed_audit) return restore(sealed_audit.error());
        document.audit_key = crypto::base64(*sealed_audit);
        dirty = true;
        return {};
    }
};

// ---- validation ----------------------------------------------------------------------------

namespace {

Result<void> check_name(std::string_view name) {
    if (!is_valid_secret_name(name)) return fail(ErrorCode::usage, "invalid secret name '" + std::string(name) + "': " + std::string(secret_name_rule));
    return {};
}

Result<void> check_description(std::string_view description) {
    if (description.size() > max_description || !is_valid_utf8(description))
        return fail(ErrorCode::usage, "a description is valid UTF-8 of at most 1000 bytes");
    return {};
}

Result<void> check_expires(const std::optional<std::string>& expires) {
    if (expires && !is_valid_date(*expires)) return fail(ErrorCode::usage, "invalid date '" + *expires + "' (expected YYYY-MM-DD)");
    return {};
}

Result<void> check_tags(const std::vector<std::string>& tags) {
    for (const auto& tag : tags) {
        if (!is_valid_tag(tag)) return fail(ErrorCode::usage, "invalid tag '" + tag + "': 1-64 characters of A-Z a-z 0-9 _ . : / -");
    }
    return {};
}

std::vector<std::string> normalized(std::vector<std::string> tags) {
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
}

std::string fresh_id() {
    auto raw = crypto::random_bytes(16);
    return raw ? crypto::hex(*raw) : std::string();
}

}  // namespace

// ---- construction --------------------------------------------------------------------------

Vault::Vault(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Vault::~Vault() = default;
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;

VaultPaths paths_for_file(const std::filesystem::path& vault_file) {
    VaultPaths paths;
    paths.vault = vault_file;
    paths.lock = vault_file.string() + ".lock";
    paths.audit = vault_file.parent_path() / "audit.log";
    return paths;
}

VaultPaths paths_for(const Config& config) {
    std::filesystem::path file(config.vault);
    return paths_for_file(file.is_absolute() ? file : config.root / file);
}

Result<void> Vault::create(const VaultPaths& paths, InitOptions options) {
    if (options.passphrase == std::nullopt && options.recipients.empty())
        return fail(ErrorCode::usage, "a vault needs at least one recipient: a passphrase or a public key");
    if (options.scrypt_log_n < detail::min_scrypt_log_n || options.scrypt_log_n > detail::max_scrypt_log_n)
        return fail(ErrorCode::usage, "scrypt work factor must be 2^10..2^22");
    std::error_code ec;
    auto directory = paths.vault.parent_path();
    if (!directory.empty() && !std::filesystem::exists(directory, ec)) {
        std::filesystem::create_directories(directory, ec);
        if (ec) return fail(ErrorCode::io, "cannot create directory: " + ec.message(), directory.string());
        std::filesystem::permissions(directory, std::filesystem::perms::owner_all, ec);
        // Lock and temp files are local state, not something to commit.
        (void)detail::write_synced(directory / ".gitignore", "*.lock\n*.tmp.*\n", 0644);
    }
    auto state = std::make_unique<State>();
    state->paths = paths;
    auto lock = detail::lock_exclusive(paths.lock);
    if (!lock) return pass(lock);
    state->lock_fd = *lock;
    if (std::filesystem::exists(paths.vault, ec)) return fail(ErrorCode::vault, "a vault already exists here", paths.vault.string());
    harden_process();
    if (std::filesystem::exists(paths.audit, ec)) {
        // The old log is chained under another vault's key: keep it, but out of the new chain.
        std::filesystem::rename(paths.audit, paths.audit.string() + ".old-" + std::to_string(::time(nullptr)), ec);
        if (ec) return fail(ErrorCode::io, "cannot move the previous audit log aside: " + ec.message(), paths.audit.string());
    }
    state->writable = true;
    state->actor = options.actor.empty() ? "unknown" : options.actor;
    state->document.id = fresh_id();
    auto data_key = crypto::random_key();
    auto audit_key = crypto::random_key();
    if (!data_key) return pass(data_key);
    if (!audit_key) return pass(audit_key);
    state->data_key = std::move(*data_key);
    state->audit_key = std::move(*audit_key);
    if (auto ok = state->derive_keys(); !ok) return ok;
    for (const auto& public_key : options.recipients) {
        if (!is_public_key(public_key)) return fail(ErrorCode::usage, "not a hush public key: '" + public_key + "' (expected hushpub-...)");
        auto recipient = state->wrap_for_public_key(public_key);
        if (!recipient) return pass(recipient);
        state->document.recipients.push_back(std::move(*recipient));
    }
    if (options.passphrase) {
        auto recipient = state->wrap_for_passphrase(*options.passphrase, options.scrypt_log_n);
        if (!recipient) return pass(recipient);
        state->document.recipients.push_back(std::move(*recipient));
    }
    auto sealed_audit = crypto::seal(state->value_key, state->audit_key.view(), audit_key_aad(state->document.id));
    if (!sealed_audit) return pass(sealed_audit);
    state->document.audit_key = crypto::base64(*sealed_audit);
    state->queue({"vault.init", "", {{"recipients", std::to_string(state->document.recipients.size())}}});
    return state->commit();
}

Result<Vault> Vault::open_read(const VaultPaths& paths, Unlock& unlock) {
    auto state = std::make_unique<State>();
    state->paths = paths;
    if (auto ok = state->load(unlock, false); !ok) return pass(ok);
    return Vault(std::move(state));
}

Result<Vault> Vault::open_write(const VaultPaths& paths, Unlock& unlock) {
    auto state = std::make_unique<State>();
    state->paths = paths;
    if (!std::filesystem::exists(paths.vault))
        return fail(ErrorCode::vault, "no vault here (create one with 'hush vault init')", paths.vault.string());
    auto lock = detail::lock_exclusive(paths.lock);
    if (!lock) return pass(lock);
    state->lock_fd = *lock;
    if (auto ok = state->load(unlock, true); !ok) return pass(ok);
    state->writable = true;
    state->remove_stale_temps();
    return Vault(std::move(state));
}

const VaultPaths& Vault::paths() const { return m_state->paths; }
const std::string& Vault::id() const { return m_state->document.id; }
const std::string& Vault::actor() const { return m_state->actor; }
bool Vault::dirty() const { return m_state->dirty; }

// ---- reading -------------------------------------------------------------------------------

std::vector<SecretInfo> Vault::list() const {
    std::vector<SecretInfo> out;
    out.reserve(m_state->document.secrets.size());
    for (auto& entry : m_state->document.secrets) out.push_back(entry.secret().info);
    return out;
}

std::optional<SecretInfo> Vault::find(std::string_view name) const {
    const StoredSecret* secret = m_state->find(name);
    if (secret == nullptr) return std::nullopt;
    return secret->info;
}

Result<SecretValue> Vault::value(std::string_view name, std::uint32_t version) const {
    const StoredSecret* secret = m_state->find(name);
    if (secret == nullptr) return fail(ErrorCode::not_found, "no secret named '" + std::string(name) + "'", m_state->paths.vault.string());
    if (version == 0) return m_state->open_value(*secret, secret->sealed.size() - 1);
    for (std::size_t i = 0; i < secret->info.versions.size(); ++i) {
        if (secret->info.versions[i].number == version) return m_state->open_value(*secret, i);
    }
    return fail(ErrorCode::not_found, std::string(name) + " has no version " + std::to_string(version), m_state->paths.vault.string());
}

Result<std::optional<std::string>> Vault::find_by_value(std::string_view value) const {
    for (auto& entry : m_state->document.secrets) {
        if (entry.deleted()) continue;
        const StoredSecret& secret = entry.secret();
        auto current = m_state->open_value(secret, secret.sealed.size() - 1);
        if (!current) return pass(current);
        if (current->equals(value)) return std::optional<std::string>(secret.info.name);
    }
    return std::optional<std::string>();
}

std::vector<RecipientInfo> Vault::recipients() const {
    std::vector<RecipientInfo> out;
    for (const auto& recipient : m_state->document.recipients) out.push_back({recipient.type, recipient.public_key, recipient.log_n});
    return out;
}

// ---- changes -------------------------------------------------------------------------------

Result<void> Vault::add(NewSecret secret) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    if (auto ok = check_name(secret.name); !ok) return ok;
    if (auto ok = check_description(secret.description); !ok) return ok;
    if (auto ok = check_tags(secret.tags); !ok) return ok;
    if (auto ok = check_expires(secret.expires); !ok) return ok;
    if (secret.value.empty()) return fail(ErrorCode::usage, "the value of " + secret.name + " is empty");
    if (const SecretEntry* existing = s.find_entry(secret.name)) {
        std::string hint = existing->deleted() ? " (deleted: 'hush secret restore " + secret.name + "')" : "";
        return fail(ErrorCode::conflict, "a secret named '" + secret.name + "' already exists" + hint, s.paths.vault.string());
    }
    auto sealed = s.seal_value(secret.name, 1, secret.value.view());
    if (!sealed) return pass(sealed);
    StoredSecret stored;
    SecretInfo& info = stored.info;
    std::string now = now_utc();
    info.name = secret.name;
    info.description = secret.description;
    info.tags = normalized(secret.tags);
    info.expires = secret.expires;
    info.active = secret.active;
    info.visibility = secret.visibility;
    info.created = now;
    info.updated = now;
    info.versions.push_back({1, now});
    stored.sealed.push_back(*sealed);
    s.document.secrets.insert(s.lower_bound(secret.name), SecretEntry(std::move(stored)));
    s.queue({"secret.add", secret.name, {{"version", "1"}, {"visibility", std::string(to_string(secret.visibility))}}});
    return {};
}

Result<bool> Vault::set_value(std::string_view name, SecretValue value) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return pass(ok);
    auto secret = s.find_live(name);
    if (!secret) return pass(secret);
    if (value.empty()) return false;
    auto current = s.open_value(**secret, (*secret)->sealed.size() - 1);
    if (!current) return pass(current);
    if (current->equals(value.view())) return false;
    std::uint32_t version = (*secret)->info.current_version() + 1;
    auto sealed = s.seal_value(name, version, value.view());
    if (!sealed) return pass(sealed);
    std::string now = now_utc();
    (*secret)->info.versions.push_back({version, now});
    (*secret)->info.updated = now;
    (*secret)->sealed.push_back(*sealed);
    s.queue({"secret.set", std::string(name), {{"version", std::to_string(version)}}});
    return true;
}

Result<void> Vault::edit(std::string_view name, const MetadataEdit& edit) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    auto secret = s.find_live(name);
    if (!secret) return pass(secret);
    SecretInfo& info = (*secret)->info;
    if (edit.description) {
        if (auto ok = check_description(*edit.description); !ok) return ok;
    }
    if (auto ok = check_tags(edit.add_tags); !ok) return ok;
    if (edit.expires) {
        if (auto ok = check_expires(*edit.expires); !ok) return ok;
    }
    SecretInfo before = info;
    std::vector<std::string> changed;
    if (edit.description && *edit.description != info.description) {
        info.description = *edit.description;
        changed.push_back("description");
    }
    std::vector<std::string> tags = info.tags;
    tags.insert(tags.end(), edit.add_tags.begin(), edit.add_tags.end());
    std::erase_if(tags, [&](const std::string& tag) {
        return std::find(edit.remove_tags.begin(), edit.remove_tags.end(), tag) != edit.remove_tags.end();
    });
    tags = normalized(tags);
    if (tags != info.tags) {
        info.tags = tags;
        changed.push_back("tags");
    }
    if (edit.expires && *edit.expires != info.expires) {
        info.expires = *edit.expires;
        changed.push_back("expires");
    }
    if (changed.empty()) return {};
    info.updated = now_utc();
    std::string fields;
    for (const auto& field : changed) fields += (fields.empty() ? "" : ",") + field;
    std::map<std::string, std::string> details{{"fields", fields}};
    if (info.expires != before.expires) details["expires"] = info.expires.value_or("never");
    s.queue({"secret.edit", std::string(name), details});
    return {};
}

Result<void> Vault::set_active(std::string_view name, bool active) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    auto secret = s.find_live(name);
    if (!secret) return pass(secret);
    if ((*secret)->info.active == active) return {};
    (*secret)->info.active = active;
    (*secret)->info.updated = now_utc();
    s.queue({active ? "secret.enable" : "secret.disable", std::string(name), {}});
    return {};
}

Result<void> Vault::remove(std::string_view name, const DeleteOptions& options) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    auto secret = s.find_live(name);
    if (!secret) return pass(secret);
    if (options.reason.size() > max_reason || !is_valid_utf8(options.reason))
        return fail(ErrorCode::usage, "a reason is valid UTF-8 of at most 1000 bytes");
    std::string now = now_utc();
    (*secret)->info.deleted = now;
    (*secret)->info.updated = now;
    std::map<std::string, std::string> details{{"retention_days", std::to_string((*secret)->info.retention_days)}};
    if (options.force) details["force"] = "true";
    if (!options.reason.empty()) details["reason"] = options.reason;
    if (!options.usages.empty()) {
        std::string usages;
        for (const auto& usage : options.usages) usages += (usages.empty() ? "" : "; ") + usage;
        details["usages"] = std::move(usages);
    }
    s.queue({"secret.rm", std::string(name), details});
    return {};
}

Result<void> Vault::restore(std::string_view name) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    StoredSecret* secret = s.find(name);
    if (secret == nullptr) return fail(ErrorCode::not_found, "no secret named '" + std::string(name) + "'", s.paths.vault.string());
    if (!secret->info.deleted) return fail(ErrorCode::conflict, "secret '" + std::string(name) + "' is not deleted", s.paths.vault.string());
    std::string last_day = add_days(secret->info.deleted->substr(0, 10), static_cast<int>(secret->info.retention_days));
    if (last_day < today_utc()) {
        return fail(ErrorCode::conflict, "secret '" + std::string(name) + "' was deleted on " + secret->info.deleted->substr(0, 10) +
                                             "; its retention period ended on " + last_day, s.paths.vault.string());
    }
    secret->info.deleted.reset();
    secret->info.updated = now_utc();
    s.queue({"secret.restore", std::string(name), {}});
    return {};
}

Result<void> Vault::add_recipient(std::string_view public_key) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    if (!is_public_key(public_key)) return fail(ErrorCode::usage, "not a hush public key: '" + std::string(public_key) + "' (expected hushpub-...)");
    for (const auto& recipient : s.document.recipients) {
        if (recipient.public_key == public_key) return fail(ErrorCode::conflict, std::string(public_key) + " is already a recipient");
    }
    auto recipient = s.wrap_for_public_key(public_key);
    if (!recipient) return pass(recipient);
    s.document.recipients.push_back(std::move(*recipient));
    s.queue({"vault.recipient.add", "", {{"recipient", std::string(public_key)}}});
    return {};
}

Result<void> Vault::set_passphrase(SecretValue passphrase, int scrypt_log_n) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    if (scrypt_log_n < detail::min_scrypt_log_n || scrypt_log_n > detail::max_scrypt_log_n)
        return fail(ErrorCode::usage, "scrypt work factor must be 2^10..2^22");
    if (passphrase.empty()) return fail(ErrorCode::usage, "the passphrase is empty");
    auto recipient = s.wrap_for_passphrase(passphrase, scrypt_log_n);
    if (!recipient) return pass(recipient);
    std::erase_if(s.document.recipients, [](const StoredRecipient& r) { return r.type == RecipientType::passphrase; });
    s.document.recipients.push_back(std::move(*recipient));
    s.passphrase = std::move(passphrase);
    s.queue({"vault.recipient.add", "", {{"recipient", "passphrase"}}});
    return {};
}

Result<void> Vault::remove_recipient(std::string_view recipient) {
    State& s = *m_state;
    if (auto ok = s.require_writable(); !ok) return ok;
    auto& recipients = s.document.recipients;
    auto it = std::find_if(recipients.begin(), recipients.end(), [&](const StoredRecipient& r) {
        return recipient == "passphrase" ? r.type == RecipientType::passphrase : r.public_key == recipient;
    });
    if (it == recipients.end()) return fail(ErrorCode::not_found, "'" + std::string(recipient) + "' is not a recipient", s.paths.vault.string());
    if (recipients.size() == 1) return fail(ErrorCode::conflict, "cannot remove the last recipient", s.paths.vault.string());
    StoredRecipient removed = *it;
    recipients.erase(it);
    // The removed recipient knew the data key: only a new key shuts them out.
    if (auto ok = s.rekey(); !ok) {
        recipients.push_back(std::move(removed));
        return ok;
    }
    s.queue({"vault.recipient.rm", "", {{"recipient", std::string(recipient)}}});
    return {};
}

Result<void> Vault::rekey() {
    if (auto ok = m_state->rekey(); !ok) return ok;
    m_state->queue({"vault.rekey", "", {{"secrets", std::to_string(m_state->document.secrets.size())}}});
    return {};
}

// ---- audit and writing ---------------------------------------------------------------------

Result<void> Vault::record(AuditEvent event) {
    State& s = *m_state;
    if (s.writable) {
        s.pending.push_back(std::move(event));
        return {};
    }
    auto lock = detail::lock_exclusive(s.paths.lock);
    if (!lock) return pass(lock);
    int fd = *lock;
    auto tail = detail::read_chain_tail(s.paths.audit);
    Result<void> result;
    if (!tail) {
        result = pass(tail);
    } else if (auto lines = s.audit_lines(*tail, {std::move(event)}); !lines) {
        result = pass(lines);
    } else {
        result = detail::append_entries(s.paths.audit, *lines);
    }
    detail::unlock(fd);
    return result;
}

Result<void> Vault::prepare() { return m_state->prepare(); }
Result<void> Vault::commit() { return m_state->commit(); }

void Vault::abort() {
    State& s = *m_state;
    if (s.prepared) {
        std::error_code ec;
        std::filesystem::remove(*s.prepared, ec);
        s.prepared.reset();
    }
    s.pending.clear();
    s.dirty = false;
    s.writable = false;
    detail::unlock(s.lock_fd);
}

// ---- without a key -------------------------------------------------------------------------


Result<std::vector<SecretInfo>> read_metadata_unverified(const std::filesystem::path& vault_file) {
    auto document = read_document(vault_file);
    if (!document) return pass(document);
    std::vector<SecretInfo> out;
    for (auto& entry : document->secrets) out.push_back(std::move(entry.secret().info));
    return out;
}

Result<std::vector<RecipientInfo>> read_recipients_unverified(const std::filesystem::path& vault_file) {
    auto document = read_document(vault_file);
    if (!document) return pass(document);
    std::vector<RecipientInfo> out;
    for (const auto& recipient : document->recipients) out.push_back({recipient.type, recipient.public_key, recipient.log_n});
    return out;
}

Result<AuditVerification> verify_audit_log(const Vault& vault) {
    const auto& paths = vault.paths();
    auto text = detail::read_whole_file(paths.audit);
    std::string content;
    if (text) content = std::move(*text);
    else if (text.error().code != ErrorCode::not_found) return pass(text);
    return detail::verify_chain(content, paths.audit.string(), vault.m_state->audit_key, vault.m_state->document.audit_count,
                                vault.m_state->document.audit_head);
}

namespace {

// The text and the canonical encoding a write of `document` produces, through the MAC sink.
Result<std::pair<std::string, std::string>> write_with_canonical(const VaultDocument& document) {
    std::string text, encoded;
    detail::MacSink sink{[&](std::string_view piece) { encoded.append(piece); },
                         [] { return Result<std::string>(std::string(64, '0')); }};
    auto ok = detail::serialize_to(document, [&](std::string_view piece) { text.append(piece); }, &sink);
    if (!ok) return pass(ok);
    return std::pair{std::move(text), std::move(encoded)};
}

}  // namespace

Result<std::size_t> parse_vault_text_for_fuzzing(std::string_view text) {
    auto document = detail::parse_document(text, "fuzz");
    if (!document) return pass(document);
    auto round_trip_failure = [] { return fail(ErrorCode::internal, "round trip changed the document"); };
    // A parsed document must survive a write/read round trip unchanged...
    auto written = detail::serialize(*document);
    auto encoded = detail::canonical(*document);
    if (!written || !encoded) return round_trip_failure();
    auto again = detail::parse_document(*written, "fuzz");
    if (!again) return round_trip_failure();
    auto encoded_again = detail::canonical(*again);
    if (!encoded_again || *encoded_again != *encoded) return round_trip_failure();
    // ...a write must give the same text and MAC input whether unchanged secrets are copied
    // (kept for rewrite), parsed again from their text, or decoded into objects...
    auto kept = detail::parse_document(text, "fuzz", true);
    auto plain = write_with_canonical(*document);
    auto copied = kept ? write_with_canonical(*kept) : Result<std::pair<std::string, std::string>>(round_trip_failure());
    for (auto& entry : document->secrets) (void)entry.secret();
    auto decoded = write_with_canonical(*document);
    if (!plain || !copied || !decoded || *copied != *plain || *decoded != *plain)
        return round_trip_failure();
    // ...and the canonical encoding handed to the MAC is the one the format defines.
    if (plain->second != *encoded) return round_trip_failure();
    return document->secrets.size();
}

}  // namespace hush::vault
