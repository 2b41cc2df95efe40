// The text reporter: findings grouped by file, one line each with a redacted snippet.
#include "reporters.hpp"

namespace hush::report {
namespace {

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view dim = "\x1b[2m";
constexpr std::string_view reset = "\x1b[0m";

std::string_view severity_colour(Severity severity) {
    switch (severity) {
        case Severity::critical: return "\x1b[1;31m";
        case Severity::high: return "\x1b[31m";
        case Severity::medium: return "\x1b[33m";
        case Severity::low: return "\x1b[36m";
    }
    return "";
}

class TextReporter final : public FindingSink {
public:
    TextReporter(std::ostream& out, const ReportOptions& options) : m_out(out), m_options(options) {}

    void finding(const Finding& finding) override {
        if (finding.path != m_current_path) {
            if (!m_current_path.empty() || m_count > 0) m_out << "\n";
            m_out << paint(bold, finding.path) << "\n";
            m_current_path = finding.path;
            ++m_files;
        }
        ++m_count;
        m_out << "  " << finding.start.line << ":" << finding.start.column << "  "
              << paint(severity_colour(finding.severity), to_string(finding.severity)) << "  " << finding.rule_id;
        if (!finding.key_path.empty()) m_out << "  " << finding.key_path;
        m_out << "  " << paint(dim, finding.rule_name) << "\n";
        auto secret = secret_text(finding, m_options);
        m_out << "      " << finding.line_before << paint(bold, secret) << finding.line_after << "\n";
    }

    void finish(const ScanStats& stats, const std::vector<ScanNote>&) override {
        if (m_options.verbosity < 0) return;
        if (m_count > 0) m_out << "\n";
        m_out << m_count << (m_count == 1 ? " secret" : " secrets") << " found in " << m_files
              << (m_files == 1 ? " file" : " files") << " (" << stats.files_scanned << " scanned)\n";
    }

private:
    std::string paint(std::string_view colour, std::string_view text) const {
        if (!m_options.color) return std::string(text);
        return std::string(colour) + std::string(text) + std::string(reset);
    }

    std::ostream& m_out;
    ReportOptions m_options;
    std::string m_current_path;
    std::size_t m_count = 0;
    std::size_t m_files = 0;
};

}  // namespace

std::unique_ptr<FindingSink> make_text_reporter(std::ostream& out, const ReportOptions& options) {
    return std::make_unique<TextReporter>(out, options);
}

}  // namespace hush::report
