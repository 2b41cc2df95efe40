// hush graph: draw the usage graph: secrets, consumers, files.
#include "command.hpp"
#include "hush/resolver.hpp"

namespace hush::cli {

int run_graph(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush graph [--format dot|mermaid|json]",
                                  "Print the usage graph of the usage roots (secrets -> consumers -> files) as DOT "
                                  "(default), Mermaid or JSON.")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"dot", "mermaid", "json"});
    if (!format) return report_error(inv, format.error());
    auto config = load_effective_config(inv.global);
    if (!config) return report_error(inv, config.error());
    auto index = build_usage_index(*config);
    if (!index) return report_error(inv, index.error());
    UsageGraph graph = build_graph(index->usages);
    if (*format == "dot") inv.out << render_graph_dot(graph);
    else if (*format == "mermaid") inv.out << render_graph_mermaid(graph);
    else inv.out << render_graph_json(graph);
    return exit_ok;
}

}  // namespace hush::cli
