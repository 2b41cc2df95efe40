#pragma once
// The vault file as data (VaultDocument), its text form (a strict YAML subset, see
// docs/vault-format.md) and the canonical byte encoding the MAC covers.
//
// A 10,000-secret vault is opened without building 10,000 objects: each secret stays the exact
// text it was read from (validated, and MAC'd while it was read) until a command asks for it.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/vault.hpp"
#include "internal.hpp"

namespace hush::vault::detail {

inline constexpr int format_version = 1;
inline constexpr int min_scrypt_log_n = 10;  // below this only a test would go (API only)
inline constexpr int max_scrypt_log_n = 22;  // as age: more would let a file exhaust memory

using Write = std::function<void(std::string_view)>;

struct StoredRecipient {
    RecipientType type = RecipientType::x25519;
    std::string public_key;  // x25519: hushpub-...
    std::string ephemeral;   // x25519: base64 of the ephemeral public key
    int log_n = 0;           // passphrase: scrypt N = 2^log_n
    std::string salt;        // passphrase: base64 of 16 random bytes
    std::string wrapped;     // base64 of nonce || AES-256-GCM(data key) || tag
};

struct StoredSecret {
    SecretInfo info;
    std::vector<std::string> sealed;  // base64, parallel to info.versions
};

// Strings decoded from quoted scalars that contain escapes; reused from one secret to the next
// so reading a whole vault allocates almost nothing.
class Scratch {
public:
    void reset() { m_used = 0; }
    std::string& next();
    // Strings handed out since reset(): 0 when no quoted scalar had an escape.
    [[nodiscard]] std::size_t used() const { return m_used; }

private:
    std::deque<std::string> m_strings;  // a deque: growing it keeps earlier strings in place
    std::size_t m_used = 0;
};

struct VersionFields {
    std::uint32_t number = 0;
    std::string_view created;
    std::string_view value;  // base64 text
};

// One secret's fields as views, into the vault text or into a StoredSecret: the single input of
// the writer and of the canonical encoding, whichever form the secret is in.
struct SecretFields {
    std::string_view name;
    std::string_view description;  // decoded
    std::vector<std::string_view> tags;
    std::optional<std::string_view> expires;
    bool active = true;
    Visibility visibility = Visibility::masked;
    std::string_view created;
    std::string_view updated;
    std::optional<std::string_view> deleted;
    std::uint32_t retention_days = 30;
    std::vector<VersionFields> versions;
    Scratch scratch;  // backs decoded strings

    void clear();
};

// A secret of a document: the validated text it was read from, or a decoded StoredSecret.
class SecretEntry {
public:
    // `text` is the secret's lines exactly as read and validated by the parser.
    SecretEntry(std::string_view text, std::string_view name, bool deleted) : m_text(text), m_name(name), m_deleted(deleted) {}
    explicit SecretEntry(StoredSecret secret) : m_decoded(std::make_unique<StoredSecret>(std::move(secret))) {}
    SecretEntry(const SecretEntry& other);
    SecretEntry& operator=(const SecretEntry& other);
    SecretEntry(SecretEntry&&) noexcept = default;
    SecretEntry& operator=(SecretEntry&&) noexcept = default;
    ~SecretEntry() = default;

    [[nodiscard]] std::string_view name() const { return m_decoded ? std::string_view(m_decoded->info.name) : m_name; }
    [[nodiscard]] bool deleted() const { return m_decoded ? m_decoded->info.deleted.has_value() : m_deleted; }
    // The secret as an object, decoded from its text on first use; changes to it are written.
    [[nodiscard]] StoredSecret& secret();
    // Fills `fields` from the decoded secret or, cheaper, straight from the text.
    [[nodiscard]] Result<void> fields(SecretFields& fields) const;
    // For a vault opened to be rewritten (DocumentReader::body with `keep_for_rewrite`): an
    // undecoded secret whose text is exactly what the writer would write is copied as it is,
    // with the canonical encoding computed when it was read, instead of being parsed again.
    [[nodiscard]] std::optional<std::string_view> verbatim_text() const;
    [[nodiscard]] std::optional<std::string_view> cached_canonical() const;
    void keep_for_rewrite(bool verbatim, std::string_view canonical) {
        m_verbatim = verbatim;
        m_canonical = canonical;
    }

private:
    [[nodiscard]] Result<void> fields_of_text(SecretFields& fields) const;

    std::string_view m_text;
    std::string_view m_name;
    bool m_deleted = false;
    bool m_verbatim = false;        // m_text is in the writer's exact layout
    std::string_view m_canonical;   // its canonical encoding, when kept
    std::unique_ptr<StoredSecret> m_decoded;  // a pointer: 10,000 undecoded entries stay small
};

struct VaultDocument {
    std::string id;  // 32 lowercase hex characters, random at creation, never changes
    std::vector<StoredRecipient> recipients;
    std::string audit_key;        // base64 of the sealed audit chain key
    std::uint64_t audit_count = 0;
    std::string audit_head;       // hex of the last audit entry's MAC (64 zeros when none)
    std::vector<SecretEntry, PopulatedAllocator<SecretEntry>> secrets;  // sorted by name
    std::string mac;              // hex HMAC-SHA256 over canonical()
    // Keep what undecoded entries view alive: the vault text, the kept canonical encodings.
    std::vector<std::shared_ptr<const void>> sources;
};

// The canonical encoding gives the number of secrets before them: the lines that begin a secret
// ("  - name: "). In a text whose header parses they are exactly the secrets (no other line can
// start so), which the parser checks. Counting them costs a pass over 4 MB; this counts each piece
// of the text while it is read, still in the CPU cache.
class SecretLineCounter {
public:
    // `text` is everything read so far; it only grows.
    void advance(std::string_view text);
    // The count, once `text` is complete.
    [[nodiscard]] std::size_t finish(std::string_view text);

private:
    std::size_t m_next = 0;  // first line-start candidate not examined yet
    std::size_t m_count = 0;
};

// Reads a vault text in two steps, so that the MAC key (unwrapped with the recipients of the
// header) is known before the secrets are read, and they are MAC'd in the same pass.
class DocumentReader {
public:
    DocumentReader(std::string_view text, std::string_view path);
    ~DocumentReader();
    DocumentReader(const DocumentReader&) = delete;
    DocumentReader& operator=(const DocumentReader&) = delete;
    // `hush_vault` to `audit` (id, recipients, audit anchor).
    [[nodiscard]] Result<void> header(VaultDocument& document);
    // The secrets and `mac`. `canonical`, when given, receives the canonical encoding of the
    // whole document (header included), so the MAC needs no second pass over the text.
    // `keep_for_rewrite` prepares a write: see SecretEntry::verbatim_text(). `secret_lines` is
    // SecretLineCounter's count for the whole text, when the caller counted while reading it.
    [[nodiscard]] Result<void> body(VaultDocument& document, const Write* canonical, bool keep_for_rewrite = false,
                                    std::optional<std::size_t> secret_lines = std::nullopt);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// header() + body() without a MAC.
[[nodiscard]] Result<VaultDocument> parse_document(std::string_view text, const std::string& path, bool keep_for_rewrite = false);

// Supplies the MAC while the document is written: `update` receives the canonical encoding,
// `finish` returns the hex MAC written on the last line.
struct MacSink {
    Write update;
    std::function<Result<std::string>()> finish;
};
// Writes the text form piece by piece; the `mac` line is document.mac, or `mac->finish()`
// after every field was handed to `mac->update` (one pass over the secrets).
[[nodiscard]] Result<void> serialize_to(const VaultDocument& document, const Write& write, MacSink* mac = nullptr);
[[nodiscard]] Result<std::string> serialize(const VaultDocument& document);
// The length-prefixed encoding of every field except `mac`, handed to `write` piece by piece.
[[nodiscard]] Result<void> encode_canonical(const VaultDocument& document, const Write& write);
// The same encoding as one string.
[[nodiscard]] Result<std::string> canonical(const VaultDocument& document);
// Length-prefixed concatenation (8-byte big-endian length, then the bytes) of `fields`.
[[nodiscard]] std::string length_prefixed(std::initializer_list<std::string_view> fields);

[[nodiscard]] std::string_view to_string(RecipientType type);

}  // namespace hush::vault::detail
