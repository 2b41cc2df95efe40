#pragma once
// What every subcommand shares: the invocation, global options, option parsing, config loading
// and output helpers. Each subcommand lives in its own cmd_<name>.cpp with one run_<name> entry.
#include <boost/program_options.hpp>

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/config.hpp"
#include "hush/core/error.hpp"
#include "hush/core/exit_code.hpp"

namespace hush::cli {

namespace po = boost::program_options;

// Options accepted before the subcommand and by every subcommand.
struct GlobalOptions {
    std::optional<std::filesystem::path> config_path;  // --config; default: .hush.yaml found upward
    std::string format;                                // --format; empty = the command's default
    bool no_color = false;                             // --no-color (or NO_COLOR set)
    int verbosity = 0;                                 // -q = -1, -v = 1
};

struct Invocation {
    std::string command;            // e.g. "scan"
    std::vector<std::string> args;  // everything after the command name
    GlobalOptions global;
    std::ostream& out;
    std::ostream& err;
};

using CommandFn = int (*)(Invocation&);

struct Command {
    std::string_view name;
    std::string_view summary;
    CommandFn run;
};

// Every subcommand, in the order `hush --help` lists them.
[[nodiscard]] std::span<const Command> commands();

// The global options, defined once; every subcommand's parser includes them.
[[nodiscard]] const po::options_description& global_options();
// Copies global option values found in `vm` into `global`.
void apply_global_options(const po::variables_map& vm, GlobalOptions& global);

// Parses inv.args with `options` (the global options are added) and `positional`.
// Returns an exit code when the command must stop now: 0 after printing --help, 2 after printing
// a one-line usage error. `usage` is the synopsis line shown by --help, e.g. "hush scan [PATHS...]".
[[nodiscard]] std::optional<int> parse_options(Invocation& inv, const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               po::variables_map& vm, std::string_view usage,
                                               std::string_view description);

// Prints "hush <command>: <error>" to stderr and returns exit_error (2).
int report_error(Invocation& inv, const Error& error);
int report_error(Invocation& inv, std::string_view message);

// The effective configuration: --config, else the nearest .hush.yaml upward from the current
// directory, else defaults rooted at the current directory.
[[nodiscard]] Result<Config> load_effective_config(const GlobalOptions& global);

// Colour on stdout: a tty, no --no-color, no NO_COLOR.
[[nodiscard]] bool use_color(const GlobalOptions& global);

// Validates --format against `allowed` (first = default). Returns the format or an error.
[[nodiscard]] Result<std::string> choose_format(const GlobalOptions& global, std::initializer_list<std::string_view> allowed);

}  // namespace hush::cli
