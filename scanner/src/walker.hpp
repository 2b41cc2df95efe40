#pragma once
// The walker: expands the paths to scan into a sorted list of files, honouring .gitignore (libgit2's
// rules inside a repository), .hushignore and exclude globs, and never following
// a symlink into a directory it has already visited.
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
    std::vector<WalkFile> files;  // sorted by display_path, no duplicates
    ScanStats stats;              // skipped_ignored, unreadable
    std::vector<ScanNote> notes;
};

// Errors: a path given on the command line does not exist. With `found`, each file goes to it as
// the walk finds it (in walk order, on the calling thread, duplicates included) instead of into
// WalkResult::files, so that scanning can start before the walk ends.
[[nodiscard]] Result<WalkResult> walk(const std::vector<std::filesystem::path>& paths, const WalkOptions& options,
                                      const std::function<void(WalkFile)>& found = {});

}  // namespace hush::scan
