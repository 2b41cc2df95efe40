// hush migrate: move hardcoded secrets into the vault and replace them with references.
#include "command.hpp"

namespace hush::cli {

int run_migrate(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush migrate [OPTIONS] [PATHS...]",
                                  "Plan (and with --write, apply) the move of every detected secret into the vault, replacing it with $<secret.NAME>.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
