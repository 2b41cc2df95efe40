// The rule loader: rule files -> checked, compiled rules. Every error names file and line.
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "hush/rules.hpp"

namespace hush {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view rule_fields[] = {"id",       "name",    "description", "references", "kind",
                                            "severity", "pattern", "keywords",    "entropy",    "validate",
                                            "name_hint", "examples", "negative_examples"};
constexpr std::string_view required_fields[] = {"id", "kind", "severity", "pattern"};

std::uint32_t line_of(const YAML::Node& node) {
    return node.Mark().is_null() ? 0 : static_cast<std::uint32_t>(node.Mark().line + 1);
}

bool is_kebab_case(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    char previous = 0;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && previous == '-')) return false;
        previous = c;
    }
    return true;
}

class RuleReader {
public:
    explicit RuleReader(const RuleSource& source) : m_source(source) {}

    std::unexpected<Error> error(const YAML::Node& at, const std::string& message) const {
        return fail(ErrorCode::config, message, m_source.path, line_of(at));
    }

    Result<std::vector<Rule>> read_file(const YAML::Node& root) const {
        std::vector<Rule> rules;
        if (root.IsNull()) return rules;
        if (!root.IsMap()) return error(root, "a rule file must be a mapping with a 'rules:' list");
        for (const auto& entry : root) {
            auto key = entry.first.Scalar();
            if (key != "rules" && key != "generic")
                return error(entry.first, "unknown top-level key '" + key + "' (expected rules or generic)");
        }
        auto list = root["rules"];
        if (!list || list.IsNull()) return rules;
        if (!list.IsSequence()) return error(list, "'rules' must be a list of rules");
        for (const auto& item : list) {
            auto rule = read_rule(item);
            if (!rule) return std::unexpected(rule.error());
            rules.push_back(std::move(*rule));
        }
        return rules;
    }

private:
    Result<Rule> read_rule(const YAML::Node& node) const {
        if (!node.IsMap()) return error(node, "a rule must be a mapping");
        if (auto ok = check_fields(node); !ok) return std::unexpected(ok.error());
        Rule rule;
        rule.file = m_source.path;
        rule.line = line_of(node);
        // Each step reads or checks one thing; the first failure is the error.
        const std::function<Result<void>()> steps[] = {
            [&] { return read_string(node, "id", rule.id); },
            [&] { return read_string(node, "name", rule.name); },
            [&] { return read_string(node, "description", rule.description); },
            [&] { return read_list(node, "references", rule.references); },
            [&] { return read_string(node, "kind", rule.kind); },
            [&] { return read_string(node, "pattern", rule.pattern); },
            [&] { return read_list(node, "keywords", rule.keywords); },
            [&] { return read_string(node, "validate", rule.validate); },
            [&] { return read_string(node, "name_hint", rule.name_hint); },
            [&] { return read_list(node, "examples", rule.examples); },
            [&] { return read_list(node, "negative_examples", rule.negative_examples); },
            [&] { return read_severity(node, rule); },
            [&] { return read_entropy(node, rule); },
            [&] { return check_rule(node, rule); },
            [&] { return compile(node, rule); },
        };
        for (const auto& step : steps) {
            if (auto ok = step(); !ok) return std::unexpected(ok.error());
        }
        if (rule.name.empty()) rule.name = rule.id;
        return rule;
    }

    Result<void> check_fields(const YAML::Node& node) const {
        for (const auto& entry : node) {
            auto key = entry.first.Scalar();
            if (std::find(std::begin(rule_fields), std::end(rule_fields), key) == std::end(rule_fields))
                return error(entry.first, "unknown field '" + key + "' in rule");
        }
        for (auto field : required_fields) {
            if (!node[std::string(field)]) return error(node, "rule is missing required field '" + std::string(field) + "'");
        }
        return {};
    }

    Result<void> read_string(const YAML::Node& rule, const char* field, std::string& out) const {
        auto node = rule[field];
        if (!node) return {};
        if (!node.IsScalar()) return error(node, std::string("'") + field + "' must be a string");
        out = node.Scalar();
        return {};
    }

    Result<void> read_list(const YAML::Node& rule, const char* field, std::vector<std::string>& out) const {
        auto node = rule[field];
        if (!node || node.IsNull()) return {};
        if (!node.IsSequence()) return error(node, std::string("'") + field + "' must be a list of strings");
        for (const auto& item : node) {
            if (!item.IsScalar()) return error(item, std::string("'") + field + "' must be a list of strings");
            out.push_back(item.Scalar());
        }
        return {};
    }

    Result<void> read_severity(const YAML::Node& node, Rule& rule) const {
        auto text = node["severity"].IsScalar() ? node["severity"].Scalar() : std::string();
        auto severity = parse_severity(text);
        if (!severity)
            return error(node["severity"], "bad severity '" + text + "' (expected critical, high, medium or low)");
        rule.severity = *severity;
        return {};
    }

    Result<void> read_entropy(const YAML::Node& node, Rule& rule) const {
        auto entropy = node["entropy"];
        if (!entropy || entropy.IsNull()) return {};
        try {
            double value = entropy.as<double>();
            if (value < 0 || value > 8) return error(entropy, "'entropy' must be between 0 and 8 bits per character");
            rule.entropy = value;
        } catch (const YAML::Exception&) {
            return error(entropy, "'entropy' must be a number");
        }
        return {};
    }

    Result<void> check_rule(const YAML::Node& node, const Rule& rule) const {
        if (!is_kebab_case(rule.id))
            return error(node["id"], "rule id '" + rule.id + "' is not kebab-case (a-z, 0-9, single '-')");
        if (rule.kind.empty()) return error(node["kind"], "'kind' must not be empty");
        if (rule.pattern.empty()) return error(node["pattern"], "'pattern' must not be empty");
        for (const auto& keyword : rule.keywords) {
            auto spec = parse_keyword(keyword);
            if (spec.literal.empty()) return error(node["keywords"], "a keyword must not be empty");
            if (spec.word_start && !is_word_byte(spec.literal.front()))
                return error(node["keywords"], "keyword '" + keyword + "': '\\b' needs a keyword that starts with a letter, digit or '_'");
        }
        if (!rule.validate.empty() && !is_known_validator(rule.validate)) {
            std::string list;
            for (auto name : validator_names()) list += (list.empty() ? "" : ", ") + std::string(name);
            return error(node["validate"], "unknown validator '" + rule.validate + "' (expected one of: " + list + ")");
        }
        return {};
    }

    Result<void> compile(const YAML::Node& node, Rule& rule) const {
        rule.compiled = std::make_shared<const RulePattern>(rule.pattern);
        if (m_source.builtin) return {};  // compiled on first use; `hush rules test` proves them
        if (auto problem = rule.compiled->problem()) return error(node["pattern"], *problem);
        return {};
    }

    const RuleSource& m_source;
};

}  // namespace

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

KeywordSpec parse_keyword(std::string_view keyword) {
    KeywordSpec spec;
    if (keyword.starts_with("(?-i)")) {
        spec.exact_case = true;
        keyword.remove_prefix(5);
    }
    if (keyword.starts_with("\\b")) {
        spec.word_start = true;
        keyword.remove_prefix(2);
    }
    spec.literal = keyword;
    return spec;
}

RulePattern::RulePattern(std::string pattern) : m_pattern(std::move(pattern)) {}
RulePattern::~RulePattern() = default;

void RulePattern::compile() const {
    std::call_once(m_once, [this] {
        RE2::Options options;
        options.set_log_errors(false);
        m_regex = std::make_unique<RE2>(m_pattern, options);
        if (!m_regex->ok()) {
            m_problem = "invalid pattern: " + m_regex->error();
            return;
        }
        const auto& named = m_regex->NamedCapturingGroups();
        if (auto found = named.find("secret"); found != named.end()) {
            m_secret_group = found->second;
        } else if (m_regex->NumberOfCapturingGroups() >= 1) {
            m_secret_group = 1;
        } else {
            m_problem = "pattern has no capture group for the secret (use (?P<secret>...))";
        }
    });
}

const RE2& RulePattern::regex() const {
    compile();
    return *m_regex;
}

int RulePattern::secret_group() const {
    compile();
    return m_secret_group;
}

std::optional<std::string> RulePattern::problem() const {
    compile();
    return m_problem;
}

Result<std::vector<RuleSource>> read_rule_dir(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return fail(ErrorCode::config, "rule directory does not exist", dir.string());
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".yaml" && it->is_regular_file(ec)) files.push_back(it->path());
    }
    if (ec) return fail(ErrorCode::config, "cannot list rule directory: " + ec.message(), dir.string());
    std::sort(files.begin(), files.end());
    std::vector<RuleSource> sources;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) return fail(ErrorCode::config, "cannot read rule file", file.string());
        sources.push_back({file.string(), text.str()});
    }
    return sources;
}

Result<std::vector<Rule>> parse_rule_source(const RuleSource& source) {
    RuleReader reader(source);
    try {
        return reader.read_file(YAML::Load(source.text));
    } catch (const YAML::Exception& e) {
        auto line = e.mark.is_null() ? 0u : static_cast<std::uint32_t>(e.mark.line + 1);
        return fail(ErrorCode::config, "bad YAML: " + e.msg, source.path, line);
    }
}

Result<RuleSet> load_rules(std::vector<RuleSource> sources) {
    RuleSet set;
    std::map<std::string, const Rule*, std::less<>> by_id;
    // YAML parsing is most of hush's start-up: the files are parsed on every core, each on its own
    // (yaml-cpp keeps no shared state), and joined in order, so errors and ids stay deterministic.
    std::vector<Result<std::vector<Rule>>> parsed(sources.size(), std::vector<Rule>{});
    {
        std::atomic<std::size_t> next{0};
        auto worker = [&] {
            for (std::size_t i = next++; i < sources.size(); i = next++) parsed[i] = parse_rule_source(sources[i]);
        };
        unsigned threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), sources.size());
        std::vector<std::jthread> helpers;
        for (unsigned i = 1; i < threads; ++i) helpers.emplace_back(worker);
        worker();
    }
    for (auto& rules : parsed) {
        if (!rules) return std::unexpected(rules.error());
        for (auto& rule : *rules) set.rules.push_back(std::move(rule));
    }
    for (const auto& rule : set.rules) {
        auto [it, inserted] = by_id.emplace(rule.id, &rule);
        if (!inserted) {
            const Rule& first = *it->second;
            return fail(ErrorCode::config,
                        "duplicate rule id '" + rule.id + "' (first defined at " + first.file + ":" +
                            std::to_string(first.line) + ")",
                        rule.file, rule.line);
        }
    }
    set.sources = std::move(sources);
    return set;
}

}  // namespace hush
