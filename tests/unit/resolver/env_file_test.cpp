// resolve_env_file: dotenv parsing with references in values.
#include <catch2/catch.hpp>

#include "hush/resolver.hpp"

namespace {

hush::Result<std::string> lookup(std::string_view name) {
    if (name == "DB_PASSWORD") return std::string("pa ss#word");
    return hush::fail(hush::ErrorCode::not_found, "no secret named " + std::string(name) + " in the vault");
}

}  // namespace

TEST_CASE("env files: keys, quotes, comments, export, references", "[resolver][env]") {
    auto env = hush::resolve_env_file("run.env",
                                      "# comment\n\nDB=$<secret.DB_PASSWORD>\nexport URL=\"postgres://u:$<secret.DB_PASSWORD>@h\"\n"
                                      "PLAIN=value # trailing comment\nQUOTED='a # b'\nEMPTY=\nLIT=$$<secret.X>\r\n",
                                      lookup);
    REQUIRE(env);
    REQUIRE(env->size() == 6);
    CHECK((*env)[0].name == "DB");
    CHECK((*env)[0].value == "pa ss#word");
    CHECK((*env)[1].name == "URL");
    CHECK((*env)[1].value == "postgres://u:pa ss#word@h");
    CHECK((*env)[2].value == "value");
    CHECK((*env)[3].value == "a # b");
    CHECK((*env)[4].value.empty());
    CHECK((*env)[5].value == "$<secret.X>");
}

TEST_CASE("env file errors name the file, line and column", "[resolver][env]") {
    auto missing = hush::resolve_env_file("run.env", "A=1\nB=x $<secret.NOPE>\n", lookup);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().to_string() == "run.env:2:5: $<secret.NOPE>: no secret named NOPE in the vault");
    auto bad_line = hush::resolve_env_file("run.env", "A=1\n  not an assignment\n", lookup);
    REQUIRE_FALSE(bad_line);
    CHECK(bad_line.error().to_string() == "run.env:2:3: expected KEY=VALUE");
    auto quote = hush::resolve_env_file("run.env", "A=\"open\n", lookup);
    REQUIRE_FALSE(quote);
    CHECK(quote.error().to_string() == "run.env:1:3: unclosed quote");
    auto malformed = hush::resolve_env_file("run.env", "A='$<secret.x>'\n", lookup);
    REQUIRE_FALSE(malformed);
    CHECK(malformed.error().to_string().starts_with("run.env:1:4: malformed reference"));
}
