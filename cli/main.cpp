// hush: find hardcoded credentials, move them into an encrypted vault, track every use.
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"

namespace {

using namespace hush::cli;

void print_help(std::ostream& out) {
    out << "hush " HUSH_VERSION " - find hardcoded secrets, move them into an encrypted vault, track every use\n\n"
           "Usage: hush [GLOBAL OPTIONS] <command> [OPTIONS] [ARGS]\n\nCommands:\n";
    for (const auto& command : commands()) {
        std::string name(command.name);
        name.resize(10, ' ');
        out << "  " << name << command.summary << "\n";
    }
    out << "\n" << global_options() << "  --version                 print the version\n\n"
        << "Exit codes: 0 success, 1 findings or failed check, 2 usage, configuration or input error.\n"
           "Run 'hush <command> --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Invocation inv{"", {}, {}, std::cout, std::cerr};

    // Global options may come before the command; find where the command name starts.
    std::size_t i = 0;
    std::vector<std::string> leading;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.empty() || arg[0] != '-' || arg == "-") break;
        if (arg == "--version") {
            std::cout << "hush " HUSH_VERSION "\n";
            return hush::exit_ok;
        }
        leading.push_back(arg);
        std::string name = arg.substr(arg.find_first_not_of('-'));
        if (auto eq = name.find('='); eq != std::string::npos) continue;
        const auto* option = global_options().find_nothrow(name, false);
        if (option == nullptr && arg.size() == 2) option = global_options().find_nothrow(arg.substr(1), false, false, true);
        if (option != nullptr && option->semantic()->max_tokens() > 0 && i + 1 < args.size()) leading.push_back(args[++i]);
    }
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(leading).options(global_options()).style(
                      po::command_line_style::default_style & ~po::command_line_style::allow_guessing).run(),
                  vm);
        po::notify(vm);
        apply_global_options(vm, inv.global);
        if (vm["help"].as<bool>() && i == args.size()) {
            print_help(std::cout);
            return hush::exit_ok;
        }
    } catch (const po::error& e) {
        std::cerr << "hush: " << e.what() << " (see 'hush --help')\n";
        return hush::exit_error;
    }
    if (i == args.size()) {
        std::cerr << "hush: no command given (see 'hush --help')\n";
        return hush::exit_error;
    }
    inv.command = args[i];
    inv.args.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
    // Every subcommand parses the global options too; hand it the leading ones.
    inv.args.insert(inv.args.begin(), leading.begin(), leading.end());
    if (inv.command == "help") {
        print_help(std::cout);
        return hush::exit_ok;
    }
    for (const auto& command : commands()) {
        if (command.name == inv.command) {
            try {
                return command.run(inv);
            } catch (const std::exception& e) {
                // A bug, not a user error: still one line and a stable exit code, never a trace.
                std::cerr << "hush " << inv.command << ": internal error: " << e.what() << "\n";
                return hush::exit_error;
            }
        }
    }
    std::cerr << "hush: unknown command '" << inv.command << "' (see 'hush --help')\n";
    return hush::exit_error;
}
