// hush audit: read and verify the audit log.
#include "command.hpp"

namespace hush::cli {

int run_audit(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush audit <log|verify> [OPTIONS]",
                                  "List the audit log or verify its hash chain.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
