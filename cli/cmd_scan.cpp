// hush scan: find hardcoded secrets in files, stdin, the index, a diff or history.
#include <fstream>

#include "command.hpp"
#include "scan_setup.hpp"

namespace hush::cli {

int run_scan(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    add_scan_options(options, positional);
    options.add_options()
        ("output,o", po::value<std::string>()->value_name("FILE"), "write the report to FILE instead of stdout")
        ("no-redact", po::bool_switch(), "show secret values in full (default: first 4 characters, then …)")
        ("baseline", po::value<std::string>()->value_name("FILE"), "do not report findings listed in this baseline");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush scan [OPTIONS] [PATHS...]",
                                  "Scan files and directories (default: .) for hardcoded secrets. Exit 1 when anything is found.")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"text", "json", "sarif"});
    if (!format) return report_error(inv, format.error());
    std::optional<std::filesystem::path> baseline;
    if (vm.count("baseline")) baseline = vm["baseline"].as<std::string>();
    auto scanner = make_scanner(inv, vm, baseline);
    if (!scanner) return report_error(inv, scanner.error());

    std::ofstream file;
    if (vm.count("output")) {
        file.open(vm["output"].as<std::string>(), std::ios::binary | std::ios::trunc);
        if (!file) return report_error(inv, Error{ErrorCode::io, "cannot write the report", vm["output"].as<std::string>()});
    }
    auto result = scan_inputs(*scanner, vm);
    if (!result) return report_error(inv, result.error());

    ReportOptions report_options;
    report_options.redact = !vm["no-redact"].as<bool>();
    report_options.color = !vm.count("output") && use_color(inv.global);
    report_options.verbosity = inv.global.verbosity;
    if (*format == "sarif") report_options.rules = scanner->rules();
    std::ostream& out = vm.count("output") ? file : inv.out;
    auto reporter = make_reporter(*format, out, report_options);
    if (!reporter) return report_error(inv, reporter.error());
    (*reporter)->begin();
    for (const auto& finding : result->findings) (*reporter)->finding(finding);
    (*reporter)->finish(result->stats, result->notes);
    out.flush();
    if (vm.count("output") && !file) return report_error(inv, Error{ErrorCode::io, "cannot write the report", vm["output"].as<std::string>()});

    if (inv.global.verbosity >= 0) print_notes(inv, result->notes);
    if (inv.global.verbosity > 0) print_stats(inv, result->stats);
    return result->findings.empty() ? exit_ok : exit_findings;
}

}  // namespace hush::cli
