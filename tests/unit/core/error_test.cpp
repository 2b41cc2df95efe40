#include <catch2/catch.hpp>

#include "hush/core/error.hpp"

using namespace hush;

namespace {
Result<int> parse_positive(int value) {
    if (value <= 0) return fail(ErrorCode::input, "not positive", "numbers.txt", 3);
    return value;
}
}  // namespace

TEST_CASE("Error formats as path:line: message", "[core]") {
    CHECK(Error{ErrorCode::config, "unknown key 'x'", ".hush.yaml", 4}.to_string() == ".hush.yaml:4: unknown key 'x'");
    CHECK(Error{ErrorCode::input, "cannot read", "a.txt", 0}.to_string() == "a.txt: cannot read");
    CHECK(Error{ErrorCode::usage, "bad flag", "", 0}.to_string() == "bad flag");
}

TEST_CASE("Result carries a value or an Error", "[core]") {
    CHECK(parse_positive(4).value() == 4);
    auto bad = parse_positive(-1);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::input);
    CHECK(bad.error().line == 3);
}
