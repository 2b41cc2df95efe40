// hush rules: list, test and export detection rules.
#include "command.hpp"

namespace hush::cli {

int run_rules(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush rules <list|test|export> [OPTIONS]",
                                  "Inspect the detection rules: list them, test every rule against its examples, export their patterns.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
