// make_reporter: the reporter for a --format name.
#include "reporters.hpp"

namespace hush {

Result<std::unique_ptr<FindingSink>> make_reporter(std::string_view format, std::ostream& out, const ReportOptions& options) {
    if (format == "text") return report::make_text_reporter(out, options);
    if (format == "json") return report::make_json_reporter(out, options);
    if (format == "sarif") return report::make_sarif_reporter(out, options);
    return fail(ErrorCode::usage, "unknown report format '" + std::string(format) + "' (expected text, json or sarif)");
}

}  // namespace hush
