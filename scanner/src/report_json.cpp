// The JSON reporter: schema in docs/output-json.md. Bump json_version on any incompatible change.
#include <cmath>

#include "reporters.hpp"

namespace hush::report {
namespace {

constexpr int json_version = 1;

double rounded(double value) { return std::round(value * 1000.0) / 1000.0; }

nlohmann::ordered_json finding_json(const Finding& finding, const ReportOptions& options) {
    nlohmann::ordered_json out = {
        {"rule_id", finding.rule_id},
        {"rule_name", finding.rule_name},
        {"kind", finding.kind},
        {"severity", to_string(finding.severity)},
        {"path", finding.path},
        {"line", finding.start.line},
        {"column", finding.start.column},
        {"end_line", finding.end.line},
        {"end_column", finding.end.column},
        {"start_byte", finding.span.begin},
        {"end_byte", finding.span.end},
        {"key_path", finding.key_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(finding.key_path)},
        {"secret", secret_text(finding, options)},
        {"entropy", rounded(finding.entropy)},
        {"validation", to_string(finding.validation)},
        {"fingerprint", finding.fingerprint},
    };
    if (finding.git) {
        out["git"] = {{"commit", finding.git->commit},
                      {"author", finding.git->author},
                      {"date", finding.git->date},
                      {"still_present", finding.git->still_present}};
    }
    return out;
}

class JsonReporter final : public FindingSink {
public:
    JsonReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

    void finding(const Finding& finding) override { m_findings.push_back(finding_json(finding, m_options)); }

    void finish(const ScanStats& stats, const std::vector<ScanNote>& notes) override {
        nlohmann::ordered_json document;
        document["version"] = json_version;
        document["findings"] = std::move(m_findings);
        document["stats"] = stats_json(stats);
        auto& note_list = document["notes"] = nlohmann::ordered_json::array();
        for (const auto& note : notes) note_list.push_back({{"path", note.path}, {"message", note.message}});
        m_out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }

private:
    std::ostream& m_out;
    ReportOptions m_options;
    nlohmann::ordered_json m_findings = nlohmann::ordered_json::array();
};

}  // namespace

nlohmann::ordered_json stats_json(const ScanStats& stats) {
    return {
        {"files_scanned", stats.files_scanned},
        {"bytes_scanned", stats.bytes_scanned},
        {"skipped_binary", stats.skipped_binary},
        {"skipped_too_large", stats.skipped_too_large},
        {"skipped_ignored", stats.skipped_ignored},
        {"unreadable", stats.unreadable},
        {"parse_failures", stats.parse_failures},
        {"suppressed_inline", stats.suppressed_inline},
        {"suppressed_allowlist", stats.suppressed_allowlist},
        {"suppressed_baseline", stats.suppressed_baseline},
        {"seconds", rounded(stats.seconds)},
    };
}

std::unique_ptr<FindingSink> make_json_reporter(std::ostream& out, const ReportOptions& options) {
    return std::make_unique<JsonReporter>(out, options);
}

}  // namespace hush::report
