#pragma once
// What `hush scan` and `hush baseline` share: the scan flags, building a Scanner from them and the
// configuration, and running it over PATHS (with '-' for stdin).
#include <string>
#include <vector>

#include "command.hpp"
#include "hush/scanner.hpp"

namespace hush::cli {

// --exclude, --max-file-size, --threads, --rules, --no-context and the PATHS positional.
void add_scan_options(po::options_description& options, po::positional_options_description& positional);

// The Scanner for the parsed flags (plus `baseline`, if any) and the effective configuration.
[[nodiscard]] Result<Scanner> make_scanner(const Invocation& inv, const po::variables_map& vm,
                                           std::optional<std::filesystem::path> baseline);

// Scans the PATHS of `vm` (default "."); "-" reads standard input as the file "-".
[[nodiscard]] Result<ScanResult> scan_inputs(const Scanner& scanner, const po::variables_map& vm);

// "12 files, 3.4 MB in 0.05 s; skipped: ...; suppressed: ..." and the notes, to stderr.
void print_stats(Invocation& inv, const ScanStats& stats);
void print_notes(Invocation& inv, const std::vector<ScanNote>& notes);

}  // namespace hush::cli
