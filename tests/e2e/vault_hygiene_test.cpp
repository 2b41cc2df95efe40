// End-to-end: a secret value never leaks into output, the audit log, argv or files on disk.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "vault_e2e_support.hpp"

using namespace hush::test;

namespace {

const std::string canary = "CANARY-7f3e9a1c-d00d-4b1d-b33f-5ec2e7c4a7a9";

bool holds_canary(const std::string& text) { return text.find(canary) != std::string::npos; }

// Every regular file under `root` that contains the canary in clear text.
std::vector<std::string> files_with_canary(const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && holds_canary(read_file(entry.path()))) out.push_back(entry.path().string());
    }
    return out;
}

}  // namespace

TEST_CASE("a canary value appears only in an explicit reveal", "[e2e][vault][hygiene]") {
    VaultRepo repo;
    fs::path tmp = repo.dir.path() / "tmp";
    fs::create_directories(tmp);
    auto env = repo.env();
    env["TMPDIR"] = tmp.string();
    auto run = [&](const std::vector<std::string>& args, const std::string& input = {}) {
        return run_hush(args, {.cwd = repo.dir.path(), .stdin_data = input, .env = env});
    };
    auto clean = [&](const RunResult& result, const std::string& what) {
        INFO(what);
        CHECK_FALSE(holds_canary(result.out));
        CHECK_FALSE(holds_canary(result.err));
    };

    clean(run({"secret", "add", "CANARY", "--description", "d", "--tag", "t"}, canary + "\n"), "add");
    repo.dir.write("import.env", "IMPORTED=" + canary + "-2\n");
    clean(run({"secret", "import", "--dotenv", "import.env"}), "import");
    fs::remove(repo.dir.path() / "import.env");  // the user's own plaintext input, not hush's
    clean(run({"secret", "add", "CANARY"}, canary), "add duplicate");
    clean(run({"secret", "get", "CANARY"}), "get without --reveal");
    clean(run({"secret", "list"}), "list");
    clean(run({"secret", "list", "--format", "json"}), "list json");
    clean(run({"secret", "show", "CANARY"}), "show");
    clean(run({"secret", "history", "CANARY"}), "history");
    clean(run({"secret", "set", "CANARY"}, canary), "set same value");
    clean(run({"secret", "rotate", "CANARY"}, canary + "-rotated"), "rotate");
    clean(run({"secret", "edit", "CANARY", "--add-tag", "x"}), "edit");
    clean(run({"secret", "export", "--dotenv"}), "export without --reveal");
    clean(run({"vault", "rekey"}), "rekey");
    clean(run({"secret", "rm", "CANARY", "--force", "--reason", "test"}), "rm");
    clean(run({"secret", "restore", "CANARY"}), "restore");
    clean(run({"audit", "log"}), "audit log");
    clean(run({"audit", "verify"}), "audit verify");
    std::string text = read_file(repo.vault());
    text[text.size() / 2] ^= 1;
    write_file(repo.vault(), text);
    clean(run({"secret", "get", "CANARY", "--reveal"}), "get on a tampered vault");
    text[text.size() / 2] ^= 1;
    write_file(repo.vault(), text);

    auto revealed = run({"secret", "get", "CANARY", "--reveal"});
    CHECK(revealed.out == canary + "-rotated");
    CHECK(holds_canary(read_file(repo.audit())) == false);
    CHECK(files_with_canary(repo.dir.path()).empty());
}

TEST_CASE("the value is not in the process's argv and core dumps are off while the vault is open",
          "[e2e][vault][hygiene]") {
    VaultRepo repo;
    auto process = start_hush({"secret", "add", "FROM_STDIN"}, repo.dir.path(), repo.env());
    // hush opens the vault, then blocks reading the value from its stdin: inspect it meanwhile.
    // Wait until the vault is open (core dumps off) and argv is readable; on a loaded machine either
    // can lag behind the other.
    std::string limits;
    std::string cmdline;
    for (int attempt = 0; attempt < 1000; ++attempt) {  // up to 10 s on a loaded machine
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        limits = read_file("/proc/" + std::to_string(process.pid) + "/limits");
        cmdline = read_file("/proc/" + std::to_string(process.pid) + "/cmdline");
        if (limits.find("Max core file size        0") != std::string::npos &&
            cmdline.find("FROM_STDIN") != std::string::npos)
            break;
    }
    CHECK(limits.find("Max core file size        0") != std::string::npos);
    write_all(process.stdin_fd, canary);
    CHECK(cmdline.find("FROM_STDIN") != std::string::npos);
    CHECK_FALSE(holds_canary(cmdline));
    CHECK(process.finish() == 0);
    CHECK(repo.run({"secret", "get", "FROM_STDIN", "--reveal"}).out == canary);
}
