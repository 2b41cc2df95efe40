#pragma once
// The walker: expands the paths to scan into files, honouring .gitignore (libgit2's rules inside a
// repository), .hushignore and exclude globs, and never following a symlink into a directory it
// has already visited. Files stream out as they are found, so scanning can start at once and a
// walk of a million files holds no list of them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/scanner.hpp"

namespace hush::scan {

struct WalkOptions {
    std::vector<std::string> exclude;       // matched against the displayed path (--exclude)
    std::vector<std::string> root_exclude;  // matched against the path below root (scan.exclude, allow.paths)
    std::filesystem::path root;             // the configuration's root
    bool ignore_files = true;
};

struct WalkFile {
    std::string display_path;  // relative to the current directory, '/'-separated
    std::string path;  // to open: the walk root joined with the entry names
};

struct WalkResult {
    ScanStats stats;  // skipped_ignored, unreadable
    std::vector<ScanNote> notes;
};

// Calls `found` for each file, in walk order (directory entries sorted by name), on the calling
// thread; a file reached through two of `paths` (`hush scan dir dir/file`) comes once. Errors: a
// path given on the command line does not exist (files of earlier paths may have been reported).
[[nodiscard]] Result<WalkResult> walk(const std::vector<std::filesystem::path>& paths, const WalkOptions& options,
                                      const std::function<void(WalkFile)>& found);

}  // namespace hush::scan
