#pragma once
// The walker: expands the paths to scan into a sorted list of files, honouring .gitignore (libgit2's
// rules inside a repository), .hushignore, exclude globs and the size limit, and never following
// a symlink into a directory it has already visited.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/scanner.hpp"

namespace hush::scan {

struct WalkOptions {
    std::vector<std::string> exclude;       // matched against the displayed path (--exclude)
    std::vector<std::string> root_exclude;  // matched against the path below root (scan.exclude, allow.paths)
    std::filesystem::path root;             // the configuration's root
    std::uint64_t max_file_size = 10ull * 1024 * 1024;
    bool ignore_files = true;
};

struct WalkFile {
    std::string display_path;  // relative to the current directory, '/'-separated
    std::filesystem::path path;
};

struct WalkResult {
    std::vector<WalkFile> files;  // sorted by display_path, no duplicates
    ScanStats stats;              // skipped_ignored, skipped_too_large, unreadable
    std::vector<ScanNote> notes;
};

// Errors: a path given on the command line does not exist.
[[nodiscard]] Result<WalkResult> walk(const std::vector<std::filesystem::path>& paths, const WalkOptions& options);

}  // namespace hush::scan
