// `hush migrate` end to end: the labeled corpus in a fresh git repository, rollback, and flags.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "harness.hpp"
#include "vault_e2e_support.hpp"

namespace {

using hush::test::read_file;
using hush::test::run_program;
using hush::test::VaultRepo;
using nlohmann::json;
namespace fs = std::filesystem;

struct Label {
    std::string file;  // relative to the repository (positives/...)
    std::string value;
};

// The corpus sits beside the repository (../shared/corpus); HUSH_CORPUS_DIR in the environment
// points elsewhere (a worktree one level deeper).
fs::path corpus_dir() {
    const char* env = std::getenv("HUSH_CORPUS_DIR");
    return env && *env ? fs::path(env) : fs::path(HUSH_CORPUS_DIR);
}

std::vector<Label> corpus_labels() {
    auto labels = json::parse(read_file(corpus_dir() / "labels.json"));
    std::vector<Label> out;
    for (const auto& entry : labels["positives"]) out.push_back({entry["file"], entry["value"]});
    return out;
}

// A vault repository holding a copy of the corpus (never labels.json), committed.
struct CorpusRepo : VaultRepo {
    CorpusRepo() {
        for (const char* part : {"positives", "negatives"})
            hush::test::copy_tree(corpus_dir() / part, dir.path() / part);
        hush::test::git(dir.path(), {"init", "-q"});
        hush::test::git_commit(dir.path(), "corpus");
    }
};

// Every regular file under `root` (the .git directory aside) -> its bytes.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        if (it->path().filename() == ".git") {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files[fs::relative(it->path(), root).string()] = read_file(it->path());
    }
    return files;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

const std::regex reference_pattern(R"(\$<secret\.[A-Z][A-Z0-9_]*>)");

// A line with the secrets it held (labels) or the references it holds made into one marker.
std::string mark_secrets(std::string line, const std::vector<Label>& labels) {
    for (const auto& label : labels) line = replace_all(line, label.value, "\x01");
    return std::regex_replace(line, reference_pattern, "\x01");
}

std::string without_quotes(std::string text) {
    std::erase(text, '"');
    return text;
}

struct Hunk {
    std::string file;
    std::vector<std::string> removed, added;
};

std::vector<Hunk> zero_context_hunks(const fs::path& repo) {
    auto diff = run_program({"git", "diff", "-U0", "--no-color", "--", "positives", "negatives"}, {.cwd = repo});
    REQUIRE(diff.exit_code == 0);
    std::vector<Hunk> hunks;
    std::string file;
    std::istringstream in(diff.out);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("+++ b/")) file = line.substr(6);
        else if (line.starts_with("@@")) hunks.push_back({file, {}, {}});
        else if (line.starts_with("---") || line.starts_with("+++") || hunks.empty()) continue;
        else if (line[0] == '-') hunks.back().removed.push_back(line.substr(1));
        else if (line[0] == '+') hunks.back().added.push_back(line.substr(1));
    }
    return hunks;
}

// A line of a multi-line literal without its frame: indentation, quotes, '+', '|', a "\n" escape.
std::string trim_frame(std::string text) {
    const std::string frame = " \t\"'|+;";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        if (frame.find(text.front()) != std::string::npos) text.erase(0, 1), changed = true;
        else if (frame.find(text.back()) != std::string::npos) text.pop_back(), changed = true;
        else if (text.ends_with("\\n")) text.resize(text.size() - 2), changed = true;
    }
    return text;
}

// A multi-line secret became one reference: the reference line keeps the first line's prefix and
// every removed line is that prefix, quoting and a piece of a labeled value.
bool multi_line_secret_replaced(const Hunk& hunk, const std::vector<Label>& labels) {
    if (hunk.added.size() != 1) return false;
    std::smatch match;
    if (!std::regex_search(hunk.added[0], match, reference_pattern)) return false;
    std::string prefix = match.prefix();
    for (const auto& removed : hunk.removed) {
        std::string rest = removed.starts_with(prefix) ? removed.substr(prefix.size()) : removed;
        rest = trim_frame(rest);
        bool piece_of_secret = rest.empty() || std::any_of(labels.begin(), labels.end(), [&](const Label& label) {
            return label.value.find('\n') != std::string::npos && label.value.find(rest) != std::string::npos;
        });
        if (!piece_of_secret) return false;
    }
    return true;
}

void check_parses(const fs::path& file) {
    INFO(file.string());
    auto ext = file.extension().string();
    if (ext == ".yaml" || ext == ".yml") CHECK_NOTHROW(YAML::LoadAllFromFile(file.string()));
    if (ext == ".json") CHECK(json::accept(read_file(file)));
    if (ext == ".toml") {
        auto parsed = run_program({"python3", "-c", "import sys,tomllib; tomllib.load(open(sys.argv[1],'rb'))", file.string()});
        CHECK(parsed.exit_code == 0);
    }
}

std::set<std::string> secret_names(const VaultRepo& repo) {
    auto list = repo.run({"secret", "list", "--format", "json"});
    REQUIRE(list.exit_code == 0);
    std::set<std::string> names;
    for (const auto& secret : json::parse(list.out)) names.insert(secret["name"].get<std::string>());
    return names;
}

}  // namespace

TEST_CASE("migrate moves every labeled secret of the corpus into the vault and leaves valid files", "[e2e][migrate]") {
    CorpusRepo repo;
    auto labels = corpus_labels();
    auto before = snapshot(repo.dir.path());

    auto dry = repo.run({"migrate"});
    REQUIRE(dry.exit_code == 0);
    CHECK(snapshot(repo.dir.path()) == before);
    CHECK(dry.out.find("$<secret.") != std::string::npos);
    for (const auto& label : labels) {
        INFO(label.file);
        CHECK(dry.out.find(label.value) == std::string::npos);
        CHECK(dry.err.find(label.value) == std::string::npos);
    }

    auto write = repo.run({"migrate", "--write"});
    INFO(write.err);
    REQUIRE(write.exit_code == 0);
    for (const auto& label : labels) CHECK(write.out.find(label.value) == std::string::npos);

    auto scan = repo.run({"scan", "--format", "json"});
    CHECK(scan.exit_code == 0);
    CHECK(json::parse(scan.out)["findings"].empty());

    std::set<std::string> positive_files;
    for (const auto& label : labels) positive_files.insert(label.file);
    auto changed = run_program({"git", "diff", "--name-only", "--", "positives", "negatives"}, {.cwd = repo.dir.path()});
    std::istringstream names(changed.out);
    for (std::string file; std::getline(names, file);) {
        INFO(file);
        CHECK(positive_files.count(file) == 1);
    }
    for (const auto& [file, bytes] : before) check_parses(repo.dir.path() / file);

    for (const auto& hunk : zero_context_hunks(repo.dir.path())) {
        INFO(hunk.file);
        if (hunk.removed.size() != hunk.added.size()) {
            CHECK(multi_line_secret_replaced(hunk, labels));
            continue;
        }
        for (std::size_t i = 0; i < hunk.removed.size(); ++i) {
            auto original = mark_secrets(hunk.removed[i], labels);
            auto updated = mark_secrets(hunk.added[i], labels);
            INFO(hunk.added[i]);
            CHECK(original.find('\x01') != std::string::npos);
            // Shell words, .env values and Dockerfile ENV get double quotes (docs/migrate.md).
            CHECK(without_quotes(original) == without_quotes(updated));
        }
    }

    auto again = repo.run({"migrate"});
    CHECK(again.exit_code == 0);
    CHECK(again.out == "Nothing to migrate.\n");

    std::set<std::string> distinct;
    for (const auto& label : labels) distinct.insert(label.value);
    auto stored = secret_names(repo);
    CHECK(stored.size() == distinct.size());
    auto containing = [&](const std::string& part) {
        return std::any_of(stored.begin(), stored.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
    };
    CHECK(containing("GRAFANA"));
    CHECK(stored.count("DATABASE_PASSWORD") == 1);
    CHECK(stored.count("STRIPE_SECRET_KEY") == 1);
    CHECK(read_file(repo.dir.path() / "positives/spring/application.yml").find("$<secret.GRAFANA") != std::string::npos);
}

namespace {

// The name of the first reference in `path` after the text `after`.
std::string reference_after(const fs::path& path, const std::string& after) {
    std::string text = read_file(path);
    auto at = text.find(after);
    if (at == std::string::npos) return {};
    std::smatch match;
    std::string rest = text.substr(at);
    if (!std::regex_search(rest, match, reference_pattern)) return {};
    std::string reference = match.str();
    return reference.substr(9, reference.size() - 10);  // $<secret.NAME>
}

}  // namespace

TEST_CASE("after migrating the corpus: check passes, where names each consumer, rm refuses a used secret",
          "[e2e][migrate][resolver]") {
    CorpusRepo repo;
    auto write = repo.run({"migrate", "--write"});
    INFO(write.err);
    REQUIRE(write.exit_code == 0);

    // The corpus's hard negatives include a template that references API_KEY, a secret the team
    // keeps in the vault already: until it is there, check rightly reports it as dangling.
    auto dangling = repo.run({"check"});
    CHECK(dangling.exit_code == 1);
    CHECK(dangling.out.find("negatives/k8s/values-template.yaml:7:8") != std::string::npos);
    REQUIRE(repo.run({"secret", "add", "API_KEY"}, "kept-by-the-team-0x7f3a").exit_code == 0);
    auto check = repo.run({"check"});
    INFO(check.out + check.err);
    CHECK(check.exit_code == 0);

    struct Expectation {
        const char* file;
        const char* after;
        const char* consumer;
    };
    for (auto [file, after, consumer] :
         {Expectation{"positives/ci/github-workflow.yml", "GITHUB_TOKEN", "job deploy"},
          Expectation{"positives/k8s/secret-deployment.yaml", "SENDGRID_API_KEY", "Deployment/billing-api"},
          Expectation{"positives/compose/docker-compose.yml", "worker:", "service worker"}}) {
        CAPTURE(file);
        auto name = reference_after(repo.dir.path() / file, after);
        REQUIRE_FALSE(name.empty());
        auto where = repo.run({"where", name});
        CHECK(where.exit_code == 0);
        CHECK(where.out.find(file) != std::string::npos);
        CHECK(where.out.find(consumer) != std::string::npos);
    }

    // A used secret cannot be deleted; every usage is listed and the vault is unchanged.
    auto name = reference_after(repo.dir.path() / "positives/k8s/secret-deployment.yaml", "SENDGRID_API_KEY");
    auto vault_before = read_file(repo.dir.path() / ".hush/vault.yaml");
    auto refused = repo.run({"secret", "rm", name});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("Deployment/billing-api") != std::string::npos);
    CHECK(read_file(repo.dir.path() / ".hush/vault.yaml") == vault_before);

    // Remove every reference to it; then the delete goes through.
    for (const auto& [file, bytes] : snapshot(repo.dir.path())) {
        if (file.starts_with(".hush")) continue;
        auto replaced = replace_all(bytes, "$<secret." + name + ">", "removed");
        if (replaced != bytes) hush::test::write_file(repo.dir.path() / file, replaced);
    }
    auto removed = repo.run({"secret", "rm", name});
    INFO(removed.out + removed.err);
    CHECK(removed.exit_code == 0);
}

namespace {

bool set_immutable(const fs::path& file, bool on) {
    int fd = ::open(file.c_str(), O_RDONLY);
    if (fd < 0) return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

struct ImmutableGuard {
    fs::path file;
    bool active;
    explicit ImmutableGuard(fs::path f) : file(std::move(f)), active(set_immutable(file, true)) {}
    ~ImmutableGuard() {
        if (active) set_immutable(file, false);
    }
};

// A GitHub token that looks random (deterministic per seed).
std::string github_token(unsigned seed) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string token = "ghp_";
    unsigned state = seed * 2654435761u + 12345u;
    for (int i = 0; i < 36; ++i) {
        state = state * 1103515245u + 12345u;
        token += alphabet[(state >> 16) % alphabet.size()];
    }
    return token;
}

// Ten config files, each with its own token.
void write_ten(const VaultRepo& repo) {
    for (unsigned i = 0; i < 10; ++i)
        repo.dir.write("conf/svc" + std::to_string(i) + ".yaml", "service:\n  api_token: " + github_token(i) + "\n");
}

}  // namespace

TEST_CASE("migrate --write with an unreplaceable file among ten changes nothing", "[e2e][migrate]") {
    VaultRepo repo;
    write_ten(repo);
    auto before = snapshot(repo.dir.path());
    ImmutableGuard guard(repo.dir.path() / "conf/svc6.yaml");
    if (!guard.active) {
        WARN("cannot set the immutable attribute here (needs root on ext4/xfs)");
        return;
    }
    auto write = repo.run({"migrate", "--write"});
    CHECK(write.exit_code == 2);
    CHECK(write.err.find("conf/svc6.yaml") != std::string::npos);
    CHECK(write.err.find("nothing was changed") != std::string::npos);
    CHECK(snapshot(repo.dir.path()) == before);
}

TEST_CASE("migrate --write without a vault is a usage error naming the vault", "[e2e][migrate]") {
    VaultRepo repo(false);
    write_ten(repo);
    auto before = snapshot(repo.dir.path());
    auto write = repo.run({"migrate", "--write"});
    CHECK(write.exit_code == 2);
    CHECK(write.err.find("vault.yaml") != std::string::npos);
    CHECK(write.err.find("hush vault init") != std::string::npos);
    CHECK(snapshot(repo.dir.path()) == before);
    // The dry run needs no vault.
    auto dry = repo.run({"migrate"});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("API_TOKEN") != std::string::npos);
}

TEST_CASE("migrate --only, --name, --format json and --purge-history-file", "[e2e][migrate]") {
    VaultRepo repo;
    write_ten(repo);
    std::string stripe = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    repo.dir.write("app/billing.py", "STRIPE_KEY = \"" + stripe + "\"\n");

    auto plan = repo.run({"migrate", "--format", "json"});
    REQUIRE(plan.exit_code == 0);
    auto parsed = json::parse(plan.out);
    REQUIRE(parsed["secrets"].size() == 11);
    CHECK(plan.out.find(stripe) == std::string::npos);
    std::string fingerprint;
    for (const auto& secret : parsed["secrets"])
        if (secret["references"][0]["path"] == "app/billing.py") fingerprint = secret["references"][0]["fingerprint"];
    REQUIRE(!fingerprint.empty());

    auto only_path = repo.run({"migrate", "--format", "json", "--only", "app"});
    REQUIRE(only_path.exit_code == 0);
    CHECK(json::parse(only_path.out)["secrets"].size() == 1);
    auto only_file = repo.run({"migrate", "--format", "json", "--only", "conf/svc3.yaml"});
    CHECK(json::parse(only_file.out)["secrets"].size() == 1);
    auto only_rule = repo.run({"migrate", "--format", "json", "--only", "generic-api-key"});
    CHECK(json::parse(only_rule.out)["secrets"].size() == 10);
    auto only_kind = repo.run({"migrate", "--format", "json", "--only", "stripe_secret_key"});
    CHECK(json::parse(only_kind.out)["secrets"].size() == 1);
    auto only_none = repo.run({"migrate", "--only", "no-such-rule"});
    CHECK(only_none.out == "Nothing to migrate.\n");

    auto bad_name = repo.run({"migrate", "--name", "no-equals-sign"});
    CHECK(bad_name.exit_code == 2);

    auto purge = repo.dir.path() / "purge.txt";
    auto write = repo.run({"migrate", "--write", "--only", "app/", "--name", fingerprint + "=BILLING_STRIPE",
                           "--purge-history-file", purge.string()});
    INFO(write.err);
    REQUIRE(write.exit_code == 0);
    CHECK(write.out.find(stripe) == std::string::npos);
    CHECK(repo.dir.read("app/billing.py") == "STRIPE_KEY = \"$<secret.BILLING_STRIPE>\"\n");
    CHECK(repo.dir.read("conf/svc0.yaml").find("ghp_") != std::string::npos);  // not selected
    CHECK(secret_names(repo) == std::set<std::string>{"BILLING_STRIPE"});
    struct stat info {};
    REQUIRE(::stat(purge.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(read_file(purge).find("literal:" + stripe + "==>$<secret.BILLING_STRIPE>") != std::string::npos);

    auto dry_purge = repo.run({"migrate", "--purge-history-file", purge.string()});
    CHECK(dry_purge.exit_code == 2);
    auto interactive = repo.run({"migrate", "--interactive"});  // stdin is a pipe here
    CHECK(interactive.exit_code == 2);
    CHECK(interactive.err.find("terminal") != std::string::npos);
}

TEST_CASE("a dry run without the key says it cannot check reuse", "[e2e][migrate]") {
    VaultRepo repo;
    write_ten(repo);
    auto dry = hush::test::run_hush({"migrate"}, {.cwd = repo.dir.path(), .unset_env = {"HUSH_IDENTITY", "HUSH_PASSPHRASE"}});
    CHECK(dry.exit_code == 0);
    CHECK(dry.err.find("cannot check which values the vault already holds") != std::string::npos);
    CHECK(dry.out.find("API_TOKEN") != std::string::npos);
}

TEST_CASE("a value the vault already holds is reused, not stored twice", "[e2e][migrate]") {
    VaultRepo repo;
    write_ten(repo);
    REQUIRE(repo.run({"secret", "add", "SVC4_TOKEN"}, github_token(4) + "\n").exit_code == 0);
    auto dry = repo.run({"migrate"});
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out.find("SVC4_TOKEN  (") != std::string::npos);
    CHECK(dry.out.find("1 reused") != std::string::npos);
    auto write = repo.run({"migrate", "--write"});
    REQUIRE(write.exit_code == 0);
    CHECK(repo.dir.read("conf/svc4.yaml") == "service:\n  api_token: $<secret.SVC4_TOKEN>\n");
    CHECK(secret_names(repo).size() == 10);
}

TEST_CASE("secrets under hush:allow or in the baseline are left alone", "[e2e][migrate]") {
    VaultRepo repo;
    write_ten(repo);
    repo.dir.write("conf/allowed.yaml", "service:\n  api_token: " + github_token(42) + "  # hush:allow test fixture\n");
    auto baseline = repo.dir.path() / "baseline.json";
    REQUIRE(repo.run({"baseline", "create", "-o", baseline.string(), "conf/svc1.yaml", "conf/svc2.yaml"}).exit_code == 0);
    auto write = repo.run({"migrate", "--write", "--baseline", baseline.string()});
    INFO(write.err);
    REQUIRE(write.exit_code == 0);
    CHECK(repo.dir.read("conf/allowed.yaml").find(github_token(42)) != std::string::npos);
    CHECK(repo.dir.read("conf/svc1.yaml").find(github_token(1)) != std::string::npos);
    CHECK(repo.dir.read("conf/svc2.yaml").find(github_token(2)) != std::string::npos);
    CHECK(repo.dir.read("conf/svc3.yaml").find("$<secret.") != std::string::npos);
    CHECK(secret_names(repo).size() == 8);
}
