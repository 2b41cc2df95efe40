// hush check: verify that every reference resolves to a usable secret.
#include <filesystem>

#include "command.hpp"
#include "hush/resolver.hpp"
#include "resolver_support.hpp"

namespace hush::cli {

namespace {

// The vault's secrets (deleted ones too: a reference to one is dangling with a restore hint).
// Verified when a key is configured; otherwise read without the MAC check, which CI without
// keys can still do. A missing vault has no secrets, so every reference is dangling.
Result<std::vector<SecretState>> vault_states(Invocation& inv, const Config& config, bool has_references) {
    auto paths = vault::paths_for(config);
    std::error_code error;
    if (!std::filesystem::exists(paths.vault, error)) {
        if (has_references)
            inv.err << "hush check: note: no vault at " << paths.vault.string()
                    << ": every reference is dangling (create one with 'hush vault init')\n";
        return std::vector<SecretState>{};
    }
    auto unlock = vault::unlock_from_environment(nullptr);
    if (!unlock) return std::unexpected(unlock.error());
    if (!key_configured(*unlock)) {
        if (inv.global.verbosity >= 0)
            inv.err << "hush check: note: no key configured, vault metadata read without integrity check\n";
        auto infos = vault::read_metadata_unverified(paths.vault);
        if (!infos) return std::unexpected(infos.error());
        return secret_states(*infos);
    }
    auto opened = vault::Vault::open_read(paths, *unlock);
    if (!opened) return std::unexpected(opened.error());
    return secret_states(opened->list());
}

}  // namespace

int run_check(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()("expiry-window", po::value<int>()->default_value(14)->value_name("DAYS"),
                          "warn about secrets that expire within DAYS days");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush check [--expiry-window DAYS] [--format text|json]",
                                  "Fail (exit 1) on dangling, disabled, expired or malformed references under the usage "
                                  "roots; warn (exit 0) on secrets expiring within the window and on unused secrets.\n"
                                  "Needs no key: without one (HUSH_IDENTITY, HUSH_IDENTITY_FILE, ~/.config/hush/identity, "
                                  "HUSH_PASSPHRASE) the vault's metadata is read unverified; its integrity is verified "
                                  "only when a key is available.")) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    int window = vm["expiry-window"].as<int>();
    if (window < 0) return report_error(inv, "--expiry-window must be 0 or more days");
    auto config = load_effective_config(inv.global);
    if (!config) return report_error(inv, config.error());
    auto index = build_usage_index(*config);
    if (!index) return report_error(inv, index.error());
    auto states = vault_states(inv, *config, !index->usages.empty());
    if (!states) return report_error(inv, states.error());
    auto report = check_references(index->usages, index->malformed, *states, {current_date_utc(), window});
    if (!report) return report_error(inv, report.error());
    inv.out << (*format == "json" ? render_check_json(*report) : render_check_text(*report));
    if (inv.global.verbosity > 0) {
        for (const auto& note : index->notes) inv.err << "hush check: " << note << "\n";
    }
    return report->ok() ? exit_ok : exit_findings;
}

}  // namespace hush::cli
