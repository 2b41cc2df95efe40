// hush scan: find hardcoded secrets in files, stdin, the index, a diff or history.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "command.hpp"
#include "scan_setup.hpp"

namespace hush::cli {
namespace {

// --staged / --diff / --history: which git input, if any. Errors when more than one is given.
Result<std::optional<GitScanOptions>> git_options(const po::variables_map& vm, const Invocation& inv) {
    int chosen = int(vm["staged"].as<bool>()) + int(vm.count("diff") > 0) + int(vm["history"].as<bool>());
    bool history_only = vm.count("since") || vm["branches"].as<bool>() || vm["all"].as<bool>();
    if (chosen > 1) return fail(ErrorCode::usage, "choose one of --staged, --diff and --history");
    if (history_only && !vm["history"].as<bool>())
        return fail(ErrorCode::usage, "--since, --branches and --all go with --history");
    if (chosen == 0) return std::nullopt;
    if (vm.count("paths")) return fail(ErrorCode::usage, "PATHS cannot be combined with --staged, --diff or --history");
    GitScanOptions options;
    if (vm["staged"].as<bool>()) {
        options.mode = GitScanOptions::Mode::staged;
    } else if (vm.count("diff")) {
        options.mode = GitScanOptions::Mode::diff;
        options.range = vm["diff"].as<std::string>();
    } else {
        options.mode = GitScanOptions::Mode::history;
        if (vm.count("since")) options.since = vm["since"].as<std::string>();
        options.branches = vm["branches"].as<bool>();
        options.all_refs = vm["all"].as<bool>();
        // Progress on a terminal only: CI logs and pipes stay clean.
        if (inv.global.verbosity >= 0 && ::isatty(STDERR_FILENO) == 1) {
            options.progress = [&err = inv.err](std::uint64_t done, std::uint64_t total, std::uint64_t blobs) {
                err << "\rhistory: " << done << "/" << total << " commits, " << blobs << " blobs" << (done == total ? "\n" : "")
                    << std::flush;
            };
        }
    }
    // --max-file-size (and scan.max_file_size) reach git inputs through the scanner's limit.
    if (vm.count("threads")) options.threads = vm["threads"].as<unsigned>();
    return options;
}

}  // namespace

int run_scan(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    add_scan_options(options, positional);
    options.add_options()
        ("output,o", po::value<std::string>()->value_name("FILE"), "write the report to FILE instead of stdout")
        ("no-redact", po::bool_switch(), "show secret values in full (default: first 4 characters, then …)")
        ("baseline", po::value<std::string>()->value_name("FILE"), "do not report findings listed in this baseline")
        ("staged", po::bool_switch(), "scan what the next commit would record (the index against HEAD)")
        ("diff", po::value<std::string>()->value_name("BASE..HEAD"), "scan only lines added between two revisions (BASE alone means BASE..HEAD)")
        ("history", po::bool_switch(), "scan every commit; each secret once, at the commit that introduced it")
        ("since", po::value<std::string>()->value_name("REF"), "with --history: only commits not reachable from REF")
        ("branches", po::bool_switch(), "with --history: every local branch, not only HEAD")
        ("all", po::bool_switch(), "with --history: every ref");
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
    auto git = git_options(vm, inv);
    if (!git) return report_error(inv, git.error());
    auto result = *git ? scan_git(*scanner, std::filesystem::current_path(), **git) : scan_inputs(*scanner, vm);
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
