// The plan, for humans and for tools. Never holds a secret value.
#include <nlohmann/json.hpp>
#include <set>

#include "hush/rewriter.hpp"

namespace hush {

namespace {

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string place(const std::string& path, LineCol start) {
    return path + ":" + std::to_string(start.line) + ":" + std::to_string(start.column);
}

}  // namespace

std::string render_plan_text(const MigrationPlan& plan) {
    std::string out;
    if (plan.empty()) {
        out = "Nothing to migrate.\n";
    } else {
        out += "Plan: " + plan_summary_line(plan) + "\n";
        for (const auto& secret : plan.secrets) {
            out += "  " + secret.name + "  (" + (secret.kind.empty() ? "secret" : secret.kind) + ", " +
                   (secret.reused ? "reused: already in the vault" : "new") + ")\n";
            for (const auto& ref : secret.references) {
                out += "    " + place(ref.path, ref.start);
                if (!ref.key_path.empty()) out += "  " + ref.key_path;
                out += "\n";
            }
        }
    }
    if (!plan.skipped.empty()) {
        out += "Skipped " + plural(plan.skipped.size(), "finding") + ":\n";
        for (const auto& skipped : plan.skipped) {
            out += "  " + place(skipped.path, skipped.start) + "  " + skipped.rule_id + ": " + skipped.reason + "\n";
        }
    }
    return out;
}

std::string plan_summary_line(const MigrationPlan& plan) {
    std::size_t reused = 0, references = 0;
    std::set<std::string> files;
    for (const auto& secret : plan.secrets) {
        reused += secret.reused ? 1 : 0;
        references += secret.references.size();
        for (const auto& ref : secret.references) files.insert(ref.path);
    }
    return plural(plan.secrets.size(), "secret") + " (" + std::to_string(plan.secrets.size() - reused) + " new, " +
           std::to_string(reused) + " reused), " + plural(references, "reference") + " in " +
           plural(files.size(), "file");
}

std::string render_plan_json(const MigrationPlan& plan, const std::vector<FileChange>& changes) {
    nlohmann::ordered_json secrets = nlohmann::ordered_json::array();
    for (const auto& secret : plan.secrets) {
        nlohmann::ordered_json refs = nlohmann::ordered_json::array();
        for (const auto& ref : secret.references) {
            refs.push_back({{"path", ref.path},
                            {"line", ref.start.line},
                            {"column", ref.start.column},
                            {"key_path", ref.key_path},
                            {"rule_id", ref.rule_id},
                            {"fingerprint", ref.fingerprint}});
        }
        secrets.push_back({{"name", secret.name},
                           {"kind", secret.kind},
                           {"status", secret.reused ? "reused" : "new"},
                           {"reference", secret.reference()},
                           {"description", secret.description},
                           {"tags", secret.tags},
                           {"references", refs}});
    }
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    for (const auto& s : plan.skipped) {
        skipped.push_back({{"path", s.path},
                           {"line", s.start.line},
                           {"column", s.start.column},
                           {"rule_id", s.rule_id},
                           {"fingerprint", s.fingerprint},
                           {"reason", s.reason}});
    }
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& change : changes) {
        files.push_back({{"path", change.path}, {"format", to_string(change.format)}, {"edits", change.edits.size()}});
    }
    nlohmann::ordered_json root = {{"version", 1}, {"secrets", secrets}, {"files", files}, {"skipped", skipped}};
    return root.dump(2) + "\n";
}

}  // namespace hush
