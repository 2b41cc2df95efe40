#pragma once
// The only OpenSSL wrapper of hush: every call goes through these functions, and every OpenSSL
// object lives in a RAII holder inside crypto.cpp. Raw byte strings here are binary, not text.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "hush/core/error.hpp"
#include "hush/vault.hpp"

namespace hush::vault::crypto {

inline constexpr std::size_t key_size = 32;
inline constexpr std::size_t nonce_size = 12;
inline constexpr std::size_t tag_size = 16;

// Random bytes from the OpenSSL CSPRNG (aborts the operation with an error if it fails).
[[nodiscard]] Result<std::string> random_bytes(std::size_t count);
[[nodiscard]] Result<SecretValue> random_key();

// AES-256-GCM with a fresh random 96-bit nonce: returns nonce || ciphertext || tag.
[[nodiscard]] Result<std::string> seal(const SecretValue& key, std::string_view plaintext, std::string_view aad);
// Inverse of seal; fails (without detail) when the key, the data or the aad differ.
[[nodiscard]] Result<SecretValue> open(const SecretValue& key, std::string_view sealed, std::string_view aad);

// HKDF-SHA256 producing 32 bytes.
[[nodiscard]] Result<SecretValue> hkdf(std::string_view ikm, std::string_view salt, std::string_view info);
// HMAC-SHA256, 32 raw bytes.
[[nodiscard]] Result<std::string> hmac(const SecretValue& key, std::string_view data);
[[nodiscard]] std::string sha256(std::string_view data);

// HMAC-SHA256 over data given in pieces (a 4 MB vault is MAC'd without building one buffer).
class HmacStream {
public:
    [[nodiscard]] static Result<HmacStream> start(const SecretValue& key);
    HmacStream(HmacStream&&) noexcept;
    HmacStream& operator=(HmacStream&&) noexcept;
    ~HmacStream();
    void update(std::string_view data);
    [[nodiscard]] Result<std::string> finish();

private:
    struct Impl;
    explicit HmacStream(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};
// scrypt with N = 2^log_n, r = 8, p = 1, 32 bytes.
[[nodiscard]] Result<SecretValue> scrypt(std::string_view passphrase, std::string_view salt, int log_n);

// X25519: a new private key, the public key of a private key, a shared secret.
[[nodiscard]] Result<SecretValue> x25519_private();
[[nodiscard]] Result<std::string> x25519_public(const SecretValue& private_key);
[[nodiscard]] Result<SecretValue> x25519_shared(const SecretValue& private_key, std::string_view peer_public);

// Constant-time equality of equal-length strings (false when lengths differ).
[[nodiscard]] bool equal(std::string_view a, std::string_view b);

// Standard base64 with padding; decode is strict (canonical input only).
[[nodiscard]] std::string base64(std::string_view bytes);
[[nodiscard]] Result<std::string> unbase64(std::string_view text);
// base64url without padding (identities and public keys).
[[nodiscard]] std::string base64url(std::string_view bytes);
[[nodiscard]] Result<std::string> unbase64url(std::string_view text);
[[nodiscard]] std::string hex(std::string_view bytes);
[[nodiscard]] Result<std::string> unhex(std::string_view text);

}  // namespace hush::vault::crypto
