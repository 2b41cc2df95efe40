#pragma once
// Hand-built findings for rewriter tests: the scanner is not needed to say where a secret is.
#include <stdexcept>
#include <string>
#include <string_view>

#include "hush/core/finding.hpp"
#include "hush/core/text.hpp"
#include "hush/rewriter.hpp"

namespace hush::test {

struct FindingSpec {
    std::string spelling;  // the source bytes of the secret in the file
    std::string value;     // the secret's value; empty = same as spelling
    std::string key_path;
    std::string kind = "generic_secret";
    std::string rule_id = "generic";
    std::string name_hint;
    std::size_t occurrence = 0;  // which occurrence of spelling in the file
};

// A Finding for `spec` in the file `path` holding `bytes`; throws if the spelling is not there.
inline Finding make_finding(const std::string& path, std::string_view bytes, const FindingSpec& spec) {
    std::size_t at = bytes.find(spec.spelling);
    for (std::size_t n = 0; n < spec.occurrence && at != std::string_view::npos; ++n)
        at = bytes.find(spec.spelling, at + 1);
    if (at == std::string_view::npos) throw std::runtime_error("spelling not in " + path);
    Finding finding;
    finding.rule_id = spec.rule_id;
    finding.rule_name = spec.rule_id;
    finding.kind = spec.kind;
    finding.path = path;
    finding.span = Span{at, at + spec.spelling.size()};
    LineIndex index(bytes);
    finding.start = index.at(finding.span.begin);
    finding.end = index.at(finding.span.end);
    finding.key_path = spec.key_path;
    finding.secret = spec.value.empty() ? spec.spelling : spec.value;
    finding.fingerprint = spec.rule_id + ":" + path + ":" + sha256_hex(finding.secret).substr(0, 12);
    finding.name_hint = spec.name_hint;
    return finding;
}

}  // namespace hush::test
