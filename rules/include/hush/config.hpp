#pragma once
// .hush.yaml: the repository's configuration (DESIGN.md §7). All keys optional; unknown keys are
// an error naming the key and its line, never ignored.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"

namespace hush {

struct AllowConfig {
    std::vector<std::string> paths;      // globs of files whose findings are suppressed
    std::vector<std::string> values;     // exact secret values that are known not to be secrets
    std::vector<std::string> stopwords;  // a finding whose secret contains one is suppressed
};

struct ScanConfig {
    std::uint64_t max_file_size = 10ull * 1024 * 1024;  // bytes; larger files are skipped and counted
    std::vector<std::string> exclude;                    // globs, as --exclude
};

struct RulesConfig {
    std::vector<std::string> include;  // extra rule directories, relative to the config file
    std::vector<std::string> disable;  // rule ids to turn off
};

struct MigrateConfig {
    std::string prefix;                          // prepended to every generated name, e.g. "APP_"
    std::map<std::string, std::string> names;    // fingerprint -> vault name overrides
};

struct Config {
    std::filesystem::path file;  // where it was loaded from; empty for defaults
    std::filesystem::path root;  // the directory holding it (the repository root); cwd for defaults
    std::string vault = ".hush/vault.yaml";
    RulesConfig rules;
    AllowConfig allow;
    std::vector<std::string> usage_roots;  // default: {"."}
    ScanConfig scan;
    MigrateConfig migrate;
};

// Parse config text; `path` is used in error messages ("path:line: unknown key 'foo'").
[[nodiscard]] Result<Config> parse_config(std::string_view text, const std::filesystem::path& path);
// Read and parse a config file.
[[nodiscard]] Result<Config> load_config(const std::filesystem::path& path);
// The nearest .hush.yaml in `start` or one of its parents, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);
// Parses sizes such as "10MiB", "512k", "1048576".
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace hush
