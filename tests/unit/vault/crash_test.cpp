// Crash safety: `hush secret set` killed with SIGKILL at random moments, 200 times; after each
// kill the vault opens (MAC verified, in-process: fast) with the old or the new value.
#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "../../e2e/vault_e2e_support.hpp"
#include "vault_support.hpp"

using namespace hush;
using namespace hush::test;

TEST_CASE("200 'secret set' runs killed with SIGKILL at random moments leave the old or the new value",
          "[vault][crash]") {
    VaultFixture f;
    {
        // Padding makes a write long enough to be interrupted in the middle.
        auto v = f.open_write();
        for (int i = 0; i < 60; ++i) REQUIRE(v.add({"PAD_" + std::to_string(i), secret("padding-" + std::to_string(i))}));
        REQUIRE(v.add({"CRASH_ME", secret("value-0")}));
        REQUIRE(v.commit());
    }
    // An identity in the environment: no scrypt, so each run is short.
    std::map<std::string, std::string> env{{"HUSH_IDENTITY", std::string(f.identity.secret.view())},
                                           {"HOME", f.dir.path().string()}};
    std::string config = "vault: .hush/vault.yaml\n";
    f.dir.write(".hush.yaml", config);

    auto run_once = [&](const std::string& value, long kill_after_us) {
        auto process = start_hush({"secret", "set", "CRASH_ME"}, f.dir.path(), env);
        write_all(process.stdin_fd, value);
        ::close(process.stdin_fd);
        process.stdin_fd = -1;
        if (kill_after_us >= 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(kill_after_us));
            ::kill(process.pid, SIGKILL);
        }
        return process.finish();
    };
    auto started = std::chrono::steady_clock::now();
    REQUIRE(run_once("value-1", -1) == 0);
    auto full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    std::mt19937 rng(12345);
    std::uniform_int_distribution<long> delay(0, std::max<long>(2000, full));

    std::string current = "value-1";
    int killed = 0, completed = 0;
    for (int run = 2; run < 202; ++run) {
        std::string next = "value-" + std::to_string(run);
        int status = run_once(next, delay(rng));
        (status == 128 + SIGKILL ? killed : completed) += 1;
        auto keys = f.unlock();
        auto v = vault::Vault::open_read(f.paths, keys);
        INFO("run " << run << " status " << status << ": " << (v ? "" : v.error().to_string()));
        REQUIRE(v);
        auto value = v->value("CRASH_ME");
        REQUIRE(value);
        REQUIRE((value->view() == current || value->view() == next));
        current = std::string(value->view());
        REQUIRE(v->list().size() == 61);
    }
    INFO("killed " << killed << ", completed " << completed);
    CHECK(killed > 20);
    auto v = f.open_read();
    auto audit = vault::verify_audit_log(v);
    REQUIRE(audit);
    CHECK(audit->ok);
}
