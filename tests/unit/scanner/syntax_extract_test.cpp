// Golden key paths per language and format: tests/fixtures/syntax/<file> ->
// tests/golden/syntax/<file>.txt (HUSH_UPDATE_GOLDEN=1 rewrites them after a deliberate change).
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/scanner.hpp"
#include "syntax_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

std::string golden_of(const std::string& name) {
    std::string text = fixture(name);
    auto values = extract_keyed_values("some/dir/" + name, text);
    check_spans(text, values);
    return render_keyed_values(text, values);
}

std::vector<KeyedValue> values_of(std::string_view path, std::string_view text) {
    auto values = extract_keyed_values(path, text);
    check_spans(text, values);
    return values;
}

const KeyedValue* find(const std::vector<KeyedValue>& values, std::string_view key_path) {
    for (const auto& kv : values)
        if (kv.key_path == key_path) return &kv;
    return nullptr;
}

}  // namespace

TEST_CASE("syntax golden: every language and format", "[syntax]") {
    const char* fixtures[] = {"python.py", "django-settings.py", "javascript.js", "typescript.ts", "tsx.tsx",
                              "go.go", "Java.java", "ruby.rb", "csharp.cs", "php.php", "bash.sh", "rust.rs",
                              "data.json", "kubernetes.yaml", "docker-compose.yml", "spring-application.yml",
                              "config.toml", "main.tf", "app.properties", "settings.ini", ".env", "Dockerfile"};
    for (const char* name : fixtures) {
        SECTION(name) {
            std::string golden = std::string("syntax/") + (name[0] == '.' ? name + 1 : name) + ".txt";
            CHECK_GOLDEN(golden, golden_of(name));
        }
    }
}

TEST_CASE("syntax: the required key paths of the corpus", "[syntax]") {
    auto spring = values_of("application.yml", fixture("spring-application.yml"));
    const KeyedValue* grafana = find(spring, "integrations.grafana.api_key");
    REQUIRE(grafana);
    CHECK(grafana->key == "api_key");
    CHECK(grafana->style == ValueStyle::double_quoted);
    CHECK(grafana->value.starts_with("glsa_"));

    auto django = values_of("settings.py", fixture("django-settings.py"));
    const KeyedValue* password = find(django, "DATABASES.default.PASSWORD");
    REQUIRE(password);
    CHECK(password->key == "PASSWORD");
    CHECK(password->style == ValueStyle::single_quoted);
}

TEST_CASE("syntax: spans are exact and values unescaped", "[syntax]") {
    std::string text = "X = \"a\\tb\"\n";
    auto values = values_of("x.py", text);
    REQUIRE(values.size() == 1);
    CHECK(values[0].value_span.of(text) == "a\\tb");
    CHECK(values[0].literal_span.of(text) == "\"a\\tb\"");
    CHECK(values[0].value == "a\tb");
}

TEST_CASE("syntax: Kubernetes env entries are named by their name field", "[syntax]") {
    auto values = values_of("deploy.yaml", fixture("kubernetes.yaml"));
    const KeyedValue* env = find(values, "spec.template.spec.containers[0].env.SENDGRID_API_KEY");
    REQUIRE(env);
    CHECK(env->key == "SENDGRID_API_KEY");
    CHECK(env->value == "sg-key");
    CHECK_FALSE(find(values, "spec.template.spec.containers[0].env[0].value"));
}

TEST_CASE("syntax: compose KEY=value lists and command lines", "[syntax]") {
    auto values = values_of("docker-compose.yml", fixture("docker-compose.yml"));
    const KeyedValue* key = find(values, "services.worker.environment.API_KEY");
    REQUIRE(key);
    CHECK(key->key == "API_KEY");
    CHECK(key->value == "list-key");
    const KeyedValue* login = find(values, "services.ci.script[0].docker.login.password");
    REQUIRE(login);
    CHECK(login->value == "ci-pw");
    CHECK(login->style == ValueStyle::embedded);
}

TEST_CASE("syntax: interpolated strings are not literals", "[syntax]") {
    auto py = values_of("a.py", "A = f\"x{y}\"\nB = f\"plain\"\n");
    REQUIRE(py.size() == 2);
    CHECK_FALSE(py[0].is_literal);
    CHECK(py[1].is_literal);
    auto js = values_of("a.js", "const a = `x${y}`; const b = `z`;");
    REQUIRE(js.size() == 2);
    CHECK_FALSE(js[0].is_literal);
    CHECK(js[1].is_literal);
    auto sh = values_of("a.sh", "A=\"$HOME\"\nB='$HOME'\n");
    REQUIRE(sh.size() == 2);
    CHECK_FALSE(sh[0].is_literal);
    CHECK(sh[1].is_literal);
}

TEST_CASE("syntax: file names choose the grammar", "[syntax]") {
    CHECK(values_of("README.md", "password = \"x\"").empty());
    CHECK(values_of("prod.env", "A=b").size() == 1);
    CHECK(values_of(".env.local", "A=b").size() == 1);
    CHECK(values_of("build/app.dockerfile", "ENV A=b").size() == 1);
    CHECK(values_of("Containerfile", "ENV A=b").size() == 1);
    CHECK(values_of("x.tfvars", "a = \"b\"").size() == 1);
    CHECK(values_of("x.cfg", "[s]\na = b").size() == 1);
    CHECK(values_of("X.PY", "A = 'b'").size() == 1);
}

TEST_CASE("syntax: support and parse errors are reported", "[syntax]") {
    CHECK(has_syntax_support("a/b/settings.py"));
    CHECK(has_syntax_support("Dockerfile"));
    CHECK_FALSE(has_syntax_support("notes.md"));
    auto good = extract_syntax("a.py", "A = 'b'\n");
    CHECK(good.supported);
    CHECK_FALSE(good.parse_error);
    auto broken = extract_syntax("a.py", "A = 'b'\ndef (:\n");
    CHECK(broken.supported);
    CHECK(broken.parse_error);
    REQUIRE(broken.values.size() == 1);
    CHECK(broken.values[0].key_path == "A");
    auto none = extract_syntax("notes.md", "password: x");
    CHECK_FALSE(none.supported);
    CHECK(none.values.empty());
}

TEST_CASE("syntax: a match inside a value finds its key path", "[syntax]") {
    std::string text = "dsn = \"host=db password=s3cr3t-Value dbname=x\"\nother = \"y\"\n";
    auto values = values_of("a.py", text);
    auto at = text.find("s3cr3t");
    const KeyedValue* inner = enclosing_value(values, {at, at + 12});
    REQUIRE(inner);
    CHECK(inner->key_path == "dsn.password");
    auto host = text.find("host");
    const KeyedValue* outer = enclosing_value(values, {host, host + 7});
    REQUIRE(outer);
    CHECK(outer->key_path == "dsn");
    CHECK_FALSE(enclosing_value(values, {0, 3}));
}

TEST_CASE("syntax: broken input still gives spans inside the text", "[syntax]") {
    const char* inputs[] = {"x = \"unterminated", "a: [b, \"c", "{\"a\": ", "A=\"open", "ENV A=\"x", "[s\nk=v",
                            "key: |\n", "f(password=", "x = {", "resource \"a\" {\n password = \"", "",
                            "ENV \"\" value\nENV =x\n", "- =\n- \"\\\n", "A='\n"};
    const char* paths[] = {"a.py", "a.yaml", "a.json", ".env", "Dockerfile", "a.ini", "a.yml", "a.py", "a.js", "a.tf", "a.go",
                           "Dockerfile", "docker-compose.yml", ".env"};
    for (std::size_t i = 0; i < std::size(inputs); ++i) values_of(paths[i], inputs[i]);
}
