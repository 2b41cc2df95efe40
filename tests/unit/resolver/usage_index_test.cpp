// Usage index: key paths and consumers per format, and the walk over a tree (ignore rules, binary
// and large files, git repositories).
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "hush/resolver.hpp"

using hush::index_file;
using hush::test::TempDir;

namespace {

const hush::Usage& only_usage(const hush::FileReferences& refs) {
    REQUIRE(refs.usages.size() == 1);
    return refs.usages[0];
}

}  // namespace

TEST_CASE("a GitHub workflow reference belongs to its job", "[resolver][index]") {
    auto refs = index_file(".github/workflows/ci.yml",
                           "on: push\njobs:\n  deploy:\n    env:\n      TOKEN: $<secret.TOKEN>\n");
    const auto& usage = only_usage(refs);
    CHECK(usage.consumer == "github-actions: ci.yml / job deploy");
    CHECK(usage.key_path == "jobs.deploy.env.TOKEN");
    CHECK(usage.start == hush::LineCol{5, 14});
    CHECK(usage.path == ".github/workflows/ci.yml");
}

TEST_CASE("a workflow outside .github is recognised by on: and jobs:", "[resolver][index]") {
    auto refs = index_file("ci/github-workflow.yml",
                           "name: deploy\non:\n  push: {}\njobs:\n  deploy:\n    env:\n      A: $<secret.A>\n");
    CHECK(only_usage(refs).consumer == "github-actions: github-workflow.yml / job deploy");
}

TEST_CASE("a Kubernetes document names kind, name and namespace", "[resolver][index]") {
    std::string text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n"
        "  template:\n    spec:\n      containers:\n        - env:\n            - name: X\n"
        "              value: $<secret.X>\n";
    auto refs = index_file("deploy.yaml", text);
    const auto& usage = only_usage(refs);
    CHECK(usage.consumer == "kubernetes: Deployment/api (namespace prod)");
    CHECK(usage.key_path == "spec.template.spec.containers[0].env[0].value");
}

TEST_CASE("a Kubernetes resource without namespace", "[resolver][index]") {
    auto refs = index_file("a.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  K: $<secret.K>\n");
    CHECK(only_usage(refs).consumer == "kubernetes: Secret/s");
}

TEST_CASE("a compose reference belongs to its service", "[resolver][index]") {
    auto refs = index_file("deploy/compose.yaml", "services:\n  worker:\n    environment:\n      - A=$<secret.A>\n");
    CHECK(only_usage(refs).consumer == "compose: compose.yaml / service worker");
    CHECK(only_usage(refs).key_path == "services.worker.environment.A");
    // Any YAML whose services have an image is a compose file, whatever its name.
    auto other = index_file("stack.yml", "services:\n  api:\n    image: x\n    environment:\n      A: $<secret.A>\n");
    CHECK(only_usage(other).consumer == "compose: stack.yml / service api");
    // An application config with a services: key is not.
    auto config = index_file("app.yml", "services:\n  stripe:\n    key: $<secret.A>\n");
    CHECK(only_usage(config).consumer == "file: app.yml");
}

TEST_CASE("GitLab CI jobs and global variables", "[resolver][index]") {
    std::string text = "variables:\n  A: $<secret.A>\nbuild:\n  script:\n    - echo $<secret.B>\n";
    auto refs = index_file(".gitlab-ci.yml", text);
    REQUIRE(refs.usages.size() == 2);
    CHECK(refs.usages[0].consumer == "gitlab-ci: .gitlab-ci.yml");
    CHECK(refs.usages[1].consumer == "gitlab-ci: .gitlab-ci.yml / job build");
    CHECK(refs.usages[1].key_path == "build.script[0]");
}

TEST_CASE("Helm values need the chart context", "[resolver][index]") {
    std::string text = "db:\n  password: $<secret.P>\n";
    hush::FileContext chart;
    chart.helm_chart = "billing";
    CHECK(only_usage(index_file("chart/values.yaml", text, chart)).consumer == "helm: chart billing / values key db");
    CHECK(only_usage(index_file("chart/values.yaml", text)).consumer == "file: chart/values.yaml");
}

TEST_CASE("YAML block scalars and multi-byte text keep paths and columns", "[resolver][index]") {
    std::string text = "name: \"héllo wörld\"\nscript: |\n  line one\n  use $<secret.X> here\nafter: 1\n";
    auto refs = index_file("a.yaml", text);
    const auto& usage = only_usage(refs);
    CHECK(usage.key_path == "script");
    CHECK(usage.start == hush::LineCol{4, 7});
}

TEST_CASE("invalid YAML still yields the usage, attributed to the file", "[resolver][index]") {
    auto refs = index_file("t.yaml", "a: [unclosed\nb: $<secret.X>\n");
    const auto& usage = only_usage(refs);
    CHECK(usage.consumer == "file: t.yaml");
    CHECK(usage.key_path.empty());
}

TEST_CASE("Terraform blocks become addresses", "[resolver][index]") {
    std::string text =
        "# comment with \"quotes\" {\nvariable \"x\" {\n  default = \"$<secret.V>\"\n}\n"
        "module \"vpc\" {\n  source = \"./vpc\"\n  settings = {\n    key = \"$<secret.M>\"\n  }\n}\n"
        "resource \"aws_instance\" \"web\" {\n  user_data = <<-EOT\n    echo $<secret.H>\n  EOT\n"
        "  provisioner \"local-exec\" {\n    command = \"run ${var.x} $<secret.P>\"\n  }\n}\n"
        "data \"vault_x\" \"y\" {\n  token = \"$<secret.D>\"\n}\n";
    auto refs = index_file("main.tf", text);
    REQUIRE(refs.usages.size() == 5);
    CHECK(refs.usages[0].consumer == "terraform: var.x");
    CHECK(refs.usages[0].key_path == "default");
    CHECK(refs.usages[1].consumer == "terraform: module.vpc");
    CHECK(refs.usages[1].key_path == "settings.key");
    CHECK(refs.usages[2].consumer == "terraform: aws_instance.web");
    CHECK(refs.usages[2].key_path == "user_data");
    CHECK(refs.usages[3].consumer == "terraform: aws_instance.web");
    CHECK(refs.usages[3].key_path == "provisioner.command");
    CHECK(refs.usages[4].consumer == "terraform: data.vault_x.y");
}

TEST_CASE("JSON key paths", "[resolver][index]") {
    std::string text = R"({"a": {"b\"q": 1, "list": [1, {"k": "$<secret.X>"}]}, "c": "$<secret.Y>"})";
    auto refs = index_file("x.json", text);
    REQUIRE(refs.usages.size() == 2);
    CHECK(refs.usages[0].key_path == "a.list[1].k");
    CHECK(refs.usages[1].key_path == "c");
    CHECK(refs.usages[1].consumer == "file: x.json");
}

TEST_CASE("dotenv and properties keys", "[resolver][index]") {
    auto refs = index_file("config/.env.production", "# c\nA=$<secret.A>\n  export B = \"$<secret.B>\"\n$<secret.C>\n");
    REQUIRE(refs.usages.size() == 3);
    CHECK(refs.usages[0].key_path == "A");
    CHECK(refs.usages[1].key_path == "B");
    CHECK(refs.usages[2].key_path.empty());
    CHECK(only_usage(index_file("app.properties", "db.password: $<secret.P>\n")).key_path == "db.password");
}

TEST_CASE("plain files: consumer is the file, malformed references have locations", "[resolver][index]") {
    auto refs = index_file("src/app.py", "x = 1\nkey = \"$<secret.KEY>\"  # $<secret.bad>\n");
    CHECK(only_usage(refs).consumer == "file: src/app.py");
    REQUIRE(refs.malformed.size() == 1);
    CHECK(refs.malformed[0].to_string().starts_with("src/app.py:2:26: malformed reference: invalid secret name 'bad'"));
}

TEST_CASE("consumer_kind reads the prefix", "[resolver][index]") {
    CHECK(hush::consumer_kind("github-actions: a.yml / job b") == "github-actions");
    CHECK(hush::consumer_kind("kubernetes: Deployment/x") == "kubernetes");
    CHECK(hush::consumer_kind("plain") == "file");
}

TEST_CASE("the walker honours .gitignore and .hushignore outside a repository", "[resolver][index]") {
    TempDir dir;
    dir.write("a.txt", "$<secret.A>\n");
    dir.write("build/out.txt", "$<secret.IGNORED_DIR>\n");
    dir.write("debug.log", "$<secret.IGNORED_GLOB>\n");
    dir.write("keep.log", "$<secret.KEPT_BY_NEGATION>\n");
    dir.write("vendor/x/y.txt", "$<secret.IGNORED_ANCHORED>\n");
    dir.write("node_modules/m/index.js", "$<secret.IN_NODE_MODULES>\n");
    dir.write("bin.dat", std::string("\0\0$<secret.IN_BINARY>", 21));
    dir.write(".gitignore", "build/\n*.log\n!keep.log\n");
    dir.write(".hushignore", "/vendor/x\n");
    auto index = hush::build_usage_index(dir.path(), {"."});
    REQUIRE(index);
    std::vector<std::string> names;
    for (const auto& usage : index->usages) names.push_back(usage.secret_name);
    CHECK(names == std::vector<std::string>{"A", "KEPT_BY_NEGATION"});
    CHECK(index->stats.skipped_binary == 1);
    hush::IndexOptions no_ignore;
    no_ignore.ignore_files = false;
    auto everything = hush::build_usage_index(dir.path(), {"."}, no_ignore);
    REQUIRE(everything);
    CHECK(everything->usages.size() == 5);  // still never node_modules or binaries
}

TEST_CASE("the walker uses the repository's ignore rules inside git", "[resolver][index]") {
    TempDir dir;
    REQUIRE(hush::test::run_program({"git", "init", "-q", dir.path().string()}).exit_code == 0);
    dir.write(".gitignore", "secret-cache/\n");
    dir.write("sub/.gitignore", "*.tmp\n");
    dir.write("sub/a.yaml", "k: $<secret.A>\n");
    dir.write("sub/b.tmp", "$<secret.NESTED_IGNORE>\n");
    dir.write("secret-cache/c.txt", "$<secret.ROOT_IGNORE>\n");
    dir.write("other/d.txt", "$<secret.HUSHIGNORED>\n");
    dir.write(".hushignore", "other/\n");
    auto index = hush::build_usage_index(dir.path(), {"sub", "other", "."});
    REQUIRE(index);
    REQUIRE(index->usages.size() == 1);  // the overlapping roots do not duplicate it
    CHECK(index->usages[0].path == "sub/a.yaml");
}

TEST_CASE("too-large and missing paths", "[resolver][index]") {
    TempDir dir;
    dir.write("big.txt", std::string(2000, 'x') + "$<secret.BIG>");
    dir.write("small.txt", "$<secret.SMALL>");
    hush::IndexOptions options;
    options.max_file_size = 1000;
    auto index = hush::build_usage_index(dir.path(), {"."}, options);
    REQUIRE(index);
    REQUIRE(index->usages.size() == 1);
    CHECK(index->stats.skipped_too_large == 1);
    REQUIRE(index->notes.size() == 1);
    CHECK(index->notes[0].starts_with("big.txt: skipped"));
    auto missing = hush::build_usage_index(dir.path(), {"nope"});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().to_string() == "nope: no such file or directory");
}

TEST_CASE("usage roots of a configuration are relative to its root", "[resolver][index]") {
    TempDir dir;
    dir.write("repo/app.env", "A=$<secret.A>\n");
    dir.write("shared/infra.tf", "provider \"x\" {\n  k = \"$<secret.B>\"\n}\n");
    hush::Config config;
    config.root = dir.path() / "repo";
    config.usage_roots = {".", "../shared"};
    auto index = hush::build_usage_index(config);
    REQUIRE(index);
    REQUIRE(index->usages.size() == 2);
    CHECK(index->usages[0].path == "../shared/infra.tf");
    CHECK(index->usages[1].path == "app.env");
    CHECK(hush::usages_of(*index, "B").size() == 1);
    CHECK(hush::usages_of(*index, "C").empty());
}
