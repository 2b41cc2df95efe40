#include "generic.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "hush/core/text.hpp"

namespace hush::syntax {

std::string_view to_string(GenericVerdict verdict) {
    switch (verdict) {
    case GenericVerdict::none: return "secret";
    case GenericVerdict::not_secret_key: return "key is not secret-like";
    case GenericVerdict::excluded_key: return "key excluded";
    case GenericVerdict::not_literal: return "not a literal";
    case GenericVerdict::too_short: return "too short";
    case GenericVerdict::reference: return "reference";
    case GenericVerdict::placeholder: return "placeholder";
    case GenericVerdict::excluded_value: return "excluded value";
    case GenericVerdict::digest: return "digest";
    case GenericVerdict::low_entropy: return "low entropy";
    case GenericVerdict::few_char_classes: return "few character classes";
    }
    return "?";
}

std::string normalize_key(std::string_view key) {
    std::string out;
    out.reserve(key.size() + 4);
    auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
    auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < key.size(); ++i) {
        char c = key[i];
        if (upper(c) && i > 0 &&
            (lower(key[i - 1]) || digit(key[i - 1]) || (upper(key[i - 1]) && i + 1 < key.size() && lower(key[i + 1]))))
            out += '_';
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '[' || c == ']') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

int char_classes(std::string_view value) {
    bool lower = false, upper = false, digit = false, other = false;
    for (char c : value) {
        auto u = static_cast<unsigned char>(c);
        if (std::islower(u)) lower = true;
        else if (std::isupper(u)) upper = true;
        else if (std::isdigit(u)) digit = true;
        else if (!std::isspace(u)) other = true;
    }
    return int(lower) + int(upper) + int(digit) + int(other);
}

namespace {

std::string lower_copy(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// One RE2 for a list of alternatives; null when the list is empty.
std::unique_ptr<RE2> any_of(const std::vector<std::string>& patterns, bool case_sensitive) {
    if (patterns.empty()) return nullptr;
    std::string joined;
    for (const auto& p : patterns) joined += (joined.empty() ? "" : "|") + std::string("(?:") + p + ")";
    RE2::Options options;
    options.set_case_sensitive(case_sensitive);
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(joined, options);
    return re->ok() ? std::move(re) : nullptr;
}

bool search(const std::unique_ptr<RE2>& re, std::string_view text) {
    return re && RE2::PartialMatch(text, *re);
}

bool is_hex(std::string_view value) {
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

struct GenericDetector::Impl {
    std::vector<GenericKind> kind_list;
    std::vector<std::unique_ptr<RE2>> kind_keys;
    std::unique_ptr<RE2> exclude_keys;
    std::vector<std::string> placeholder_words;   // lower case
    std::vector<std::string> placeholder_markers; // lower case
    std::unique_ptr<RE2> placeholder_patterns;
    std::unique_ptr<RE2> references;
    std::unique_ptr<RE2> exclude_values;
    std::vector<std::string> digest_keys;
    std::unique_ptr<RE2> keywords;
    std::vector<std::string> keyword_list;
    // The loosest thresholds over every kind: a value below all of them can never be reported.
    std::size_t least_length = 0;
    int least_char_classes = 0;
    double least_entropy = 0;

    bool could_be_reported(std::string_view token) const {
        return token.size() >= least_length && char_classes(token) >= least_char_classes &&
               shannon_entropy(token) >= least_entropy;
    }

    // What the word around a keyword hit can be: a reported key, when one of its dotted or dashed
    // tails (config.db.password -> db.password -> password), normalised, matches a kind's key
    // pattern, alone or, when a tuple or list follows, as its element (auth=("user", "pw") gives
    // auth[1]); the bare keyword of a command line (mysql -p..., docker login -p ...), whose key
    // comes from the option; or nothing ("author", "passing", "AuthResourceString").
    enum class KeyRole { none, key, command };

    static bool is_key_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

    bool matches_kind(const std::string& key) const {
        return std::any_of(kind_keys.begin(), kind_keys.end(), [&](const auto& re) { return search(re, key); });
    }

    KeyRole key_role(std::string_view text, std::size_t begin, std::size_t end) const {
        std::size_t word_begin = begin, word_end = end;
        while (word_begin > 0 && is_key_word_char(text[word_begin - 1])) --word_begin;
        while (word_end < text.size() && is_key_word_char(text[word_end])) ++word_end;
        std::string_view word = text.substr(word_begin, word_end - word_begin);
        const bool opens_tuple = [&] {
            std::size_t at = word_end;
            auto skip = [&](auto&& what) { while (at < text.size() && what(text[at])) ++at; };
            auto blank = [](char c) { return c == ' ' || c == '\t'; };
            if (at < text.size() && is_quote(text[at])) ++at;
            skip(blank);
            if (at >= text.size() || (text[at] != '=' && text[at] != ':')) return false;
            ++at;
            skip(blank);
            return at < text.size() && (text[at] == '(' || text[at] == '[');
        }();
        for (std::size_t tail = 0; tail < word.size(); ++tail) {
            if (tail > 0 && word[tail - 1] != '.' && word[tail - 1] != '-') continue;
            std::string key = normalize_key(word.substr(tail));
            if (matches_kind(key) || (opens_tuple && (matches_kind(key + "[0]") || matches_kind(key + "[1]")))) return KeyRole::key;
        }
        return word_begin == begin && word_end == end ? KeyRole::command : KeyRole::none;
    }

    // judge()'s checks that look at the value alone. A literal spelled without escapes is its own
    // value, so "django.contrib.auth" or "${DB_PASSWORD}" cannot be reported under any key; with
    // a backslash the value may differ from the spelling, and only a parse can tell.
    bool surely_not_secret(std::string_view literal) const {
        if (literal.find('\\') != std::string_view::npos) return false;
        return search(references, literal) || placeholder(literal) || search(exclude_values, literal);
    }

    static bool is_quote(char c) { return c == '"' || c == '\'' || c == '`'; }

    static bool is_separator(char c) {
        return std::isspace(static_cast<unsigned char>(c)) || is_quote(c) || c == '=' || c == ':' || c == ',' || c == ';' ||
               c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '<' || c == '>' || c == '&';
    }

    // True if a bare word of `region` (YAML plain scalars, .env and INI values) could pass judge()'s
    // length, class and entropy checks.
    bool has_candidate_word(std::string_view region) const {
        return any_word(region, is_separator, [&](std::string_view word) { return could_be_reported(word); });
    }

    // Splits `region` at runs of separators and stops at the first word `visit` accepts (the last
    // word may be empty when the region ends in separators).
    template <typename IsSeparator, typename Visit>
    static bool any_word(std::string_view region, IsSeparator is_separator, Visit visit) {
        std::size_t i = 0;
        while (i < region.size()) {
            while (i < region.size() && is_separator(region[i])) ++i;
            std::size_t start = i;
            while (i < region.size() && !is_separator(region[i])) ++i;
            if (visit(region.substr(start, i - start))) return true;
        }
        return false;
    }

    // The same for values embedded in text (the extractors' add_embedded and command lines): only
    // what follows '=' (host=db password=...), -p (mysql -pSECRET) or an option (--password X,
    // login -p X) can be such a value, so "Specifies the login for the superuser." holds none.
    bool has_candidate_embedded(std::string_view region) const {
        std::vector<std::string_view> words;
        auto ends_word = [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) || is_quote(c) || c == ';' || c == '&' || c == ',';
        };
        any_word(region, ends_word, [&](std::string_view word) {
            if (!word.empty()) words.push_back(word);
            return false;
        });
        for (std::size_t w = 0; w < words.size(); ++w) {
            std::string_view word = words[w];
            if (auto eq = word.find('='); eq != std::string_view::npos && could_be_reported(word.substr(eq + 1))) return true;
            if (word.starts_with("-p") && could_be_reported(word.substr(2))) return true;
            if (w > 0 && words[w - 1].starts_with('-') && could_be_reported(word)) return true;
        }
        return false;
    }

    // In code, a key=value pair may also sit in a literal that started lines above (a docstring's
    // example, a SQL or shell script), where no quote on the key's lines tells: the key directly
    // followed by '=' and a value as the extractors cut it (up to a space, quote, ';', '&', ',').
    bool has_candidate_pair(std::string_view text, std::size_t word_end) const {
        if (word_end >= text.size() || text[word_end] != '=') return false;
        std::size_t end = text.find_first_of(" \t\r\n;&,'\"", word_end + 1);
        if (end == std::string_view::npos) end = text.size();
        return could_be_reported(text.substr(word_end + 1, end - word_end - 1));
    }

    // For config formats: the keyword's word is a key when ':' or '=' follows it, and then the rest
    // of the line or the next (a YAML block scalar) holds the value. Elsewhere it may be a key with
    // a space for separator (properties, Dockerfile ENV), a name whose value is on the next line
    // (Kubernetes name/value pairs), or part of a command line.
    bool has_candidate_config_value(std::string_view text, std::size_t line, std::size_t word_end, std::size_t end,
                                    bool embedded_only) const {
        std::size_t line_end = std::min(end, text.find('\n', word_end));
        if (embedded_only) return has_candidate_embedded(text.substr(word_end, line_end - word_end));
        std::size_t after = word_end;
        while (after < end && (text[after] == ' ' || text[after] == '\t' || is_quote(text[after]))) ++after;
        if (after < end && (text[after] == ':' || text[after] == '=')) return has_candidate_word(text.substr(after + 1, end - after - 1));
        std::string_view before = text.substr(line, word_end - line);
        bool leading = std::count(before.begin(), before.end(), ' ') <= 2;
        return has_candidate_embedded(text.substr(word_end, line_end - word_end)) ||
               (leading && has_candidate_word(text.substr(word_end, line_end - word_end))) ||
               (line_end < end && has_candidate_word(text.substr(line_end, end - line_end)));
    }

    // True if a string literal of `lines` (the key's line and the next) that ends after the keyword
    // `hit` could hold a reported value: in code only string literals can be values (an identifier
    // such as getToken() never is), and a value follows its key. A literal with white space is
    // prose, unless the keyword sits inside it: then it may embed the value (host=db password=...,
    // mysql -p...). A literal left open continues past these lines (triple quotes, template
    // literals, doubled quotes) and only a parse can judge it; an apostrophe inside a word (don't)
    // opens nothing.
    bool has_candidate_literal(std::string_view lines, std::size_t hit, bool embedded_only) const {
        auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
        auto opens = [&](std::size_t i) {
            if (!is_quote(lines[i])) return false;
            return lines[i] != '\'' || i == 0 || i + 1 == lines.size() || !is_alnum(lines[i - 1]) || !is_alnum(lines[i + 1]);
        };
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!opens(i)) continue;
            std::size_t close = lines.find(lines[i], i + 1);
            if (close == std::string_view::npos) return true;  // left open: only a parse can tell
            if (close + 1 < lines.size() && lines[close + 1] == lines[i]) return close > hit;  // "" escapes (C# @"...")
            std::string_view literal = lines.substr(i + 1, close - i - 1);
            bool spaced = std::any_of(literal.begin(), literal.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
            if (close > hit) {
                if (!spaced && !embedded_only && could_be_reported(literal) && !surely_not_secret(literal)) return true;
                if (spaced && i < hit && has_candidate_embedded(lines.substr(hit, close - hit))) return true;
            }
            i = close;
        }
        return false;
    }

    bool placeholder(std::string_view value) const {
        std::string lower = lower_copy(value);
        std::string_view core = lower;
        while (!core.empty() && std::ispunct(static_cast<unsigned char>(core.front()))) core.remove_prefix(1);
        while (!core.empty() && std::ispunct(static_cast<unsigned char>(core.back()))) core.remove_suffix(1);
        if (std::find(placeholder_words.begin(), placeholder_words.end(), core) != placeholder_words.end()) return true;
        for (const auto& marker : placeholder_markers)
            if (lower.find(marker) != std::string::npos) return true;
        return search(placeholder_patterns, value);
    }

    // "AWS_SECRET_ACCESS_KEY_value", "awsimdsv2sessiontoken": a value that spells its own key is a
    // stand-in written by someone who did not want to put a real secret there.
    static bool echoes_key(std::string_view key, std::string_view value) {
        auto squash = [](std::string_view text) {
            std::string out;
            for (char c : text.substr(0, text.find('[')))
                if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return out;
        };
        std::string k = squash(key);
        return k.size() >= 4 && squash(value).find(k) != std::string::npos;
    }

    bool digest(std::string_view key_path, std::string_view value) const {
        bool hex = is_hex(value) && (value.size() == 32 || value.size() == 40 || value.size() == 64 || value.size() == 128);
        if (!hex) return false;
        std::string path = lower_copy(key_path);
        return std::any_of(digest_keys.begin(), digest_keys.end(), [&](const std::string& k) { return path.find(k) != std::string::npos; });
    }
};

Result<GenericDetector> GenericDetector::create(const GenericRules& rules) {
    auto impl = std::make_unique<Impl>();
    impl->kind_list = rules.kinds;
    for (const auto& kind : impl->kind_list) {
        impl->kind_keys.push_back(any_of(kind.keys, false));
        if (!impl->kind_keys.back())
            return fail(ErrorCode::config, "invalid key patterns of " + kind.kind, rules.file.string(), kind.line);
    }
    auto compile = [&](std::unique_ptr<RE2>& to, const std::vector<std::string>& from, std::string_view name) -> Result<void> {
        to = any_of(from, false);
        if (!from.empty() && !to) return fail(ErrorCode::config, "invalid patterns in " + std::string(name), rules.file.string());
        return {};
    };
    if (auto ok = compile(impl->exclude_keys, rules.exclude_keys, "exclude_keys"); !ok) return std::unexpected(ok.error());
    if (auto ok = compile(impl->placeholder_patterns, rules.placeholder_patterns, "placeholders.patterns"); !ok)
        return std::unexpected(ok.error());
    if (auto ok = compile(impl->references, rules.references, "references"); !ok) return std::unexpected(ok.error());
    // Value exclusions are case-sensitive: '^[a-z]+$' must not swallow mixed-case passwords.
    impl->exclude_values = any_of(rules.exclude_values, true);
    if (!rules.exclude_values.empty() && !impl->exclude_values)
        return fail(ErrorCode::config, "invalid patterns in exclude_values", rules.file.string());
    std::vector<std::string> quoted;
    for (const auto& k : rules.keywords) quoted.push_back(RE2::QuoteMeta(k));
    impl->keyword_list = rules.keywords;
    // No capture group: wants() asks RE2 only for the whole match, which its DFAs find alone.
    if (!quoted.empty()) {
        std::string alternation;
        for (const auto& q : quoted) alternation += (alternation.empty() ? "" : "|") + q;
        impl->keywords = any_of({alternation}, false);
    }
    if (!rules.kinds.empty()) {
        impl->least_length = rules.kinds.front().min_length;
        impl->least_char_classes = rules.kinds.front().min_char_classes;
        impl->least_entropy = rules.kinds.front().min_entropy;
        for (const auto& kind : rules.kinds) {
            impl->least_length = std::min(impl->least_length, kind.min_length);
            impl->least_char_classes = std::min(impl->least_char_classes, kind.min_char_classes);
            impl->least_entropy = std::min(impl->least_entropy, kind.min_entropy);
        }
    }
    for (const auto& w : rules.placeholder_words) impl->placeholder_words.push_back(lower_copy(w));
    for (const auto& m : rules.placeholder_markers) impl->placeholder_markers.push_back(lower_copy(m));
    for (const auto& d : rules.digest_keys) impl->digest_keys.push_back(lower_copy(d));
    return GenericDetector(std::move(impl));
}

GenericDetector::GenericDetector(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GenericDetector::GenericDetector(GenericDetector&&) noexcept = default;
GenericDetector& GenericDetector::operator=(GenericDetector&&) noexcept = default;
GenericDetector::~GenericDetector() = default;

namespace {

// Programming languages and JSON, where a secret value is always a quoted string literal.
bool values_are_quoted(std::string_view path) {
    static constexpr std::string_view code[] = {".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx",
                                                ".go", ".java", ".rb", ".rake", ".cs", ".php", ".rs", ".json"};
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string extension = lower_copy(path.substr(dot));
    return std::find(std::begin(code), std::end(code), extension) != std::end(code);
}

// The end of the line where a literal left open in text[from, to) closes (a triple-quoted string,
// a template literal), so that a region taken for a parse holds the whole value; `to` if none is.
std::size_t end_of_open_literal(std::string_view text, std::size_t from, std::size_t to) {
    std::string_view region = text.substr(from, to - from);
    for (std::string_view delimiter : {"\"\"\"", "'''", "`"}) {
        std::size_t count = 0;
        for (std::size_t at = region.find(delimiter); at != std::string_view::npos; at = region.find(delimiter, at + delimiter.size()))
            ++count;
        if (count % 2 == 0) continue;
        std::size_t close = text.find(delimiter, to);
        if (close == std::string_view::npos) return text.size();
        std::size_t line_end = text.find('\n', close);
        return line_end == std::string_view::npos ? text.size() : line_end + 1;
    }
    return to;
}

}  // namespace

bool GenericDetector::wants(std::string_view path, std::string_view text, const std::vector<Span>* hits) const {
    return find_triggers(path, text, hits, nullptr);
}

std::vector<Span> GenericDetector::triggers(std::string_view path, std::string_view text, const std::vector<Span>* hits) const {
    std::vector<Span> out;
    find_triggers(path, text, hits, &out);
    return out;
}

const std::vector<std::string>& GenericDetector::keywords() const { return m_impl->keyword_list; }

std::vector<Span> GenericDetector::keyword_hits(std::string_view text) const {
    std::vector<Span> out;
    const re2::StringPiece input(text.data(), text.size());
    re2::StringPiece hit;
    for (std::size_t from = 0; from < text.size() && m_impl->keywords->Match(input, from, text.size(), RE2::UNANCHORED, &hit, 1);) {
        auto begin = static_cast<std::size_t>(hit.data() - text.data());
        out.push_back({begin, begin + hit.size()});
        from = std::max(begin + hit.size(), begin + 1);
    }
    return out;
}

bool GenericDetector::find_triggers(std::string_view path, std::string_view text, const std::vector<Span>* hits,
                                    std::vector<Span>* out) const {
    if (!m_impl->keywords) {
        if (out && !text.empty()) out->push_back({0, text.size()});
        return true;
    }
    std::vector<Span> own_hits;
    if (!hits) hits = &(own_hits = keyword_hits(text));
    const bool literals_only = values_are_quoted(path);
    // A keyword alone ("pass" is in every Python file) is not enough to pay for a parse: it must
    // sit in a word that could be a key, and the key's line or the next one (Kubernetes name/value
    // pairs, YAML block scalars) must hold a value that could pass the detector's checks.
    for (Span hit : *hits) {
        std::size_t begin = hit.begin;
        std::size_t word_end = hit.end;
        auto role = m_impl->key_role(text, begin, word_end);
        if (role == Impl::KeyRole::none) continue;
        const bool embedded_only = role == Impl::KeyRole::command;
        std::size_t line = text.rfind('\n', begin);
        line = line == std::string_view::npos ? 0 : line + 1;
        std::size_t end = text.find('\n', begin);
        if (end != std::string_view::npos) end = text.find('\n', end + 1);
        if (end == std::string_view::npos) end = text.size();
        while (word_end < end && Impl::is_key_word_char(text[word_end])) ++word_end;
        bool candidate = literals_only
                             ? m_impl->has_candidate_literal(text.substr(line, end - line), begin - line, embedded_only) ||
                                   (!embedded_only && m_impl->has_candidate_pair(text, word_end))
                             : m_impl->has_candidate_config_value(text, line, word_end, end, embedded_only);
        if (!candidate) continue;
        if (!out) return true;
        end = end_of_open_literal(text, line, end);
        if (out->empty() || out->back().end < line) out->push_back({line, end});
        else out->back().end = std::max(out->back().end, end);
    }
    return out && !out->empty();
}

GenericVerdict GenericDetector::judge(const KeyedValue& kv, std::size_t* kind_index) const {
    const Impl& d = *m_impl;
    std::string key = normalize_key(kv.key);
    std::size_t k = 0;
    while (k < d.kind_list.size() && !search(d.kind_keys[k], key)) ++k;
    if (k == d.kind_list.size()) return GenericVerdict::not_secret_key;
    if (search(d.exclude_keys, key)) return GenericVerdict::excluded_key;
    if (!kv.is_literal) return GenericVerdict::not_literal;
    const GenericKind& kind = d.kind_list[k];
    std::string_view value = kv.value;
    if (value.size() < kind.min_length) return GenericVerdict::too_short;
    if (search(d.references, value)) return GenericVerdict::reference;
    if (d.placeholder(value) || Impl::echoes_key(kv.key, value)) return GenericVerdict::placeholder;
    if (search(d.exclude_values, value)) return GenericVerdict::excluded_value;
    if (d.digest(kv.key_path, value)) return GenericVerdict::digest;
    if (shannon_entropy(value) < kind.min_entropy) return GenericVerdict::low_entropy;
    if (char_classes(value) < kind.min_char_classes) return GenericVerdict::few_char_classes;
    if (kind_index) *kind_index = k;
    return GenericVerdict::none;
}

std::vector<GenericDetection> GenericDetector::detect(std::span<const KeyedValue> values) const {
    std::vector<GenericDetection> out;
    for (const auto& kv : values) {
        std::size_t k = 0;
        if (judge(kv, &k) != GenericVerdict::none) continue;
        const GenericKind& kind = m_impl->kind_list[k];
        out.push_back({kind.kind, kind.id, kind.name, kind.severity, kv.key_path, kv.value_span, shannon_entropy(kv.value)});
    }
    return out;
}

}  // namespace hush::syntax
