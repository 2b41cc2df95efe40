// hush inject: render a template with secret values.
#include "command.hpp"

namespace hush::cli {

int run_inject(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush inject -i TEMPLATE [-o OUT]",
                                  "Replace each $<secret.NAME> in TEMPLATE with its value; OUT is created with mode 0600.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
