// hush refs: list every $<secret.NAME> reference.
#include "command.hpp"

namespace hush::cli {

int run_refs(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush refs [OPTIONS] [PATHS...]",
                                  "List every secret reference under the usage roots with its file, line, key path and consumer.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
