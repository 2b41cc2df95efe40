// Offline validators: structural checks (checksums, decodable parts, parseable keys), no network.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <zlib.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <memory>
#include <optional>

#include "hush/rules.hpp"

namespace hush {
namespace {

using Check = bool (*)(std::string_view);

bool all_of(std::string_view text, int (*predicate)(int)) {
    return std::all_of(text.begin(), text.end(), [&](unsigned char c) { return predicate(c) != 0; });
}

bool is_base62(std::string_view text) { return all_of(text, std::isalnum); }

std::uint32_t crc32_of(std::string_view text) {
    return static_cast<std::uint32_t>(
        ::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

std::string base62_checksum(std::uint32_t value) {
    static constexpr std::string_view digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out;
    do {
        out.insert(out.begin(), digits[value % 62]);
        value /= 62;
    } while (value != 0);
    if (out.size() < 6) out.insert(0, 6 - out.size(), '0');
    return out;
}

// prefix + body + 6 base62 checksum characters, where the checksum is CRC32(body) in base62.
bool base62_crc_token(std::string_view token, std::string_view prefix_end_marker, std::size_t body_length) {
    auto cut = token.find(prefix_end_marker);
    if (cut == std::string_view::npos) return false;
    auto rest = token.substr(cut + prefix_end_marker.size());
    if (rest.size() != body_length + 6 || !is_base62(rest)) return false;
    return base62_checksum(crc32_of(rest.substr(0, body_length))) == rest.substr(body_length);
}

bool github_checksum(std::string_view token) {
    // ghp_ gho_ ghu_ ghs_ ghr_: three-letter prefix, '_', 30 body + 6 checksum.
    if (token.size() != 40 || token.substr(0, 2) != "gh" || token[3] != '_') return false;
    return base62_crc_token(token, "_", 30);
}

bool npm_checksum(std::string_view token) {
    if (token.substr(0, 4) != "npm_") return false;
    return base62_crc_token(token, "npm_", 30);
}

bool cloudflare_checksum(std::string_view token) {
    auto cut = token.find('_');
    if (cut == std::string_view::npos) return false;
    auto rest = token.substr(cut + 1);
    if (rest.size() != 48) return false;
    static constexpr std::string_view hex = "0123456789abcdef";
    std::uint32_t crc = crc32_of(rest.substr(0, 40));
    std::string expected(8, '0');
    for (int i = 7; i >= 0; --i, crc >>= 4) expected[static_cast<std::size_t>(i)] = hex[crc & 0xF];
    return is_base62(rest.substr(0, 40)) && rest.substr(40) == expected;
}

std::optional<std::string> base64_decode(std::string_view text, bool url_alphabet) {
    std::string normal;
    normal.reserve(text.size() + 3);
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
        if (url_alphabet && c == '-') c = '+';
        else if (url_alphabet && c == '_') c = '/';
        else if (url_alphabet && (c == '+' || c == '/')) return std::nullopt;
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
        if (!ok) return std::nullopt;
        normal.push_back(c);
    }
    while (normal.size() % 4 != 0) normal.push_back('=');
    if (normal.empty()) return std::string();
    std::string out(normal.size() / 4 * 3, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(normal.data()), static_cast<int>(normal.size()));
    if (length < 0) return std::nullopt;
    std::size_t padding = static_cast<std::size_t>(std::count(normal.end() - 2, normal.end(), '='));
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

std::optional<YAML::Node> json_object(std::string_view text) {
    // JSON is YAML flow syntax; yaml-cpp is already a dependency of this stage.
    if (text.empty() || text.front() != '{') return std::nullopt;
    try {
        auto node = YAML::Load(std::string(text));
        if (node.IsMap()) return node;
    } catch (const YAML::Exception&) {
    }
    return std::nullopt;
}

bool jwt(std::string_view token) {
    auto first = token.find('.');
    auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return false;
    auto header = base64_decode(token.substr(0, first), true);
    auto payload = base64_decode(token.substr(first + 1, second - first - 1), true);
    if (!header || !payload || !base64_decode(token.substr(second + 1), true)) return false;
    auto header_json = json_object(*header);
    return header_json && (*header_json)["alg"] && json_object(*payload).has_value();
}

bool openssh_private_key(std::string_view pem) {
    constexpr std::string_view begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    constexpr std::string_view end = "-----END OPENSSH PRIVATE KEY-----";
    auto start = pem.find(begin);
    auto stop = pem.find(end);
    if (start == std::string_view::npos || stop == std::string_view::npos || stop < start) return false;
    auto body = base64_decode(pem.substr(start + begin.size(), stop - start - begin.size()), false);
    constexpr std::string_view magic{"openssh-key-v1\0", 15};
    // Magic, then cipher/kdf names and at least one key: a real key is far longer than its header.
    return body && body->size() > 100 && std::string_view(*body).substr(0, magic.size()) == magic;
}

bool pem_private_key(std::string_view pem) {
    if (pem.find("OPENSSH PRIVATE KEY") != std::string_view::npos) return openssh_private_key(pem);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return false;
    // The callback supplies no passphrase, so OpenSSL never prompts on the terminal.
    auto no_passphrase = [](char*, int, int, void*) -> int { return 0; };
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr);
    bool ok = key != nullptr;
    EVP_PKEY_free(key);
    if (!ok && pem.find("ENCRYPTED") != std::string_view::npos) {
        // An encrypted PKCS#8 or legacy-encrypted key cannot be decrypted offline; its armour and
        // base64 body being intact is as far as a structural check can go.
        std::unique_ptr<BIO, decltype(&BIO_free)> again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                        BIO_free);
        char* name = nullptr;
        char* header = nullptr;
        unsigned char* data = nullptr;
        long length = 0;
        ok = PEM_read_bio(again.get(), &name, &header, &data, &length) == 1 && length > 64;
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
    }
    return ok;
}

bool aws_key_id(std::string_view id) {
    static constexpr std::array<std::string_view, 9> prefixes = {"AKIA", "ASIA", "AGPA", "AIDA", "AROA",
                                                                 "AIPA", "ANPA", "ANVA", "ASCA"};
    if (id.size() != 20) return false;
    if (std::find(prefixes.begin(), prefixes.end(), id.substr(0, 4)) == prefixes.end()) return false;
    auto body = id.substr(4);
    return std::all_of(body.begin(), body.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); });
}

bool pypi_macaroon(std::string_view token) {
    if (token.substr(0, 5) != "pypi-") return false;
    auto body = token.substr(5);
    if (body.size() < 50) return false;
    if (body.substr(0, 14) == "AgEIcHlwaS5vcmc") return true;
    // Decode a prefix that is a whole number of base64 quanta: the location caveat is near the start.
    auto decoded = base64_decode(body.substr(0, std::min<std::size_t>(body.size(), 64) / 4 * 4), true);
    return decoded && decoded->find("pypi.org") != std::string::npos;
}

bool openai_key(std::string_view key) {
    if (key.substr(0, 3) != "sk-") return false;
    auto has_marker = key.find("T3BlbkFJ") != std::string_view::npos;
    bool modern = key.starts_with("sk-proj-") || key.starts_with("sk-svcacct-") || key.starts_with("sk-admin-");
    if (has_marker) return key.size() >= 40;
    return modern && key.size() >= 80 && key.size() <= 250;
}

bool anthropic_key(std::string_view key) {
    auto body_ok = [](std::string_view body) {
        return body.size() == 95 && body.ends_with("AA") &&
               std::all_of(body.begin(), body.end(),
                           [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
    };
    if (key.starts_with("sk-ant-api03-")) return body_ok(key.substr(13));
    if (key.starts_with("sk-ant-admin01-")) return body_ok(key.substr(15));
    return false;
}

struct Validator {
    std::string_view name;
    Check check;
};

constexpr Validator validators[] = {
    {"github-checksum", github_checksum}, {"npm-checksum", npm_checksum},
    {"cloudflare-checksum", cloudflare_checksum}, {"jwt", jwt},
    {"pem-private-key", pem_private_key}, {"aws-key-id", aws_key_id},
    {"pypi-macaroon", pypi_macaroon}, {"openai-key", openai_key},
    {"anthropic-key", anthropic_key},
};

constexpr auto names = [] {
    std::array<std::string_view, std::size(validators)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = validators[i].name;
    return out;
}();

}  // namespace

std::span<const std::string_view> validator_names() { return names; }

bool is_known_validator(std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

Validation run_validator(std::string_view name, std::string_view secret) {
    for (const auto& validator : validators) {
        if (validator.name == name) return validator.check(secret) ? Validation::valid : Validation::invalid;
    }
    return Validation::unchecked;
}

}  // namespace hush
