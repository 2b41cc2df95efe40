// hush audit: list the audit log and verify its hash chain.
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "vault_support.hpp"

namespace hush::cli {

namespace {

int audit_log(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("secret", po::value<std::string>()->value_name("NAME"), "entries about this secret")
        ("action", po::value<std::string>()->value_name("ACTION"), "entries with this action (e.g. secret.reveal)");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush audit log [--secret NAME] [--action A] [--format text|json]",
                                  "List the audit log (no key needed; 'hush audit verify' checks it).")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    auto paths = vault_paths(inv);
    if (!paths) return report_error(inv, paths.error());
    auto records = vault::read_audit_log(paths->audit);
    if (!records) return report_error(inv, records.error());
    std::string secret = vm.count("secret") ? vm["secret"].as<std::string>() : "";
    std::string action = vm.count("action") ? vm["action"].as<std::string>() : "";
    nlohmann::json json = nlohmann::json::array();
    for (const auto& record : *records) {
        if ((!secret.empty() && record.secret != secret) || (!action.empty() && record.action != action)) continue;
        if (*format == "json") {
            json.push_back({{"seq", record.seq}, {"time", record.time}, {"actor", record.actor}, {"action", record.action},
                            {"secret", record.secret}, {"details", record.details}});
            continue;
        }
        std::string details;
        for (const auto& [name, value] : record.details) details += " " + name + "=" + value;
        inv.out << record.seq << "  " << record.time << "  " << record.action << "  "
                << (record.secret.empty() ? "-" : record.secret) << "  " << record.actor << details << "\n";
    }
    if (*format == "json") inv.out << json.dump(2) << "\n";
    return exit_ok;
}

int audit_verify(Invocation& inv) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush audit verify",
                                  "Check the audit log's hash chain and the vault's record of it; exit 1 and name the "
                                  "first broken entry if anything was edited, removed, reordered or truncated.")) {
        return *stop;
    }
    auto vault = open_vault_for_read(inv);
    if (!vault) return report_error(inv, vault.error());
    auto result = vault::verify_audit_log(*vault);
    if (!result) return report_error(inv, result.error());
    if (!result->ok) {
        inv.out << "audit log BROKEN: " << result->problem << "\n";
        return exit_findings;
    }
    if (inv.global.verbosity >= 0) inv.out << "audit log OK: " << result->entries << " entries\n";
    return exit_ok;
}

constexpr Action audit_actions[] = {
    {"log", "list entries", audit_log},
    {"verify", "verify the hash chain", audit_verify},
};

}  // namespace

int run_audit(Invocation& inv) {
    return dispatch(inv, audit_actions, "hush audit <log|verify> [OPTIONS]", "List the audit log or verify its hash chain.");
}

}  // namespace hush::cli
