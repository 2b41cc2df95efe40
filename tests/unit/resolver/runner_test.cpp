// run_command: environment, masking across writes, exit codes, signals.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "harness.hpp"
#include "hush/resolver.hpp"

using hush::test::TempDir;

namespace {

struct Captured {
    int exit_code = -1;
    std::string out;
    std::string err;
};

Captured run(std::vector<std::string> argv, std::vector<hush::MaskedSecret> env, bool mask = true) {
    TempDir dir;
    int out_fd = ::open((dir.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err_fd = ::open((dir.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(out_fd >= 0);
    REQUIRE(err_fd >= 0);
    hush::RunSpec spec;
    spec.argv = std::move(argv);
    spec.environment = std::move(env);
    spec.mask = mask;
    spec.out_fd = out_fd;
    spec.err_fd = err_fd;
    auto result = hush::run_command(spec);
    ::close(out_fd);
    ::close(err_fd);
    REQUIRE(result);
    return {*result, dir.read("out"), dir.read("err")};
}

}  // namespace

TEST_CASE("the child sees the secrets and its output is masked", "[resolver][run]") {
    auto result = run({"sh", "-c", "echo \"value: $DB_PASSWORD\"; echo \"err $DB_PASSWORD\" >&2"},
                      {{"DB_PASSWORD", "hunter2-hunter2"}});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "value: ********\n");
    CHECK(result.err == "err ********\n");
}

TEST_CASE("a value split across writes is still masked", "[resolver][run]") {
    auto result = run({"sh", "-c", "printf 'start hunt'; sleep 0.05; printf 'er2-hun'; sleep 0.05; printf 'ter2 end\\n'"},
                      {{"DB_PASSWORD", "hunter2-hunter2"}});
    CHECK(result.out == "start ******** end\n");
}

TEST_CASE("without masking the output is the child's own", "[resolver][run]") {
    auto result = run({"sh", "-c", "echo $TOKEN"}, {{"TOKEN", "visible-value"}}, false);
    CHECK(result.out == "visible-value\n");
}

TEST_CASE("exit codes and signals of the child", "[resolver][run]") {
    CHECK(run({"sh", "-c", "exit 7"}, {}).exit_code == 7);
    CHECK(run({"sh", "-c", "kill -TERM $$"}, {}).exit_code == 128 + SIGTERM);
}

TEST_CASE("a command that cannot start is an error, not an exit code", "[resolver][run]") {
    hush::RunSpec spec;
    spec.argv = {"/nonexistent/hush-test-binary"};
    auto result = hush::run_command(spec);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "cannot run '/nonexistent/hush-test-binary': No such file or directory");
    hush::RunSpec empty;
    CHECK_FALSE(hush::run_command(empty));
}

TEST_CASE("SIGTERM sent to hush reaches the child", "[resolver][run]") {
    TempDir dir;
    auto ready = dir.path() / "ready";
    // Signal only once the child runs, so hush's forwarding handler is in place.
    std::thread killer([&] {
        for (int i = 0; i < 1000 && !std::filesystem::exists(ready); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::kill(::getpid(), SIGTERM);
    });
    auto result = run({"sh", "-c", "trap 'echo got-term; exit 3' TERM; touch \"$0\"; sleep 5 >/dev/null 2>&1 & wait",
                       ready.string()},
                      {});
    killer.join();
    CHECK(result.exit_code == 3);
    CHECK(result.out == "got-term\n");
}
