// Audit log: every change is chained; verify names the first edited, removed, reordered or
// truncated entry.
#include <catch2/catch.hpp>

#include "vault_support.hpp"

using namespace hush;
using namespace hush::test;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start))
        lines.push_back(text.substr(start, end - start + 1));
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += line;
    return out;
}

vault::AuditVerification verify(const VaultFixture& f) {
    auto v = f.open_read();
    auto result = vault::verify_audit_log(v);
    REQUIRE(result);
    return *result;
}

// init, 3 adds, a set, a reveal (appended without a vault write).
void history(VaultFixture& f) {
    f.add("A", "1");
    f.add("B", "2");
    f.add("C", "3");
    auto v = f.open_write();
    REQUIRE(v.set_value("A", secret("1b")));
    REQUIRE(v.commit());
    auto r = f.open_read();
    REQUIRE(r.record({"secret.reveal", "A", {{"version", "2"}}}));
}

}  // namespace

TEST_CASE("the audit log records every change and verifies", "[vault][audit]") {
    VaultFixture f;
    history(f);
    auto records = vault::read_audit_log(f.paths.audit);
    REQUIRE(records);
    REQUIRE(records->size() == 6);
    CHECK((*records)[0].action == "vault.init");
    CHECK((*records)[1].action == "secret.add");
    CHECK((*records)[4].action == "secret.set");
    CHECK((*records)[4].details.at("version") == "2");
    CHECK((*records)[5].action == "secret.reveal");
    CHECK((*records)[5].actor == "tester");
    auto result = verify(f);
    CHECK(result.ok);
    CHECK(result.entries == 6);
    std::string log = read_file(f.paths.audit);
    CHECK(log.find("\"1b\"") == std::string::npos);
}

TEST_CASE("audit verify detects an edited entry", "[vault][audit]") {
    VaultFixture f;
    history(f);
    auto lines = lines_of(read_file(f.paths.audit));
    auto at = lines[2].find("\"secret\":\"B\"");
    REQUIRE(at != std::string::npos);
    lines[2].replace(at, 12, "\"secret\":\"X\"");
    write_file(f.paths.audit, joined(lines));
    auto result = verify(f);
    CHECK_FALSE(result.ok);
    CHECK(result.first_broken == 3);
    CHECK(result.problem.find("altered") != std::string::npos);
}

TEST_CASE("audit verify detects a deleted entry", "[vault][audit]") {
    VaultFixture f;
    history(f);
    auto lines = lines_of(read_file(f.paths.audit));
    lines.erase(lines.begin() + 1);
    write_file(f.paths.audit, joined(lines));
    auto result = verify(f);
    CHECK_FALSE(result.ok);
    CHECK(result.first_broken == 2);
    CHECK(result.problem.find("missing or out of order") != std::string::npos);
}

TEST_CASE("audit verify detects reordered entries", "[vault][audit]") {
    VaultFixture f;
    history(f);
    auto lines = lines_of(read_file(f.paths.audit));
    std::swap(lines[1], lines[2]);
    write_file(f.paths.audit, joined(lines));
    auto result = verify(f);
    CHECK_FALSE(result.ok);
    CHECK(result.first_broken == 2);
}

TEST_CASE("audit verify detects truncation below the vault's anchor", "[vault][audit]") {
    VaultFixture f;
    history(f);
    auto lines = lines_of(read_file(f.paths.audit));
    // The vault anchors entry 5 (its last write); the reveal after it is not anchored.
    lines.resize(4);
    write_file(f.paths.audit, joined(lines));
    auto result = verify(f);
    CHECK_FALSE(result.ok);
    CHECK(result.problem.find("truncated") != std::string::npos);
    write_file(f.paths.audit, "");
    CHECK_FALSE(verify(f).ok);
}

TEST_CASE("a log rebuilt with a forged chain does not match the vault", "[vault][audit]") {
    VaultFixture f;
    history(f);
    std::string log = read_file(f.paths.audit);
    // Another vault's valid log of the same length cannot replace this one.
    VaultFixture other;
    history(other);
    write_file(f.paths.audit, read_file(other.paths.audit));
    CHECK_FALSE(verify(f).ok);
    write_file(f.paths.audit, log);
    CHECK(verify(f).ok);
}

TEST_CASE("an incomplete last line (a killed writer) is cut off by the next write", "[vault][audit]") {
    VaultFixture f;
    history(f);
    std::string log = read_file(f.paths.audit);
    write_file(f.paths.audit, log + "{\"seq\":7,\"ti");
    CHECK_FALSE(verify(f).ok);
    f.add("D", "4");
    CHECK(verify(f).ok);
}

TEST_CASE("the audit reader rejects malformed lines with their number", "[vault][audit]") {
    auto parsed = vault::parse_audit_log("{\"seq\":1}\n", "audit.log");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().line == 1);
    CHECK_FALSE(vault::parse_audit_log("not json\n", "audit.log"));
    CHECK_FALSE(vault::parse_audit_log("{}", "audit.log"));
    auto empty = vault::parse_audit_log("", "audit.log");
    REQUIRE(empty);
    CHECK(empty->empty());
}
