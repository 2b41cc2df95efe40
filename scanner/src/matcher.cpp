#include "matcher.hpp"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "pattern_width.hpp"

namespace hush::scan {
namespace {

// A keyword must lie within this many bytes before or after the start of a match. The window
// after a keyword is long enough for a 4096-bit PEM key that starts at it.
constexpr std::size_t window_before = 512;
constexpr std::size_t window_after = 8192;
// Windows are widened to whole lines, but not by more than this (minified files are one line).
constexpr std::size_t line_extension_limit = 2048;
// A pattern that can match at most W bytes only needs W bytes on each side of a keyword that lies
// in its match, plus this much for a keyword just outside it ("github" in github_token = "...").
constexpr std::size_t keyword_slack = 64;
// Bounded patterns longer than this many bytes keep the wide window (they are rare).
constexpr std::size_t bounded_width_limit = 4096;
constexpr std::size_t unbounded = static_cast<std::size_t>(-1);

std::size_t window_width(std::string_view pattern) {
    auto bytes = longest_match_bytes(pattern);
    return bytes && *bytes <= bounded_width_limit ? *bytes : unbounded;
}

struct Hit {
    unsigned keyword;
    std::size_t end;  // offset just past the keyword
};

std::size_t extend_left(std::string_view text, std::size_t offset) {
    std::size_t limit = offset > line_extension_limit ? offset - line_extension_limit : 0;
    while (offset > limit && text[offset - 1] != '\n') --offset;
    return offset;
}

std::size_t extend_right(std::string_view text, std::size_t offset) {
    std::size_t limit = std::min(text.size(), offset + line_extension_limit);
    auto* found = static_cast<const char*>(std::memchr(text.data() + offset, '\n', limit - offset));
    return found == nullptr ? limit : static_cast<std::size_t>(found - text.data()) + 1;
}

}  // namespace

struct Matcher::Impl {
    std::vector<Rule> rules;
    std::vector<std::vector<std::size_t>> rules_of_keyword;  // keyword id -> rule indexes
    std::vector<std::size_t> keyword_length;
    std::vector<char> keyword_is_extra;  // keyword id -> also an extra keyword
    std::vector<std::size_t> always_run;  // rules without keywords
    std::vector<std::size_t> widths;      // per rule: the longest match of its pattern in bytes
    hs_database_t* database = nullptr;

    // The bytes to run `rule` over for a keyword at [start, end).
    Span window(std::size_t rule, std::string_view text, std::size_t start, std::size_t end) const {
        if (std::size_t width = widths[rule]; width != unbounded) {
            std::size_t reach = width + keyword_slack;
            return {start > reach ? start - reach : 0, std::min(text.size(), end + reach)};
        }
        return {extend_left(text, start > window_before ? start - window_before : 0),
                extend_right(text, std::min(text.size(), end + window_after))};
    }

    ~Impl() { hs_free_database(database); }
};

class Matcher::Scratch {
public:
    hs_scratch_t* hs = nullptr;
    std::vector<Hit> hits;
    std::vector<std::vector<Span>> windows;  // per rule
    std::vector<std::size_t> touched;        // rules with windows this buffer
    std::vector<Span> extra_hits;
    bool hits_complete = false;
    ~Scratch() { hs_free_scratch(hs); }
};

Matcher::Matcher(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

Result<Matcher> Matcher::build(const std::vector<Rule>& rules, const std::vector<std::string>& extra_keywords) {
    auto impl = std::make_unique<Impl>();
    impl->rules = rules;
    for (const auto& rule : rules) impl->widths.push_back(window_width(rule.compiled->text()));
    std::map<std::string, unsigned> keyword_ids;  // lower-cased keyword -> id
    auto keyword_id = [&](const std::string& keyword) {
        std::string lower(keyword);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        auto [it, inserted] = keyword_ids.emplace(lower, static_cast<unsigned>(keyword_ids.size()));
        if (inserted) {
            impl->rules_of_keyword.emplace_back();
            impl->keyword_length.push_back(lower.size());
            impl->keyword_is_extra.push_back(0);
        }
        return it->second;
    };
    for (std::size_t r = 0; r < rules.size(); ++r) {
        if (rules[r].keywords.empty()) impl->always_run.push_back(r);
        for (const auto& keyword : rules[r].keywords) {
            auto& list = impl->rules_of_keyword[keyword_id(keyword)];
            if (list.empty() || list.back() != r) list.push_back(r);
        }
    }
    for (const auto& keyword : extra_keywords) {
        if (!keyword.empty()) impl->keyword_is_extra[keyword_id(keyword)] = 1;
    }
    if (!keyword_ids.empty()) {
        std::vector<const char*> literals;
        std::vector<std::size_t> lengths;
        std::vector<unsigned> flags;
        std::vector<unsigned> ids;
        for (const auto& [keyword, id] : keyword_ids) {
            literals.push_back(keyword.c_str());
            lengths.push_back(keyword.size());
            flags.push_back(HS_FLAG_CASELESS);
            ids.push_back(id);
        }
        hs_compile_error_t* error = nullptr;
        if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lengths.data(),
                                 static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr, &impl->database,
                                 &error) != HS_SUCCESS) {
            std::string message = error != nullptr ? error->message : "unknown error";
            hs_free_compile_error(error);
            return fail(ErrorCode::internal, "cannot compile the keyword prefilter: " + message);
        }
    }
    return Matcher(std::move(impl));
}

std::unique_ptr<Matcher::Scratch, void (*)(Matcher::Scratch*)> Matcher::make_scratch() const {
    std::unique_ptr<Scratch, void (*)(Scratch*)> scratch(new Scratch, [](Scratch* s) { delete s; });
    if (m_impl->database != nullptr) hs_alloc_scratch(m_impl->database, &scratch->hs);
    scratch->windows.resize(m_impl->rules.size());
    return scratch;
}

namespace {

void add_window(std::vector<Span>& windows, Span window) {
    if (!windows.empty() && window.begin <= windows.back().end) {
        windows.back().begin = std::min(windows.back().begin, window.begin);
        windows.back().end = std::max(windows.back().end, window.end);
    } else {
        windows.push_back(window);
    }
}

void run_rule(const Rule& rule, std::size_t index, std::string_view text, Span window, std::vector<RawMatch>& out) {
    const RE2& regex = rule.compiled->regex();
    if (!regex.ok()) return;  // a broken built-in pattern: `hush rules test` reports it
    const int secret_group = rule.compiled->secret_group();
    int groups = secret_group + 1;
    re2::StringPiece submatch[16];
    std::vector<re2::StringPiece> large;
    re2::StringPiece* match = groups <= 16 ? submatch : (large.resize(static_cast<std::size_t>(groups)), large.data());
    re2::StringPiece input(text.data(), text.size());
    std::size_t position = window.begin;
    while (position <= window.end &&
           regex.Match(input, position, window.end, RE2::UNANCHORED, match, groups)) {
        std::size_t begin = static_cast<std::size_t>(match[0].data() - text.data());
        std::size_t end = begin + match[0].size();
        const auto& secret = match[secret_group];
        if (secret.data() != nullptr && !secret.empty()) {
            std::size_t secret_begin = static_cast<std::size_t>(secret.data() - text.data());
            if (out.empty() || out.back().rule != index || out.back().secret.begin != secret_begin) {
                out.push_back({index, {secret_begin, secret_begin + secret.size()}, {begin, end}});
            }
        }
        position = end > position ? end : position + 1;
    }
}

}  // namespace

bool Matcher::collect_hits(std::string_view text, Scratch& scratch) const {
    scratch.hits.clear();
    if (m_impl->database == nullptr || text.empty()) return true;
    auto on_hit = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* context) -> int {
        static_cast<std::vector<Hit>*>(context)->push_back({id, static_cast<std::size_t>(to)});
        return 0;
    };
    return scratch.hs != nullptr && hs_scan(m_impl->database, text.data(), static_cast<unsigned>(text.size()), 0,
                                            scratch.hs, on_hit, &scratch.hits) == HS_SUCCESS;
}

void Matcher::find(std::string_view text, Scratch& scratch, std::vector<RawMatch>& out) const {
    const Impl& impl = *m_impl;
    for (std::size_t rule : scratch.touched) scratch.windows[rule].clear();
    scratch.touched.clear();
    auto whole_text = [&](std::size_t rule) {
        scratch.touched.push_back(rule);
        scratch.windows[rule].assign(1, Span{0, text.size()});
    };
    scratch.extra_hits.clear();
    scratch.hits_complete = collect_hits(text, scratch);
    if (scratch.hits_complete) {
        // Hyperscan reports hits in order of their end offset, so each rule's windows arrive
        // sorted by end; add_window merges those that overlap.
        for (const auto& hit : scratch.hits) {
            std::size_t start = hit.end - impl.keyword_length[hit.keyword];
            if (impl.keyword_is_extra[hit.keyword]) scratch.extra_hits.push_back({start, hit.end});
            for (std::size_t rule : impl.rules_of_keyword[hit.keyword]) {
                if (scratch.windows[rule].empty()) scratch.touched.push_back(rule);
                add_window(scratch.windows[rule], impl.window(rule, text, start, hit.end));
            }
        }
        for (std::size_t rule : impl.always_run) whole_text(rule);
    } else {
        // Never miss a secret because the prefilter failed: every rule then sees every byte.
        for (std::size_t rule = 0; rule < impl.rules.size(); ++rule) whole_text(rule);
    }
    std::sort(scratch.extra_hits.begin(), scratch.extra_hits.end());
    std::sort(scratch.touched.begin(), scratch.touched.end());
    for (std::size_t rule : scratch.touched) {
        for (Span window : scratch.windows[rule]) run_rule(impl.rules[rule], rule, text, window, out);
    }
}

const std::vector<Span>* Matcher::extra_hits(const Scratch& scratch) const {
    return scratch.hits_complete ? &scratch.extra_hits : nullptr;
}

}  // namespace hush::scan
