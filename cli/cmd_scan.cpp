// hush scan: find hardcoded secrets in files, stdin, the index, a diff or history.
#include "command.hpp"

namespace hush::cli {

int run_scan(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush scan [OPTIONS] [PATHS...]",
                                  "Scan files and directories (default: .) for hardcoded secrets. Exit 1 when anything is found.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
