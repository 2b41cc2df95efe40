// hush refs: list every $<secret.NAME> reference.
#include "command.hpp"
#include "hush/resolver.hpp"

namespace hush::cli {

int run_refs(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("paths", po::value<std::vector<std::string>>()->multitoken(),
                          "files or directories to read (default: the usage roots of .hush.yaml)");
    positional.add("paths", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush refs [OPTIONS] [PATHS...]",
                                  "List every secret reference with its file, line, key path and consumer.\n"
                                  "Formats: text (default), json. Exit 1 when a malformed reference is found.")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    auto config = load_effective_config(inv.global);
    if (!config) return report_error(inv, config.error());

    Result<UsageIndex> index;
    if (vm.count("paths")) {
        // Named paths are read as given, relative to the current directory, like `hush scan`.
        const auto& names = vm["paths"].as<std::vector<std::string>>();
        IndexOptions index_options;
        index_options.max_file_size = config->scan.max_file_size;
        index = build_usage_index(std::filesystem::current_path(),
                                  std::vector<std::filesystem::path>(names.begin(), names.end()), index_options);
    } else {
        index = build_usage_index(*config);
    }
    if (!index) return report_error(inv, index.error());
    inv.out << (*format == "json" ? render_refs_json(*index) : render_refs_text(*index));
    if (inv.global.verbosity > 0) {
        for (const auto& note : index->notes) inv.err << "hush refs: " << note << "\n";
    }
    return index->malformed.empty() ? exit_ok : exit_findings;
}

}  // namespace hush::cli
