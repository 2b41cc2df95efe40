// End-to-end: hush refs, where and graph on the resolver fixture repository.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"

using hush::test::run_hush;
using hush::test::TempDir;

namespace {

// A copy of the fixture repository in a fresh directory (outside any git repository).
struct FixtureRepo {
    TempDir dir;
    FixtureRepo() { hush::test::copy_tree(std::filesystem::path(HUSH_FIXTURES_DIR) / "resolver" / "repo", dir.path()); }
    hush::test::RunResult run(const std::vector<std::string>& args) const { return run_hush(args, {.cwd = dir.path()}); }
};

}  // namespace

TEST_CASE("refs lists every reference grouped by file", "[e2e][resolver]") {
    FixtureRepo repo;
    auto text = repo.run({"refs"});
    CHECK(text.exit_code == 0);
    CHECK(text.err.empty());
    CHECK_GOLDEN("resolver/refs.txt", text.out);
    // Ignored, binary and escaped references are not usages.
    for (const char* absent : {"IGNORED_BY_GITIGNORE", "IGNORED_BY_HUSHIGNORE", "IN_BINARY_FILE", "secret.NAME"}) {
        CHECK(text.out.find(absent) == std::string::npos);
    }
    auto json = repo.run({"refs", "--format", "json"});
    CHECK(json.exit_code == 0);
    CHECK_GOLDEN("resolver/refs.json", json.out);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["references"].size() == 17);
    CHECK(doc["stats"]["skipped_binary"] == 1);
}

TEST_CASE("refs with paths reads only those, relative to the current directory", "[e2e][resolver]") {
    FixtureRepo repo;
    auto result = run_hush({"refs", "k8s", "infra/main.tf"}, {.cwd = repo.dir.path()});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("infra/main.tf\n") == 0);
    CHECK(result.out.find("\nk8s/billing.yaml\n") != std::string::npos);
    CHECK(result.out.find("file: .env") == std::string::npos);
    CHECK(result.out.find("4 references to 3 secrets in 2 files") != std::string::npos);
}

TEST_CASE("a malformed reference is listed with its location and exits 1", "[e2e][resolver]") {
    TempDir dir;
    dir.write("ok.env", "A=$<secret.GOOD>\n");
    dir.write("bad.yaml", "a: 1\nb: $<secret.db_password>\nc: $<secret.UNCLOSED\n");
    auto result = run_hush({"refs"}, {.cwd = dir.path()});
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("bad.yaml:2:4: malformed reference: invalid secret name 'db_password'") != std::string::npos);
    CHECK(result.out.find("bad.yaml:3:4: malformed reference: unclosed reference") != std::string::npos);
    CHECK(result.out.find("1 reference to 1 secret in 1 file, 2 malformed") != std::string::npos);
    auto json = run_hush({"refs", "--format=json"}, {.cwd = dir.path()});
    CHECK(json.exit_code == 1);
    CHECK(nlohmann::json::parse(json.out)["malformed"].size() == 2);
}

TEST_CASE("refs errors: missing path, bad format", "[e2e][resolver]") {
    TempDir dir;
    auto missing = run_hush({"refs", "nope"}, {.cwd = dir.path()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "hush refs: nope: no such file or directory\n");
    auto format = run_hush({"refs", "--format", "sarif"}, {.cwd = dir.path()});
    CHECK(format.exit_code == 2);
    CHECK(format.err.find("unknown format 'sarif'") != std::string::npos);
}

TEST_CASE("where lists one secret's usages with their consumers", "[e2e][resolver]") {
    FixtureRepo repo;
    auto text = repo.run({"where", "DB_PASSWORD"});
    CHECK(text.exit_code == 0);
    CHECK_GOLDEN("resolver/where.txt", text.out);
    for (const char* consumer : {"github-actions: deploy.yml / job deploy",
                                 "kubernetes: Deployment/billing-api (namespace payments)",
                                 "compose: docker-compose.yml / service worker", "helm: chart billing / values key database",
                                 "terraform: aws_db_instance.main"}) {
        CHECK(text.out.find(consumer) != std::string::npos);
    }
    auto json = repo.run({"where", "DB_PASSWORD", "--format", "json"});
    CHECK(json.exit_code == 0);
    CHECK_GOLDEN("resolver/where.json", json.out);
}

TEST_CASE("where: no usages is not an error; a bad name is", "[e2e][resolver]") {
    FixtureRepo repo;
    repo.dir.write("broken.txt", "$<secret.>\n");  // malformed elsewhere does not matter to where
    auto none = repo.run({"where", "NEVER_USED"});
    CHECK(none.exit_code == 0);
    CHECK(none.out == "no usages of NEVER_USED\n");
    auto bad = repo.run({"where", "lower_case"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("invalid secret name 'lower_case'") != std::string::npos);
    CHECK(repo.run({"where"}).exit_code == 2);
}

TEST_CASE("where consults every usage root of .hush.yaml", "[e2e][resolver]") {
    TempDir dir;
    dir.write("app/.hush.yaml", "usage_roots: [\".\", \"../deploy\"]\n");
    dir.write("app/src/config.py", "KEY = \"$<secret.SHARED_KEY>\"\n");
    dir.write("deploy/k8s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  K: $<secret.SHARED_KEY>\n");
    auto result = run_hush({"where", "SHARED_KEY"}, {.cwd = dir.path() / "app" / "src"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("../deploy/k8s.yaml:6:6") != std::string::npos);
    CHECK(result.out.find("src/config.py:1:8") != std::string::npos);
}

TEST_CASE("graph renders DOT, Mermaid and JSON", "[e2e][resolver]") {
    FixtureRepo repo;
    auto dot = repo.run({"graph"});
    CHECK(dot.exit_code == 0);
    CHECK_GOLDEN("resolver/graph.dot", dot.out);
    auto mermaid = repo.run({"graph", "--format", "mermaid"});
    CHECK(mermaid.exit_code == 0);
    CHECK_GOLDEN("resolver/graph.mmd", mermaid.out);
    auto json = repo.run({"graph", "--format", "json"});
    CHECK(json.exit_code == 0);
    CHECK_GOLDEN("resolver/graph.json", json.out);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["nodes"].size() == 7 + 13 + 9);  // secrets, consumers, files
    CHECK(repo.run({"graph", "--format", "text"}).exit_code == 2);
}
