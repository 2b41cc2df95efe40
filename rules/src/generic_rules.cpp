#include "hush/generic_rules.hpp"
#include "hush/rules.hpp"
#include "yaml_reader.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hush {
namespace {

class GenericReader : public YamlReader {
public:
    using YamlReader::YamlReader;

    Result<std::vector<std::string>> strings(const YAML::Node& node, std::string_view name) const {
        return string_list(node, name);
    }

    // A list of RE2 patterns, each compiled to report a bad one at its own line.
    Result<std::vector<std::string>> patterns(const YAML::Node& node, std::string_view name) const {
        auto list = strings(node, name);
        if (!list) return list;
        std::size_t i = 0;
        for (const auto& item : node) {
            RE2::Options options;
            options.set_log_errors(false);
            RE2 re((*list)[i++], options);
            if (!re.ok()) return error(item, "invalid pattern in " + std::string(name) + ": " + re.error());
        }
        return list;
    }

    template <class T>
    Result<T> number(const YAML::Node& node, std::string_view name, T min, T max) const {
        try {
            T value = node.as<T>();
            if (value < min || value > max) return error(node, std::string(name) + " is out of range");
            return value;
        } catch (const YAML::Exception&) {
            return error(node, std::string(name) + " must be a number");
        }
    }

    Result<GenericKind> kind(const YAML::Node& node) const {
        if (auto ok = only_keys(node, {"kind", "id", "name", "severity", "keys", "min_length", "min_entropy", "min_char_classes"},
                                "a generic kind");
            !ok)
            return std::unexpected(ok.error());
        GenericKind k;
        k.line = line_of(node);
        if (!node["kind"] || !node["kind"].IsScalar()) return error(node, "a generic kind needs 'kind'");
        k.kind = node["kind"].as<std::string>();
        k.id = node["id"] ? node["id"].as<std::string>() : k.kind;
        std::replace(k.id.begin(), k.id.end(), '_', '-');
        k.name = node["name"] ? node["name"].as<std::string>() : k.kind;
        if (node["severity"]) {
            auto severity = parse_severity(node["severity"].as<std::string>());
            if (!severity) return error(node["severity"], "unknown severity '" + node["severity"].as<std::string>() + "'");
            k.severity = *severity;
        }
        auto keys = patterns(node["keys"], "keys");
        if (!keys) return std::unexpected(keys.error());
        if (keys->empty()) return error(node, "generic kind '" + k.kind + "' needs at least one key pattern");
        k.keys = std::move(*keys);
        if (node["min_length"]) {
            auto v = number<std::size_t>(node["min_length"], "min_length", 1, 4096);
            if (!v) return std::unexpected(v.error());
            k.min_length = *v;
        }
        if (node["min_entropy"]) {
            auto v = number<double>(node["min_entropy"], "min_entropy", 0.0, 8.0);
            if (!v) return std::unexpected(v.error());
            k.min_entropy = *v;
        }
        if (node["min_char_classes"]) {
            auto v = number<int>(node["min_char_classes"], "min_char_classes", 1, 4);
            if (!v) return std::unexpected(v.error());
            k.min_char_classes = *v;
        }
        return k;
    }

    Result<GenericRules> read(const YAML::Node& root) const {
        if (!root.IsMap() || !root["generic"]) return fail(ErrorCode::config, "expected a top-level 'generic:' mapping", path(), 1);
        if (auto ok = only_keys(root, {"generic"}, "a generic rules file"); !ok) return std::unexpected(ok.error());
        const YAML::Node g = root["generic"];
        if (auto ok = only_keys(g, {"keywords", "kinds", "exclude_keys", "placeholders", "references", "exclude_values", "digest_keys"}, "generic");
            !ok)
            return std::unexpected(ok.error());
        GenericRules rules;
        rules.file = path();
        if (!g["kinds"] || !g["kinds"].IsSequence() || g["kinds"].size() == 0)
            return error(g, "generic.kinds must be a non-empty list");
        for (const auto& node : g["kinds"]) {
            auto k = kind(node);
            if (!k) return std::unexpected(k.error());
            rules.kinds.push_back(std::move(*k));
        }
        auto assign = [&](std::vector<std::string>& to, Result<std::vector<std::string>> from) -> Result<void> {
            if (!from) return std::unexpected(from.error());
            to = std::move(*from);
            return {};
        };
        Result<void> ok;
        if (ok = assign(rules.keywords, strings(g["keywords"], "keywords")); !ok) return std::unexpected(ok.error());
        if (ok = assign(rules.exclude_keys, patterns(g["exclude_keys"], "exclude_keys")); !ok) return std::unexpected(ok.error());
        if (const YAML::Node p = g["placeholders"]) {
            if (auto keys = only_keys(p, {"words", "markers", "patterns"}, "placeholders"); !keys) return std::unexpected(keys.error());
            if (ok = assign(rules.placeholder_words, strings(p["words"], "placeholders.words")); !ok) return std::unexpected(ok.error());
            if (ok = assign(rules.placeholder_markers, strings(p["markers"], "placeholders.markers")); !ok) return std::unexpected(ok.error());
            if (ok = assign(rules.placeholder_patterns, patterns(p["patterns"], "placeholders.patterns")); !ok) return std::unexpected(ok.error());
        }
        if (ok = assign(rules.references, patterns(g["references"], "references")); !ok) return std::unexpected(ok.error());
        if (ok = assign(rules.exclude_values, patterns(g["exclude_values"], "exclude_values")); !ok) return std::unexpected(ok.error());
        if (ok = assign(rules.digest_keys, strings(g["digest_keys"], "digest_keys")); !ok) return std::unexpected(ok.error());
        return rules;
    }
};

}  // namespace

Result<GenericRules> parse_generic_rules(std::string_view text, const std::filesystem::path& path) {
    try {
        YAML::Node root = YAML::Load(std::string(text));
        return GenericReader(path.string()).read(root);
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::config, "invalid YAML: " + e.msg, path.string(),
                    e.mark.is_null() ? 0 : static_cast<std::uint32_t>(e.mark.line + 1));
    }
}

Result<GenericRules> load_generic_rules(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::config, "cannot read generic rules", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parse_generic_rules(text.str(), path);
}

Result<GenericRules> builtin_generic_rules() {
    for (const auto& source : builtin_rule_sources()) {
        if (source.path == "rules/generic.yaml") return parse_generic_rules(source.text, source.path);
    }
    return fail(ErrorCode::internal, "rules/generic.yaml is not built into this binary");
}

}  // namespace hush
