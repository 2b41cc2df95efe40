// hush run: run a command with secrets in its environment, their values masked in its output.
#include <algorithm>

#include "command.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/resolver.hpp"
#include "resolver_support.hpp"
#include "vault_support.hpp"

namespace hush::cli {

namespace {

// Everything after the first "--": the command, never parsed as hush options.
std::vector<std::string> take_command(std::vector<std::string>& args) {
    auto separator = std::find(args.begin(), args.end(), "--");
    if (separator == args.end()) return {};
    std::vector<std::string> command(separator + 1, args.end());
    args.erase(separator, args.end());
    return command;
}

// The child's extra environment: the env file's KEY=VALUE lines rendered, then each --secret
// NAME as NAME=value. Errors are "path:line:col: ..." or the lookup's message.
Result<std::vector<MaskedSecret>> resolve_environment(const po::variables_map& vm, const SecretLookup& lookup) {
    std::vector<MaskedSecret> environment;
    if (vm.count("env-file")) {
        const auto& path = vm["env-file"].as<std::string>();
        auto text = read_text_file(path);
        if (!text) return std::unexpected(text.error());
        auto resolved = resolve_env_file(path, *text, lookup);
        if (!resolved) return fail(ErrorCode::not_found, resolved.error().to_string());
        environment = std::move(*resolved);
    }
    if (vm.count("secret")) {
        for (const auto& name : vm["secret"].as<std::vector<std::string>>()) {
            auto value = lookup(name);
            if (!value) {
                wipe(environment);
                return std::unexpected(value.error());
            }
            environment.push_back({name, std::move(*value)});
        }
    }
    return environment;
}

// What to mask: the bare value of every secret used, and each environment value that holds one
// ("postgres://u:PW@db"), but not plain settings of the env file ("ENV=production").
std::vector<MaskedSecret> values_to_mask(const vault::Vault& vault, const std::set<std::string>& used,
                                         const std::vector<MaskedSecret>& environment) {
    std::vector<MaskedSecret> masked;
    for (const auto& name : used) {
        if (auto value = vault.value(name)) masked.push_back({name, std::string(value->view())});
    }
    std::size_t bare = masked.size();
    for (const auto& variable : environment) {
        bool holds_secret = std::any_of(masked.begin(), masked.begin() + static_cast<std::ptrdiff_t>(bare),
                                        [&](const MaskedSecret& secret) {
                                            return !secret.value.empty() && variable.value.find(secret.value) != std::string::npos;
                                        });
        if (holds_secret) masked.push_back(variable);
    }
    return masked;
}

}  // namespace

int run_run(Invocation& inv) {
    std::vector<std::string> command = take_command(inv.args);
    po::options_description options("Options");
    options.add_options()
        ("env-file", po::value<std::string>()->value_name("FILE"), "dotenv file whose $<secret.NAME> references are resolved")
        ("secret", po::value<std::vector<std::string>>()->composing()->value_name("NAME"),
         "put the secret NAME in the environment as NAME (repeatable)")
        ("no-mask", po::bool_switch(), "do not mask secret values in the command's output");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush run [--env-file FILE] [--secret NAME]... [--no-mask] -- CMD [ARGS...]",
                                  "Run CMD with the secrets in its environment (never in argv). Its stdout and stderr "
                                  "are copied with every secret value replaced by ******** unless --no-mask. The exit "
                                  "status is CMD's (128+N when signal N killed it). A missing, deleted, disabled or "
                                  "expired secret stops before CMD starts (exit 1). Each secret used is recorded in the "
                                  "audit log.")) {
        return *stop;
    }
    if (command.empty()) return report_error(inv, "missing the command: hush run [OPTIONS] -- CMD [ARGS...]");
    if (!vm.count("env-file") && !vm.count("secret"))
        return report_error(inv, "nothing to resolve: pass --env-file FILE and/or --secret NAME");
    if (vm.count("secret")) {
        for (const auto& name : vm["secret"].as<std::vector<std::string>>()) {
            if (!is_valid_secret_name(name))
                return report_error(inv, "invalid secret name '" + name + "': " + std::string(secret_name_rule));
        }
    }
    auto vault = open_vault_for_read(inv);
    if (!vault) return report_error(inv, vault.error());

    std::set<std::string> used;
    auto environment = resolve_environment(vm, vault_lookup(*vault, current_date_utc(), used));
    if (!environment) {
        if (environment.error().code == ErrorCode::input) return report_error(inv, environment.error());
        inv.err << "hush run: " << environment.error().to_string() << "\n";
        return exit_findings;
    }
    if (auto ok = record_uses(*vault, "secret.run", used, {{"command", command.front()}}); !ok) {
        wipe(*environment);
        return report_error(inv, ok.error());
    }
    RunSpec spec{.argv = command, .environment = std::move(*environment), .mask = !vm["no-mask"].as<bool>()};
    spec.masked = values_to_mask(*vault, used, spec.environment);
    auto status = run_command(spec);
    wipe(spec.environment);
    wipe(*spec.masked);
    if (!status) return report_error(inv, status.error());
    return *status;
}

}  // namespace hush::cli
