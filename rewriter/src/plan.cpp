// The planner: findings -> one vault secret per distinct value, named and made unique.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "hush/core/secret_name.hpp"
#include "hush/rewriter.hpp"
#include "io.hpp"
#include "spelling.hpp"

namespace hush {

namespace {

bool occurs_before(const Finding* a, const Finding* b) {
    if (a->path != b->path) return a->path < b->path;
    if (a->span.begin != b->span.begin) return a->span.begin < b->span.begin;
    return a->rule_id < b->rule_id;
}

SkippedFinding skip(const Finding& finding, std::string reason) {
    return SkippedFinding{finding.path, finding.start, finding.rule_id, finding.fingerprint, std::move(reason)};
}

Result<void> check_spelling(const Finding& finding, const SourceFiles& sources) {
    auto source = sources.find(finding.path);
    if (source == sources.end()) return fail(ErrorCode::internal, "file was not read before planning", finding.path);
    const std::string& bytes = source->second.bytes;
    if (finding.span.end > bytes.size() || finding.span.begin > finding.span.end ||
        !spells_secret(finding.span.of(bytes), finding.secret)) {
        return fail(ErrorCode::conflict, "changed since the scan (the secret is no longer where it was found)",
                    finding.path, finding.start.line);
    }
    return {};
}

// Longest span first, then earliest, then smallest rule id: the kept finding covers the most.
std::vector<const Finding*> resolve_overlaps(std::vector<const Finding*> findings,
                                             std::vector<SkippedFinding>& skipped) {
    std::sort(findings.begin(), findings.end(), [](const Finding* a, const Finding* b) {
        if (a->path != b->path) return a->path < b->path;
        if (a->span.size() != b->span.size()) return a->span.size() > b->span.size();
        if (a->span.begin != b->span.begin) return a->span.begin < b->span.begin;
        return a->rule_id < b->rule_id;
    });
    std::vector<const Finding*> kept;
    std::map<std::string, std::vector<Span>> taken;
    for (const Finding* finding : findings) {
        auto& spans = taken[finding->path];
        auto clash = std::find_if(spans.begin(), spans.end(), [&](Span s) { return s.overlaps(finding->span); });
        if (clash != spans.end()) {
            skipped.push_back(skip(
                *finding, *clash == finding->span ? "same bytes as another finding" : "overlaps a longer finding"));
            continue;
        }
        spans.push_back(finding->span);
        kept.push_back(finding);
    }
    std::sort(kept.begin(), kept.end(), occurs_before);
    return kept;
}

struct Group {
    std::vector<const Finding*> findings;  // in occurrence order
};

std::optional<std::string> override_for(const Group& group, const PlanOptions& options) {
    for (const auto* names : {&options.cli_names, &options.config_names}) {
        for (const Finding* finding : group.findings) {
            auto it = names->find(finding->fingerprint);
            if (it != names->end()) return it->second;
        }
    }
    return std::nullopt;
}

std::string with_prefix(const std::string& prefix, const std::string& name) {
    if (prefix.empty()) return name;
    std::string full = prefix.ends_with('_') ? prefix + name : prefix + "_" + name;
    if (full.size() > max_secret_name_length - 8) full.resize(max_secret_name_length - 8);
    while (full.ends_with('_')) full.pop_back();
    return full;
}

std::string unique_name(const std::string& base, const std::set<std::string>& taken) {
    if (!taken.contains(base)) return base;
    for (int n = 2;; ++n) {
        std::string candidate = base + "_" + std::to_string(n);
        if (!taken.contains(candidate)) return candidate;
    }
}

PlannedSecret make_secret(const Group& group) {
    const Finding& first = *group.findings.front();
    PlannedSecret secret;
    secret.kind = first.kind;
    secret.value = first.secret;
    secret.description = "migrated by hush from " + first.path + ":" + std::to_string(first.start.line);
    if (!first.key_path.empty()) secret.description += " (" + first.key_path + ")";
    secret.tags = {"migrated"};
    if (!first.kind.empty()) secret.tags.push_back(first.kind);
    for (const Finding* finding : group.findings) {
        secret.references.push_back(PlannedReference{finding->path, finding->span, finding->start, finding->key_path,
                                                     finding->rule_id, finding->fingerprint});
    }
    return secret;
}

}  // namespace

Result<std::pair<std::string, std::string>> parse_name_override(std::string_view argument) {
    auto eq = argument.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail(ErrorCode::usage, "--name expects FINGERPRINT=NAME, got '" + std::string(argument) + "'");
    std::string name(argument.substr(eq + 1));
    if (!is_valid_secret_name(name))
        return fail(ErrorCode::usage, "--name " + std::string(argument) + ": " + std::string(secret_name_rule));
    return std::pair{std::string(argument.substr(0, eq)), name};
}

Result<MigrationPlan> plan_migration(const std::vector<Finding>& findings, const SourceFiles& sources,
                                     const PlanOptions& options) {
    if (!options.prefix.empty()) {
        std::string_view bare = options.prefix;
        if (bare.ends_with('_')) bare.remove_suffix(1);
        if (!is_valid_secret_name(bare))
            return fail(ErrorCode::config, "migrate.prefix '" + options.prefix + "': " + std::string(secret_name_rule));
    }
    MigrationPlan plan;
    std::vector<const Finding*> candidates;
    for (const Finding& finding : findings) {
        if (!is_rewritable(finding)) {
            plan.skipped.push_back(skip(finding, finding.path == "-" ? "read from stdin" : "only in git history"));
            continue;
        }
        if (finding.span.empty()) {
            plan.skipped.push_back(skip(finding, "empty span"));
            continue;
        }
        if (auto ok = check_spelling(finding, sources); !ok) return std::unexpected(ok.error());
        candidates.push_back(&finding);
    }
    auto kept = resolve_overlaps(std::move(candidates), plan.skipped);

    std::vector<Group> groups;
    std::unordered_map<std::string, std::size_t> group_of_value;
    for (const Finding* finding : kept) {
        auto [it, inserted] = group_of_value.try_emplace(finding->secret, groups.size());
        if (inserted) groups.emplace_back();
        groups[it->second].findings.push_back(finding);
    }

    std::unordered_map<std::string, std::string> existing_by_value;
    std::map<std::string, const std::string*> existing_value_of_name;
    std::set<std::string> taken(options.existing_names.begin(), options.existing_names.end());
    for (const auto& existing : options.existing) {
        existing_by_value.try_emplace(existing.value, existing.name);
        existing_value_of_name[existing.name] = &existing.value;
        taken.insert(existing.name);
    }

    // First pass: overrides and reuse fix their names; auto names must avoid all of them.
    std::vector<std::optional<std::string>> fixed(groups.size());
    std::vector<bool> reused(groups.size(), false);
    std::map<std::string, std::size_t> fixed_owner;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const std::string& value = groups[i].findings.front()->secret;
        if (auto name = override_for(groups[i], options)) {
            const Finding& first = *groups[i].findings.front();
            if (!is_valid_secret_name(*name))
                return fail(ErrorCode::usage, "name override '" + *name + "': " + std::string(secret_name_rule));
            auto holder = existing_value_of_name.find(*name);
            bool name_in_vault = taken.contains(*name) && !fixed_owner.contains(*name);
            if (holder != existing_value_of_name.end()) {
                if (*holder->second != value)
                    return fail(ErrorCode::conflict,
                                "name override '" + *name + "' is a vault secret holding another value", first.path,
                                first.start.line);
                reused[i] = true;
            } else if (name_in_vault) {
                return fail(ErrorCode::conflict, "name override '" + *name + "' is already a vault secret", first.path,
                            first.start.line);
            }
            if (fixed_owner.contains(*name))
                return fail(ErrorCode::conflict, "name override '" + *name + "' is given to two different values",
                            first.path, first.start.line);
            fixed_owner[*name] = i;
            fixed[i] = *name;
            taken.insert(*name);
        } else if (auto existing = existing_by_value.find(value); existing != existing_by_value.end()) {
            fixed[i] = existing->second;
            reused[i] = true;
        }
    }

    for (std::size_t i = 0; i < groups.size(); ++i) {
        PlannedSecret secret = make_secret(groups[i]);
        secret.reused = reused[i];
        if (fixed[i]) {
            secret.name = *fixed[i];
        } else {
            const Finding& first = *groups[i].findings.front();
            std::string base = with_prefix(options.prefix, suggest_secret_name(first, sources.at(first.path).bytes));
            secret.name = unique_name(base, taken);
            taken.insert(secret.name);
        }
        plan.secrets.push_back(std::move(secret));
    }
    return plan;
}

}  // namespace hush
