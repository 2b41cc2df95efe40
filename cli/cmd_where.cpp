// hush where: show where one secret is used.
#include "command.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/resolver.hpp"

namespace hush::cli {

int run_where(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()("name", po::value<std::string>(), "the secret's NAME");
    positional.add("name", 1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush where [OPTIONS] NAME",
                                  "List every place under the usage roots that references the secret NAME, with its "
                                  "consumer (CI job, Kubernetes resource, compose service, ...).\n"
                                  "Formats: text (default), json. Exit 0 also when there is none.")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    if (!vm.count("name")) return report_error(inv, "missing the secret NAME (see 'hush where --help')");
    const auto& name = vm["name"].as<std::string>();
    if (!is_valid_secret_name(name)) {
        return report_error(inv, "invalid secret name '" + name + "': " + std::string(secret_name_rule));
    }
    auto config = load_effective_config(inv.global);
    if (!config) return report_error(inv, config.error());
    auto index = build_usage_index(*config);
    if (!index) return report_error(inv, index.error());
    auto usages = usages_of(*index, name);
    inv.out << (*format == "json" ? render_where_json(name, usages) : render_where_text(name, usages));
    return exit_ok;
}

}  // namespace hush::cli
