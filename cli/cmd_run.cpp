// hush run: run a command with secrets in its environment.
#include "command.hpp"

namespace hush::cli {

int run_run(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush run [OPTIONS] -- CMD [ARGS...]",
                                  "Run CMD with the referenced secrets in its environment, masking their values in its output.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
