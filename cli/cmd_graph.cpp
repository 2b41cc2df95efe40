// hush graph: draw the usage graph: secrets, consumers, files.
#include "command.hpp"

namespace hush::cli {

int run_graph(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("args", po::value<std::vector<std::string>>()->multitoken(), "arguments");
    positional.add("args", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush graph [--format dot|mermaid|json]",
                                  "Print the usage graph (secrets -> consumers -> files) as DOT, Mermaid or JSON.")) {
        return *stop;
    }
    return not_implemented(inv);
}

}  // namespace hush::cli
