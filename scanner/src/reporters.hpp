#pragma once
// The reporters behind FindingSink (make_reporter in hush/scanner.hpp picks one by name).
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "hush/scanner.hpp"

namespace hush::report {

[[nodiscard]] std::unique_ptr<FindingSink> make_text_reporter(std::ostream& out, const ReportOptions& options);
[[nodiscard]] std::unique_ptr<FindingSink> make_json_reporter(std::ostream& out, const ReportOptions& options);
[[nodiscard]] std::unique_ptr<FindingSink> make_sarif_reporter(std::ostream& out, const ReportOptions& options);

// The secret as shown: redacted unless the user asked for --no-redact.
[[nodiscard]] inline std::string secret_text(const Finding& finding, const ReportOptions& options) {
    return options.redact ? redact(finding.secret) : finding.secret;
}

// The scan counters as a JSON object (shared by the JSON and SARIF reporters).
[[nodiscard]] nlohmann::ordered_json stats_json(const ScanStats& stats);

}  // namespace hush::report
