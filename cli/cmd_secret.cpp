// hush secret: add, change, inspect and delete vault secrets.
#include "command.hpp"

namespace hush::cli {

int run_secret(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush secret <add|set|edit|get|list|show|rotate|history|enable|disable|rm|restore|import|export> [OPTIONS]",
                                  "Manage the secrets in the vault. Values are read from stdin, a file or a no-echo prompt, never from arguments.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
