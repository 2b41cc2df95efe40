// Fuzz target: the scanner over arbitrary bytes (matcher, filters, snippets, line index) never
// crashes, and every finding's span lies inside the input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "hush/scanner.hpp"

namespace {

// Rules with a validator, an entropy floor, a named group and a keyword-less pattern, so each
// path of the matcher is reachable from the fuzzer's bytes.
constexpr const char* fuzz_rules = R"(rules:
  - id: fuzz-token
    kind: fuzz_token
    severity: high
    pattern: '\b(?P<secret>fz_[a-z0-9]{8,40})\b'
    keywords: [fz_]
    entropy: 2.0
  - id: fuzz-checksummed
    kind: fuzz_checksummed
    severity: critical
    pattern: '(ghx_[A-Za-z0-9]{36})'
    keywords: [ghx_]
    validate: github-checksum
  - id: fuzz-url-password
    kind: fuzz_password
    severity: medium
    pattern: '[a-z]+://[^:@\s]+:([^@\s]{4,})@'
    keywords: ['://']
  - id: fuzz-jwt
    kind: fuzz_jwt
    severity: low
    pattern: '(eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)'
    validate: jwt
)";

const hush::Scanner& scanner() {
    static std::optional<hush::Scanner> instance = [] {
        char dir[] = "/tmp/hush-scan-fuzz-XXXXXX";
        if (::mkdtemp(dir) == nullptr) std::abort();
        std::ofstream(std::string(dir) + "/fuzz.yaml") << fuzz_rules;
        hush::Config config;
        config.root = dir;
        hush::ScanOptions options;
        options.rule_dirs = {dir};
        auto created = hush::Scanner::create(config, options);
        std::filesystem::remove_all(dir);
        if (!created) std::abort();
        return std::optional<hush::Scanner>(std::move(*created));
    }();
    return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto result = scanner().scan_buffer("fuzz.txt", bytes);
    for (const auto& finding : result.findings) {
        if (finding.span.end > size || finding.span.begin >= finding.span.end) std::abort();
        if (finding.span.of(bytes) != finding.secret) std::abort();
    }
    return 0;
}
