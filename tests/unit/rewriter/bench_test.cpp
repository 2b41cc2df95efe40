// Timing of the rewriter alone (hidden: run with `unit_rewriter "[.bench]"`): 5,000 files, 1,000
// distinct secrets, planned, rewritten, verified and committed through the real transaction.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <random>

#include "harness.hpp"
#include "rewriter_support.hpp"

using namespace hush;

namespace {

std::string random_token(std::mt19937& rng) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out = "tok_";
    for (int i = 0; i < 28; ++i) out += alphabet[rng() % 62];
    return out;
}

// One file of the synthetic repository, by format; `secret` empty for a clean file.
std::string file_text(int index, const std::string& secret) {
    std::string value = secret.empty() ? "not-a-secret" : secret;
    switch (index % 4) {
        case 0:
            return "service:\n  name: svc" + std::to_string(index) + "\n  api_key: " + value + "\n  port: 8080\n";
        case 1:
            return "{\n  \"name\": \"svc\",\n  \"auth\": {\"token\": \"" + value + "\"},\n  \"retries\": 3\n}\n";
        case 2:
            return "import os\n\nAPI_TOKEN = \"" + value + "\"\nTIMEOUT = 30\n";
        default:
            return "# env\nMODE=prod\nSERVICE_TOKEN=" + value + "\n";
    }
}

std::string extension(int index) {
    static const char* extensions[] = {".yaml", ".json", ".py", ".env"};
    return extensions[index % 4];
}

}  // namespace

TEST_CASE("bench: migrate 5,000 files with 1,000 secrets", "[.bench]") {
    hush::test::TempDir dir;
    std::mt19937 rng(42);
    std::vector<std::string> secrets;
    for (int i = 0; i < 1000; ++i) secrets.push_back(random_token(rng));
    std::vector<Finding> findings;
    // 2,000 files hold a secret (each value twice), 3,000 hold none.
    for (int i = 0; i < 5000; ++i) {
        std::string path = "dir" + std::to_string(i % 50) + "/file" + std::to_string(i) + extension(i);
        std::string secret = i < 2000 ? secrets[static_cast<std::size_t>(i) % 1000] : std::string();
        std::string text = file_text(i, secret);
        dir.write(path, text);
        if (!secret.empty()) findings.push_back(hush::test::make_finding(path, text, {.spelling = secret}));
    }

    auto start = std::chrono::steady_clock::now();
    auto sources = read_sources(findings, dir.path());
    REQUIRE(sources);
    auto planned = std::chrono::steady_clock::now();
    auto plan = plan_migration(findings, *sources);
    REQUIRE(plan);
    auto changes = build_changes(*plan, *sources);
    REQUIRE(changes);
    auto built = std::chrono::steady_clock::now();
    std::string diff = render_diff(*changes);
    auto rendered = std::chrono::steady_clock::now();
    for (const auto& change : *changes) REQUIRE(verify_change(change));
    auto verified = std::chrono::steady_clock::now();
    auto before_apply = std::chrono::steady_clock::now();
    auto report = apply_changes(*changes, dir.path());
    REQUIRE(report);
    auto applied = std::chrono::steady_clock::now();

    CHECK(plan->secrets.size() == 1000);
    CHECK(report->files_written == 2000);
    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    std::cout << "rewriter bench: 5000 files, 1000 secrets, 2000 files rewritten\n"
              << "  read sources  " << ms(start, planned) << " ms\n"
              << "  plan + edits  " << ms(planned, built) << " ms\n"
              << "  diff          " << ms(built, rendered) << " ms\n"
              << "  verify alone  " << ms(rendered, verified) << " ms (also inside apply)\n"
              << "  apply (write, fsync, verify, rename) " << ms(before_apply, applied) << " ms\n"
              << "  total         " << ms(start, applied) << " ms\n";
    CHECK(ms(start, applied) < 5000.0);
}
