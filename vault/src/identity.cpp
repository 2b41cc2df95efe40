// X25519 identities and where hush finds the keys that open a vault.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "crypto.hpp"
#include "hush/vault.hpp"
#include "internal.hpp"

namespace hush::vault {

namespace {

constexpr std::string_view identity_prefix = "HUSH-IDENTITY-";
constexpr std::string_view public_prefix = "hushpub-";
constexpr std::size_t checksum_size = 4;

// payload || first 4 bytes of SHA-256(payload): catches a mistyped or truncated key.
std::string with_checksum(std::string_view payload) {
    std::string out(payload);
    out += crypto::sha256(payload).substr(0, checksum_size);
    return out;
}

// Decodes "<prefix><base64url(32 bytes || checksum)>"; nullopt if any part is wrong.
std::optional<SecretValue> decode_key(std::string_view text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
    auto raw = crypto::unbase64url(text.substr(prefix.size()));
    if (!raw) return std::nullopt;
    SecretValue bytes(*raw);
    cleanse(raw->data(), raw->size());
    if (bytes.size() != crypto::key_size + checksum_size) return std::nullopt;
    std::string_view payload = bytes.view().substr(0, crypto::key_size);
    if (!crypto::equal(crypto::sha256(payload).substr(0, checksum_size), bytes.view().substr(crypto::key_size)))
        return std::nullopt;
    return SecretValue(payload);
}

Result<Identity> identity_from_private(SecretValue private_key) {
    auto public_raw = crypto::x25519_public(private_key);
    if (!public_raw) return std::unexpected(public_raw.error());
    Identity identity;
    std::string encoded = crypto::base64url(with_checksum(private_key.view()));
    identity.secret = SecretValue(identity_prefix);
    identity.secret.append(encoded);
    cleanse(encoded.data(), encoded.size());
    identity.public_key = std::string(public_prefix) + crypto::base64url(with_checksum(*public_raw));
    return identity;
}

Result<SecretValue> read_secret_file(const std::filesystem::path& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::vault, "cannot read " + std::string(what), path.string());
    SecretValue text;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append({buffer, static_cast<std::size_t>(in.gcount())});
        cleanse(buffer, sizeof buffer);
    }
    return text;
}

Result<void> add_identity_file(Unlock& unlock, const std::filesystem::path& path) {
    auto text = read_secret_file(path, "identity file");
    if (!text) return std::unexpected(text.error());
    auto identity = parse_identity(text->view());
    if (!identity) return fail(ErrorCode::vault, identity.error().message, path.string());
    unlock.identities.push_back(std::move(*identity));
    return {};
}

}  // namespace

bool is_public_key(std::string_view text) { return decode_key(text, public_prefix).has_value(); }

namespace detail {

Result<SecretValue> identity_private_key(const Identity& identity) {
    auto key = decode_key(identity.secret.view(), identity_prefix);
    if (!key) return fail(ErrorCode::vault, "not a hush identity");
    return std::move(*key);
}

Result<std::string> public_key_bytes(std::string_view public_key) {
    auto key = decode_key(public_key, public_prefix);
    if (!key) return fail(ErrorCode::vault, "not a hush public key: '" + std::string(public_key) + "'");
    return std::string(key->view());
}

}  // namespace detail

Result<Identity> generate_identity() {
    auto private_key = crypto::x25519_private();
    if (!private_key) return std::unexpected(private_key.error());
    return identity_from_private(std::move(*private_key));
}

Result<Identity> parse_identity(std::string_view text) {
    // The first line that is neither blank nor a comment holds the identity.
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        auto private_key = decode_key(line, identity_prefix);
        if (!private_key) {
            return fail(ErrorCode::vault, "not a hush identity (expected " + std::string(identity_prefix) +
                                              "... with a valid checksum)");
        }
        return identity_from_private(std::move(*private_key));
    }
    return fail(ErrorCode::vault, "no identity found (expected a line " + std::string(identity_prefix) + "...)");
}

SecretValue identity_file_text(const Identity& identity) {
    SecretValue text("# hush identity (X25519), created " + now_utc() + "\n# public key: " + identity.public_key + "\n");
    text.append(identity.secret.view());
    text.append("\n");
    return text;
}

std::filesystem::path default_identity_path() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return {};
    return std::filesystem::path(home) / ".config" / "hush" / "identity";
}

Result<Unlock> unlock_from_environment(PassphrasePrompt prompt) {
    Unlock unlock;
    unlock.prompt = std::move(prompt);
    if (const char* text = std::getenv("HUSH_IDENTITY"); text != nullptr && *text != '\0') {
        auto identity = parse_identity(text);
        if (!identity) return fail(ErrorCode::vault, "HUSH_IDENTITY: " + identity.error().message);
        unlock.identities.push_back(std::move(*identity));
    }
    if (const char* file = std::getenv("HUSH_IDENTITY_FILE"); file != nullptr && *file != '\0') {
        if (auto ok = add_identity_file(unlock, file); !ok) return std::unexpected(ok.error());
    }
    if (unlock.identities.empty()) {
        auto path = default_identity_path();
        std::error_code ec;
        if (!path.empty() && std::filesystem::exists(path, ec)) {
            if (auto ok = add_identity_file(unlock, path); !ok) return std::unexpected(ok.error());
        }
    }
    if (const char* passphrase = std::getenv("HUSH_PASSPHRASE"); passphrase != nullptr && *passphrase != '\0') {
        unlock.passphrase = SecretValue(passphrase);
    }
    if (!unlock.identities.empty()) {
        unlock.actor = unlock.identities.front().public_key;
    } else if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
        unlock.actor = user;
    } else {
        unlock.actor = "unknown";
    }
    return unlock;
}

}  // namespace hush::vault
