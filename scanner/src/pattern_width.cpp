#include "pattern_width.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <vector>

namespace hush::scan {
namespace {

constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
constexpr std::size_t max_utf8 = 4;  // bytes of the longest UTF-8 sequence

std::size_t plus(std::size_t a, std::size_t b) { return a == unbounded || b == unbounded ? unbounded : a + b; }
std::size_t times(std::size_t a, std::size_t n) {
    if (a == 0 || n == 0) return 0;
    return a == unbounded || n == unbounded || a > unbounded / n ? unbounded : a * n;
}

// Recursive descent over RE2 syntax, computing widths instead of building a tree. Anything it
// does not recognise sets m_failed: a wrong bound would hide secrets, no bound only costs time.
class WidthReader {
public:
    enum class Unit { bytes, code_points };
    explicit WidthReader(std::string_view pattern, Unit unit = Unit::bytes)
        : m_p(pattern), m_code_points(unit == Unit::code_points) {}

    std::optional<std::size_t> read() {
        std::size_t width = alternation();
        if (m_failed || m_at != m_p.size() || width == unbounded) return std::nullopt;
        return width;
    }

    // Capturing groups in the order of their '(' (RE2's numbering), after read().
    struct Capture {
        std::size_t begin = 0, end = 0;  // the group's body in the pattern
        std::string flags;                // i, m, s in effect where it starts
    };
    bool parsed() const { return !m_failed && m_at == m_p.size(); }
    const std::vector<Capture>& captures() const { return m_captures; }

private:
    bool at_end() const { return m_at >= m_p.size(); }
    char peek() const { return at_end() ? '\0' : m_p[m_at]; }

    std::size_t alternation() {
        std::size_t widest = sequence();
        while (!m_failed && peek() == '|') {
            ++m_at;
            widest = std::max(widest, sequence());
        }
        return widest;
    }

    std::size_t sequence() {
        std::size_t total = 0;
        while (!m_failed && !at_end() && peek() != '|' && peek() != ')') total = plus(total, repeated(atom()));
        return total;
    }

    // {n}, {n,} or {n,m} at m_at; false (m_at unchanged) if it is not a repetition, which RE2
    // then reads as a literal '{'.
    bool counted(std::size_t& most) {
        std::size_t at = m_at + 1;
        auto number = [&](std::size_t& value) {
            std::size_t start = at;
            value = 0;
            while (at < m_p.size() && std::isdigit(static_cast<unsigned char>(m_p[at])) && at - start < 6)
                value = value * 10 + static_cast<std::size_t>(m_p[at++] - '0');
            return at > start;
        };
        std::size_t least = 0;
        if (!number(least)) return false;
        most = least;
        if (at < m_p.size() && m_p[at] == ',') {
            ++at;
            if (!number(most)) most = unbounded;
        }
        if (at >= m_p.size() || m_p[at] != '}') return false;
        m_at = at + 1;
        return true;
    }

    std::size_t repeated(std::size_t width) {
        for (;;) {
            char c = peek();
            if (c == '*' || c == '+') {
                ++m_at;
                width = times(width, unbounded);
            } else if (c == '?') {
                ++m_at;
            } else if (std::size_t most = 0; c == '{' && counted(most)) {
                width = times(width, most);
            } else {
                return width;
            }
            if (peek() == '?') ++m_at;  // non-greedy
        }
    }

    std::size_t atom() {
        char c = m_p[m_at];
        if (c == '(') return group();
        if (c == '[') return one(char_class());
        if (c == '\\') {
            bool quoted = m_p.substr(m_at).starts_with("\\Q");  // \Q...\E: a literal string
            std::size_t width = escape();
            return quoted ? width : one(width);
        }
        if (c == '*' || c == '+' || c == '?') return fail();  // a repetition of nothing
        ++m_at;
        if (c == '^' || c == '$') return 0;
        if (c == '.') return one(max_utf8);
        if (static_cast<unsigned char>(c) < 0x80) return one(letter(c));
        std::size_t length = 1;
        for (; !at_end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80; ++m_at) ++length;  // one code point
        return one(m_icase ? max_utf8 : length);
    }

    // The width of one character that takes `bytes` bytes at most: one code point when counting those.
    std::size_t one(std::size_t bytes) const { return m_code_points ? std::min<std::size_t>(bytes, 1) : bytes; }

    // An ASCII character: under (?i) a letter also matches its Unicode case variants (k: U+212A
    // KELVIN SIGN, three bytes; s: U+017F, two).
    std::size_t letter(char c) const { return m_icase && std::isalpha(static_cast<unsigned char>(c)) ? 3 : 1; }

    // (?flags) changes the flags up to the end of the enclosing group; a group restores them.
    std::size_t group() {
        ++m_at;
        const bool outer_icase = m_icase, outer_multi_line = m_multi_line, outer_dot_all = m_dot_all;
        std::optional<std::size_t> capture;
        if (peek() == '?') {
            ++m_at;
            if (peek() == 'P' || peek() == '<') {  // (?P<name>...) or (?<name>...)
                if (peek() == 'P') ++m_at;
                if (peek() != '<') return fail();
                std::size_t close = m_p.find('>', m_at);
                if (close == std::string_view::npos) return fail();
                m_at = close + 1;
                capture = open_capture();
            } else {  // (?flags) or (?flags:...)
                bool clear = false;
                for (; !at_end() && (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '-'); ++m_at) {
                    switch (peek()) {
                    case '-': clear = true; break;
                    case 'i': m_icase = !clear; break;
                    case 'm': m_multi_line = !clear; break;
                    case 's': m_dot_all = !clear; break;
                    case 'U': break;  // ungreedy: changes which match, not whether one exists
                    default: return fail();
                    }
                }
                if (peek() == ')') {
                    ++m_at;
                    return 0;
                }
                if (peek() != ':') return fail();
                ++m_at;
            }
        } else {
            capture = open_capture();
        }
        std::size_t width = alternation();
        if (peek() != ')') return fail();
        if (capture) m_captures[*capture].end = m_at;
        ++m_at;
        m_icase = outer_icase;
        m_multi_line = outer_multi_line;
        m_dot_all = outer_dot_all;
        return width;
    }

    std::size_t open_capture() {
        std::string flags;
        if (m_icase) flags += 'i';
        if (m_multi_line) flags += 'm';
        if (m_dot_all) flags += 's';
        m_captures.push_back({m_at, m_at, std::move(flags)});
        return m_captures.size() - 1;
    }

    // A class of ASCII characters matches one byte (three under (?i), for the case variants of
    // its letters); a negated class, or one with any character beyond ASCII, up to four.
    std::size_t char_class() {
        ++m_at;
        std::size_t width = m_icase ? 3 : 1;
        if (peek() == '^') {
            ++m_at;
            width = max_utf8;
        }
        if (peek() == ']') ++m_at;  // a leading ']' is literal
        while (!at_end() && peek() != ']') {
            if (m_p.substr(m_at).starts_with("[:")) {
                std::size_t close = m_p.find(":]", m_at + 2);
                if (close == std::string_view::npos) return fail();
                if (m_p[m_at + 2] == '^') width = max_utf8;
                m_at = close + 2;
            } else if (peek() == '\\') {
                width = std::max(width, escape());
            } else {
                if (static_cast<unsigned char>(peek()) >= 0x80) width = max_utf8;
                ++m_at;
            }
        }
        if (at_end()) return fail();
        ++m_at;
        return width;
    }

    std::size_t escape() {
        ++m_at;
        if (at_end()) return fail();
        char c = m_p[m_at++];
        switch (c) {
        case 'b': case 'B': case 'A': case 'z': return 0;
        case 'Q': {
            std::size_t end = m_p.find("\\E", m_at);
            std::string_view quoted = m_p.substr(m_at, end == std::string_view::npos ? std::string_view::npos : end - m_at);
            m_at = end == std::string_view::npos ? m_p.size() : end + 2;
            std::size_t width = 0;
            for (char q : quoted) {
                auto u = static_cast<unsigned char>(q);
                if (u < 0x80) width += one(letter(q));
                else if ((u & 0xC0) != 0x80) width += one(max_utf8);  // a code point beyond ASCII
            }
            return width;
        }
        case 'd': case 's': case 'w': return 1;  // ASCII-only in RE2
        case 'x':
            if (peek() == '{') {
                std::size_t close = m_p.find('}', m_at);
                if (close == std::string_view::npos) return fail();
                m_at = close + 1;
                return max_utf8;
            }
            m_at = std::min(m_p.size(), m_at + 2);
            return max_utf8;
        case 'p': case 'P':
            if (peek() == '{') {
                std::size_t close = m_p.find('}', m_at);
                if (close == std::string_view::npos) return fail();
                m_at = close + 1;
            } else {
                m_at = std::min(m_p.size(), m_at + 1);
            }
            return max_utf8;
        default:
            if (c >= '1' && c <= '9') return fail();  // a back-reference: not RE2
            if (c == 'C' && m_code_points) return fail();  // any byte, even inside a code point
            // \D \S \W (negated classes), \C, a code point beyond ASCII; else \n \t \. \- ...
            if (std::isupper(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) return max_utf8;
            return 1;
        }
    }

    std::size_t fail() {
        m_failed = true;
        m_at = m_p.size();
        return unbounded;
    }

    std::string_view m_p;
    std::size_t m_at = 0;
    bool m_code_points = false;
    bool m_failed = false;
    bool m_icase = false;
    bool m_multi_line = false;
    bool m_dot_all = false;
    std::vector<Capture> m_captures;
};

}  // namespace

std::optional<std::size_t> longest_match_bytes(std::string_view pattern) { return WidthReader(pattern).read(); }

std::optional<std::size_t> longest_match_code_points(std::string_view pattern) {
    return WidthReader(pattern, WidthReader::Unit::code_points).read();
}

std::optional<std::string> capture_group_pattern(std::string_view pattern, int number) {
    WidthReader reader(pattern);
    (void)reader.read();
    if (!reader.parsed() || number < 1 || static_cast<std::size_t>(number) > reader.captures().size()) return std::nullopt;
    const auto& capture = reader.captures()[static_cast<std::size_t>(number) - 1];
    std::string flags = capture.flags.empty() ? "" : "(?" + capture.flags + ")";
    return flags + "(?:" + std::string(pattern.substr(capture.begin, capture.end - capture.begin)) + ")";
}

}  // namespace hush::scan
