// Region parsing: the lines a value needs (its own, the headers above it, the closers below), and
// that a big file scanned through regions reports what a whole-file parse reports.
#include <catch2/catch.hpp>

#include <string>

#include "hush/scanner.hpp"
#include "scanner_support.hpp"
#include "syntax/regions.hpp"

using namespace hush;
using namespace hush::syntax;

namespace {

// The text of the ranges, each line once, in order.
std::string lines_of(std::string_view text, const std::vector<Span>& ranges) {
    std::string out;
    for (Span r : ranges) out += std::string(r.of(text));
    return out;
}

std::string filler_functions(int count) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += "def helper_" + std::to_string(i) + "(value):\n    total = value * " + std::to_string(i) +
               "\n    return total + len(str(value))\n\n";
    return out;
}

}  // namespace

TEST_CASE("regions: headers above, body below, closers after", "[regions]") {
    std::string text =
        "import os\n"
        "DATABASES = {\n"
        "    'default': {\n"
        "        'ENGINE': 'x',\n"
        "        'PASSWORD': 'Zx81!qwRv8',\n"
        "    },\n"
        "}\n"
        "DEBUG = False\n";
    std::size_t at = text.find("'PASSWORD'");
    auto ranges = enclosing_ranges(text, {{at, at + 10}});
    CHECK(lines_of(text, ranges) ==
          "DATABASES = {\n"
          "    'default': {\n"
          "        'PASSWORD': 'Zx81!qwRv8',\n"
          "    },\n"
          "}\n");
}

TEST_CASE("regions: a header over several lines keeps its parameters", "[regions]") {
    std::string text =
        "class A {\n"
        "    static Secret create(\n"
        "            Context context) throws Exception {\n"
        "        String name = x ?\n"
        "                \"A\" : \"B\";\n"
        "    }\n"
        "}\n";
    std::size_t at = text.find("\"A\"");
    CHECK(lines_of(text, enclosing_ranges(text, {{at, at + 3}})) == text);
}

TEST_CASE("regions: a place inside a docstring or a block comment covers all of it", "[regions]") {
    std::string python = "X = 1\nEXAMPLES = r'''\n# [client]\n# password=Zx81!qwRv8\n'''\nY = 2\n";
    std::size_t at = python.find("password");
    auto widened = widen_to_multiline_tokens(python, {{at, at + 8}}, MultiLineTokens::triple_quotes);
    REQUIRE(widened.size() == 1);
    CHECK(widened[0].of(python) == "'''\n# [client]\n# password=Zx81!qwRv8\n'''");
    std::string java = "/* token = \"Zx81!qwRv8\"\n */\nclass A {}\n";
    at = java.find("token");
    widened = widen_to_multiline_tokens(java, {{at, at + 5}}, MultiLineTokens::block_comments);
    CHECK(widened[0].of(java) == "/* token = \"Zx81!qwRv8\"\n */");
    std::string closed = "/* a */\nint token = 1;\n";
    at = closed.find("token");
    CHECK(widen_to_multiline_tokens(closed, {{at, at + 5}}, MultiLineTokens::block_comments)[0] == Span{at, at + 5});
}

TEST_CASE("regions: a big file reports what a whole parse reports", "[regions]") {
    std::string settings =
        "DATABASES = {\n"
        "    'default': {\n"
        "        'ENGINE': 'django.db.backends.postgresql',\n"
        "        'PASSWORD': 'Zx81!qwRv8kP',\n"
        "    },\n"
        "}\n"
        "DOC = '''\n"
        "password: 'Qm4!vT9zLp2w'\n"
        "'''\n";
    std::string big = filler_functions(400) + settings + filler_functions(400);
    REQUIRE(big.size() > 32 * 1024);
    test::TempDir dir;
    dir.write("small/settings.py", settings);
    dir.write("big/settings.py", big);
    auto scanner = test::make_test_scanner(test::config_at(dir.path()));
    auto small = test::scan_dir(scanner, dir.path() / "small");
    auto large = test::scan_dir(scanner, dir.path() / "big");
    REQUIRE(small.findings.size() == 1);  // the docstring's line is text, not a key
    REQUIRE(large.findings.size() == 1);
    CHECK(large.findings[0].key_path == "DATABASES.default.PASSWORD");
    CHECK(large.findings[0].key_path == small.findings[0].key_path);
    CHECK(large.findings[0].rule_id == small.findings[0].rule_id);
    CHECK(large.findings[0].start.line == small.findings[0].start.line + 400 * 4);
}
