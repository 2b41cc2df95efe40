// SecretValue, process hardening, and the small validators the vault and the CLI share.
#include <openssl/crypto.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstdio>
#include <ctime>

#include "hush/vault.hpp"

namespace hush::vault {

void cleanse(void* data, std::size_t size) {
    if (data != nullptr && size > 0) OPENSSL_cleanse(data, size);
}

SecretValue::SecretValue(std::string_view bytes) { append(bytes); }

SecretValue::~SecretValue() { clear(); }

SecretValue::SecretValue(SecretValue&& other) noexcept : m_bytes(std::move(other.m_bytes)) { other.m_bytes.clear(); }

SecretValue& SecretValue::operator=(SecretValue&& other) noexcept {
    if (this != &other) {
        clear();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

void SecretValue::append(std::string_view bytes) {
    if (m_bytes.size() + bytes.size() > m_bytes.capacity()) {
        // Grow by hand: a std::vector reallocation would free the old buffer without wiping it.
        std::vector<char> larger;
        larger.reserve(std::max<std::size_t>(64, 2 * (m_bytes.size() + bytes.size())));
        larger.insert(larger.end(), m_bytes.begin(), m_bytes.end());
        clear();
        m_bytes = std::move(larger);
    }
    m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end());
}

void SecretValue::drop_back(std::size_t count) {
    count = std::min(count, m_bytes.size());
    cleanse(m_bytes.data() + m_bytes.size() - count, count);
    m_bytes.resize(m_bytes.size() - count);
}

void SecretValue::clear() {
    cleanse(m_bytes.data(), m_bytes.capacity());
    m_bytes.clear();
}

bool SecretValue::equals(std::string_view other) const {
    return other.size() == m_bytes.size() && CRYPTO_memcmp(other.data(), m_bytes.data(), m_bytes.size()) == 0;
}

std::string_view to_string(Visibility visibility) {
    return visibility == Visibility::restricted ? "restricted" : "masked";
}

std::string_view to_string(SecretState state) {
    switch (state) {
        case SecretState::active: return "active";
        case SecretState::disabled: return "disabled";
        case SecretState::deleted: return "deleted";
    }
    return "active";
}

SecretState SecretInfo::state() const {
    if (deleted) return SecretState::deleted;
    return active ? SecretState::active : SecretState::disabled;
}

bool SecretInfo::expired(std::string_view today) const { return expires && *expires < today; }

void harden_process() {
    // A core dump would hold every decrypted value: none for the rest of this process.
    struct rlimit none {};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

namespace {

std::string format_time(const char* format) {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &utc);
    return buffer;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

}  // namespace

std::string today_utc() { return format_time("%Y-%m-%d"); }
std::string now_utc() { return format_time("%Y-%m-%dT%H:%M:%SZ"); }

bool is_valid_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    // Digits checked above; no std::stoi: a vault read checks three dates per secret.
    auto digits = [&](std::size_t at, std::size_t count) {
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    int year = digits(0, 4);
    int month = digits(5, 2);
    int day = digits(8, 2);
    return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string add_days(std::string_view date, int days) {
    std::tm when{};
    when.tm_year = std::stoi(std::string(date.substr(0, 4))) - 1900;
    when.tm_mon = std::stoi(std::string(date.substr(5, 2))) - 1;
    when.tm_mday = std::stoi(std::string(date.substr(8, 2))) + days;
    when.tm_hour = 12;
    std::time_t t = timegm(&when);
    std::tm normal{};
    gmtime_r(&t, &normal);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &normal);
    return buffer;
}

bool is_valid_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 64) return false;
    for (char c : tag) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                  c == ':' || c == '/' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace hush::vault
