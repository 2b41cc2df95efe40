#pragma once
// The vault file as data (VaultDocument), its text form (a strict YAML subset, see
// docs/vault-format.md) and the canonical byte encoding the MAC covers.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/vault.hpp"

namespace hush::vault::detail {

inline constexpr int format_version = 1;
inline constexpr int min_scrypt_log_n = 10;  // below this only a test would go (API only)
inline constexpr int max_scrypt_log_n = 22;  // as age: more would let a file exhaust memory

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

struct VaultDocument {
    std::string id;  // 32 lowercase hex characters, random at creation, never changes
    std::vector<StoredRecipient> recipients;
    std::string audit_key;        // base64 of the sealed audit chain key
    std::uint64_t audit_count = 0;
    std::string audit_head;       // hex of the last audit entry's MAC (64 zeros when none)
    std::vector<StoredSecret> secrets;  // sorted by name
    std::string mac;              // hex HMAC-SHA256 over canonical()
};

[[nodiscard]] std::string serialize(const VaultDocument& document);
// The same text handed to `write` in pieces.
void serialize_to(const VaultDocument& document, const std::function<void(std::string_view)>& write);
[[nodiscard]] Result<VaultDocument> parse_document(std::string_view text, const std::string& path);
// The length-prefixed encoding of every field except `mac`, handed to `write` piece by piece.
void encode_canonical(const VaultDocument& document, const std::function<void(std::string_view)>& write);
// The same encoding as one string.
[[nodiscard]] std::string canonical(const VaultDocument& document);
// Length-prefixed concatenation (8-byte big-endian length, then the bytes) of `fields`.
[[nodiscard]] std::string length_prefixed(std::initializer_list<std::string_view> fields);

[[nodiscard]] std::string_view to_string(RecipientType type);

}  // namespace hush::vault::detail
