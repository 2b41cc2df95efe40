// Edits, verification, diffs and the purge file.
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "rewriter_support.hpp"

using namespace hush;
using hush::test::FindingSpec;

namespace {

std::vector<FileChange> migrate(const std::string& path, const std::string& text, const std::vector<FindingSpec>& specs,
                                MigrationPlan* plan_out = nullptr) {
    SourceFiles sources{{path, make_source(path, text)}};
    std::vector<Finding> findings;
    for (const auto& spec : specs) findings.push_back(hush::test::make_finding(path, text, spec));
    auto plan = plan_migration(findings, sources);
    REQUIRE(plan);
    auto changes = build_changes(*plan, sources);
    REQUIRE(changes);
    if (plan_out != nullptr) *plan_out = *plan;
    return *changes;
}

std::string rewritten(const std::string& path, const std::string& text, const std::vector<FindingSpec>& specs) {
    auto changes = migrate(path, text, specs);
    REQUIRE(changes.size() == 1);
    auto verified = verify_change(changes[0]);
    INFO((verified ? std::string() : verified.error().to_string()));
    CHECK(verified);
    return changes[0].updated;
}

}  // namespace

TEST_CASE("a reference is a valid YAML plain scalar, also in flow collections", "[rewriter][edits]") {
    auto doc = YAML::Load("a: $<secret.DB_PASSWORD>\nb: [x, $<secret.B>]\nc: {k: $<secret.C>}\n");
    CHECK(doc["a"].as<std::string>() == "$<secret.DB_PASSWORD>");
    CHECK(doc["a"].Tag() == "?");  // plain, untagged
    CHECK(doc["b"][1].as<std::string>() == "$<secret.B>");
    CHECK(doc["c"]["k"].as<std::string>() == "$<secret.C>");
}

TEST_CASE("block scalars become one reference; partial or nested blocks keep their shape", "[rewriter][edits]") {
    std::string pem = "-----BEGIN KEY-----\nQUJDREVGR0hJSktMTU5PUA==\n-----END KEY-----";
    SECTION("a trailing comment on the key's line stays, following keys keep indentation") {
        std::string text =
            "- name: a\n  key: |- # the key\n      -----BEGIN KEY-----\n      QUJDREVGR0hJSktMTU5PUA==\n"
            "      -----END KEY-----\n\n  next: 1\n";
        CHECK(rewritten("a.yaml", text,
                        {{.spelling = "-----BEGIN KEY-----\n      QUJDREVGR0hJSktMTU5PUA==\n      -----END KEY-----",
                          .value = pem,
                          .key_path = "[0].key"}}) == "- name: a\n  key: $<secret.KEY> # the key\n\n  next: 1\n");
    }
    SECTION("a secret that is only part of a block is replaced alone") {
        std::string text = "run: |\n  echo start\n  login --token tok_Abc123Def456\n  echo done\n";
        CHECK(rewritten("ci.yml", text, {{.spelling = "tok_Abc123Def456", .key_path = "run"}}) ==
              "run: |\n  echo start\n  login --token $<secret.RUN>\n  echo done\n");
    }
    SECTION("a block at the end of the file without a final newline") {
        std::string text = "key: >\n  AbCdEfGh12345678";
        CHECK(rewritten("a.yaml", text, {{.spelling = "AbCdEfGh12345678", .key_path = "key"}}) == "key: $<secret.KEY>");
    }
}

TEST_CASE("files with nothing to migrate are not touched", "[rewriter][edits]") {
    std::string text =
        "\xEF\xBB\xBF"
        "a: 1\r\nb: 'x'\n";
    SourceFiles sources{{"a.yaml", make_source("a.yaml", text)}};
    auto plan = plan_migration({}, sources);
    REQUIRE(plan);
    auto changes = build_changes(*plan, sources);
    REQUIRE(changes);
    CHECK(changes->empty());
    CHECK(render_diff(*changes).empty());
}

TEST_CASE("apply_edits keeps every byte outside the spans", "[rewriter][edits]") {
    std::string text = "0123456789";
    std::vector<Edit> edits = {
        {"f", {2, 4}, "AB"}, {"f", {3, 5}, "X"}, {"f", {2, 4}, "AB"}, {"f", {7, 7}, "+"}, {"f", {6, 9}, "Y"}};
    auto kept = normalize_edits(edits);
    REQUIRE(kept.size() == 2);  // {2,4} once; {3,5} overlaps it; {6,9} contains the insertion at 7
    CHECK(apply_edits(text, edits).value() == "01AB45Y9");
    CHECK_FALSE(apply_edits(text, {{"f", {8, 12}, "x"}}));
}

TEST_CASE("verification rejects a changed structure, invalid JSON and new syntax errors", "[rewriter][verify]") {
    auto yaml = migrate("a.yaml", "a:\n  token: tok_Abc123Def456\nb: 2\n",
                        {{.spelling = "tok_Abc123Def456", .key_path = "a.token"}});
    REQUIRE(yaml.size() == 1);
    CHECK(verify_change(yaml[0]));
    yaml[0].updated += "c: 3\n";
    auto bad = verify_change(yaml[0]);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().to_string().starts_with("a.yaml: verification failed"));
    yaml[0].updated = "a:\n  token: $<secret.A_TOKEN>\nb: 3\n";
    CHECK_FALSE(verify_change(yaml[0]));  // another scalar changed

    auto json = migrate("a.json", "{\"k\": \"tok_Abc123Def456\", \"n\": [1, 2]}", {{.spelling = "tok_Abc123Def456"}});
    CHECK(verify_change(json[0]));
    json[0].updated = "{\"k\": \"$<secret.K>\", \"n\": [1, 2]";
    CHECK_FALSE(verify_change(json[0]));
    json[0].updated = "{\"k\": \"$<secret.K>\", \"n\": [1, 3]}";
    CHECK_FALSE(verify_change(json[0]));

    auto python = migrate("a.py", "TOKEN = 'tok_Abc123Def456'\n", {{.spelling = "tok_Abc123Def456"}});
    CHECK(verify_change(python[0]));
    python[0].updated = "TOKEN = '$<secret.TOKEN>\n";
    auto broken = verify_change(python[0]);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "verification failed: the rewritten file has new syntax errors");
}

TEST_CASE("unquoted shell words are quoted so the reference is one word", "[rewriter][edits]") {
    CHECK(rewritten("run.sh", "login -p s3cretPassw0rd -u me\n", {{.spelling = "s3cretPassw0rd"}}) ==
          "login -p \"$<secret.GENERIC_SECRET>\" -u me\n");
    CHECK(rewritten("run.sh", "URL=https://u:pw5ecret99@h.example/x; go\n", {{.spelling = "pw5ecret99"}}) ==
          "URL=\"https://u:$<secret.H_PASSWORD>@h.example/x\"; go\n");
    CHECK(rewritten("run.sh", "X=\"a\"pw5ecret99\n", {{.spelling = "pw5ecret99"}}) ==
          "X=\"a\"\"$<secret.GENERIC_SECRET>\"\n");
}

TEST_CASE("diffs: hunks with context, CRLF and missing final newline, redaction", "[rewriter][diff]") {
    std::string text;
    for (int i = 1; i <= 20; ++i) text += "k" + std::to_string(i) + ": v\r\n";
    text += "secret: tok_Abc123Def456";
    auto changes = migrate("c.yaml", text, {{.spelling = "tok_Abc123Def456", .key_path = "secret"}});
    std::string diff = render_diff(changes);
    CHECK(diff ==
          "--- a/c.yaml\n+++ b/c.yaml\n@@ -18,4 +18,4 @@\n k18: v\n k19: v\n k20: v\n"
          "-secret: tok_\xE2\x80\xA6\n\\ No newline at end of file\n+secret: $<secret.SECRET>\n"
          "\\ No newline at end of file\n");
    std::string clear = render_diff(changes, {.redact = false});
    CHECK(clear.find("-secret: tok_Abc123Def456\n") != std::string::npos);
}

TEST_CASE("the purge file holds filter-repo expressions, mode 0600", "[rewriter][purge]") {
    MigrationPlan plan;
    std::string text = "a: \"x\\\"y1234567\"\nkey: |\n  L1\n  L2\n";
    auto changes = migrate("a.yaml", text,
                           {{.spelling = "x\\\"y1234567", .value = "x\"y1234567", .key_path = "a"},
                            {.spelling = "L1\n  L2", .value = "L1\nL2", .key_path = "key"}},
                           &plan);
    std::string expressions = purge_expressions(plan, changes);
    CHECK(expressions ==
          "literal:x\"y1234567==>$<secret.A>\n"
          "literal:x\\\"y1234567==>$<secret.A>\n"
          "regex:L1\\n\\ \\ L2==>$<secret.KEY>\n"
          "regex:L1\\nL2==>$<secret.KEY>\n");
    hush::test::TempDir dir;
    auto file = dir.path() / "purge.txt";
    hush::test::write_file(file,
                           "old content that is longer than the new one................................"
                           "..........................................................................");
    ::chmod(file.c_str(), 0644);
    REQUIRE(write_purge_file(plan, changes, file));
    CHECK(hush::test::read_file(file) == expressions);
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto unwritable = write_purge_file(plan, changes, dir.path() / "missing-dir" / "p.txt");
    REQUIRE_FALSE(unwritable);
    CHECK(unwritable.error().message == "cannot write: no such file or directory");
}

TEST_CASE("git filter-repo applies the purge file to history", "[rewriter][purge]") {
    using hush::test::run_program;
    if (run_program({"git", "filter-repo", "--version"}).exit_code != 0) {
        WARN("git filter-repo is not installed: the expressions file was checked above, not run");
        return;
    }
    hush::test::TempDir dir;
    std::string text = "token: tok_Hist0ry5ecret\nkey: |\n  LINE1abc\n  LINE2def\n";
    dir.write("repo/a.yaml", text);
    hush::test::RunOptions in_repo{.cwd = dir.path() / "repo"};
    auto git = [&](std::vector<std::string> args) {
        args.insert(args.begin(),
                    {"git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main"});
        auto result = run_program(args, in_repo);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        return result.out;
    };
    git({"init", "-q"});
    git({"add", "a.yaml"});
    git({"commit", "-qm", "leak"});
    MigrationPlan plan;
    auto changes = migrate("a.yaml", text,
                           {{.spelling = "tok_Hist0ry5ecret", .key_path = "token"},
                            {.spelling = "LINE1abc\n  LINE2def", .value = "LINE1abc\nLINE2def", .key_path = "key"}},
                           &plan);
    REQUIRE(write_purge_file(plan, changes, dir.path() / "purge.txt"));
    git({"filter-repo", "--force", "--replace-text", (dir.path() / "purge.txt").string()});
    std::string history = git({"log", "-p", "--all"});
    CHECK(history.find("tok_Hist0ry5ecret") == std::string::npos);
    CHECK(history.find("LINE1abc") == std::string::npos);
    CHECK(history.find("token: $<secret.TOKEN>") != std::string::npos);
    CHECK(history.find("$<secret.KEY>") != std::string::npos);
}
