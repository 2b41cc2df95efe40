// hush secret: add, change, inspect and delete vault secrets. Values come from stdin, a file or a
// no-echo prompt, never from arguments; they are printed only by `get --reveal` and
// `export --dotenv --reveal`, and each such print is recorded in the audit log first.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/resolver.hpp"
#include "vault_support.hpp"

namespace hush::cli {

namespace {

using vault::SecretInfo;
using vault::SecretValue;
using vault::Vault;

// Parses an action's options; NAME (when `takes_name`) is the first positional argument.
std::optional<int> parse_action(Invocation& inv, po::options_description& options, po::variables_map& vm,
                                std::string_view usage, std::string_view description, bool takes_name = true) {
    po::positional_options_description positional;
    if (takes_name) {
        options.add_options()("name", po::value<std::string>()->value_name("NAME"), "the secret's name (positional)");
        positional.add("name", 1);
    }
    return parse_options(inv, options, positional, vm, usage, description);
}

// NAME from the command line, checked against the naming rule.
Result<std::string> secret_name(const po::variables_map& vm) {
    if (!vm.count("name")) return fail(ErrorCode::usage, "missing NAME");
    std::string name = vm["name"].as<std::string>();
    if (!is_valid_secret_name(name))
        return fail(ErrorCode::usage, "invalid secret name '" + name + "': " + std::string(secret_name_rule));
    return name;
}

std::optional<std::string> optional_string(const po::variables_map& vm, const char* key) {
    if (!vm.count(key)) return std::nullopt;
    return vm[key].as<std::string>();
}

std::vector<std::string> strings(const po::variables_map& vm, const char* key) {
    if (!vm.count(key)) return {};
    return vm[key].as<std::vector<std::string>>();
}

bool flag(const po::variables_map& vm, const char* key) { return vm.count(key) && vm[key].as<bool>(); }

void say(const Invocation& inv, const std::string& text) {
    if (inv.global.verbosity >= 0) inv.out << text << "\n";
}

// Opens the vault for writing, applies `change`, commits. `change` returns a message or an error.
template <class Change>
int write_change(Invocation& inv, Change change) {
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    Result<std::string> message = change(*vault);
    if (!message) {
        vault->abort();
        return report_error(inv, message.error());
    }
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    if (!message->empty()) say(inv, *message);
    return exit_ok;
}

// The usages of one secret under the usage roots, scanned fresh (no stale index can allow or
// block a delete).
Result<std::vector<Usage>> current_usages(const Invocation& inv, std::string_view name) {
    auto config = load_effective_config(inv.global);
    if (!config) return std::unexpected(config.error());
    auto index = build_usage_index(*config);
    if (!index) return std::unexpected(index.error());
    return usages_of(*index, name);
}

// After a new value: the consumers still running the old one (stderr; not with -q).
void print_redeploy_hint(Invocation& inv, const std::string& name) {
    if (inv.global.verbosity < 0) return;
    auto usages = current_usages(inv, name);
    if (!usages) {
        inv.err << "hush " << inv.command << ": note: cannot list the consumers to redeploy: " << usages.error().to_string() << "\n";
        return;
    }
    if (usages->empty()) return;
    auto graph = build_graph(*usages);
    inv.err << "redeploy the consumers of " << name << " (" << graph.consumers.size() << "):\n";
    for (const auto& consumer : graph.consumers) inv.err << "  " << consumer << "\n";
}

// ---- add / set / rotate ------------------------------------------------------------------

int secret_add(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("description", po::value<std::string>()->value_name("TEXT"), "what the secret is for")
        ("tag", po::value<std::vector<std::string>>()->composing()->value_name("TAG"), "a tag (repeatable)")
        ("expires", po::value<std::string>()->value_name("DATE"), "expiry date, YYYY-MM-DD")
        ("restricted", po::bool_switch(), "never printable by hush, only injected (fixed at creation)")
        ("disabled", po::bool_switch(), "create it disabled")
        ("from-file", po::value<std::string>()->value_name("FILE"), "read the value from FILE (else stdin or a no-echo prompt)");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret add NAME [OPTIONS] < value",
                                 "Add a secret. The value is read from --from-file, from stdin when it is not a terminal, "
                                 "or from a no-echo prompt; never from the command line.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    // Open (and lock) first: a wrong key is reported before anyone types a value.
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    auto value = read_value(optional_string(vm, "from-file"), *name);
    if (!value) return report_error(inv, value.error());
    vault::NewSecret secret{*name, std::move(*value), optional_string(vm, "description").value_or(""), strings(vm, "tag"),
                            optional_string(vm, "expires"),
                            flag(vm, "restricted") ? vault::Visibility::restricted : vault::Visibility::masked,
                            !flag(vm, "disabled")};
    if (auto ok = vault->add(std::move(secret)); !ok) return report_error(inv, ok.error());
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    say(inv, "added " + *name + " (version 1)");
    return exit_ok;
}

int set_new_version(Invocation& inv, std::string_view usage) {
    po::options_description options("Options");
    options.add_options()("from-file", po::value<std::string>()->value_name("FILE"), "read the value from FILE");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, usage,
                                 "Store a new version of a secret's value (old versions are kept for rollback). "
                                 "Empty input keeps the current value.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    if (!vault->find(*name)) return report_error(inv, "no secret named '" + *name + "'");
    auto value = read_value(optional_string(vm, "from-file"), *name);
    if (!value) return report_error(inv, value.error());
    auto changed = vault->set_value(*name, std::move(*value));
    if (!changed) return report_error(inv, changed.error());
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    auto info = vault->find(*name);
    say(inv, *changed ? *name + " is now version " + std::to_string(info->current_version())
                      : *name + " unchanged (same or empty value)");
    if (*changed) print_redeploy_hint(inv, *name);
    return exit_ok;
}

int secret_set(Invocation& inv) { return set_new_version(inv, "hush secret set NAME [--from-file FILE] < value"); }
int secret_rotate(Invocation& inv) { return set_new_version(inv, "hush secret rotate NAME [--from-file FILE] < value"); }

// ---- metadata ------------------------------------------------------------------------------

int secret_edit(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("description", po::value<std::string>()->value_name("TEXT"), "new description")
        ("add-tag", po::value<std::vector<std::string>>()->composing()->value_name("TAG"), "add a tag (repeatable)")
        ("rm-tag", po::value<std::vector<std::string>>()->composing()->value_name("TAG"), "remove a tag (repeatable)")
        ("expires", po::value<std::string>()->value_name("DATE"), "new expiry date, YYYY-MM-DD")
        ("no-expires", po::bool_switch(), "remove the expiry date");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret edit NAME [OPTIONS]",
                                 "Change a secret's description, tags or expiry. Name and visibility are fixed.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    if (vm.count("expires") && flag(vm, "no-expires")) return report_error(inv, "--expires and --no-expires exclude each other");
    vault::MetadataEdit edit;
    edit.description = optional_string(vm, "description");
    edit.add_tags = strings(vm, "add-tag");
    edit.remove_tags = strings(vm, "rm-tag");
    if (vm.count("expires")) edit.expires = optional_string(vm, "expires");
    if (flag(vm, "no-expires")) edit.expires = std::optional<std::string>();
    return write_change(inv, [&](Vault& vault) -> Result<std::string> {
        if (auto ok = vault.edit(*name, edit); !ok) return std::unexpected(ok.error());
        return vault.dirty() ? "edited " + *name : *name + " unchanged";
    });
}

int set_active(Invocation& inv, bool active) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, active ? "hush secret enable NAME" : "hush secret disable NAME",
                                 active ? "Enable a secret: references to it resolve again."
                                        : "Disable a secret: 'hush check' fails and 'hush inject' refuses while it is referenced.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    return write_change(inv, [&](Vault& vault) -> Result<std::string> {
        if (auto ok = vault.set_active(*name, active); !ok) return std::unexpected(ok.error());
        return (active ? "enabled " : "disabled ") + *name;
    });
}

int secret_enable(Invocation& inv) { return set_active(inv, true); }
int secret_disable(Invocation& inv) { return set_active(inv, false); }

// ---- delete / restore ----------------------------------------------------------------------

struct DeleteRequest {
    std::string name;
    vault::DeleteOptions options;
};

// "path:line (consumer)" for the audit log.
std::vector<std::string> usage_lines(std::span<const Usage> usages) {
    std::vector<std::string> lines;
    for (const auto& usage : usages)
        lines.push_back(usage.path + ":" + std::to_string(usage.start.line) + " (" + usage.consumer + ")");
    return lines;
}

// The single gate every `secret rm` passes before the vault is changed: refuses (exit 1) while
// $<secret.NAME> is referenced under the usage roots, listing every place, unless --force; a
// forced delete carries the usages into its audit entry. Returns an exit code to stop with, or
// nullopt to go ahead.
std::optional<int> refuse_delete(Invocation& inv, DeleteRequest& request) {
    if (request.options.force && request.options.reason.empty())
        return report_error(inv, "--force needs --reason TEXT: the audit log records why a delete was forced");
    auto usages = current_usages(inv, request.name);
    if (!usages) return report_error(inv, usages.error());
    if (usages->empty()) return std::nullopt;
    if (request.options.force) {
        request.options.usages = usage_lines(*usages);
        return std::nullopt;
    }
    inv.err << "hush " << inv.command << ": refusing to delete " << request.name << ": it is still referenced ("
            << usages->size() << (usages->size() == 1 ? " usage" : " usages")
            << "); remove the references, or pass --force --reason TEXT\n"
            << render_where_text(request.name, *usages);
    return exit_findings;
}

int secret_rm(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("force", po::bool_switch(), "delete even if the secret is still referenced (needs --reason; the usages are audited)")
        ("reason", po::value<std::string>()->value_name("TEXT"), "why (recorded in the audit log)");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret rm NAME [--force --reason TEXT]",
                                 "Soft-delete a secret: it stays in the vault, restorable with 'hush secret restore', "
                                 "for its retention period (30 days). Refused (exit 1) while $<secret.NAME> is referenced "
                                 "under the usage roots; every usage is listed.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    DeleteRequest request{*name, {optional_string(vm, "reason").value_or(""), flag(vm, "force")}};
    if (auto stop = refuse_delete(inv, request)) return *stop;
    return write_change(inv, [&](Vault& vault) -> Result<std::string> {
        if (auto ok = vault.remove(request.name, request.options); !ok) return std::unexpected(ok.error());
        return "deleted " + request.name + " (restorable for 30 days: hush secret restore " + request.name + ")";
    });
}

int secret_restore(Invocation& inv) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret restore NAME", "Undo a soft delete within the retention period.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    return write_change(inv, [&](Vault& vault) -> Result<std::string> {
        if (auto ok = vault.restore(*name); !ok) return std::unexpected(ok.error());
        return "restored " + *name;
    });
}

// ---- reveal --------------------------------------------------------------------------------

void write_value(std::ostream& out, std::string_view value) {
    out.write(value.data(), static_cast<std::streamsize>(value.size()));
    // A terminal gets a newline; a pipe gets the exact bytes.
    if (::isatty(STDOUT_FILENO) == 1) out << "\n";
    out.flush();
}

int secret_get(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("reveal", po::bool_switch(), "print the value (recorded in the audit log)")
        ("version", po::value<std::uint32_t>()->value_name("N"), "an older version (default: current)");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret get NAME --reveal [--version N]",
                                 "Print a masked secret's value to stdout. Restricted secrets are never printed.")) {
        return *stop;
    }
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    auto vault = open_vault_for_read(inv);
    if (!vault) return report_error(inv, vault.error());
    auto info = vault->find(*name);
    if (!info) return report_error(inv, "no secret named '" + *name + "'");
    if (info->deleted) return report_error(inv, *name + " is deleted (hush secret restore " + *name + ")");
    if (info->visibility == vault::Visibility::restricted)
        return report_error(inv, *name + " is restricted: hush never prints it; use it through 'hush inject' or 'hush run'");
    if (!flag(vm, "reveal")) {
        return report_error(inv, *name + " is masked: add --reveal to print its value (the reveal is recorded in the "
                                 "audit log); 'hush secret show " + *name + "' shows its metadata");
    }
    std::uint32_t version = vm.count("version") ? vm["version"].as<std::uint32_t>() : 0;
    auto value = vault->value(*name, version);
    if (!value) return report_error(inv, value.error());
    std::uint32_t shown = version == 0 ? info->current_version() : version;
    if (auto ok = vault->record({"secret.reveal", *name, {{"version", std::to_string(shown)}}}); !ok)
        return report_error(inv, ok.error());
    write_value(inv.out, value->view());
    return exit_ok;
}

// ---- listing -------------------------------------------------------------------------------

// Metadata, verified when a key is configured, else read without verification (said on stderr).
// With `only`, just that secret's (the vault then decodes no other secret).
Result<std::vector<SecretInfo>> load_metadata(Invocation& inv, const std::optional<std::string>& only = std::nullopt) {
    auto paths = vault_paths(inv);
    if (!paths) return std::unexpected(paths.error());
    auto unlock = vault::unlock_from_environment(nullptr);
    if (!unlock) return std::unexpected(unlock.error());
    if (unlock->identities.empty() && !unlock->passphrase) {
        if (inv.global.verbosity >= 0)
            inv.err << "hush " << inv.command << ": note: no key configured, metadata shown without integrity check\n";
        return vault::read_metadata_unverified(paths->vault);
    }
    auto vault = Vault::open_read(*paths, *unlock);
    if (!vault) return std::unexpected(vault.error());
    if (!only) return vault->list();
    auto info = vault->find(*only);
    return info ? std::vector<SecretInfo>{std::move(*info)} : std::vector<SecretInfo>{};
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

nlohmann::json to_json(const SecretInfo& info) {
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& version : info.versions) versions.push_back({{"version", version.number}, {"created", version.created}});
    nlohmann::json out = {{"name", info.name},
                          {"description", info.description},
                          {"tags", info.tags},
                          {"expires", info.expires ? nlohmann::json(*info.expires) : nlohmann::json(nullptr)},
                          {"active", info.active},
                          {"state", std::string(to_string(info.state()))},
                          {"visibility", std::string(to_string(info.visibility))},
                          {"created", info.created},
                          {"updated", info.updated},
                          {"version", info.current_version()},
                          {"versions", versions},
                          {"deleted", info.deleted ? nlohmann::json(*info.deleted) : nlohmann::json(nullptr)}};
    return out;
}

std::optional<int> parse_days(std::string_view text) {
    if (!text.empty() && text.back() == 'd') text.remove_suffix(1);
    if (text.empty() || text.size() > 5) return std::nullopt;
    int days = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        days = days * 10 + (c - '0');
    }
    return days;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

int secret_list(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("name", po::value<std::string>()->value_name("SUBSTR"), "names containing SUBSTR")
        ("tag", po::value<std::string>()->value_name("TAG"), "secrets with this tag")
        ("state", po::value<std::string>()->value_name("STATE"), "active, disabled, deleted or all (default: active and disabled)")
        ("expiring", po::value<std::string>()->value_name("DAYS"), "expired or expiring within DAYS, e.g. 14d");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret list [--name SUBSTR] [--tag T] [--state S] [--expiring 14d] [--format table|json]",
                                 "List secrets and their metadata; never values.", false)) {
        return *stop;
    }
    auto format = choose_format(inv.global, {"table", "json"});
    if (!format) return report_error(inv, format.error());
    std::string state = optional_string(vm, "state").value_or("");
    if (!state.empty() && state != "active" && state != "disabled" && state != "deleted" && state != "all")
        return report_error(inv, "unknown state '" + state + "' (expected active, disabled, deleted or all)");
    std::optional<std::string> horizon;
    if (auto expiring = optional_string(vm, "expiring")) {
        auto days = parse_days(*expiring);
        if (!days) return report_error(inv, "--expiring takes a number of days, e.g. 14d");
        horizon = vault::add_days(vault::today_utc(), *days);
    }
    auto secrets = load_metadata(inv);
    if (!secrets) return report_error(inv, secrets.error());
    std::string substring = optional_string(vm, "name").value_or("");
    std::string tag = optional_string(vm, "tag").value_or("");
    std::vector<SecretInfo> shown;
    for (auto& info : *secrets) {
        std::string_view current = to_string(info.state());
        bool state_ok = state == "all" || (state.empty() ? current != "deleted" : current == state);
        bool tag_ok = tag.empty() || std::find(info.tags.begin(), info.tags.end(), tag) != info.tags.end();
        bool expiry_ok = !horizon || (info.expires && *info.expires <= *horizon);
        if (state_ok && tag_ok && expiry_ok && info.name.find(substring) != std::string::npos) shown.push_back(std::move(info));
    }
    if (*format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& info : shown) out.push_back(to_json(info));
        inv.out << out.dump(2) << "\n";
        return exit_ok;
    }
    std::vector<std::vector<std::string>> rows{{"NAME", "STATE", "VISIBILITY", "VERSION", "EXPIRES", "TAGS", "DESCRIPTION"}};
    for (const auto& info : shown) {
        rows.push_back({info.name, std::string(to_string(info.state())), std::string(to_string(info.visibility)),
                        std::to_string(info.current_version()), info.expires.value_or("-"), join(info.tags, ","),
                        info.description});
    }
    print_table(inv.out, rows);
    return exit_ok;
}

std::optional<SecretInfo> find_info(const std::vector<SecretInfo>& secrets, const std::string& name) {
    for (const auto& info : secrets) {
        if (info.name == name) return info;
    }
    return std::nullopt;
}

// show and history: NAME and --format, metadata (verified when a key is configured), one printer.
using InfoPrinter = void (*)(std::ostream& out, const SecretInfo& info, bool json);

int view_secret(Invocation& inv, std::string_view usage, std::string_view description, InfoPrinter print) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, usage, description)) return *stop;
    auto name = secret_name(vm);
    if (!name) return report_error(inv, name.error());
    auto format = choose_format(inv.global, {"text", "json"});
    if (!format) return report_error(inv, format.error());
    auto secrets = load_metadata(inv, *name);
    if (!secrets) return report_error(inv, secrets.error());
    auto info = find_info(*secrets, *name);
    if (!info) return report_error(inv, "no secret named '" + *name + "'");
    print(inv.out, *info, *format == "json");
    return exit_ok;
}

void print_metadata(std::ostream& out, const SecretInfo& info, bool json) {
    if (json) {
        out << to_json(info).dump(2) << "\n";
        return;
    }
    std::vector<std::vector<std::string>> rows{
        {"name:", info.name},
        {"description:", info.description},
        {"tags:", join(info.tags, ", ")},
        {"expires:", info.expires.value_or("never")},
        {"state:", std::string(to_string(info.state()))},
        {"visibility:", std::string(to_string(info.visibility))},
        {"version:", std::to_string(info.current_version()) + " of " + std::to_string(info.versions.size())},
        {"created:", info.created},
        {"updated:", info.updated}};
    if (info.deleted) rows.push_back({"deleted:", *info.deleted + " (retention " + std::to_string(info.retention_days) + " days)"});
    print_table(out, rows);
}

void print_versions(std::ostream& out, const SecretInfo& info, bool json) {
    if (json) {
        out << to_json(info)["versions"].dump(2) << "\n";
        return;
    }
    std::vector<std::vector<std::string>> rows{{"VERSION", "CREATED", ""}};
    for (const auto& version : info.versions) {
        rows.push_back({std::to_string(version.number), version.created, version.number == info.current_version() ? "current" : ""});
    }
    print_table(out, rows);
}

int secret_show(Invocation& inv) {
    return view_secret(inv, "hush secret show NAME [--format text|json]", "Show a secret's metadata (never its value).",
                       print_metadata);
}

int secret_history(Invocation& inv) {
    return view_secret(inv, "hush secret history NAME [--format text|json]",
                       "List a secret's versions (numbers and dates, never values).", print_versions);
}

// ---- dotenv ----------------------------------------------------------------------------------

struct DotenvEntry {
    std::string name;
    SecretValue value;
    std::uint32_t line = 0;
};

// KEY=VALUE lines; '#' comments; optional 'export '; values bare, '...' (literal) or "..." (with
// \n \" \\ escapes). The text is a secret, so values are built straight into SecretValues.
Result<std::vector<DotenvEntry>> parse_dotenv(std::string_view text, const std::string& path) {
    std::vector<DotenvEntry> out;
    std::uint32_t number = 0;
    while (!text.empty()) {
        ++number;
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string_view::npos || line[start] == '#') continue;
        line.remove_prefix(start);
        if (line.rfind("export ", 0) == 0) line.remove_prefix(7);
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) return fail(ErrorCode::input, "expected NAME=VALUE", path, number);
        std::string name(line.substr(0, eq));
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        if (!is_valid_secret_name(name))
            return fail(ErrorCode::input, "invalid secret name '" + name + "': " + std::string(secret_name_rule), path, number);
        std::string_view raw = line.substr(eq + 1);
        DotenvEntry entry{name, {}, number};
        if (!raw.empty() && (raw[0] == '"' || raw[0] == '\'')) {
            char quote = raw[0];
            std::size_t i = 1;
            for (; i < raw.size() && raw[i] != quote; ++i) {
                char c = raw[i];
                if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
                    char next = raw[++i];
                    c = next == 'n' ? '\n' : next == 't' ? '\t' : next;
                }
                entry.value.append({&c, 1});
            }
            if (i == raw.size()) return fail(ErrorCode::input, "unterminated quoted value of " + name, path, number);
        } else {
            std::size_t comment = raw.find(" #");
            raw = raw.substr(0, comment);
            std::size_t last = raw.find_last_not_of(" \t");
            entry.value.append(last == std::string_view::npos ? std::string_view{} : raw.substr(0, last + 1));
        }
        out.push_back(std::move(entry));
    }
    return out;
}

int secret_import(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()("dotenv", po::value<std::string>()->value_name("FILE"), "a .env file of NAME=VALUE lines");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret import --dotenv FILE",
                                 "Add every NAME=VALUE of a dotenv file (existing secrets get a new version when the "
                                 "value differs), in one vault write.", false)) {
        return *stop;
    }
    auto file = optional_string(vm, "dotenv");
    if (!file) return report_error(inv, "missing --dotenv FILE");
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    auto text = read_value(file, "");
    if (!text) return report_error(inv, text.error());
    auto entries = parse_dotenv(text->view(), *file);
    if (!entries) return report_error(inv, entries.error());
    int added = 0, updated = 0, unchanged = 0;
    for (auto& entry : *entries) {
        if (vault->find(entry.name)) {
            auto changed = vault->set_value(entry.name, std::move(entry.value));
            if (!changed) return report_error(inv, changed.error());
            (*changed ? updated : unchanged) += 1;
            continue;
        }
        vault::NewSecret secret{entry.name, std::move(entry.value), "imported from " + std::filesystem::path(*file).filename().string(),
                                {"imported"}, std::nullopt, vault::Visibility::masked, true};
        if (auto ok = vault->add(std::move(secret)); !ok) {
            Error error = ok.error();
            return report_error(inv, Error{error.code, error.message, *file, entry.line});
        }
        ++added;
    }
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    say(inv, "imported " + std::to_string(added) + " new, " + std::to_string(updated) + " updated, " +
                 std::to_string(unchanged) + " unchanged");
    return exit_ok;
}

// Appends NAME="VALUE"\n straight into `out`: no temporary copy of the value is left behind.
void append_dotenv_line(SecretValue& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.append("=\"");
    for (char c : value) {
        if (c == '"' || c == '\\') out.append("\\");
        if (c == '\n') {
            out.append("\\n");
            continue;
        }
        out.append({&c, 1});
    }
    out.append("\"\n");
}

int secret_export(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("dotenv", po::bool_switch(), "write NAME=\"VALUE\" lines")
        ("reveal", po::bool_switch(), "required: the output holds plaintext values (each recorded in the audit log)");
    po::variables_map vm;
    if (auto stop = parse_action(inv, options, vm, "hush secret export --dotenv --reveal > .env",
                                 "Print every active masked secret as dotenv lines. Restricted, disabled and deleted "
                                 "secrets are skipped.", false)) {
        return *stop;
    }
    if (!flag(vm, "dotenv")) return report_error(inv, "missing --dotenv (the only export format)");
    if (!flag(vm, "reveal")) return report_error(inv, "export prints plaintext values: add --reveal to confirm");
    auto vault = open_vault_for_read(inv);
    if (!vault) return report_error(inv, vault.error());
    std::vector<std::string> skipped;
    SecretValue output;
    for (const auto& info : vault->list()) {
        if (info.state() != vault::SecretState::active) continue;
        if (info.visibility == vault::Visibility::restricted) {
            skipped.push_back(info.name);
            continue;
        }
        auto value = vault->value(info.name);
        if (!value) return report_error(inv, value.error());
        if (auto ok = vault->record({"secret.export", info.name, {{"version", std::to_string(info.current_version())}}}); !ok)
            return report_error(inv, ok.error());
        append_dotenv_line(output, info.name, value->view());
    }
    inv.out.write(output.view().data(), static_cast<std::streamsize>(output.size()));
    inv.out.flush();
    if (!skipped.empty() && inv.global.verbosity >= 0)
        inv.err << "hush " << inv.command << ": skipped restricted secrets: " << join(skipped, ", ") << "\n";
    return exit_ok;
}

constexpr Action secret_actions[] = {
    {"add", "add a secret (value from stdin, --from-file or a no-echo prompt)", secret_add},
    {"set", "store a new version of the value", secret_set},
    {"rotate", "same as set: a new version, the old one kept", secret_rotate},
    {"edit", "change description, tags, expiry", secret_edit},
    {"get", "print a masked secret's value (--reveal)", secret_get},
    {"show", "show metadata (never the value)", secret_show},
    {"list", "list secrets, filter by name, tag, state, expiry", secret_list},
    {"history", "list a secret's versions", secret_history},
    {"enable", "enable a disabled secret", secret_enable},
    {"disable", "disable a secret", secret_disable},
    {"rm", "soft-delete a secret (restorable for 30 days)", secret_rm},
    {"restore", "undo a soft delete", secret_restore},
    {"import", "import a dotenv file (--dotenv FILE)", secret_import},
    {"export", "print dotenv lines (--dotenv --reveal)", secret_export},
};

}  // namespace

int run_secret(Invocation& inv) {
    return dispatch(inv, secret_actions, "hush secret <action> [NAME] [OPTIONS]",
                    "Manage the secrets in the vault. Values are read from stdin, a file or a no-echo prompt, never "
                    "from arguments.");
}

}  // namespace hush::cli
