// hush baseline: create or update a baseline of accepted findings.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "command.hpp"
#include "scan_setup.hpp"

namespace hush::cli {
namespace {

// Writes beside the target and renames, so a failed write never leaves half a baseline.
Result<void> write_atomically(const std::filesystem::path& path, const std::string& text) {
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return fail(ErrorCode::io, "cannot write baseline", temporary.string());
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) return fail(ErrorCode::io, "cannot write baseline: " + ec.message(), path.string());
    return {};
}

}  // namespace

int run_baseline(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()
        ("action", po::value<std::string>(), "create or update")
        ("output,o", po::value<std::string>()->default_value(".hush-baseline.json")->value_name("FILE"), "baseline file");
    positional.add("action", 1);
    add_scan_options(options, positional);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush baseline <create|update> [OPTIONS] [PATHS...]",
                                  "Record current findings as accepted so that 'hush scan --baseline FILE' reports only new ones.\n"
                                  "create writes the current findings; update adds them to the existing entries.")) {
        return *stop;
    }
    std::string action = vm.count("action") ? vm["action"].as<std::string>() : "";
    if (action != "create" && action != "update")
        return report_error(inv, "expected an action: create or update (see 'hush baseline --help')");
    std::filesystem::path output = vm["output"].as<std::string>();

    std::vector<BaselineEntry> entries;
    if (action == "update" && std::filesystem::exists(output)) {
        auto existing = load_baseline(output);
        if (!existing) return report_error(inv, existing.error());
        entries = std::move(*existing);
    }
    auto scanner = make_scanner(inv, vm, std::nullopt);
    if (!scanner) return report_error(inv, scanner.error());
    auto result = scan_inputs(*scanner, vm);
    if (!result) return report_error(inv, result.error());
    auto before = entries.size();
    for (auto& entry : baseline_entries(result->findings)) entries.push_back(std::move(entry));
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    if (auto written = write_atomically(output, format_baseline(entries)); !written) return report_error(inv, written.error());
    if (inv.global.verbosity >= 0) {
        auto added = action == "create" ? entries.size() : entries.size() - std::min(entries.size(), before);
        inv.err << "hush baseline: " << output.string() << ": " << entries.size() << " entries (" << added << " new)\n";
    }
    if (inv.global.verbosity > 0) print_stats(inv, result->stats);
    return exit_ok;
}

}  // namespace hush::cli
