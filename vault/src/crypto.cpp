#include "crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>

namespace hush::vault::crypto {

namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct KdfFree {
    void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree {
    void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using Kdf = std::unique_ptr<EVP_KDF, KdfFree>;
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, KdfCtxFree>;

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

std::unexpected<Error> crypto_failure(std::string_view what) {
    return fail(ErrorCode::internal, "OpenSSL failed: " + std::string(what));
}

// A SecretValue of `size` zero bytes, filled by OpenSSL through a writable pointer.
SecretValue zeroed(std::size_t size) { return SecretValue(std::string(size, '\0')); }
unsigned char* writable(SecretValue& value) {
    return reinterpret_cast<unsigned char*>(const_cast<char*>(value.view().data()));
}

Result<Pkey> x25519_key(const SecretValue& private_key) {
    if (private_key.size() != key_size) return fail(ErrorCode::vault, "an X25519 private key has 32 bytes");
    Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, bytes(private_key.view()), key_size));
    if (!key) return crypto_failure("X25519 private key");
    return key;
}

}  // namespace

Result<std::string> random_bytes(std::size_t count) {
    std::string out(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        return crypto_failure("random bytes");
    return out;
}

Result<SecretValue> random_key() {
    SecretValue key = zeroed(key_size);
    if (RAND_priv_bytes(writable(key), static_cast<int>(key_size)) != 1) return crypto_failure("random key");
    return key;
}

Result<std::string> seal(const SecretValue& key, std::string_view plaintext, std::string_view aad) {
    auto nonce = random_bytes(nonce_size);
    if (!nonce) return std::unexpected(nonce.error());
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    std::string out = *nonce;
    out.resize(nonce_size + plaintext.size() + tag_size);
    auto* cipher = reinterpret_cast<unsigned char*>(out.data() + nonce_size);
    int length = 0;
    if (!ctx || key.size() != key_size ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key.view()), bytes(*nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher, &length, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), cipher + length, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size),
                            out.data() + nonce_size + plaintext.size()) != 1) {
        return crypto_failure("AES-256-GCM encryption");
    }
    return out;
}

Result<SecretValue> open(const SecretValue& key, std::string_view sealed, std::string_view aad) {
    if (sealed.size() < nonce_size + tag_size || key.size() != key_size)
        return fail(ErrorCode::integrity, "ciphertext too short");
    std::string_view nonce = sealed.substr(0, nonce_size);
    std::string_view body = sealed.substr(nonce_size, sealed.size() - nonce_size - tag_size);
    std::string tag(sealed.substr(sealed.size() - tag_size));
    SecretValue plain = zeroed(body.size());
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key.view()), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), writable(plain), &length, bytes(body), static_cast<int>(body.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), writable(plain) + length, &length) != 1) {
        return fail(ErrorCode::integrity, "authenticated decryption failed");
    }
    return plain;
}

Result<SecretValue> hkdf(std::string_view ikm, std::string_view salt, std::string_view info) {
    Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    if (!kdf) return crypto_failure("HKDF fetch");
    KdfCtx ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx) return crypto_failure("HKDF context");
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
        OSSL_PARAM_construct_end(),
    };
    SecretValue out = zeroed(key_size);
    if (EVP_KDF_derive(ctx.get(), writable(out), key_size, params) != 1) return crypto_failure("HKDF");
    return out;
}

Result<std::string> hmac(const SecretValue& key, std::string_view data) {
    std::string out(32, '\0');
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.view().data(), static_cast<int>(key.size()), bytes(data), data.size(),
             reinterpret_cast<unsigned char*>(out.data()), &length) == nullptr || length != 32) {
        return crypto_failure("HMAC-SHA256");
    }
    return out;
}

struct HmacStream::Impl {
    struct MacFree {
        void operator()(EVP_MAC* handle) const { EVP_MAC_free(handle); }
    };
    struct MacCtxFree {
        void operator()(EVP_MAC_CTX* handle) const { EVP_MAC_CTX_free(handle); }
    };
    std::unique_ptr<EVP_MAC, MacFree> mac;
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx;
    std::string buffer;  // pieces are small: batch them before each EVP call
    bool ok = true;
};

HmacStream::HmacStream(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HmacStream::HmacStream(HmacStream&&) noexcept = default;
HmacStream& HmacStream::operator=(HmacStream&&) noexcept = default;
HmacStream::~HmacStream() = default;

Result<HmacStream> HmacStream::start(const SecretValue& key) {
    auto impl = std::make_unique<Impl>();
    impl->mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!impl->mac) return crypto_failure("HMAC fetch");
    impl->ctx.reset(EVP_MAC_CTX_new(impl->mac.get()));
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    if (!impl->ctx || EVP_MAC_init(impl->ctx.get(), bytes(key.view()), key.size(), params) != 1) return crypto_failure("HMAC init");
    impl->buffer.reserve(1 << 16);
    return HmacStream(std::move(impl));
}

void HmacStream::update(std::string_view data) {
    if (m_impl->buffer.size() + data.size() > m_impl->buffer.capacity()) {
        m_impl->ok = m_impl->ok && EVP_MAC_update(m_impl->ctx.get(), bytes(m_impl->buffer), m_impl->buffer.size()) == 1;
        m_impl->buffer.clear();
        if (data.size() >= m_impl->buffer.capacity()) {
            m_impl->ok = m_impl->ok && EVP_MAC_update(m_impl->ctx.get(), bytes(data), data.size()) == 1;
            return;
        }
    }
    m_impl->buffer.append(data);
}

Result<std::string> HmacStream::finish() {
    m_impl->ok = m_impl->ok && EVP_MAC_update(m_impl->ctx.get(), bytes(m_impl->buffer), m_impl->buffer.size()) == 1;
    std::string out(32, '\0');
    std::size_t length = 0;
    if (!m_impl->ok || EVP_MAC_final(m_impl->ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, out.size()) != 1 ||
        length != 32) {
        return crypto_failure("HMAC-SHA256");
    }
    return out;
}

std::string sha256(std::string_view data) {
    std::string out(32, '\0');
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &length, EVP_sha256(), nullptr);
    return out;
}

Result<SecretValue> scrypt(std::string_view passphrase, std::string_view salt, int log_n) {
    const std::uint64_t n = std::uint64_t{1} << log_n;
    const std::uint64_t r = 8;
    const std::uint64_t max_memory = 130 * r * n + (std::uint64_t{64} << 20);
    SecretValue out = zeroed(key_size);
    if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), bytes(salt), salt.size(), n, r, 1, max_memory,
                       writable(out), key_size) != 1) {
        return fail(ErrorCode::vault, "scrypt failed (not enough memory for work factor 2^" + std::to_string(log_n) + "?)");
    }
    return out;
}

Result<SecretValue> x25519_private() { return random_key(); }

Result<std::string> x25519_public(const SecretValue& private_key) {
    auto key = x25519_key(private_key);
    if (!key) return std::unexpected(key.error());
    std::string out(key_size, '\0');
    std::size_t length = key_size;
    if (EVP_PKEY_get_raw_public_key(key->get(), reinterpret_cast<unsigned char*>(out.data()), &length) != 1 ||
        length != key_size) {
        return crypto_failure("X25519 public key");
    }
    return out;
}

Result<SecretValue> x25519_shared(const SecretValue& private_key, std::string_view peer_public) {
    auto key = x25519_key(private_key);
    if (!key) return std::unexpected(key.error());
    if (peer_public.size() != key_size) return fail(ErrorCode::integrity, "an X25519 public key has 32 bytes");
    Pkey peer(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, bytes(peer_public), key_size));
    PkeyCtx ctx(EVP_PKEY_CTX_new(key->get(), nullptr));
    SecretValue shared = zeroed(key_size);
    std::size_t length = key_size;
    if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
        EVP_PKEY_derive(ctx.get(), writable(shared), &length) != 1 || length != key_size) {
        return fail(ErrorCode::integrity, "X25519 key agreement failed");
    }
    // A low-order peer point gives an all-zero secret: refuse it, as age does.
    if (equal(shared.view(), std::string(key_size, '\0'))) return fail(ErrorCode::integrity, "X25519 low-order point");
    return shared;
}

bool equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(data), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

Result<std::string> unbase64(std::string_view text) {
    if (text.size() % 4 != 0) return fail(ErrorCode::integrity, "bad base64 length");
    std::string out(text.size() / 4 * 3 + 1, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(text), static_cast<int>(text.size()));
    if (length < 0) return fail(ErrorCode::integrity, "bad base64");
    std::size_t padding = 0;
    if (!text.empty() && text.back() == '=') padding = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
    out.resize(static_cast<std::size_t>(length) - padding);
    // Only the canonical encoding is accepted, so one value has exactly one spelling.
    if (base64(out) != text) return fail(ErrorCode::integrity, "non-canonical base64");
    return out;
}

std::string base64url(std::string_view data) {
    std::string out = base64(data);
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return out;
}

Result<std::string> unbase64url(std::string_view text) {
    std::string standard(text);
    for (char& c : standard) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return fail(ErrorCode::input, "bad base64url");
    }
    while (standard.size() % 4 != 0) standard.push_back('=');
    auto decoded = unbase64(standard);
    cleanse(standard.data(), standard.size());
    return decoded;
}

std::string hex(std::string_view data) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (char c : data) {
        auto byte = static_cast<unsigned char>(c);
        out.push_back(digits[byte >> 4]);
        out.push_back(digits[byte & 15]);
    }
    return out;
}

Result<std::string> unhex(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (text.size() % 2 != 0) return fail(ErrorCode::integrity, "bad hex length");
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int high = value(text[i]), low = value(text[i + 1]);
        if (high < 0 || low < 0) return fail(ErrorCode::integrity, "bad hex digit");
        out.push_back(static_cast<char>(high * 16 + low));
    }
    return out;
}

}  // namespace hush::vault::crypto
