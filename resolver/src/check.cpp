// `check` as a pure function over usages, malformed references and the vault's secret states.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "hush/resolver.hpp"

namespace hush {

namespace {

using json = nlohmann::ordered_json;

struct Known {
    const SecretState* state = nullptr;
    std::optional<std::int64_t> expires;  // days since epoch
    std::size_t uses = 0;
};

ReferenceError location_of(const Usage& usage, std::string message) {
    return {usage.path, usage.start, usage.span, std::move(message)};
}

struct Problem {
    CheckIssueKind kind;
    std::string message;
};

// Why a secret cannot be used today, if it cannot.
std::optional<Problem> usability_problem(std::string_view name, const SecretState* state,
                                         std::optional<std::int64_t> expires, std::int64_t today) {
    std::string secret(name);
    if (state == nullptr) return Problem{CheckIssueKind::dangling, "no secret named " + secret + " in the vault"};
    if (state->deleted) {
        return Problem{CheckIssueKind::dangling,
                       "secret " + secret + " was deleted (hush secret restore " + secret + " brings it back)"};
    }
    if (!state->active) return Problem{CheckIssueKind::disabled, "secret " + secret + " is disabled"};
    if (expires && today >= *expires) {
        return Problem{CheckIssueKind::expired, "secret " + secret + " expired on " + *state->expires};
    }
    return std::nullopt;
}

// The error a usage of `known` raises, if any.
std::optional<CheckIssue> usage_issue(const Usage& usage, const Known* known, std::int64_t today) {
    auto problem = usability_problem(usage.secret_name, known == nullptr ? nullptr : known->state,
                                     known == nullptr ? std::nullopt : known->expires, today);
    if (!problem) return std::nullopt;
    std::string text = "$<secret." + usage.secret_name + ">: " + problem->message;
    return CheckIssue{problem->kind, usage.secret_name, location_of(usage, text), text};
}

void add_secret_warnings(const std::string& name, const Known& known, std::int64_t today, int window,
                         std::vector<CheckIssue>& warnings) {
    const SecretState& state = *known.state;
    if (state.deleted) return;
    if (state.expires && !known.expires) {
        warnings.push_back({CheckIssueKind::bad_expiry, name, std::nullopt,
                            "secret " + name + " has an unreadable expiry date '" + *state.expires +
                                "' (expected YYYY-MM-DD)"});
    }
    if (known.expires && today < *known.expires && *known.expires - today <= window) {
        std::int64_t days = *known.expires - today;
        warnings.push_back({CheckIssueKind::expiring, name, std::nullopt,
                            "secret " + name + " expires on " + *state.expires + " (in " + std::to_string(days) +
                                (days == 1 ? " day" : " days") + ", " + std::to_string(known.uses) +
                                (known.uses == 1 ? " usage)" : " usages)")});
    }
    if (known.uses == 0) {
        warnings.push_back(
            {CheckIssueKind::unused, name, std::nullopt, "secret " + name + " is not referenced under the usage roots"});
    }
}

bool by_location(const CheckIssue& a, const CheckIssue& b) {
    if (!a.where || !b.where) return static_cast<bool>(a.where) > static_cast<bool>(b.where);
    return std::tie(a.where->path, a.where->span.begin) < std::tie(b.where->path, b.where->span.begin);
}

json issue_json(const CheckIssue& issue) {
    json out = {{"kind", std::string(to_string(issue.kind))}, {"secret", issue.secret}};
    if (issue.where) {
        out["path"] = issue.where->path;
        out["line"] = issue.where->start.line;
        out["column"] = issue.where->start.column;
    }
    out["message"] = issue.message;
    return out;
}

}  // namespace

std::string_view to_string(CheckIssueKind kind) {
    switch (kind) {
        case CheckIssueKind::dangling: return "dangling";
        case CheckIssueKind::disabled: return "disabled";
        case CheckIssueKind::expired: return "expired";
        case CheckIssueKind::malformed: return "malformed";
        case CheckIssueKind::expiring: return "expiring";
        case CheckIssueKind::unused: return "unused";
        case CheckIssueKind::bad_expiry: return "bad_expiry";
    }
    return "unknown";
}

std::optional<std::int64_t> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
    if (!year || !month || !day) return std::nullopt;
    std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                     std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date).time_since_epoch().count();
}

std::string current_date_utc() {
    auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    std::chrono::year_month_day date{days};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Result<void> secret_usable(std::string_view name, const SecretState* state, std::string_view today) {
    auto today_days = parse_date(today);
    if (!today_days) return fail(ErrorCode::usage, "today's date '" + std::string(today) + "' is not YYYY-MM-DD");
    std::optional<std::int64_t> expires = state != nullptr && state->expires ? parse_date(*state->expires) : std::nullopt;
    auto problem = usability_problem(name, state, expires, *today_days);
    if (!problem) return {};
    return fail(problem->kind == CheckIssueKind::dangling ? ErrorCode::not_found : ErrorCode::conflict,
                std::move(problem->message));
}

Result<CheckReport> check_references(std::span<const Usage> usages, std::span<const ReferenceError> malformed,
                                     std::span<const SecretState> secrets, const CheckOptions& options) {
    auto today = parse_date(options.today);
    if (!today) return fail(ErrorCode::usage, "today's date '" + options.today + "' is not YYYY-MM-DD");
    std::map<std::string, Known, std::less<>> known;
    for (const auto& state : secrets) {
        auto [it, inserted] = known.try_emplace(state.name);
        // A live secret wins over a deleted one of the same name (deleted, then re-created).
        if (inserted || (it->second.state->deleted && !state.deleted)) {
            it->second.state = &state;
            it->second.expires = state.expires ? parse_date(*state.expires) : std::nullopt;
        }
    }
    CheckReport report;
    report.references = usages.size();
    report.secrets = static_cast<std::size_t>(
        std::count_if(known.begin(), known.end(), [](const auto& entry) { return !entry.second.state->deleted; }));
    for (const auto& usage : usages) {
        auto it = known.find(usage.secret_name);
        Known* entry = it == known.end() ? nullptr : &it->second;
        if (entry != nullptr && !entry->state->deleted) ++entry->uses;
        if (auto issue = usage_issue(usage, entry, *today)) report.errors.push_back(std::move(*issue));
    }
    for (const auto& error : malformed) report.errors.push_back({CheckIssueKind::malformed, {}, error, error.message});
    std::stable_sort(report.errors.begin(), report.errors.end(), by_location);
    for (const auto& [name, entry] : known) {
        add_secret_warnings(name, entry, *today, options.expiry_window_days, report.warnings);
    }
    return report;
}

std::string render_check_text(const CheckReport& report) {
    std::string out;
    for (const auto& issue : report.errors) {
        out += issue.where ? issue.where->path + ":" + std::to_string(issue.where->start.line) + ":" +
                                 std::to_string(issue.where->start.column) + ": error: " + issue.message + "\n"
                           : "error: " + issue.message + "\n";
    }
    for (const auto& issue : report.warnings) out += "warning: " + issue.message + "\n";
    if (!out.empty()) out += "\n";
    auto count = [](std::size_t n, std::string_view noun) {
        return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
    };
    out += std::string(report.ok() ? "check passed: " : "check failed: ") + count(report.errors.size(), "error") +
           ", " + count(report.warnings.size(), "warning") + " (" + count(report.references, "reference") + " to " +
           count(report.secrets, "secret") + ")\n";
    return out;
}

std::string render_check_json(const CheckReport& report) {
    json errors = json::array(), warnings = json::array();
    for (const auto& issue : report.errors) errors.push_back(issue_json(issue));
    for (const auto& issue : report.warnings) warnings.push_back(issue_json(issue));
    json doc = {{"version", 1},
                {"ok", report.ok()},
                {"references", report.references},
                {"secrets", report.secrets},
                {"errors", errors},
                {"warnings", warnings}};
    return doc.dump(2) + "\n";
}

}  // namespace hush
