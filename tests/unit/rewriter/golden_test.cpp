// Golden tests: one fixture per format and quoting style, rewritten with hand-built findings.
#include <catch2/catch.hpp>

#include <map>

#include "harness.hpp"
#include "rewriter_support.hpp"

using namespace hush;
using hush::test::FindingSpec;

namespace {

const std::string pem_lines[] = {
    "-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
    "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu", "-----END PRIVATE KEY-----"};

std::string join(std::string_view separator, bool all = true) {
    std::string out;
    for (std::size_t i = 0; i < 4; ++i) {
        if (!all && i == 2) continue;
        if (!out.empty()) out += separator;
        out += pem_lines[i];
    }
    return out;
}

// Every fixture with the findings a scanner would report in it.
std::map<std::string, std::vector<FindingSpec>> fixture_specs() {
    std::string pem = join("\n");
    return {
        {"plain.yaml",
         {{.spelling = "glsa_Xq3zT9vLm2Kp8RwY4nB6cD1fH5jU7eA0",
           .key_path = "integrations.grafana.api_key",
           .kind = "grafana_api_key"},
          {.spelling = "Pg5ecretW0rd77", .key_path = "database.url", .kind = "uri_password"}}},
        {"quoted.yaml",
         {{.spelling = "ghp_R8mK2vX9pL4qW7nT3zY6bC1dF5hJ0sA2eG4i", .key_path = "auth.token", .kind = "github_pat"},
          {.spelling = "sk_live_51Hq\\\"x9ZpQ2mV8kW3nR7tY4",
           .value = "sk_live_51Hq\"x9ZpQ2mV8kW3nR7tY4",
           .key_path = "auth.escaped"},
          {.spelling = "xoxb-2837465-ab''cd-9Kq8Zp3Lm7Wn",
           .value = "xoxb-2837465-ab'cd-9Kq8Zp3Lm7Wn",
           .key_path = "auth.single"}}},
        {"block.yaml",
         {{.spelling = join("\n    "), .value = pem + "\n", .key_path = "tls.key", .kind = "private_key"},
          {.spelling = "AKIAIOSFODNN7EXAMPLE9", .key_path = "other.folded", .kind = "aws_access_key_id"}}},
        {"flow.yaml",
         {{.spelling = "Zx9Qw2Er7Ty4Ui1Op", .key_path = "db.password"},
          {.spelling = "tk_9Hj3Kl5Mn7Bv2Cx4Zq8W", .key_path = "tokens[1]", .name_hint = "SERVICE_TOKEN"}}},
        {"config.json",
         {{.spelling = "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
           .key_path = "stripe.secret_key",
           .kind = "stripe_secret_key"},
          {.spelling = join("\\n") + "\\n",
           .value = pem + "\n",
           .key_path = "tls.private_key",
           .kind = "private_key"}}},
        {"app.env",
         {{.spelling = "Env5ecretPw99", .key_path = "DATABASE_URL"},
          {.spelling = "tok_8Fh2Jk4Lm6Np8Qr0St2U", .key_path = "API_TOKEN"},
          {.spelling = "qs_3Vb5Nm7Kl9Jh1Gf3Ds5A", .key_path = "QUOTED_SECRET"}}},
        {"app.properties",
         {{.spelling = "Pr0pS3cretPass!x", .key_path = "spring.datasource.password"}, {.spelling = "SmtpP4ssW0rdZz9"}}},
        {"settings.ini",
         {{.spelling = "IniP4ssw0rdQq7Ww", .key_path = "database.password"}, {.spelling = "ak_7Tg5Rf3Ed1Ws9Qa2Zx"}}},
        {"config.toml",
         {{.spelling = "T0mlS3cretPwVv88", .key_path = "database.password"},
          {.spelling = "bk_5Lp3Ko1Ji9Hu7Gy5Ft", .key_path = "database.backup_key"}}},
        {"main.tf",
         {{.spelling = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", .kind = "aws_secret_access_key"},
          {.spelling = "HclDbP4ssw0rd55"}}},
        {"Dockerfile",
         {{.spelling = "dk_4Rt6Yu8Io0Pa2Sd4Fg6H"},
          {.spelling = "dt_9Zx7Cv5Bn3Mm1Ll9Kk7J"},
          {.spelling = "hunter2Hunter2xyz", .kind = "generic_password"}}},
        {"deploy.sh",
         {{.spelling = "sh_2Wq4Er6Ty8Ui0Op2As4D"},
          {.spelling = "sh_7Hj9Kl1Zx3Cv5Bn7Mq9W", .name_hint = "API_BEARER_TOKEN"},
          {.spelling = "sh_Single5Quoted7Pw9"}}},
        {"settings.py",
         {{.spelling = "dj4ngoP4ss\\\"w0rd\\\\x",
           .value = "dj4ngoP4ss\"w0rd\\x",
           .key_path = "DATABASES.default.PASSWORD"},
          {.spelling = "sk_live_9Pq7Rs5Tu3Vw1Xy9Za7B"},
          {.spelling = join("\\n") + "\\n", .value = pem + "\n", .kind = "private_key"}}},
        {"app.js",
         {{.spelling = "js_3Kd5Lf7Mg9Nh1Pj3Qk5R"},
          {.spelling = "wh9Xy7Zw5Vu3Ts1Rq", .kind = "slack_webhook"},
          {.spelling = pem_lines[0] + "\\n' +\n  '" + pem_lines[1] + "\\n' +\n  '" + pem_lines[3] + "\\n",
           .value = join("\n", false) + "\n",
           .kind = "private_key"}}},
        {"main.go", {{.spelling = "go_5Tr7Ew9Qa1Sd3Fg5Hj7K"}, {.spelling = "go_raw_8Lk6Jh4Gf2Ds0Ap8Zm"}}},
        {"App.java", {{.spelling = "J4v4P4ss\\\"w0rd\\tZq", .value = "J4v4P4ss\"w0rd\tZq"}}},
        {"crlf.yaml",
         {{.spelling = "CrLfP4ssw0rd991", .key_path = "service.password"},
          {.spelling = join("\r\n    "), .value = pem, .key_path = "service.key", .kind = "private_key"}}},
        {"bom.json", {{.spelling = "bom_7Yh5Tg3Rf1Ed9Ws7Qa", .key_path = "token"}}},
        {"nothing.yaml", {}},
    };
}

struct Migration {
    SourceFiles sources;
    std::vector<Finding> findings;
};

Migration load_fixtures() {
    Migration m;
    for (const auto& [name, specs] : fixture_specs()) {
        std::string bytes = hush::test::read_file(std::string(HUSH_FIXTURES_DIR) + "/rewriter/" + name);
        for (const auto& spec : specs) m.findings.push_back(hush::test::make_finding(name, bytes, spec));
        m.sources.emplace(name, make_source(name, bytes));
    }
    return m;
}

struct Planned {
    Migration m;
    MigrationPlan plan;
    std::vector<FileChange> changes;
};

Planned plan_fixtures() {
    Planned p{load_fixtures(), {}, {}};
    auto plan = plan_migration(p.m.findings, p.m.sources);
    REQUIRE(plan);
    auto changes = build_changes(*plan, p.m.sources);
    REQUIRE(changes);
    p.plan = std::move(*plan);
    p.changes = std::move(*changes);
    return p;
}

}  // namespace

TEST_CASE("every format and quoting style is rewritten as in its golden file", "[rewriter][golden]") {
    auto [m, plan, changes] = plan_fixtures();
    std::map<std::string, const FileChange*> by_path;
    for (const auto& change : changes) by_path[change.path] = &change;

    for (const auto& [name, specs] : fixture_specs()) {
        DYNAMIC_SECTION(name) {
            if (specs.empty()) {
                CHECK_FALSE(by_path.contains(name));  // nothing to change: the file is not touched
                continue;
            }
            REQUIRE(by_path.contains(name));
            const FileChange& change = *by_path.at(name);
            CHECK_GOLDEN("rewriter/" + name, change.updated);
            auto verified = verify_change(change);
            INFO((verified ? std::string() : verified.error().to_string()));
            CHECK(verified);
            for (const auto& finding : m.findings) {
                if (finding.path == name) CHECK(change.updated.find(finding.secret) == std::string::npos);
            }
        }
    }
}

TEST_CASE("the dry run prints the plan and a diff without any secret", "[rewriter][golden]") {
    auto [m, plan, changes] = plan_fixtures();
    std::string diff = render_diff(changes);
    std::string text = render_plan_text(plan);
    std::string json = render_plan_json(plan, changes);
    CHECK_GOLDEN("rewriter/migration.diff", diff);
    CHECK_GOLDEN("rewriter/plan.txt", text);
    CHECK_GOLDEN("rewriter/plan.json", json);
    for (const auto& finding : m.findings) {
        INFO(finding.path);
        for (const std::string* output : {&diff, &text, &json}) {
            CHECK(output->find(finding.secret) == std::string::npos);
            CHECK(output->find(finding.span.of(m.sources.at(finding.path).bytes)) == std::string::npos);
        }
    }
}
