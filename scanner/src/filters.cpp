#include "filters.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>

namespace hush::scan {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view needle) { return text.find(needle) != std::string_view::npos; });
}

bool is_template_or_reference(std::string_view value) {
    if (contains_any(value, {"${", "{{", "$<secret.", "#{", "%(", "<%"})) return true;
    if (value.front() == '<' && value.back() == '>') return true;  // <your-key>
    if (value.front() == '$' && value.size() > 1 &&
        (std::isupper(static_cast<unsigned char>(value[1])) || value[1] == '_')) {
        return std::all_of(value.begin() + 1, value.end(),
                           [](unsigned char c) { return std::isalnum(c) || c == '_'; });  // $VAR
    }
    return false;
}

bool is_environment_lookup(std::string_view lowered) {
    return contains_any(lowered, {"process.env", "os.environ", "os.getenv", "getenv(", "env[", "env.fetch(",
                                  "environment.getenvironmentvariable", "system.getenv"});
}

bool has_placeholder_word(std::string_view lowered) {
    static constexpr std::string_view whole_words[] = {"password", "passwd", "secret", "pass", "token", "apikey",
                                                       "api_key", "null", "none", "nil", "undefined", "true",
                                                       "false"};
    if (std::find(std::begin(whole_words), std::end(whole_words), lowered) != std::end(whole_words)) return true;
    return contains_any(lowered, {"xxxx", "****", "example", "changeme", "change_me", "change-me", "placeholder",
                                  "your_", "your-", "yourkey", "your_key", "insert_", "insert-", "replace_me",
                                  "replaceme", "dummy", "redacted", "sample_", "<redacted>", "notreal", "not_real",
                                  "not-a-real", "fake_", "fakekey", "secret_here", "token_here", "key_here"});
}

// "123456", "abcdef", "654321": counting runs of six in a value are typed by hand, not generated.
bool has_counting_run(std::string_view value) {
    int up = 1;
    int down = 1;
    for (std::size_t i = 1; i < value.size(); ++i) {
        bool alnum = std::isalnum(static_cast<unsigned char>(value[i])) != 0;
        up = alnum && value[i] == value[i - 1] + 1 ? up + 1 : 1;
        down = alnum && value[i] == value[i - 1] - 1 ? down + 1 : 1;
        if (up >= 6 || down >= 6) return true;
    }
    return false;
}

bool has_repeated_run(std::string_view value, int limit) {
    int run = 1;
    for (std::size_t i = 1; i < value.size(); ++i) {
        run = value[i] == value[i - 1] ? run + 1 : 1;
        if (run >= limit) return true;
    }
    return false;
}

std::size_t distinct_characters(std::string_view value) {
    std::bitset<256> seen;
    for (unsigned char c : value) seen.set(c);
    return seen.count();
}

}  // namespace

bool is_placeholder(std::string_view value) {
    if (value.empty()) return true;
    if (is_template_or_reference(value)) return true;
    auto lowered = lower(value);
    if (is_environment_lookup(lowered) || has_placeholder_word(lowered)) return true;
    // Long values (PEM bodies, JWTs) and long high-diversity tokens legitimately hold runs such as
    // "AAAAAAAA" (Dropbox, Twitter bearer and FCM tokens have them by format); the hand-typed
    // dummy checks apply to short or low-diversity values only.
    auto distinct = distinct_characters(value);
    if (value.size() > 100 || (value.size() >= 40 && distinct >= 20)) return false;
    if (has_counting_run(value) || has_repeated_run(value, 6)) return true;
    return distinct <= 3 || (value.size() >= 16 && distinct <= 6);
}

bool allowed_inline(std::string_view text, std::size_t begin, std::size_t end) {
    auto newline_before = text.substr(0, begin).rfind('\n');
    std::size_t line_begin = newline_before == std::string_view::npos ? 0 : newline_before + 1;
    std::size_t line_end = text.find('\n', end > begin ? end - 1 : begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    return text.substr(line_begin, line_end - line_begin).find("hush:allow") != std::string_view::npos;
}

bool allowed_by_config(const AllowConfig& allow, std::string_view value) {
    if (std::find(allow.values.begin(), allow.values.end(), value) != allow.values.end()) return true;
    if (allow.stopwords.empty()) return false;
    auto lowered = lower(value);
    return std::any_of(allow.stopwords.begin(), allow.stopwords.end(),
                       [&](const std::string& word) { return !word.empty() && lowered.find(lower(word)) != std::string::npos; });
}

}  // namespace hush::scan
