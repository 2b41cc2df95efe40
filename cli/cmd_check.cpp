// hush check: verify that every reference resolves to a usable secret.
#include "command.hpp"

namespace hush::cli {

int run_check(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush check [OPTIONS]",
                                  "Fail (exit 1) on dangling, disabled, expired or malformed references; warn on expiring and unused secrets.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
