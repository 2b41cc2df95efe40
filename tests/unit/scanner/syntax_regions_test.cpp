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

TEST_CASE("regions: strings and comments are taken whole or not at all", "[regions]") {
    std::string python = "X = 1\nEXAMPLES = r'''\n# [client]\n# password=Zx81!qwRv8\n'''\nY = 2\nRETURN = '''\nz: 1\n'''\n";
    std::size_t at = python.find("password");
    CHECK(lines_of(python, enclosing_ranges(python, {{at, at + 8}}, MultiLineTokens::triple_quotes)) ==
          "EXAMPLES = r'''\n# [client]\n# password=Zx81!qwRv8\n'''\n");
    // A taken line that opens a string takes the string, however it was taken.
    at = python.find("RETURN");
    CHECK(lines_of(python, enclosing_ranges(python, {{at, at + 6}}, MultiLineTokens::triple_quotes)) ==
          "RETURN = '''\nz: 1\n'''\n");
    std::string java = "/* token = \"Zx81!qwRv8\"\n */\nclass A {}\n";
    at = java.find("token");
    CHECK(lines_of(java, enclosing_ranges(java, {{at, at + 5}}, MultiLineTokens::block_comments)) ==
          "/* token = \"Zx81!qwRv8\"\n */\n");
    std::string closed = "/* a\n */\nint token = 1;\n";
    at = closed.find("token");
    CHECK(lines_of(closed, enclosing_ranges(closed, {{at, at + 5}}, MultiLineTokens::block_comments)) == "int token = 1;\n");
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
