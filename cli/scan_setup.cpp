#include "scan_setup.hpp"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

namespace hush::cli {

void add_scan_options(po::options_description& options, po::positional_options_description& positional) {
    options.add_options()
        ("exclude", po::value<std::vector<std::string>>()->composing()->value_name("GLOB"),
         "skip paths matching GLOB (repeatable; without '/' it matches any path component)")
        ("max-file-size", po::value<std::string>()->value_name("SIZE"), "skip larger files, e.g. 512k, 10MiB (default: 10MiB)")
        ("threads", po::value<unsigned>()->value_name("N"), "worker threads (default: one per core)")
        ("rules", po::value<std::vector<std::string>>()->composing()->value_name("DIR"),
         "also load the *.yaml rule files of DIR (repeatable)")
        ("no-context", po::bool_switch(), "rules only: no syntax context (key paths, generic detector)")
        ("no-ignore", po::bool_switch(), "do not honour .gitignore and .hushignore (--exclude still applies)")
        ("paths", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH"), "files or directories (default: .); - reads stdin");
    positional.add("paths", -1);
}

Result<Scanner> make_scanner(const Invocation& inv, const po::variables_map& vm, std::optional<std::filesystem::path> baseline) {
    auto config = load_effective_config(inv.global);
    if (!config) return std::unexpected(config.error());
    ScanOptions options;
    if (vm.count("exclude")) options.exclude = vm["exclude"].as<std::vector<std::string>>();
    if (vm.count("rules")) {
        for (const auto& dir : vm["rules"].as<std::vector<std::string>>()) options.rule_dirs.emplace_back(dir);
    }
    if (vm.count("max-file-size")) {
        auto text = vm["max-file-size"].as<std::string>();
        options.max_file_size = parse_size(text);
        if (!options.max_file_size) return fail(ErrorCode::usage, "--max-file-size: not a size: '" + text + "' (e.g. 512k, 10MiB)");
    }
    if (vm.count("threads")) options.threads = vm["threads"].as<unsigned>();
    options.syntax_context = !vm["no-context"].as<bool>();
    options.ignore_files = !vm["no-ignore"].as<bool>();
    options.baseline = std::move(baseline);
    return Scanner::create(*config, options);
}

Result<ScanResult> scan_inputs(const Scanner& scanner, const po::variables_map& vm) {
    std::vector<std::string> paths = vm.count("paths") ? vm["paths"].as<std::vector<std::string>>() : std::vector<std::string>{"."};
    std::vector<std::filesystem::path> files;
    bool read_stdin = false;
    for (const auto& path : paths) {
        if (path == "-") read_stdin = true;
        else files.emplace_back(path);
    }
    ScanResult result;
    if (!files.empty()) {
        auto scanned = scanner.scan_paths(files);
        if (!scanned) return std::unexpected(scanned.error());
        result = std::move(*scanned);
    }
    if (read_stdin) {
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        if (std::cin.bad()) return fail(ErrorCode::input, "cannot read standard input");
        append(result, scanner.scan_buffer("-", input));
    }
    return result;
}

void print_stats(Invocation& inv, const ScanStats& stats) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", stats.seconds);
    double megabytes = static_cast<double>(stats.bytes_scanned) / (1024.0 * 1024.0);
    char size[32];
    std::snprintf(size, sizeof size, "%.1f", megabytes);
    inv.err << "hush " << inv.command << ": scanned " << stats.files_scanned << " files (" << size << " MiB) in "
            << seconds << " s; skipped " << stats.skipped_binary << " binary, " << stats.skipped_too_large
            << " too large, " << stats.skipped_ignored << " ignored, " << stats.unreadable << " unreadable; suppressed "
            << stats.suppressed_inline << " inline, " << stats.suppressed_allowlist << " allowlist, "
            << stats.suppressed_baseline << " baseline\n";
}

void print_notes(Invocation& inv, const std::vector<ScanNote>& notes) {
    for (const auto& note : notes) {
        inv.err << "hush " << inv.command << ": note: " << (note.path.empty() ? "" : note.path + ": ") << note.message << "\n";
    }
}

}  // namespace hush::cli
