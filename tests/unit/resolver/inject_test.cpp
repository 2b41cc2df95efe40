// render_template and write_private_file.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include "harness.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/resolver.hpp"

using hush::test::TempDir;

namespace {

hush::SecretLookup lookup_in(std::map<std::string, std::string> values) {
    return [values = std::move(values)](std::string_view name) -> hush::Result<std::string> {
        if (name == "OFF") return hush::fail(hush::ErrorCode::conflict, "secret OFF is disabled");
        auto it = values.find(std::string(name));
        if (it == values.end()) return hush::fail(hush::ErrorCode::not_found, "no secret named " + std::string(name));
        return it->second;
    };
}

}  // namespace

TEST_CASE("references render to values, escapes to literal references", "[resolver][inject]") {
    auto rendered = hush::render_template("t.env", "A=$<secret.A>\nB=$<secret.B>$<secret.A>\nC=$$<secret.A> $$$<secret.A>\n",
                                          lookup_in({{"A", "alpha"}, {"B", "b"}}));
    REQUIRE(rendered);
    CHECK(*rendered == "A=alpha\nB=balpha\nC=$<secret.A> $$<secret.A>\n");
}

TEST_CASE("text without references is unchanged", "[resolver][inject]") {
    auto rendered = hush::render_template("t", "no refs $ here ${X}", lookup_in({}));
    REQUIRE(rendered);
    CHECK(*rendered == "no refs $ here ${X}");
}

TEST_CASE("a failed lookup names file, line and column and never a value", "[resolver][inject]") {
    auto missing = hush::render_template("tpl/app.env", "A=$<secret.A>\n  B=$<secret.NOPE>\n", lookup_in({{"A", "alpha"}}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().to_string() == "tpl/app.env:2:5: $<secret.NOPE>: no secret named NOPE");
    auto disabled = hush::render_template("t", "A=$<secret.A> $<secret.OFF>", lookup_in({{"A", "alpha"}}));
    REQUIRE_FALSE(disabled);
    CHECK(disabled.error().to_string() == "t:1:15: $<secret.OFF>: secret OFF is disabled");
    CHECK(disabled.error().to_string().find("alpha") == std::string::npos);
}

TEST_CASE("a malformed reference stops rendering", "[resolver][inject]") {
    int lookups = 0;
    hush::SecretLookup counting = [&](std::string_view) -> hush::Result<std::string> {
        ++lookups;
        return std::string("v");
    };
    auto rendered = hush::render_template("t", "$<secret.bad> $<secret.A>", counting);
    REQUIRE_FALSE(rendered);
    CHECK(rendered.error().to_string() == "t:1:1: malformed reference: invalid secret name 'bad': " +
                                              std::string(hush::secret_name_rule));
    CHECK(lookups == 0);
}

TEST_CASE("write_private_file creates a 0600 file atomically", "[resolver][inject]") {
    TempDir dir;
    auto target = dir.path() / "out.env";
    REQUIRE(hush::write_private_file(target, "A=1\n"));
    CHECK(dir.read("out.env") == "A=1\n");
    struct stat info {};
    REQUIRE(stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    // Replacing a world-readable file leaves a private one, and no temporary file behind.
    chmod(target.c_str(), 0644);
    REQUIRE(hush::write_private_file(target, "A=2\n"));
    REQUIRE(stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(dir.read("out.env") == "A=2\n");
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 1);
}

TEST_CASE("write_private_file refuses symlinks, directories and missing directories", "[resolver][inject]") {
    TempDir dir;
    dir.write("real.txt", "keep");
    auto link = dir.path() / "link.env";
    REQUIRE(symlink((dir.path() / "real.txt").c_str(), link.c_str()) == 0);
    auto through_link = hush::write_private_file(link, "secret");
    REQUIRE_FALSE(through_link);
    CHECK_THAT(through_link.error().message, Catch::Contains("symlink"));
    CHECK(dir.read("real.txt") == "keep");

    CHECK_FALSE(hush::write_private_file(dir.path(), "x"));
    auto missing_dir = hush::write_private_file(dir.path() / "no" / "such" / "file", "x");
    REQUIRE_FALSE(missing_dir);
    CHECK(missing_dir.error().code == hush::ErrorCode::io);
}
