// End-to-end: the hush binary's top level — help, version, unknown commands and options, config errors.
#include <catch2/catch.hpp>

#include "harness.hpp"

using hush::test::run_hush;
using hush::test::TempDir;

namespace {
int count_lines(const std::string& text) {
    int lines = 0;
    for (char c : text) lines += c == '\n';
    return lines;
}
}  // namespace

TEST_CASE("hush --help lists every subcommand", "[e2e][cli]") {
    auto result = run_hush({"--help"});
    CHECK(result.exit_code == 0);
    for (const char* command : {"scan", "migrate", "vault", "secret", "refs", "where", "check", "inject", "run",
                                "rules", "baseline", "audit", "graph"}) {
        CAPTURE(command);
        CHECK(result.out.find(std::string("\n  ") + command + " ") != std::string::npos);
    }
    CHECK(result.err.empty());
}

TEST_CASE("hush --version prints the version", "[e2e][cli]") {
    auto result = run_hush({"--version"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.rfind("hush ", 0) == 0);
}

TEST_CASE("no command is a usage error", "[e2e][cli]") {
    auto result = run_hush({});
    CHECK(result.exit_code == 2);
    CHECK(count_lines(result.err) == 1);
}

TEST_CASE("an unknown command exits 2 with one line naming it", "[e2e][cli]") {
    auto result = run_hush({"frobnicate"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("'frobnicate'") != std::string::npos);
}

TEST_CASE("an unknown option exits 2 with one line naming it", "[e2e][cli]") {
    auto global = run_hush({"--frobnicate", "scan"});
    CHECK(global.exit_code == 2);
    CHECK(count_lines(global.err) == 1);
    CHECK(global.err.find("frobnicate") != std::string::npos);

    auto local = run_hush({"scan", "--frobnicate"});
    CHECK(local.exit_code == 2);
    CHECK(count_lines(local.err) == 1);
    CHECK(local.err.find("frobnicate") != std::string::npos);
}

TEST_CASE("every subcommand has --help", "[e2e][cli]") {
    for (const char* command : {"scan", "migrate", "vault", "secret", "refs", "where", "check", "inject", "run",
                                "rules", "baseline", "audit", "graph"}) {
        CAPTURE(command);
        auto result = run_hush({command, "--help"});
        CHECK(result.exit_code == 0);
        CHECK(result.out.rfind("Usage: hush ", 0) == 0);
        CHECK(result.out.find("--config") != std::string::npos);  // global options are listed too
    }
}

TEST_CASE("global options are accepted before and after the command", "[e2e][cli]") {
    CHECK(run_hush({"--no-color", "-q", "scan", "--help"}).exit_code == 0);
    CHECK(run_hush({"--format", "json", "scan", "--help"}).exit_code == 0);
    CHECK(run_hush({"scan", "--format=json", "-v", "--help"}).exit_code == 0);
}

TEST_CASE("a bad --config file is one line naming the file and line, exit 2", "[e2e][cli]") {
    TempDir dir;
    dir.write(".hush.yaml", "vault: v.yaml\nbogus_key: 1\n");
    auto result = run_hush({"--config", (dir.path() / ".hush.yaml").string(), "rules", "list"}, {.cwd = dir.path()});
    CHECK(result.exit_code == 2);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find(".hush.yaml:2: unknown key 'bogus_key'") != std::string::npos);
}
