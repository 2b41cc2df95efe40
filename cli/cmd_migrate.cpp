// hush migrate: move hardcoded secrets into the vault and replace them with references.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "command.hpp"
#include "hush/rewriter.hpp"
#include "scan_setup.hpp"
#include "vault_support.hpp"

namespace hush::cli {
namespace {

// --only RULE|KIND|PATH: a finding is kept when one selector names its rule id, its kind, or a
// path prefix of it (a directory or the file itself).
bool selected(const Finding& finding, const std::vector<std::string>& only) {
    if (only.empty()) return true;
    for (std::string selector : only) {
        if (finding.rule_id == selector || finding.kind == selector) return true;
        while (selector.starts_with("./")) selector.erase(0, 2);
        while (selector.size() > 1 && selector.ends_with('/')) selector.pop_back();
        if (selector == "." || finding.path == selector || finding.path.starts_with(selector + "/")) return true;
    }
    return false;
}

// What the vault contributes to the plan. Values are compared only when the vault could be opened;
// names come from the unverified metadata, which needs no key.
struct VaultView {
    bool exists = false;
    std::optional<vault::Vault> writable;  // --write: opened (and locked) before the scan
    std::vector<ExistingSecret> existing;
    std::set<std::string> names;
    std::optional<std::string> reuse_unchecked;  // why values could not be compared (dry run)
};

Result<void> collect_existing(const vault::Vault& vault, VaultView& view) {
    for (const auto& info : vault.list()) {
        view.names.insert(info.name);
        if (info.state() == vault::SecretState::deleted) continue;
        auto value = vault.value(info.name);
        if (!value) return std::unexpected(value.error());
        view.existing.push_back({info.name, std::string(value->view())});
    }
    return {};
}

Result<VaultView> load_vault_view(const Invocation& inv, bool write) {
    auto paths = vault_paths(inv);
    if (!paths) return std::unexpected(paths.error());
    VaultView view;
    std::error_code ec;
    view.exists = std::filesystem::exists(paths->vault, ec);
    if (!view.exists) {
        if (write)
            return fail(ErrorCode::vault, "no vault to move the secrets into; create one with 'hush vault init'",
                        paths->vault.string());
        return view;
    }
    if (write) {
        auto vault = open_vault_for_write(inv);
        if (!vault) return std::unexpected(vault.error());
        view.writable.emplace(std::move(*vault));
        if (auto ok = collect_existing(*view.writable, view); !ok) return std::unexpected(ok.error());
        return view;
    }
    // A dry run must work for someone without the key: it then cannot tell which values the vault
    // already holds, but still avoids every name the vault uses.
    auto metadata = vault::read_metadata_unverified(paths->vault);
    if (!metadata) return std::unexpected(metadata.error());
    for (const auto& info : *metadata) view.names.insert(info.name);
    auto vault = open_vault_for_read(inv);
    if (!vault) {
        view.reuse_unchecked = vault.error().to_string();
        return view;
    }
    if (auto ok = collect_existing(*vault, view); !ok) view.reuse_unchecked = ok.error().to_string();
    return view;
}

Result<PlanOptions> plan_options(const Invocation& inv, const po::variables_map& vm, const VaultView& view) {
    auto config = load_effective_config(inv.global);
    if (!config) return std::unexpected(config.error());
    PlanOptions options;
    options.prefix = config->migrate.prefix;
    options.config_names = config->migrate.names;
    if (vm.count("name")) {
        for (const auto& argument : vm["name"].as<std::vector<std::string>>()) {
            auto parsed = parse_name_override(argument);
            if (!parsed) return std::unexpected(parsed.error());
            options.cli_names.insert(*parsed);
        }
    }
    options.existing = view.existing;
    options.existing_names = view.names;
    return options;
}

// Asks y/n for each planned secret on the terminal; keeps the accepted ones.
Result<void> ask_per_secret(MigrationPlan& plan) {
    std::FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty) return fail(ErrorCode::usage, "--interactive needs a terminal (/dev/tty cannot be opened)");
    std::vector<PlannedSecret> kept;
    for (auto& secret : plan.secrets) {
        const auto& first = secret.references.front();
        std::fprintf(tty, "Move %s (%s, %zu reference%s, first at %s:%u)%s? [y/N] ", secret.name.c_str(),
                     secret.kind.c_str(), secret.references.size(), secret.references.size() == 1 ? "" : "s",
                     first.path.c_str(), first.start.line, secret.reused ? " [reuses the vault's secret]" : "");
        std::fflush(tty);
        char answer[64] = {};
        if (!std::fgets(answer, sizeof answer, tty)) break;
        if (answer[0] == 'y' || answer[0] == 'Y') kept.push_back(std::move(secret));
    }
    std::fclose(tty);
    plan.secrets = std::move(kept);
    return {};
}

TransactionHooks vault_hooks(vault::Vault& vault, const MigrationPlan& plan, const Scanner& scanner) {
    TransactionHooks hooks;
    hooks.prepare_vault = [&vault, &plan]() -> Result<void> {
        for (const auto& secret : plan.secrets) {
            if (secret.reused) continue;
            auto added = vault.add({.name = secret.name,
                                    .value = vault::SecretValue(secret.value),
                                    .description = secret.description,
                                    .tags = secret.tags});
            if (!added) return added;
        }
        return vault.prepare();
    };
    hooks.commit_vault = [&vault] { return vault.commit(); };
    hooks.abort_vault = [&vault] { vault.abort(); };
    hooks.rescan = rescan_hook([&scanner](std::string_view path, std::string_view bytes) {
        return scanner.scan_buffer(path, bytes).findings;
    });
    return hooks;
}

void print_dry_run(Invocation& inv, const std::string& format, const MigrationPlan& plan,
                   const std::vector<FileChange>& changes, bool redact) {
    if (format == "json") {
        inv.out << render_plan_json(plan, changes);
        return;
    }
    if (plan.empty()) {
        inv.out << "Nothing to migrate.\n";
        return;
    }
    inv.out << render_plan_text(plan);
    inv.out << "\n" << render_diff(changes, {.redact = redact});
    inv.out << "\nDry run: nothing was written. Run with --write to apply.\n";
}

struct MigrateRequest {
    bool write = false;
    bool interactive = false;
    bool redact = true;
    std::string format;
    std::vector<std::string> only;
    std::optional<std::filesystem::path> baseline;
    std::optional<std::filesystem::path> purge_file;
};

Result<MigrateRequest> read_request(const Invocation& inv, const po::variables_map& vm) {
    MigrateRequest request;
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return std::unexpected(format.error());
    request.format = *format;
    request.write = vm["write"].as<bool>();
    request.interactive = vm["interactive"].as<bool>();
    request.redact = !vm["no-redact"].as<bool>();
    if (vm.count("only")) request.only = vm["only"].as<std::vector<std::string>>();
    if (vm.count("baseline")) request.baseline = vm["baseline"].as<std::string>();
    if (vm.count("purge-history-file")) request.purge_file = vm["purge-history-file"].as<std::string>();
    if (vm.count("paths")) {
        for (const auto& path : vm["paths"].as<std::vector<std::string>>())
            if (path == "-") return fail(ErrorCode::usage, "migrate rewrites files: '-' (stdin) is not accepted");
    }
    if (request.purge_file && !request.write)
        return fail(ErrorCode::usage, "--purge-history-file goes with --write (a dry run writes nothing)");
    if (request.interactive && ::isatty(STDIN_FILENO) != 1)
        return fail(ErrorCode::usage, "--interactive needs a terminal on stdin");
    return request;
}

}  // namespace

int run_migrate(Invocation& inv) {
    po::options_description options("Options");
    po::positional_options_description positional;
    add_scan_options(options, positional);
    options.add_options()
        ("write", po::bool_switch(), "apply the plan: store the secrets in the vault and rewrite the files (one transaction)")
        ("name", po::value<std::vector<std::string>>()->composing()->value_name("FINGERPRINT=NAME"),
         "name the secret holding that finding's value (repeatable)")
        ("only", po::value<std::vector<std::string>>()->composing()->value_name("RULE|KIND|PATH"),
         "migrate only findings of this rule id, kind or path prefix (repeatable)")
        ("interactive", po::bool_switch(), "ask on the terminal before moving each secret")
        ("purge-history-file", po::value<std::string>()->value_name("FILE"),
         "with --write: write git filter-repo --replace-text expressions for the moved values to FILE (0600)")
        ("baseline", po::value<std::string>()->value_name("FILE"), "leave the findings of this baseline alone")
        ("no-redact", po::bool_switch(), "show secret values in the dry-run diff");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush migrate [OPTIONS] [PATHS...]",
                                  "Plan (and with --write, apply) the move of every detected secret into the vault, replacing it with $<secret.NAME>.")) {
        return *stop;
    }
    auto request = read_request(inv, vm);
    if (!request) return report_error(inv, request.error());

    // --write takes the vault's lock before scanning, so the plan's reuse decisions stay true.
    auto view = load_vault_view(inv, request->write);
    if (!view) return report_error(inv, view.error());
    if (view->reuse_unchecked && inv.global.verbosity >= 0) {
        inv.err << "hush migrate: note: cannot check which values the vault already holds (" << *view->reuse_unchecked
                << "); every value is planned as a new secret, vault names are still avoided\n";
    }
    auto scanner = make_scanner(inv, vm, request->baseline);
    if (!scanner) return report_error(inv, scanner.error());
    auto scan = scan_inputs(*scanner, vm);
    if (!scan) return report_error(inv, scan.error());
    if (inv.global.verbosity >= 0) print_notes(inv, scan->notes);
    std::erase_if(scan->findings, [&](const Finding& finding) { return !selected(finding, request->only); });

    auto sources = read_sources(scan->findings, ".");
    if (!sources) return report_error(inv, sources.error());
    auto plan_opts = plan_options(inv, vm, *view);
    if (!plan_opts) return report_error(inv, plan_opts.error());
    auto plan = plan_migration(scan->findings, *sources, *plan_opts);
    if (!plan) return report_error(inv, plan.error());
    if (request->interactive && !plan->empty()) {
        if (auto ok = ask_per_secret(*plan); !ok) return report_error(inv, ok.error());
    }
    auto changes = build_changes(*plan, *sources);
    if (!changes) return report_error(inv, changes.error());

    if (!request->write || plan->empty()) {
        print_dry_run(inv, request->format, *plan, *changes, request->redact);
        return exit_ok;
    }
    auto report = apply_changes(*changes, ".", vault_hooks(*view->writable, *plan, *scanner));
    if (!report) {
        // The transaction rolls back on every error; say so once, whichever step failed.
        auto message = report.error().to_string();
        if (message.find("nothing was changed") == std::string::npos) message += "; nothing was changed";
        return report_error(inv, message);
    }
    if (request->purge_file) {
        if (auto ok = write_purge_file(*plan, *changes, *request->purge_file); !ok) return report_error(inv, ok.error());
    }
    if (request->format == "json") inv.out << render_plan_json(*plan, *changes);
    std::ostream& summary = request->format == "json" ? inv.err : inv.out;
    summary << "Migrated: " << plan_summary_line(*plan) << "; " << report->files_written << " files rewritten, "
            << report->edits_applied << " edits\n";
    if (request->purge_file)
        summary << "History purge expressions written to " << request->purge_file->string()
                << " (holds the plaintext values: delete it after git filter-repo)\n";
    summary << "Rotate the moved secrets: they remain in git history.\n";
    return exit_ok;
}

}  // namespace hush::cli
