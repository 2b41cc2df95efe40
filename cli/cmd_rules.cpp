// hush rules: list, test and export detection rules.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hush/scanner.hpp"

namespace hush::cli {
namespace {

Result<Scanner> load_scanner(const Invocation& inv, const po::variables_map& vm) {
    auto config = load_effective_config(inv.global);
    if (!config) return std::unexpected(config.error());
    ScanOptions options;
    if (vm.count("rules")) {
        for (const auto& dir : vm["rules"].as<std::vector<std::string>>()) options.rule_dirs.emplace_back(dir);
    }
    return Scanner::create(*config, options);
}

int list_rules(Invocation& inv, const Scanner& scanner) {
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    const auto& rules = scanner.rules();
    if (*format == "json") {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& rule : rules) {
            list.push_back({{"id", rule.id}, {"name", rule.name}, {"kind", rule.kind},
                            {"severity", to_string(rule.severity)}, {"validate", rule.validate},
                            {"keywords", rule.keywords}, {"file", rule.file}, {"line", rule.line}});
        }
        inv.out << nlohmann::ordered_json{{"version", 1}, {"rules", list}}.dump(2) << "\n";
        return exit_ok;
    }
    std::size_t id_width = 2;
    std::size_t kind_width = 4;
    for (const auto& rule : rules) {
        id_width = std::max(id_width, rule.id.size());
        kind_width = std::max(kind_width, rule.kind.size());
    }
    auto row = [&](std::string_view id, std::string_view kind, std::string_view severity) {
        inv.out << id << std::string(id_width - id.size() + 2, ' ') << kind << std::string(kind_width - kind.size() + 2, ' ')
                << severity << "\n";
    };
    row("ID", "KIND", "SEVERITY");
    for (const auto& rule : rules) row(rule.id, rule.kind, to_string(rule.severity));
    return exit_ok;
}

int test_rules(Invocation& inv, const Scanner& scanner) {
    auto failures = scanner.test_rules();
    for (const auto& failure : failures) {
        inv.out << failure.file << ":" << failure.line << ": " << failure.rule_id << ": " << failure.message << "\n";
    }
    std::size_t examples = 0;
    for (const auto& rule : scanner.rules()) examples += rule.examples.size() + rule.negative_examples.size();
    inv.out << scanner.rules().size() << " rules, " << examples << " examples: "
            << (failures.empty() ? "all passed" : std::to_string(failures.size()) + " failed") << "\n";
    return failures.empty() ? exit_ok : exit_findings;
}

int export_rules(Invocation& inv, const Scanner& scanner, const po::variables_map& vm) {
    if (!vm["patterns"].as<bool>()) return report_error(inv, "export needs --patterns (one RE2 pattern per line)");
    for (const auto& rule : scanner.rules()) inv.out << rule.pattern << "\n";
    return exit_ok;
}

}  // namespace

int run_rules(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    options.add_options()
        ("action", po::value<std::string>(), "list, test or export")
        ("rules", po::value<std::vector<std::string>>()->composing()->value_name("DIR"),
         "also load the *.yaml rule files of DIR (repeatable)")
        ("patterns", po::bool_switch(), "export: one RE2 pattern per line (for rg -f, grep -P -f)");
    positional.add("action", 1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush rules <list|test|export> [OPTIONS]",
                                  "Inspect the detection rules: list them, test every rule against its examples, export their patterns.")) {
        return *stop;
    }
    std::string action = vm.count("action") ? vm["action"].as<std::string>() : "";
    if (action != "list" && action != "test" && action != "export")
        return report_error(inv, "expected an action: list, test or export (see 'hush rules --help')");
    auto scanner = load_scanner(inv, vm);
    if (!scanner) return report_error(inv, scanner.error());
    if (action == "list") return list_rules(inv, *scanner);
    if (action == "test") return test_rules(inv, *scanner);
    return export_rules(inv, *scanner, vm);
}

}  // namespace hush::cli
