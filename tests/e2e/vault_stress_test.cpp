// End-to-end: concurrent writers never lose a change (the crash test is tests/unit/vault/crash_test.cpp).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "vault_e2e_support.hpp"

using namespace hush::test;

TEST_CASE("4 processes x 50 'secret add' of distinct names: all 200 present", "[e2e][vault][concurrency]") {
    VaultRepo repo;
    std::string script =
        "for p in 1 2 3 4; do\n"
        "  ( for i in $(seq 1 50); do\n"
        "      printf 'value-%s-%s' $p $i | \"$HUSH\" -q secret add \"P${p}_N${i}\" || echo \"FAILED P${p}_N${i}\"\n"
        "    done ) &\n"
        "done\n"
        "wait\n";
    auto env = repo.env();
    env["HUSH"] = HUSH_BINARY;
    auto result = run_program({"sh", "-c", script}, {.cwd = repo.dir.path(), .env = env, .timeout_seconds = 300});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("FAILED") == std::string::npos);
    CHECK(result.err.empty());
    auto list = repo.run({"secret", "list", "--format", "json"});
    REQUIRE(list.exit_code == 0);
    std::set<std::string> names;
    for (const auto& item : nlohmann::json::parse(list.out)) names.insert(item["name"].get<std::string>());
    CHECK(names.size() == 200);
    CHECK(repo.run({"secret", "get", "P3_N17", "--reveal"}).out == "value-3-17");
    auto verify = repo.run({"audit", "verify"});
    CHECK(verify.exit_code == 0);
    CHECK(verify.out.find("202 entries") != std::string::npos);
}
