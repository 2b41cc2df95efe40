// Naming: vault names derived from context (docs/migrate.md).
#include <catch2/catch.hpp>

#include <vector>

#include "hush/core/secret_name.hpp"
#include "rewriter_support.hpp"

using namespace hush;
using hush::test::FindingSpec;
using hush::test::make_finding;

namespace {

std::string name_for(const std::string& path, const std::string& text, FindingSpec spec) {
    return suggest_secret_name(make_finding(path, text, spec), text);
}

std::string name_for_key(const std::string& key_path) {
    return name_for("c.yaml", "k: v4lue\n", {.spelling = "v4lue", .key_path = key_path});
}

}  // namespace

TEST_CASE("key paths name secrets by their last meaningful segments", "[rewriter][naming]") {
    CHECK(name_for_key("integrations.grafana.api_key") == "GRAFANA_API_KEY");
    CHECK(name_for_key("DATABASES.default.PASSWORD") == "DATABASE_PASSWORD");
    CHECK(name_for_key("settings.DATABASES.default.PASSWORD") == "DATABASE_PASSWORD");
    CHECK(name_for_key("services.api.environment.STRIPE_KEY") == "STRIPE_KEY");
    CHECK(name_for_key("spec.template.spec.containers[0].env.DB_PASSWORD") == "DB_PASSWORD");
    CHECK(name_for_key("aws.secret_access_key") == "AWS_SECRET_ACCESS_KEY");
    CHECK(name_for_key("oauth.github.clientSecret") == "GITHUB_CLIENT_SECRET");
    CHECK(name_for_key("slack.webhook_url") == "SLACK_WEBHOOK_URL");
    CHECK(name_for_key("redis.url") == "REDIS_URL");
    CHECK(name_for_key("password") == "PASSWORD");
    CHECK(name_for_key("data.github-token") == "GITHUB_TOKEN");
    CHECK(name_for_key("integrations.analytics.token") == "ANALYTICS_TOKEN");
    CHECK(name_for_key("providers.postgres.password") == "POSTGRES_PASSWORD");
    CHECK(name_for_key("libraries.password") == "LIBRARY_PASSWORD");
}

TEST_CASE("a URL's password is named after the host's first label", "[rewriter][naming]") {
    std::string text = "url: postgres://app:pw4Secret@db.internal:5432/app\n";
    CHECK(name_for("a.yaml", text, {.spelling = "pw4Secret", .key_path = "database.url"}) == "DB_PASSWORD");
    std::string ip = "DATABASE_URL=mysql://root:pw4Secret@10.0.0.5/app\n";
    CHECK(name_for("a.env", ip, {.spelling = "pw4Secret"}) == "MYSQL_PASSWORD");
    std::string local = "REDIS=redis://:pw4Secret@localhost:6379\n";
    CHECK(name_for("a.env", local, {.spelling = "pw4Secret"}) == "REDIS_PASSWORD");
    std::string hyphen = "amqp://user:pw4Secret@rabbit-mq.prod.svc/vhost";
    CHECK(name_for("a.txt", hyphen, {.spelling = "pw4Secret"}) == "RABBIT_MQ_PASSWORD");
}

TEST_CASE("assignments on the secret's line name it when there is no key path", "[rewriter][naming]") {
    CHECK(name_for("s.py", "STRIPE_KEY = \"sk_x1\"\n", {.spelling = "sk_x1"}) == "STRIPE_KEY");
    CHECK(name_for("s.py", "api = Client(token=r'sk_x1')\n", {.spelling = "sk_x1"}) == "TOKEN");
    CHECK(name_for("s.go", "\tapiKey := \"sk_x1\"\n", {.spelling = "sk_x1"}) == "API_KEY");
    CHECK(name_for("s.sh", "export GITHUB_TOKEN=sk_x1\n", {.spelling = "sk_x1"}) == "GITHUB_TOKEN");
    CHECK(name_for("s.json", "{\"sendgrid_api_key\": \"sk_x1\"}", {.spelling = "sk_x1"}) == "SENDGRID_API_KEY");
    CHECK(name_for("s.rb", "  :mailgun_key => 'sk_x1',\n", {.spelling = "sk_x1"}) == "MAILGUN_KEY");
    CHECK(name_for("s.php", "$dbPassword = \"sk_x1\";\n", {.spelling = "sk_x1"}) == "DB_PASSWORD");
    CHECK(name_for("s.properties", "spring.datasource.password=sk_x1\n", {.spelling = "sk_x1"}) ==
          "DATASOURCE_PASSWORD");
    CHECK(name_for("s.js", "this.apiKey = 'sk_x1';\n", {.spelling = "sk_x1"}) == "API_KEY");
}

TEST_CASE("a Kubernetes env entry is named after its name:", "[rewriter][naming]") {
    std::string text = "env:\n  - name: DB_PASSWORD\n    value: \"hunter2x\"\n";
    CHECK(name_for("d.yaml", text, {.spelling = "hunter2x"}) == "DB_PASSWORD");
    CHECK(name_for("d.yaml", text, {.spelling = "hunter2x", .key_path = "env[0].value"}) == "DB_PASSWORD");
}

TEST_CASE("without context the rule's name_hint, then the kind names the secret", "[rewriter][naming]") {
    std::string text = "x sk_live_abc y\n";
    CHECK(name_for("a.txt", text,
                   {.spelling = "sk_live_abc", .kind = "stripe_secret_key", .name_hint = "STRIPE_SECRET_KEY"}) ==
          "STRIPE_SECRET_KEY");
    CHECK(name_for("a.txt", text, {.spelling = "sk_live_abc", .kind = "stripe_secret_key"}) == "STRIPE_SECRET_KEY");
    CHECK(name_for("a.txt", text, {.spelling = "sk_live_abc", .kind = ""}) == "SECRET");
}

TEST_CASE("every suggested name is a valid secret name", "[rewriter][naming]") {
    for (const std::string& key : std::vector<std::string>{"1st.password", "ключ.пароль", "a..b", "__x__", "x.y.z.",
                                                           "[0]", std::string(300, 'k')}) {
        std::string name = name_for_key(key);
        INFO(key << " -> " << name);
        CHECK(is_valid_secret_name(name));
    }
    CHECK(to_upper_snake("apiKey") == "API_KEY");
    CHECK(to_upper_snake("APIKey") == "API_KEY");
    CHECK(to_upper_snake("db-password.v2") == "DB_PASSWORD_V2");
    CHECK(to_upper_snake("--") == "");
}
