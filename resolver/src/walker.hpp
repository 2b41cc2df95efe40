#pragma once
// Collects the files under the usage roots: honours .gitignore (libgit2 inside a repository) and
// .hushignore, skips .git and node_modules, never follows symlinks. Internal to the resolver.
#include <filesystem>
#include <string>
#include <vector>

#include "hush/core/error.hpp"

namespace hush::detail {

struct WalkedFile {
    std::string display;  // relative to the base directory, '/'-separated
    std::string full;     // path to open
};

// Files under `roots` (relative ones are resolved from `base`), sorted by display path. A root
// that is a file is returned as is, even if an ignore rule matches it (the user named it).
[[nodiscard]] Result<std::vector<WalkedFile>> walk_roots(const std::filesystem::path& base,
                                                        const std::vector<std::filesystem::path>& roots,
                                                        bool ignore_files);

}  // namespace hush::detail
