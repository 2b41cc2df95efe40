// hush baseline: create or update a baseline of accepted findings.
#include "command.hpp"

namespace hush::cli {

int run_baseline(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush baseline <create|update> [OPTIONS] [PATHS...]",
                                  "Record current findings as accepted so that 'hush scan --baseline FILE' reports only new ones.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
