// Planner: dedup by value, reuse of vault secrets, deterministic names, overrides, overlaps.
#include <catch2/catch.hpp>

#include "rewriter_support.hpp"

using namespace hush;
using hush::test::FindingSpec;
using hush::test::make_finding;

namespace {

struct Repo {
    SourceFiles sources;
    std::vector<Finding> findings;

    Repo& file(const std::string& path, const std::string& text, std::vector<FindingSpec> specs) {
        sources.emplace(path, make_source(path, text));
        for (const auto& spec : specs) findings.push_back(make_finding(path, text, spec));
        return *this;
    }
};

std::vector<std::string> names(const MigrationPlan& plan) {
    std::vector<std::string> out;
    for (const auto& secret : plan.secrets) out.push_back(secret.name);
    return out;
}

}  // namespace

TEST_CASE("one vault secret per distinct value, referenced from every place", "[rewriter][plan]") {
    Repo repo;
    for (std::string path : {"e.yaml", "a.yaml", "d.yaml", "c.yaml", "b.yaml"})
        repo.file(path, "db:\n  password: Sh4redPassw0rd\n",
                  {{.spelling = "Sh4redPassw0rd", .key_path = "db.password"}});
    auto plan = plan_migration(repo.findings, repo.sources);
    REQUIRE(plan);
    REQUIRE(plan->secrets.size() == 1);
    const auto& secret = plan->secrets[0];
    CHECK(secret.name == "DB_PASSWORD");
    CHECK_FALSE(secret.reused);
    REQUIRE(secret.references.size() == 5);
    CHECK(secret.references[0].path == "a.yaml");  // ordered by path
    CHECK(secret.references[4].path == "e.yaml");
    CHECK(secret.description == "migrated by hush from a.yaml:2 (db.password)");
    CHECK(secret.tags == std::vector<std::string>{"migrated", "generic_secret"});
}

TEST_CASE("a value already in the vault reuses that secret", "[rewriter][plan]") {
    Repo repo;
    repo.file("a.env", "TOKEN=tok_abc123\nOTHER=tok_def456\n",
              {{.spelling = "tok_abc123", .key_path = "TOKEN"}, {.spelling = "tok_def456", .key_path = "OTHER"}});
    PlanOptions options;
    options.existing = {{"LEGACY_TOKEN", "tok_abc123"}, {"OTHER", "something-else"}};
    auto plan = plan_migration(repo.findings, repo.sources, options);
    REQUIRE(plan);
    REQUIRE(plan->secrets.size() == 2);
    CHECK(plan->secrets[0].name == "LEGACY_TOKEN");
    CHECK(plan->secrets[0].reused);
    CHECK(plan->secrets[1].name == "OTHER_2");  // OTHER holds a different value
    CHECK_FALSE(plan->secrets[1].reused);
}

TEST_CASE("name clashes get _2, _3 in order of first occurrence", "[rewriter][plan]") {
    Repo repo;
    repo.file("z.yaml", "password: zzzzzz1\n", {{.spelling = "zzzzzz1", .key_path = "password"}});
    repo.file("a.yaml", "password: aaaaaa1\npassword2: bbbbbb1\n",
              {{.spelling = "bbbbbb1", .key_path = "password"}, {.spelling = "aaaaaa1", .key_path = "password"}});
    PlanOptions options;
    options.existing_names = {"PASSWORD_2"};  // in the vault, value unknown: never taken over
    auto plan = plan_migration(repo.findings, repo.sources, options);
    REQUIRE(plan);
    CHECK(names(*plan) == std::vector<std::string>{"PASSWORD", "PASSWORD_3", "PASSWORD_4"});
    CHECK(plan->secrets[0].value == "aaaaaa1");
    CHECK(plan->secrets[2].value == "zzzzzz1");
    // Input order does not matter.
    std::reverse(repo.findings.begin(), repo.findings.end());
    auto again = plan_migration(repo.findings, repo.sources, options);
    REQUIRE(again);
    CHECK(names(*again) == names(*plan));
}

TEST_CASE("--name overrides win over config names and the prefix applies to generated names", "[rewriter][plan]") {
    Repo repo;
    repo.file("a.yaml", "a: v1v1v1\nb: v2v2v2\nc: v3v3v3\n",
              {{.spelling = "v1v1v1", .key_path = "a.token"},
               {.spelling = "v2v2v2", .key_path = "b.token"},
               {.spelling = "v3v3v3", .key_path = "c.token"}});
    PlanOptions options;
    options.prefix = "APP";
    options.config_names = {{repo.findings[0].fingerprint, "FROM_CONFIG"},
                            {repo.findings[1].fingerprint, "FROM_CONFIG_B"}};
    options.cli_names = {{repo.findings[1].fingerprint, "FROM_CLI"}};
    auto plan = plan_migration(repo.findings, repo.sources, options);
    REQUIRE(plan);
    CHECK(names(*plan) == std::vector<std::string>{"FROM_CONFIG", "FROM_CLI", "APP_C_TOKEN"});
}

TEST_CASE("overrides that would break the vault are refused", "[rewriter][plan]") {
    Repo repo;
    repo.file("a.yaml", "a: v1v1v1\nb: v2v2v2\n", {{.spelling = "v1v1v1"}, {.spelling = "v2v2v2"}});
    PlanOptions options;
    SECTION("a name holding another value") {
        options.existing = {{"TAKEN", "other"}};
        options.cli_names = {{repo.findings[0].fingerprint, "TAKEN"}};
        auto plan = plan_migration(repo.findings, repo.sources, options);
        REQUIRE_FALSE(plan);
        CHECK(plan.error().code == ErrorCode::conflict);
        CHECK(plan.error().path == "a.yaml");
    }
    SECTION("the same name for two values") {
        options.cli_names = {{repo.findings[0].fingerprint, "SAME"}, {repo.findings[1].fingerprint, "SAME"}};
        auto plan = plan_migration(repo.findings, repo.sources, options);
        REQUIRE_FALSE(plan);
        CHECK(plan.error().message.find("two different values") != std::string::npos);
    }
    SECTION("an invalid name") {
        options.cli_names = {{repo.findings[0].fingerprint, "lower"}};
        auto plan = plan_migration(repo.findings, repo.sources, options);
        REQUIRE_FALSE(plan);
        CHECK(plan.error().code == ErrorCode::usage);
    }
    SECTION("an override naming the vault secret with the same value reuses it") {
        options.existing = {{"KEEP", "v1v1v1"}};
        options.cli_names = {{repo.findings[0].fingerprint, "KEEP"}};
        auto plan = plan_migration(repo.findings, repo.sources, options);
        REQUIRE(plan);
        CHECK(plan->secrets[0].name == "KEEP");
        CHECK(plan->secrets[0].reused);
    }
    SECTION("a bad prefix") {
        options.prefix = "app-";
        auto plan = plan_migration(repo.findings, repo.sources, options);
        REQUIRE_FALSE(plan);
        CHECK(plan.error().code == ErrorCode::config);
    }
}

TEST_CASE("parse_name_override reads FINGERPRINT=NAME", "[rewriter][plan]") {
    auto ok = parse_name_override("generic:a.yaml:abc=DB_PASSWORD");
    REQUIRE(ok);
    CHECK(ok->first == "generic:a.yaml:abc");
    CHECK(ok->second == "DB_PASSWORD");
    CHECK_FALSE(parse_name_override("no-equals"));
    CHECK_FALSE(parse_name_override("=NAME"));
    CHECK_FALSE(parse_name_override("fp=bad name"));
}

TEST_CASE("overlapping findings: the longest span wins, duplicates collapse", "[rewriter][plan]") {
    Repo repo;
    std::string text = "DATABASE_URL=postgres://app:pw5ecret@db/app\n";
    repo.file("a.env", text,
              {{.spelling = "pw5ecret", .rule_id = "uri-password"},
               {.spelling = "postgres://app:pw5ecret@db/app", .key_path = "DATABASE_URL", .rule_id = "generic"},
               {.spelling = "postgres://app:pw5ecret@db/app", .key_path = "DATABASE_URL", .rule_id = "other"}});
    auto plan = plan_migration(repo.findings, repo.sources);
    REQUIRE(plan);
    REQUIRE(plan->secrets.size() == 1);
    CHECK(plan->secrets[0].name == "DATABASE_URL");
    CHECK(plan->secrets[0].references.size() == 1);
    CHECK(plan->secrets[0].references[0].rule_id == "generic");
    REQUIRE(plan->skipped.size() == 2);
    auto changes = build_changes(*plan, repo.sources);
    REQUIRE(changes);
    REQUIRE(changes->size() == 1);
    CHECK((*changes)[0].updated == "DATABASE_URL=\"$<secret.DATABASE_URL>\"\n");
}

TEST_CASE("a span that no longer spells its secret means the file changed since the scan", "[rewriter][plan]") {
    Repo repo;
    repo.file("a.yaml", "token: abcdef123\n", {{.spelling = "abcdef123"}});
    repo.sources.at("a.yaml") = make_source("a.yaml", "token: zzzzzz123\n");
    auto plan = plan_migration(repo.findings, repo.sources);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().code == ErrorCode::conflict);
    CHECK(plan.error().to_string() == "a.yaml:1: changed since the scan (the secret is no longer where it was found)");
    CHECK(plan.error().to_string().find("abcdef") == std::string::npos);
}

TEST_CASE("stdin and history-only findings are skipped, not rewritten", "[rewriter][plan]") {
    Repo repo;
    repo.file("a.yaml", "token: abcdef123\n", {{.spelling = "abcdef123"}});
    Finding stdin_finding = repo.findings[0];
    stdin_finding.path = "-";
    Finding history = repo.findings[0];
    history.git = GitOrigin{"abc", "A <a@b>", "2024-01-01", false};
    auto plan = plan_migration({stdin_finding, history}, repo.sources);
    REQUIRE(plan);
    CHECK(plan->empty());
    CHECK(plan->skipped.size() == 2);
    CHECK(render_plan_text(*plan).starts_with("Nothing to migrate.\n"));
}
