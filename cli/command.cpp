#include "command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace hush::cli {

const po::options_description& global_options() {
    static const po::options_description options = [] {
        po::options_description o("Global options");
        o.add_options()
            ("config", po::value<std::string>()->value_name("FILE"),
             "configuration file (default: .hush.yaml found upward from the current directory)")
            ("format", po::value<std::string>()->value_name("FMT"), "output format (per command: text, json, sarif, ...)")
            ("no-color", po::bool_switch(), "no colours (also when NO_COLOR is set or output is not a terminal)")
            ("quiet,q", po::bool_switch(), "print only errors and results")
            ("verbose,v", po::bool_switch(), "print statistics and notes")
            ("help,h", po::bool_switch(), "show help for this command");
        return o;
    }();
    return options;
}

void apply_global_options(const po::variables_map& vm, GlobalOptions& global) {
    if (vm.count("config")) global.config_path = vm["config"].as<std::string>();
    if (vm.count("format")) global.format = vm["format"].as<std::string>();
    if (vm.count("no-color") && vm["no-color"].as<bool>()) global.no_color = true;
    if (vm.count("quiet") && vm["quiet"].as<bool>()) global.verbosity = -1;
    if (vm.count("verbose") && vm["verbose"].as<bool>()) global.verbosity = 1;
}

std::optional<int> parse_options(Invocation& inv, const po::options_description& options,
                                 const po::positional_options_description& positional, po::variables_map& vm,
                                 std::string_view usage, std::string_view description) {
    po::options_description all;
    all.add(options).add(global_options());
    try {
        po::store(po::command_line_parser(inv.args).options(all).positional(positional).style(
                      po::command_line_style::default_style & ~po::command_line_style::allow_guessing).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        inv.err << "hush " << inv.command << ": " << e.what() << " (see 'hush " << inv.command << " --help')\n";
        return exit_error;
    }
    apply_global_options(vm, inv.global);
    if (vm.count("help") && vm["help"].as<bool>()) {
        inv.out << "Usage: " << usage << "\n\n" << description << "\n\n";
        if (!options.options().empty()) inv.out << options << "\n";
        inv.out << global_options();
        return exit_ok;
    }
    return std::nullopt;
}

int report_error(Invocation& inv, const Error& error) { return report_error(inv, error.to_string()); }

int report_error(Invocation& inv, std::string_view message) {
    inv.err << "hush " << inv.command << ": " << message << "\n";
    return exit_error;
}

Result<Config> load_effective_config(const GlobalOptions& global) {
    if (global.config_path) return load_config(*global.config_path);
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    if (ec) return fail(ErrorCode::input, "cannot determine the current directory: " + ec.message());
    if (auto found = find_config(cwd)) return load_config(*found);
    Config defaults;
    defaults.root = cwd;
    defaults.usage_roots = {"."};
    return defaults;
}

bool use_color(const GlobalOptions& global) {
    if (global.no_color) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

Result<std::string> choose_format(const GlobalOptions& global, std::initializer_list<std::string_view> allowed) {
    if (global.format.empty()) return std::string(*allowed.begin());
    for (auto name : allowed) {
        if (global.format == name) return global.format;
    }
    std::string list;
    for (auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
    return fail(ErrorCode::usage, "unknown format '" + global.format + "' (expected one of: " + list + ")");
}

}  // namespace hush::cli
