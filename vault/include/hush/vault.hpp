#pragma once
// The vault: an encrypted, tamper-evident, diff-friendly secret store (DESIGN.md §5, format in
// docs/vault-format.md). Metadata is clear text; each value is AES-256-GCM encrypted under a data
// key wrapped for every recipient (passphrase or X25519 identity); an HMAC covers every field.
//
// Typical use:
//   auto unlock = hush::vault::unlock_from_environment(prompt);        // identities + passphrase
//   auto vault = hush::vault::Vault::open_write(paths_for(config), *unlock);  // locks the vault
//   vault->add({.name = "DB_PASSWORD", .value = std::move(value)});
//   vault->save();                                                    // audit + atomic replace
//
// No OpenSSL type appears here; plaintext lives only in SecretValue, which is cleansed on
// destruction. Every mutating call only changes memory: nothing reaches the disk before
// prepare()/commit() (or save()).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/config.hpp"
#include "hush/core/error.hpp"

namespace hush::vault {

// Bytes that must not outlive their use: a password, a data key, a decrypted value. Move-only;
// the storage is overwritten (OPENSSL_cleanse) when it is freed or grows.
class SecretValue {
public:
    SecretValue() = default;
    explicit SecretValue(std::string_view bytes);
    ~SecretValue();
    SecretValue(SecretValue&& other) noexcept;
    SecretValue& operator=(SecretValue&& other) noexcept;
    SecretValue(const SecretValue&) = delete;
    SecretValue& operator=(const SecretValue&) = delete;

    [[nodiscard]] std::string_view view() const { return {m_bytes.data(), m_bytes.size()}; }
    [[nodiscard]] std::size_t size() const { return m_bytes.size(); }
    [[nodiscard]] bool empty() const { return m_bytes.empty(); }
    // Appends; when the buffer must grow, the old one is cleansed before it is released.
    void append(std::string_view bytes);
    // Removes the last `count` bytes (e.g. a trailing newline), cleansing them.
    void drop_back(std::size_t count);
    void clear();
    // Constant-time equality (length is not secret).
    [[nodiscard]] bool equals(std::string_view other) const;

private:
    std::vector<char> m_bytes;
};

// Overwrites `size` bytes at `data` in a way the compiler cannot elide.
void cleanse(void* data, std::size_t size);

enum class Visibility { masked, restricted };
enum class SecretState { active, disabled, deleted };

[[nodiscard]] std::string_view to_string(Visibility visibility);
[[nodiscard]] std::string_view to_string(SecretState state);

struct SecretVersion {
    std::uint32_t number = 1;  // 1, 2, ...: the AES-GCM associated data binds it
    std::string created;       // RFC 3339 UTC, second resolution
};

// Everything about a secret except its value. All of it is clear text in the vault file.
struct SecretInfo {
    std::string name;                      // UPPER_SNAKE_CASE (core/secret_name.hpp), immutable
    std::string description;
    std::vector<std::string> tags;         // sorted, unique
    std::optional<std::string> expires;    // YYYY-MM-DD
    bool active = true;
    Visibility visibility = Visibility::masked;  // fixed at creation
    std::string created;                   // RFC 3339 UTC
    std::string updated;                   // changes only when this secret changes
    std::vector<SecretVersion> versions;   // oldest first; back() is the current value
    std::optional<std::string> deleted;    // RFC 3339 UTC time of the soft delete
    std::uint32_t retention_days = 30;     // a deleted secret is restorable this long

    [[nodiscard]] SecretState state() const;
    [[nodiscard]] std::uint32_t current_version() const { return versions.empty() ? 0 : versions.back().number; }
    // True if `expires` is before `today` (YYYY-MM-DD).
    [[nodiscard]] bool expired(std::string_view today) const;
};

struct NewSecret {
    std::string name;
    SecretValue value;
    std::string description;
    std::vector<std::string> tags;
    std::optional<std::string> expires;  // YYYY-MM-DD
    Visibility visibility = Visibility::masked;
    bool active = true;
};

// A metadata change; unset fields stay as they are.
struct MetadataEdit {
    std::optional<std::string> description;
    std::vector<std::string> add_tags;
    std::vector<std::string> remove_tags;
    std::optional<std::optional<std::string>> expires;  // set to nullopt-inside to clear
};

struct DeleteOptions {
    std::string reason;  // recorded in the audit log
    bool force = false;  // recorded in the audit log (the resolver's usage check honours it)
    // The places still referencing the secret when a delete is forced ("path:line (consumer)"),
    // recorded in the audit log so a later reader sees what the delete broke.
    std::vector<std::string> usages;
};

enum class RecipientType { passphrase, x25519 };

struct RecipientInfo {
    RecipientType type = RecipientType::x25519;
    std::string public_key;     // hushpub-... for x25519; empty for passphrase
    int scrypt_log_n = 0;       // passphrase only
};

// Where a vault lives: the file, its lock file and its audit log (all in one directory).
struct VaultPaths {
    std::filesystem::path vault;  // e.g. <root>/.hush/vault.yaml
    std::filesystem::path lock;   // <vault>.lock
    std::filesystem::path audit;  // <dir>/audit.log
};

// Config::vault resolved against Config::root.
[[nodiscard]] VaultPaths paths_for(const Config& config);
[[nodiscard]] VaultPaths paths_for_file(const std::filesystem::path& vault_file);

// ---- keys ---------------------------------------------------------------------------------

// An X25519 identity: the secret text ("HUSH-IDENTITY-...") and its public key ("hushpub-...").
struct Identity {
    SecretValue secret;
    std::string public_key;
};

[[nodiscard]] Result<Identity> generate_identity();
// Parses an identity string or the contents of an identity file (comment lines start with '#').
[[nodiscard]] Result<Identity> parse_identity(std::string_view text);
// The text of an identity file: comments with the creation time and public key, then the secret.
[[nodiscard]] SecretValue identity_file_text(const Identity& identity);
// True if `text` is a well-formed public key (prefix, length and checksum).
[[nodiscard]] bool is_public_key(std::string_view text);

// Asks for a passphrase (e.g. a no-echo tty prompt); nullopt when none can be obtained.
using PassphrasePrompt = std::function<std::optional<SecretValue>(std::string_view prompt)>;

// What may open a vault: identities, and a passphrase (given, or asked for only when needed).
struct Unlock {
    std::vector<Identity> identities;
    std::optional<SecretValue> passphrase;
    PassphrasePrompt prompt;      // may be empty
    std::string actor;            // for the audit log; default: an identity's public key or $USER
};

// The keys hush users configure: HUSH_IDENTITY (identity text), HUSH_IDENTITY_FILE,
// ~/.config/hush/identity, HUSH_PASSPHRASE; `prompt` is kept for a passphrase recipient.
// Fails only when a named identity source is unreadable or malformed.
[[nodiscard]] Result<Unlock> unlock_from_environment(PassphrasePrompt prompt);
// ~/.config/hush/identity (HOME based).
[[nodiscard]] std::filesystem::path default_identity_path();

// ---- metadata without a key -----------------------------------------------------------------

// Reads names and metadata WITHOUT any key. UNVERIFIED: the MAC cannot be checked without the
// data key, so anyone with write access could have changed these fields. Fine for listing,
// `hush check` and usage reports; use Vault::open_* before trusting them for a decision that
// matters (and before reading values).
[[nodiscard]] Result<std::vector<SecretInfo>> read_metadata_unverified(const std::filesystem::path& vault_file);
[[nodiscard]] Result<std::vector<RecipientInfo>> read_recipients_unverified(const std::filesystem::path& vault_file);

// ---- the vault ------------------------------------------------------------------------------

struct InitOptions {
    std::optional<SecretValue> passphrase;  // adds a passphrase recipient
    std::vector<std::string> recipients;    // X25519 public keys
    int scrypt_log_n = 18;                  // scrypt N = 2^log_n, r = 8, p = 1; 10..22 accepted
    std::string actor;                      // for the audit log
};

// One audit entry. `details` holds no value, only names, versions, reasons.
struct AuditEvent {
    std::string action;  // e.g. "secret.add", "secret.reveal", "vault.rekey"
    std::string secret;  // empty for vault-wide actions
    std::map<std::string, std::string> details;
};

// ---- audit log ------------------------------------------------------------------------------

struct AuditRecord {
    std::uint64_t seq = 0;
    std::string time;    // RFC 3339 UTC
    std::string actor;
    std::string action;
    std::string secret;
    std::map<std::string, std::string> details;
};

struct AuditVerification {
    bool ok = true;
    std::uint64_t entries = 0;       // entries that verified
    std::uint64_t first_broken = 0;  // 1-based line of the first bad entry, 0 if none
    std::string problem;             // one line; empty when ok
};

class Vault {
public:
    ~Vault();
    Vault(Vault&&) noexcept;
    Vault& operator=(Vault&&) noexcept;
    Vault(const Vault&) = delete;
    Vault& operator=(const Vault&) = delete;

    // Creates a new vault file (refuses to overwrite). At least one recipient is required.
    [[nodiscard]] static Result<void> create(const VaultPaths& paths, InitOptions options);
    // Opens and verifies (MAC) a vault for reading. No lock is held.
    [[nodiscard]] static Result<Vault> open_read(const VaultPaths& paths, Unlock& unlock);
    // Takes the exclusive lock (waits for other writers), then opens and verifies. The lock is
    // held until commit(), abort() or destruction. Disables core dumps for the process.
    [[nodiscard]] static Result<Vault> open_write(const VaultPaths& paths, Unlock& unlock);

    [[nodiscard]] const VaultPaths& paths() const;
    [[nodiscard]] const std::string& id() const;
    [[nodiscard]] const std::string& actor() const;

    // ---- reading (values need the key this vault was opened with) ----
    [[nodiscard]] std::vector<SecretInfo> list() const;
    [[nodiscard]] std::optional<SecretInfo> find(std::string_view name) const;
    // The value of `version` (default: current). Works for deleted and restricted secrets too:
    // policy (visibility, active, expiry) is the caller's decision. Does not write an audit entry.
    [[nodiscard]] Result<SecretValue> value(std::string_view name, std::uint32_t version = 0) const;
    // The name of a non-deleted secret whose current value equals `value` (constant-time compare).
    [[nodiscard]] Result<std::optional<std::string>> find_by_value(std::string_view value) const;
    [[nodiscard]] std::vector<RecipientInfo> recipients() const;

    // ---- changes (memory only until prepare/commit; each queues its audit entry) ----
    [[nodiscard]] Result<void> add(NewSecret secret);
    // A new version; an equal value is a no-op returning false.
    [[nodiscard]] Result<bool> set_value(std::string_view name, SecretValue value);
    [[nodiscard]] Result<void> edit(std::string_view name, const MetadataEdit& edit);
    [[nodiscard]] Result<void> set_active(std::string_view name, bool active);
    // Soft delete: the secret stays, with `deleted`, restorable for its retention period.
    [[nodiscard]] Result<void> remove(std::string_view name, const DeleteOptions& options);
    [[nodiscard]] Result<void> restore(std::string_view name);
    [[nodiscard]] Result<void> add_recipient(std::string_view public_key);
    // Adds a passphrase recipient (or replaces the existing one).
    [[nodiscard]] Result<void> set_passphrase(SecretValue passphrase, int scrypt_log_n = 18);
    // Removes a recipient (public key, or "passphrase") and rotates the data key.
    [[nodiscard]] Result<void> remove_recipient(std::string_view recipient);
    // New random data key; every value and the audit key are re-encrypted, every recipient
    // re-wrapped (a passphrase recipient needs the passphrase: given or prompted).
    [[nodiscard]] Result<void> rekey();

    // ---- audit ----
    // Queues an entry (written by commit()) for a writable vault; appends it at once (under the
    // lock) for a read-only one, e.g. "secret.reveal".
    [[nodiscard]] Result<void> record(AuditEvent event);

    // ---- writing, for writable vaults ----
    // Writes the new vault to a temp file beside it (0600, fsync). Nothing visible changes yet.
    // Lets a caller (the rewriter) prepare its other files before committing all of them.
    [[nodiscard]] Result<void> prepare();
    // Appends the queued audit entries, renames the temp file over the vault, fsyncs the
    // directory, releases the lock. prepare() is called first if it was not.
    [[nodiscard]] Result<void> commit();
    // Removes a prepared temp file, drops the changes and releases the lock.
    void abort();
    // prepare() + commit().
    [[nodiscard]] Result<void> save() { return commit(); }
    // True if there are changes not yet committed.
    [[nodiscard]] bool dirty() const;

    struct State;

private:
    friend Result<AuditVerification> verify_audit_log(const Vault& vault);
    explicit Vault(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// Parses the audit log without checking MACs (for listing). A malformed line is an error
// naming its line.
[[nodiscard]] Result<std::vector<AuditRecord>> read_audit_log(const std::filesystem::path& audit_file);
// Parses log text (used by the reader and the fuzz target).
[[nodiscard]] Result<std::vector<AuditRecord>> parse_audit_log(std::string_view text, const std::string& path_for_errors);
// Checks every entry's chain MAC and the vault's anchor (entry count and last MAC recorded in
// the vault at its last write): edits, insertions, reordering, deletions and truncation below
// the anchor are detected.
[[nodiscard]] Result<AuditVerification> verify_audit_log(const Vault& vault);

// ---- helpers shared by the CLI ----------------------------------------------------------------

// Today (UTC) as YYYY-MM-DD, and now as RFC 3339 UTC.
[[nodiscard]] std::string today_utc();
[[nodiscard]] std::string now_utc();
// True if `text` is a real calendar date YYYY-MM-DD.
[[nodiscard]] bool is_valid_date(std::string_view text);
// The date `days` after `date` (YYYY-MM-DD).
[[nodiscard]] std::string add_days(std::string_view date, int days);
// Tags: 1-64 characters of [A-Za-z0-9_.:/-].
[[nodiscard]] bool is_valid_tag(std::string_view tag);

// Disables core dumps (RLIMIT_CORE 0, PR_SET_DUMPABLE 0) for the rest of the process.
void harden_process();

// Parses the vault file text (no key, no MAC check): exposed for the fuzz target.
[[nodiscard]] Result<std::size_t> parse_vault_text_for_fuzzing(std::string_view text);

}  // namespace hush::vault
