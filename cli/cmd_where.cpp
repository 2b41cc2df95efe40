// hush where: show where one secret is used.
#include "command.hpp"

namespace hush::cli {

int run_where(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush where [OPTIONS] NAME",
                                  "List every place that references the secret NAME, with its consumer (CI job, Kubernetes resource, compose service, ...).")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
