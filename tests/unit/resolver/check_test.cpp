// check_references: the pure check logic, and its text and JSON renderers.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "hush/resolver.hpp"

using hush::CheckIssueKind;
using hush::SecretState;

namespace {

hush::Usage usage(std::string name, std::string path, std::uint32_t line, std::size_t offset = 0) {
    return {std::move(name), std::move(path), {offset, offset + 10}, {line, 5}, "", "file: x"};
}

hush::CheckReport check(const std::vector<hush::Usage>& usages, const std::vector<SecretState>& secrets,
                        const std::vector<hush::ReferenceError>& malformed = {}, std::string today = "2026-11-23") {
    auto report = hush::check_references(usages, malformed, secrets, {std::move(today), 14});
    REQUIRE(report);
    return *report;
}

std::vector<CheckIssueKind> kinds(const std::vector<hush::CheckIssue>& issues) {
    std::vector<CheckIssueKind> out;
    for (const auto& issue : issues) out.push_back(issue.kind);
    return out;
}

}  // namespace

TEST_CASE("every reference resolving to an active, unexpired secret passes", "[resolver][check]") {
    auto report = check({usage("A", "a.yml", 1), usage("B", "b.yml", 2)},
                        {{"A", true, std::nullopt, false}, {"B", true, "2027-06-01", false}});
    CHECK(report.ok());
    CHECK(report.errors.empty());
    CHECK(report.warnings.empty());
    CHECK(report.references == 2);
    CHECK(report.secrets == 2);
}

TEST_CASE("dangling, deleted, disabled and expired references are errors with locations", "[resolver][check]") {
    auto report = check({usage("MISSING", "a.yml", 3), usage("GONE", "a.yml", 4, 20), usage("OFF", "b.yml", 5),
                         usage("OLD", "c.yml", 6), usage("TODAY", "c.yml", 7, 30)},
                        {{"GONE", true, std::nullopt, true},
                         {"OFF", false, std::nullopt, false},
                         {"OLD", true, "2026-01-01", false},
                         {"TODAY", true, "2026-11-23", false}});
    CHECK_FALSE(report.ok());
    CHECK(kinds(report.errors) == std::vector<CheckIssueKind>{CheckIssueKind::dangling, CheckIssueKind::dangling,
                                                               CheckIssueKind::disabled, CheckIssueKind::expired,
                                                               CheckIssueKind::expired});
    REQUIRE(report.errors[0].where);
    CHECK(report.errors[0].where->to_string() ==
          "a.yml:3:5: $<secret.MISSING>: no secret named MISSING in the vault");
    CHECK_THAT(report.errors[1].message, Catch::Contains("was deleted"));
    CHECK(report.errors[2].message == "$<secret.OFF>: secret OFF is disabled");
    CHECK(report.errors[3].message == "$<secret.OLD>: secret OLD expired on 2026-01-01");
    CHECK(report.errors[4].secret == "TODAY");  // the expiry date is the first invalid day
}

TEST_CASE("malformed references fail the check", "[resolver][check]") {
    hush::ReferenceError bad{"z.txt", {9, 2}, {0, 5}, "malformed reference: unclosed reference"};
    auto report = check({}, {}, {bad});
    CHECK_FALSE(report.ok());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].kind == CheckIssueKind::malformed);
    CHECK(report.errors[0].where->path == "z.txt");
}

TEST_CASE("expiring and unused secrets are warnings, not errors", "[resolver][check]") {
    auto report = check({usage("SOON", "a", 1), usage("LATER", "a", 2, 20), usage("EDGE", "a", 3, 40)},
                        {{"SOON", true, "2026-11-24", false},
                         {"EDGE", true, "2026-12-07", false},  // exactly 14 days away: inside the window
                         {"LATER", true, "2026-12-08", false},
                         {"IDLE", true, std::nullopt, false},
                         {"TRASHED", true, std::nullopt, true}});
    CHECK(report.ok());
    CHECK(kinds(report.warnings) ==
          std::vector<CheckIssueKind>{CheckIssueKind::expiring, CheckIssueKind::unused, CheckIssueKind::expiring});
    CHECK(report.warnings[0].message == "secret EDGE expires on 2026-12-07 (in 14 days, 1 usage)");
    CHECK(report.warnings[1].message == "secret IDLE is not referenced under the usage roots");
    CHECK(report.warnings[2].message == "secret SOON expires on 2026-11-24 (in 1 day, 1 usage)");
}

TEST_CASE("a live secret wins over a deleted one of the same name", "[resolver][check]") {
    auto report = check({usage("A", "a", 1)}, {{"A", true, std::nullopt, true}, {"A", true, std::nullopt, false}});
    CHECK(report.ok());
}

TEST_CASE("unreadable dates", "[resolver][check]") {
    auto report = check({usage("A", "a", 1)}, {{"A", true, "next year", false}});
    CHECK(report.ok());
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].kind == CheckIssueKind::bad_expiry);
    auto bad_today = hush::check_references({}, {}, {}, {"23/11/2026", 14});
    REQUIRE_FALSE(bad_today);
    CHECK(bad_today.error().code == hush::ErrorCode::usage);
}

TEST_CASE("parse_date accepts only real calendar dates", "[resolver][check]") {
    CHECK(hush::parse_date("1970-01-02") == 1);
    CHECK(hush::parse_date("2024-02-29").has_value());
    CHECK_FALSE(hush::parse_date("2023-02-29"));
    CHECK_FALSE(hush::parse_date("2026-13-01"));
    CHECK_FALSE(hush::parse_date("2026-1-01"));
    CHECK_FALSE(hush::parse_date("2026-01-0a"));
}

TEST_CASE("check reports render as text and JSON", "[resolver][check]") {
    hush::ReferenceError bad{"docs/x.md", {2, 1}, {0, 5}, "malformed reference: empty secret name in '$<secret.>'"};
    auto report = check({usage("MISSING", "deploy.yml", 3), usage("SOON", "k8s.yaml", 8)},
                        {{"SOON", true, "2026-11-30", false}, {"IDLE", false, std::nullopt, false}}, {bad});
    CHECK_GOLDEN("resolver/check.txt", hush::render_check_text(report));
    std::string json_text = hush::render_check_json(report);
    CHECK_GOLDEN("resolver/check.json", json_text);
    auto doc = nlohmann::json::parse(json_text);
    CHECK(doc["ok"] == false);
    CHECK(doc["errors"].size() == 2);
    CHECK(doc["warnings"].size() == 2);

    auto passed = check({usage("A", "a", 1)}, {{"A", true, std::nullopt, false}});
    CHECK(hush::render_check_text(passed) == "check passed: 0 errors, 0 warnings (1 reference to 1 secret)\n");
}

TEST_CASE("secret_usable applies check's rules to one secret", "[resolver][check]") {
    SecretState live{"A", true, "2026-12-01", false};
    SecretState off{"B", false, std::nullopt, false};
    SecretState old{"C", true, "2026-11-23", false};
    SecretState gone{"D", true, std::nullopt, true};
    CHECK(hush::secret_usable("A", &live, "2026-11-30"));
    auto expired = hush::secret_usable("A", &live, "2026-12-01");
    REQUIRE_FALSE(expired);
    CHECK(expired.error().message == "secret A expired on 2026-12-01");
    CHECK(expired.error().code == hush::ErrorCode::conflict);
    CHECK(hush::secret_usable("B", &off, "2026-11-23").error().message == "secret B is disabled");
    CHECK_FALSE(hush::secret_usable("C", &old, "2026-11-23"));
    CHECK(hush::secret_usable("D", &gone, "2026-11-23").error().code == hush::ErrorCode::not_found);
    CHECK(hush::secret_usable("E", nullptr, "2026-11-23").error().message == "no secret named E in the vault");
    CHECK(hush::secret_usable("A", &live, "tomorrow").error().code == hush::ErrorCode::usage);
}

TEST_CASE("current_date_utc is a valid date", "[resolver][check]") {
    CHECK(hush::parse_date(hush::current_date_utc()).has_value());
}
