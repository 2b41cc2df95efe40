#pragma once
// A Finding: one detected secret, as the scanner hands it to reporters, baselines and the rewriter.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hush/core/span.hpp"
#include "hush/core/text.hpp"

namespace hush {

enum class Severity { low, medium, high, critical };
enum class Validation { unchecked, valid, invalid };

[[nodiscard]] std::string_view to_string(Severity severity);
[[nodiscard]] std::string_view to_string(Validation validation);
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text);

// Where a finding came from when the input was git history, a diff or the index.
struct GitOrigin {
    std::string commit;  // full hex id
    std::string author;  // "Name <email>"
    std::string date;    // ISO 8601
    bool still_present = true;  // the secret is still in HEAD's version of the file
};

struct Finding {
    std::string rule_id;
    std::string rule_name;
    std::string kind;  // snake_case credential type, e.g. aws_access_key_id
    Severity severity = Severity::medium;
    std::string path;  // relative to the scan root, '/' separated; "-" for stdin
    Span span;         // bytes of the secret itself in the file
    LineCol start;     // of span.begin
    LineCol end;       // of span.end
    std::string key_path;  // e.g. integrations.grafana.api_key; empty when unknown
    std::string secret;    // the plaintext value: in memory only, reporters redact it
    double entropy = 0;
    Validation validation = Validation::unchecked;
    std::string fingerprint;  // stable under line moves: hash of rule id, path and secret
    std::optional<GitOrigin> git;
    std::string name_hint;  // the rule's name_hint: vault name for migrate when context gives none
};

// The redacted form shown by default everywhere: the first 4 characters, then "…".
[[nodiscard]] std::string redact(std::string_view secret);

}  // namespace hush
