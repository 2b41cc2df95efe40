// The matcher's keyword windows: the longest match a pattern allows, and matches found however far
// they sit from other keyword hits in the same buffer.
#include <catch2/catch.hpp>

#include <string>

#include "hush/rules.hpp"
#include "matcher.hpp"
#include "pattern_width.hpp"

using hush::scan::longest_match_bytes;

TEST_CASE("pattern width: bounded patterns", "[matcher]") {
    CHECK(longest_match_bytes("ghp_[A-Za-z0-9]{36}") == 40u);
    CHECK(longest_match_bytes("\\b(?P<secret>AKIA[A-Z2-7]{16})\\b") == 20u);
    CHECK(longest_match_bytes("a|bcd|ef") == 3u);
    CHECK(longest_match_bytes("x{2,5}?y?") == 6u);
    CHECK(longest_match_bytes("^\\Qa.b\\E$") == 3u);
    CHECK(longest_match_bytes("[]a-z[:digit:]\\]]{3}") == 3u);
    CHECK(longest_match_bytes("a{,3}") == 5u);  // not a repetition in RE2: the literal text "a{,3}"
    CHECK(longest_match_bytes("(?i)") == 0u);
    // Beyond ASCII: '.', negated classes and shorthands, \p, \x, UTF-8 literals count 4 (é: 2).
    CHECK(longest_match_bytes("(?P<secret>[^\\s'\"]{8,64})") == 4u * 64);
    CHECK(longest_match_bytes(".\\S\\pL\\x{1F600}") == 16u);
    CHECK(longest_match_bytes("é") == 2u);
    // Under (?i) a letter may match its Unicode case variants (K, U+212A, takes three bytes);
    // the flag ends with its group.
    CHECK(longest_match_bytes("(?i)key[0-9]") == 3u * 4);
    CHECK(longest_match_bytes("(?i:key)[0-9]_") == 3u * 3 + 2);
    CHECK(longest_match_bytes("(?i)k(?-i)k") == 4u);
}

TEST_CASE("pattern width: in code points every character counts one", "[matcher]") {
    using hush::scan::longest_match_code_points;
    CHECK(longest_match_code_points("ghp_[A-Za-z0-9]{36}") == 40u);
    CHECK(longest_match_code_points("(?P<secret>[^\\s'\"]{8,64})") == 64u);
    CHECK(longest_match_code_points("(?i)key[0-9]") == 4u);
    CHECK(longest_match_code_points(".\\S\\pL\\x{1F600}é") == 5u);
    CHECK(longest_match_code_points("\\Qaé\\E") == 2u);
    CHECK(longest_match_code_points("a{2}(?:b|cd){3}") == 8u);
    CHECK_FALSE(longest_match_code_points("a\\C"));  // any byte: not a code point
    CHECK_FALSE(longest_match_code_points("[^x]+"));
}

TEST_CASE("pattern width: unbounded or unknown patterns", "[matcher]") {
    CHECK_FALSE(longest_match_bytes("a+"));
    CHECK_FALSE(longest_match_bytes("ab*c"));
    CHECK_FALSE(longest_match_bytes("a{3,}"));
    CHECK_FALSE(longest_match_bytes("(a|b)\\1"));  // a back-reference is not RE2: no guess
    CHECK_FALSE(longest_match_bytes("(abc"));
    CHECK_FALSE(longest_match_bytes("[abc"));
    CHECK_FALSE(longest_match_bytes("abc)"));
    CHECK_FALSE(longest_match_bytes("*a"));
}

TEST_CASE("pattern width: a capture group as a pattern of its own, with its flags", "[matcher]") {
    using hush::scan::capture_group_pattern;
    CHECK(capture_group_pattern("key=(?P<secret>[a-f0-9]{32})\\b", 1) == "(?:[a-f0-9]{32})");
    // RE2 numbers groups by their '(': named and unnamed alike, nested ones after their parent.
    CHECK(capture_group_pattern("(a(b))(?:c)(d)", 2) == "(?:b)");
    CHECK(capture_group_pattern("(a(b))(?:c)(d)", 3) == "(?:d)");
    CHECK(capture_group_pattern("(?i)k(?-i:x(y))", 1) == "(?:y)");
    CHECK(capture_group_pattern("(?i)key(?s:.(v))", 1) == "(?is)(?:v)");
    CHECK(capture_group_pattern("(?m)^(?i:k)=(v)$", 1) == "(?m)(?:v)");
    CHECK(capture_group_pattern("[(]([)])", 1) == "(?:[)])");  // parentheses in classes are literal
    CHECK_FALSE(capture_group_pattern("(a)", 2));
    CHECK_FALSE(capture_group_pattern("(a", 1));
    CHECK_FALSE(capture_group_pattern("(?x)(a)", 1));  // a flag RE2 does not know
}

namespace {

hush::Rule rule(std::string id, std::string pattern, std::vector<std::string> keywords) {
    hush::Rule r;
    r.id = std::move(id);
    r.kind = "test";
    r.compiled = std::make_shared<hush::RulePattern>(std::move(pattern));
    r.keywords = std::move(keywords);
    return r;
}

std::vector<hush::scan::RawMatch> find(const hush::scan::Matcher& matcher, std::string_view text) {
    auto scratch = matcher.make_scratch();
    std::vector<hush::scan::RawMatch> out;
    matcher.find(text, *scratch, out);
    return out;
}

}  // namespace

TEST_CASE("matcher: bounded rules find every match near its keyword", "[matcher]") {
    auto matcher = hush::scan::Matcher::build({rule("short", "tok_([a-z0-9]{8})", {"tok_"}),
                                               rule("near", "\\b([A-Z0-9]{12})\\b", {"github"})});
    REQUIRE(matcher);
    std::string filler(20000, 'x');
    std::string text = "tok_aaaa1111 " + filler + " tok_bbbb2222 " + filler + "\ngithub_token = ABCDEF123456\n";
    auto matches = find(*matcher, text);
    REQUIRE(matches.size() == 3);
    CHECK(matches[0].secret.of(text) == "aaaa1111");
    CHECK(matches[1].secret.of(text) == "bbbb2222");
    // The keyword lies outside the match, within the slack: still found.
    CHECK(matches[2].secret.of(text) == "ABCDEF123456");
}

TEST_CASE("matcher: windows count code points in ASCII text and bytes otherwise", "[matcher]") {
    // 60 code points of context, negated classes: 240 bytes in UTF-8, 60 in ASCII text.
    auto matcher = hush::scan::Matcher::build({rule("ctx", "kw[^\\n]{0,60}=(?P<secret>[a-z]{6})\\b", {"kw"})});
    REQUIRE(matcher);
    std::string near = "kw" + std::string(55, '.') + "=abcdef";
    std::string text = std::string(300, 'x') + near + "\n";
    REQUIRE(find(*matcher, text).size() == 1);
    // 58 four-byte characters: 232 bytes, beyond the ASCII reach (69 + 64): the byte window covers it.
    std::string emoji = "\xf0\x9f\x98\x80";
    std::string wide = std::string(300, 'x') + "kw";
    for (int i = 0; i < 58; ++i) wide += emoji;
    wide += "=abcdef\n" + std::string(300, 'x');
    CHECK(find(*matcher, wide).size() == 1);
}

TEST_CASE("matcher: unbounded rules keep the wide window", "[matcher]") {
    auto matcher = hush::scan::Matcher::build({rule("pem", "(BEGIN KEY[A-Za-z0-9\\n]*END KEY)", {"begin key"})});
    REQUIRE(matcher);
    std::string body;
    for (int i = 0; i < 60; ++i) body += std::string(64, 'Q') + "\n";
    std::string text = "BEGIN KEY\n" + body + "END KEY\n";
    auto matches = find(*matcher, text);
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].secret.size() == text.size() - 1);
}

TEST_CASE("matcher: keyword prefixes (?-i) and \\b narrow where a rule runs", "[matcher]") {
    // The same case-insensitive pattern behind a narrowed and a plain keyword: the keyword is the
    // author's claim about where matches lie, and the matcher holds the rule to it.
    auto matcher = hush::scan::Matcher::build({rule("sid", "(?i)ac([a-f0-9]{8})", {"(?-i)\\bAC"}),
                                               rule("loose", "(?i)ac([a-f0-9]{8})", {"ac"}),
                                               rule("hec", "(?i)hec[ =]+([a-f0-9]{8})", {"\\bhec"})});
    REQUIRE(matcher);
    auto rules = [&](std::string_view text) {
        std::vector<std::size_t> found;
        for (const auto& match : find(*matcher, text)) found.push_back(match.rule);
        return found;
    };
    CHECK(rules("AC0123abcd") == std::vector<std::size_t>{0, 1});
    CHECK(rules("ac0123abcd") == std::vector<std::size_t>{1});   // (?-i): exact case
    CHECK(rules("xAC0123abcd") == std::vector<std::size_t>{1});  // \\b: not at the start of a word
    CHECK(rules("(HEC = 0123abcd") == std::vector<std::size_t>{2});  // \\b alone keeps it case-insensitive
    CHECK(rules("check = 0123abcd").empty());
}

TEST_CASE("matcher: the secret gate keeps the flags in effect at the group", "[matcher]") {
    // Each rule's secret group is searched alone first; a gate that lost (?i) or (?s) would miss these.
    auto matcher = hush::scan::Matcher::build({rule("icase", "(?i)api[_ ]key[ =]+(?P<secret>tok[a-f0-9]{8})", {"api"}),
                                               rule("dotall", "(?s)begin [a-z]+(?P<secret>x.y)[a-z]{20}end", {"begin"})});
    REQUIRE(matcher);
    auto matches = find(*matcher, "API KEY = TOK0123ABCD; begin abcx\nyabcdefghijklmnopqrstend");
    REQUIRE(matches.size() == 2);
    CHECK(matches[0].rule == 0);
    CHECK(matches[1].rule == 1);
}
