// The SARIF 2.1.0 reporter, valid for GitHub code-scanning upload.
#include <map>

#include "reporters.hpp"

namespace hush::report {
namespace {

std::string_view level_of(Severity severity) {
    switch (severity) {
        case Severity::critical:
        case Severity::high: return "error";
        case Severity::medium: return "warning";
        case Severity::low: return "note";
    }
    return "warning";
}

nlohmann::ordered_json rule_json(const Finding& finding, const Rule* rule) {
    std::string description = rule != nullptr && !rule->description.empty() ? rule->description : finding.rule_name;
    std::string help = description;
    if (rule != nullptr && !rule->references.empty()) {
        help += "\n\nReferences:";
        for (const auto& reference : rule->references) help += "\n- " + reference;
    }
    help += "\n\nMove the value to a secret store (hush migrate) and rotate it: it has been exposed.";
    nlohmann::ordered_json out = {
        {"id", finding.rule_id},
        {"name", finding.rule_name},
        {"shortDescription", {{"text", finding.rule_name}}},
        {"fullDescription", {{"text", description}}},
        {"help", {{"text", help}}},
        {"defaultConfiguration", {{"level", level_of(finding.severity)}}},
        {"properties", {{"kind", finding.kind}, {"severity", to_string(finding.severity)}, {"tags", {"security", "secret"}}}},
    };
    if (rule != nullptr && !rule->references.empty()) out["helpUri"] = rule->references.front();
    return out;
}

class SarifReporter final : public FindingSink {
public:
    SarifReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {
        for (const auto& rule : m_options.rules) m_known[rule.id] = &rule;
    }

    void finding(const Finding& finding) override {
        auto [it, inserted] = m_rule_index.emplace(finding.rule_id, m_rules.size());
        if (inserted) {
            auto known = m_known.find(finding.rule_id);
            m_rules.push_back(rule_json(finding, known == m_known.end() ? nullptr : known->second));
        }
        nlohmann::ordered_json region = {
            {"startLine", finding.start.line},
            {"startColumn", finding.start.column},
            {"endLine", finding.end.line},
            {"endColumn", finding.end.column},
            {"byteOffset", finding.span.begin},
            {"byteLength", finding.span.size()},
        };
        nlohmann::ordered_json result = {
            {"ruleId", finding.rule_id},
            {"ruleIndex", it->second},
            {"level", level_of(finding.severity)},
            {"message", {{"text", finding.rule_name + " (" + finding.kind + "): " + secret_text(finding, m_options)}}},
            {"locations",
             {{{"physicalLocation",
                {{"artifactLocation", {{"uri", finding.path}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}}}}}},
            {"partialFingerprints", {{"hush/v1", finding.fingerprint}}},
            {"properties", {{"validation", to_string(finding.validation)}}},
        };
        if (!finding.key_path.empty()) result["properties"]["key_path"] = finding.key_path;
        m_results.push_back(std::move(result));
    }

    void finish(const ScanStats& stats, const std::vector<ScanNote>&) override {
        nlohmann::ordered_json document = {
            {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs",
             {{{"tool",
                {{"driver",
                  {{"name", "hush"},
                   {"rules", std::move(m_rules)}}}}},
               {"columnKind", "unicodeCodePoints"},
               {"results", std::move(m_results)},
               {"properties", {{"stats", stats_json(stats)}}}}}},
        };
        m_out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }

private:
    std::ostream& m_out;
    ReportOptions m_options;
    std::map<std::string, const Rule*, std::less<>> m_known;
    std::map<std::string, std::size_t, std::less<>> m_rule_index;
    nlohmann::ordered_json m_rules = nlohmann::ordered_json::array();
    nlohmann::ordered_json m_results = nlohmann::ordered_json::array();
};

}  // namespace

std::unique_ptr<FindingSink> make_sarif_reporter(std::ostream& out, const ReportOptions& options) {
    return std::make_unique<SarifReporter>(out, options);
}

}  // namespace hush::report
