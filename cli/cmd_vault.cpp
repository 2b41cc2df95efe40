// hush vault: create the vault, manage identities and recipients.
#include "command.hpp"

namespace hush::cli {

int run_vault(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush vault <init|identity|recipients> [OPTIONS]",
                                  "Create and administer the encrypted vault (.hush/vault.yaml).")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
