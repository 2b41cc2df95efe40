#include "matcher.hpp"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <map>
#include <mutex>

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
// A rule whose pattern is at least this much longer than its secret group gets a secret gate.
constexpr std::size_t min_context_chars = 16;

std::size_t bounded(std::optional<std::size_t> width) {
    return width && *width <= bounded_width_limit ? *width : unbounded;
}

// True if every byte is ASCII: then a code point is a byte.
bool is_ascii(std::string_view text) {
    std::uint64_t high = 0;
    std::size_t at = 0;
    for (; at + 8 <= text.size(); at += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + at, 8);
        high |= word;
    }
    for (; at < text.size(); ++at) high |= static_cast<unsigned char>(text[at]);
    return (high & 0x8080808080808080ULL) == 0;
}

// The secret group of a rule's pattern compiled alone, when the rest of the pattern is enough
// context to make a search for the group alone worth it first: a window where the group's pattern
// finds nothing cannot produce a finding (run_rule reports only matches that set the group), and
// a DFA search for a token shape is far cheaper than one for a pattern with long counted
// repetitions of context around it.
std::unique_ptr<RE2> secret_gate(const RulePattern& compiled) {
    if (!compiled.regex().ok()) return nullptr;
    auto group = capture_group_pattern(compiled.text(), compiled.secret_group());
    if (!group || group->size() + min_context_chars > compiled.text().size()) return nullptr;
    RE2::Options options;
    options.set_log_errors(false);
    auto gate = std::make_unique<RE2>(*group, options);
    return gate->ok() ? std::move(gate) : nullptr;
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

constexpr std::size_t many_newlines = std::size_t{1} << 24;
// Rules whose matches can hold more line breaks than this search their whole keyword windows even
// with a focus: the lines around the focus would cover the window anyway.
constexpr std::size_t max_focused_newlines = 16;

std::size_t add_bounded(std::size_t a, std::size_t b) { return std::min(many_newlines, a + b); }

// How many line breaks one match of an RE2 pattern can hold at most (`many_newlines` when a repeated
// part can match one). Conservative: every construct that might match '\n' counts (\s, \n, \W,
// \D, \x.., \p.., negated classes without \n, dot-all), and alternatives add up.
class NewlineBound {
public:
    explicit NewlineBound(std::string_view pattern) : m_pattern(pattern) {}

    std::size_t compute() {
        for (std::size_t at = m_pattern.find("(?"); at != std::string_view::npos; at = m_pattern.find("(?", at + 2)) {
            std::size_t flags_end = m_pattern.find_first_not_of("imsU-", at + 2);
            if (m_pattern.substr(at + 2, flags_end - (at + 2)).find('s') != std::string_view::npos)
                return many_newlines;  // a dot-all flag, (?s) or (?is:...): '.' may match a line break
        }
        std::size_t total = sequence();
        return m_at < m_pattern.size() ? many_newlines : total;  // unbalanced ')': do not guess
    }

private:
    // Atoms with their quantifiers, up to an unmatched ')' or the end.
    std::size_t sequence() {
        std::size_t total = 0;
        while (m_at < m_pattern.size() && m_pattern[m_at] != ')') {
            if (m_pattern[m_at] == '|') {
                ++m_at;
                continue;
            }
            std::size_t atom_count = atom();
            total = add_bounded(total, quantified(atom_count));
        }
        return total;
    }

    std::size_t atom() {
        char c = m_pattern[m_at++];
        if (c == '(') {
            std::size_t inner = sequence();
            if (m_at < m_pattern.size()) ++m_at;  // ')'
            return inner;
        }
        if (c == '[') return char_class();
        if (c == '\\') return escape();
        return c == '\n' ? 1 : 0;
    }

    std::size_t escape() {
        if (m_at >= m_pattern.size()) return 0;
        char c = m_pattern[m_at++];
        if ((c == 'x' || c == 'p' || c == 'P') && m_at < m_pattern.size() && m_pattern[m_at] == '{') {
            std::size_t close = m_pattern.find('}', m_at);
            m_at = close == std::string_view::npos ? m_pattern.size() : close + 1;
        }
        return std::string_view("snWDxpPCv0").find(c) != std::string_view::npos ? 1 : 0;
    }

    std::size_t char_class() {
        std::size_t begin = m_at;
        if (m_at < m_pattern.size() && m_pattern[m_at] == '^') ++m_at;
        if (m_at < m_pattern.size() && m_pattern[m_at] == ']') ++m_at;  // a literal ']' first
        while (m_at < m_pattern.size() && m_pattern[m_at] != ']') {
            if (m_pattern[m_at] == '[' && m_at + 1 < m_pattern.size() && m_pattern[m_at + 1] == ':') {
                std::size_t close = m_pattern.find(":]", m_at + 2);
                m_at = close == std::string_view::npos ? m_pattern.size() : close + 2;
                continue;
            }
            m_at += m_pattern[m_at] == '\\' ? 2 : 1;
        }
        std::string_view body = m_pattern.substr(begin, std::min(m_at, m_pattern.size()) - begin);
        if (m_at < m_pattern.size()) ++m_at;  // ']'
        bool negated = body.starts_with('^');
        bool names_newline = body.find("\\n") != std::string_view::npos || body.find('\n') != std::string_view::npos;
        if (negated) return names_newline || body.find("\\s") != std::string_view::npos ? 0 : 1;  // [^\s"] excludes it
        static constexpr std::string_view may_match[] = {"\\s", "\\W", "\\D", "\\x", "\\p", "\\P", "\\t-",
                                                         "\\0", ":space:", ":cntrl:", "[:^"};
        bool any = names_newline || std::any_of(std::begin(may_match), std::end(may_match), [&](std::string_view construct) {
                       return body.find(construct) != std::string_view::npos;
                   });
        return any ? 1 : 0;
    }

    // Applies a quantifier after an atom that holds `count` line breaks.
    std::size_t quantified(std::size_t count) {
        if (m_at >= m_pattern.size()) return count;
        char c = m_pattern[m_at];
        std::size_t most = 1;
        if (c == '*' || c == '+') {
            ++m_at;
            most = many_newlines;
        } else if (c == '?') {
            ++m_at;
        } else if (c == '{') {
            std::size_t close = m_pattern.find('}', m_at);
            if (close == std::string_view::npos) return count;
            std::string_view inside = m_pattern.substr(m_at + 1, close - m_at - 1);
            m_at = close + 1;
            std::size_t comma = inside.find(',');
            std::string_view upper = comma == std::string_view::npos ? inside : inside.substr(comma + 1);
            most = upper.empty() ? many_newlines : std::min<std::size_t>(many_newlines, std::strtoull(std::string(upper).c_str(), nullptr, 10));
        } else {
            return count;
        }
        if (m_at < m_pattern.size() && m_pattern[m_at] == '?') ++m_at;  // lazy
        if (count == 0) return 0;
        return most >= many_newlines / count ? many_newlines : count * most;
    }

    std::string_view m_pattern;
    std::size_t m_at = 0;
};

// Start of the line `lines` lines before the one holding `offset`.
std::size_t lines_before(std::string_view text, std::size_t offset, std::size_t lines) {
    std::size_t at = offset;
    while (at > 0 && text[at - 1] != '\n') --at;
    for (std::size_t i = 0; i < lines && at > 0; ++i) {
        --at;
        while (at > 0 && text[at - 1] != '\n') --at;
    }
    return at;
}

// End (past the '\n') of the line `lines` lines after the one holding `offset` (that line itself
// when `offset` is inside it, or nothing more when it starts a line).
std::size_t lines_after(std::string_view text, std::size_t offset, std::size_t lines) {
    std::size_t at = offset;
    if (at > 0 && at < text.size() && text[at - 1] != '\n') {
        while (at < text.size() && text[at] != '\n') ++at;
        at = std::min(text.size(), at + 1);
    }
    for (std::size_t seen = 0; at < text.size() && seen < lines; ++at) {
        if (text[at] == '\n') ++seen;
    }
    return at;
}

}  // namespace

struct Matcher::Impl {
    std::vector<Rule> rules;
    std::vector<std::size_t> newline_bound;  // per rule: most line breaks one match can hold
    struct KeywordUse {
        std::size_t rule;
        bool word_start;  // this rule wants the keyword only at the start of a word
    };
    std::vector<std::vector<KeywordUse>> rules_of_keyword;  // keyword id -> rules
    std::vector<std::size_t> keyword_length;
    std::vector<char> keyword_is_extra;  // keyword id -> also an extra keyword
    std::vector<std::size_t> always_run;  // rules without keywords
    std::vector<std::size_t> widths;      // per rule: the longest match of its pattern in bytes
    // ... in code points, which are bytes in ASCII text: counted in bytes, every negated class or
    // '.' would count four and every letter under (?i) three (for characters ASCII text lacks).
    std::vector<std::size_t> ascii_widths;
    // Per rule: its secret group alone, searched first over a window; none where that saves nothing.
    // Built on a rule's first window, like the rule's own RE2, so that start-up compiles nothing.
    struct LazyGate {
        std::once_flag once;
        std::unique_ptr<RE2> regex;
    };
    std::unique_ptr<LazyGate[]> secret_gates;

    const RE2* gate(std::size_t rule) const {
        LazyGate& lazy = secret_gates[rule];
        std::call_once(lazy.once, [&] { lazy.regex = secret_gate(*rules[rule].compiled); });
        return lazy.regex.get();
    }
    hs_database_t* database = nullptr;

    // The bytes to run `rule` over for a keyword at [start, end) of a text that is all ASCII or not.
    Span window(std::size_t rule, std::string_view text, bool ascii, std::size_t start, std::size_t end) const {
        if (std::size_t width = ascii ? ascii_widths[rule] : widths[rule]; width != unbounded) {
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
    for (const auto& rule : rules) {
        impl->widths.push_back(bounded(longest_match_bytes(rule.compiled->text())));
        impl->ascii_widths.push_back(bounded(longest_match_code_points(rule.compiled->text())));
        impl->newline_bound.push_back(NewlineBound(rule.compiled->text()).compute());
    }
    impl->secret_gates = std::make_unique<Impl::LazyGate[]>(rules.size());
    // (literal, exact case) -> id; a case-insensitive literal is kept lower-cased.
    std::map<std::pair<std::string, bool>, unsigned> keyword_ids;
    auto keyword_id = [&](KeywordSpec spec) {
        std::string literal(spec.literal);
        if (!spec.exact_case) {
            std::transform(literal.begin(), literal.end(), literal.begin(), [](unsigned char c) { return std::tolower(c); });
        }
        auto [it, inserted] = keyword_ids.emplace(std::pair{literal, spec.exact_case}, static_cast<unsigned>(keyword_ids.size()));
        if (inserted) {
            impl->rules_of_keyword.emplace_back();
            impl->keyword_length.push_back(literal.size());
            impl->keyword_is_extra.push_back(0);
        }
        return it->second;
    };
    for (std::size_t r = 0; r < rules.size(); ++r) {
        if (rules[r].keywords.empty()) impl->always_run.push_back(r);
        for (const auto& keyword : rules[r].keywords) {
            auto spec = parse_keyword(keyword);
            if (spec.literal.empty()) continue;  // the loader rejects these; a hand-made rule may not
            auto& uses = impl->rules_of_keyword[keyword_id(spec)];
            auto same_rule = std::find_if(uses.begin(), uses.end(), [&](const Impl::KeywordUse& use) { return use.rule == r; });
            if (same_rule == uses.end()) {
                uses.push_back({r, spec.word_start});
            } else {
                same_rule->word_start = same_rule->word_start && spec.word_start;  // `hec` and `\bhec`: anywhere
            }
        }
    }
    for (const auto& keyword : extra_keywords) {
        if (!keyword.empty()) impl->keyword_is_extra[keyword_id({keyword})] = 1;
    }
    if (!keyword_ids.empty()) {
        std::vector<const char*> literals;
        std::vector<std::size_t> lengths;
        std::vector<unsigned> flags;
        std::vector<unsigned> ids;
        for (const auto& [keyword, id] : keyword_ids) {
            literals.push_back(keyword.first.c_str());
            lengths.push_back(keyword.first.size());
            flags.push_back(keyword.second ? 0U : HS_FLAG_CASELESS);
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

void run_rule(const Rule& rule, std::size_t index, std::string_view text, Span window, const RE2* gate,
              std::vector<RawMatch>& out) {
    const RE2& regex = rule.compiled->regex();
    if (!regex.ok()) return;  // a broken built-in pattern: `hush rules test` reports it
    re2::StringPiece input(text.data(), text.size());
    if (gate != nullptr && !gate->Match(input, window.begin, window.end, RE2::UNANCHORED, nullptr, 0)) return;
    const int secret_group = rule.compiled->secret_group();
    int groups = secret_group + 1;
    re2::StringPiece submatch[16];
    std::vector<re2::StringPiece> large;
    re2::StringPiece* match = groups <= 16 ? submatch : (large.resize(static_cast<std::size_t>(groups)), large.data());
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

void Matcher::find(std::string_view text, Scratch& scratch, std::vector<RawMatch>& out,
                   std::span<const Span> focus) const {
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
        const bool ascii = !scratch.hits.empty() && is_ascii(text);
        // Hyperscan reports hits in order of their end offset, so each rule's windows arrive
        // sorted by end; add_window merges those that overlap.
        for (const auto& hit : scratch.hits) {
            std::size_t start = hit.end - impl.keyword_length[hit.keyword];
            if (impl.keyword_is_extra[hit.keyword]) scratch.extra_hits.push_back({start, hit.end});
            bool starts_word = start == 0 || !is_word_byte(text[start - 1]);
            for (auto [rule, word_start] : impl.rules_of_keyword[hit.keyword]) {
                if (word_start && !starts_word) continue;
                Span window = impl.window(rule, text, ascii, start, hit.end);
                // A match lies inside its window, so a window away from the focus cannot overlap it.
                if (!focus.empty() && !overlaps_any(window, focus)) continue;
                if (scratch.windows[rule].empty()) scratch.touched.push_back(rule);
                add_window(scratch.windows[rule], window);
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
        const RE2* gate = impl.gate(rule);
        auto search = [&](Span part) { run_rule(impl.rules[rule], rule, text, part, gate, out); };
        const std::size_t bound = impl.newline_bound[rule];
        for (Span window : scratch.windows[rule]) {
            if (focus.empty() || bound > max_focused_newlines) {
                search(window);
                continue;
            }
            // Focus ranges are whole lines and a match of this rule holds at most `bound` line
            // breaks: one overlapping a range lies within `bound` lines of it (twice that before,
            // so that a match ending just before cannot change where the search resumes).
            Span pending{};
            for (Span range : focus) {
                Span part{std::max(window.begin, lines_before(text, range.begin, 2 * bound)),
                          std::min(window.end, lines_after(text, range.end, bound))};
                if (part.begin >= part.end) continue;
                if (!pending.empty() && part.begin <= pending.end) {
                    pending.end = std::max(pending.end, part.end);  // one search over touching parts
                    continue;
                }
                if (!pending.empty()) search(pending);
                pending = part;
            }
            if (!pending.empty()) search(pending);
        }
    }
}

const std::vector<Span>* Matcher::extra_hits(const Scratch& scratch) const {
    return scratch.hits_complete ? &scratch.extra_hits : nullptr;
}

}  // namespace hush::scan
