#include "hush/config.hpp"
#include "yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace hush {
namespace {

namespace fs = std::filesystem;

using ConfigReader = YamlReader;

Result<Config> read_config(const YAML::Node& root, const ConfigReader& reader) {
    Config config;
    if (root.IsNull()) return config;  // an empty file is a valid, empty configuration
    if (auto ok = reader.only_keys(root, {"vault", "rules", "allow", "usage_roots", "scan", "migrate"}, "the top level"); !ok)
        return std::unexpected(ok.error());

    if (auto node = root["vault"]) {
        auto value = reader.scalar(node, "vault");
        if (!value) return std::unexpected(value.error());
        config.vault = *value;
    }
    if (auto node = root["rules"]) {
        if (auto ok = reader.only_keys(node, {"include", "disable"}, "rules"); !ok) return std::unexpected(ok.error());
        auto include = reader.string_list(node["include"], "rules.include");
        if (!include) return std::unexpected(include.error());
        auto disable = reader.string_list(node["disable"], "rules.disable");
        if (!disable) return std::unexpected(disable.error());
        config.rules = {*include, *disable};
    }
    if (auto node = root["allow"]) {
        if (auto ok = reader.only_keys(node, {"paths", "values", "stopwords"}, "allow"); !ok) return std::unexpected(ok.error());
        auto paths = reader.string_list(node["paths"], "allow.paths");
        if (!paths) return std::unexpected(paths.error());
        auto values = reader.string_list(node["values"], "allow.values");
        if (!values) return std::unexpected(values.error());
        auto stopwords = reader.string_list(node["stopwords"], "allow.stopwords");
        if (!stopwords) return std::unexpected(stopwords.error());
        config.allow = {*paths, *values, *stopwords};
    }
    if (auto node = root["usage_roots"]) {
        auto roots = reader.string_list(node, "usage_roots");
        if (!roots) return std::unexpected(roots.error());
        config.usage_roots = *roots;
    }
    if (auto node = root["scan"]) {
        if (auto ok = reader.only_keys(node, {"max_file_size", "exclude"}, "scan"); !ok) return std::unexpected(ok.error());
        if (auto size_node = node["max_file_size"]) {
            auto text = reader.scalar(size_node, "scan.max_file_size");
            if (!text) return std::unexpected(text.error());
            auto size = parse_size(*text);
            if (!size) return reader.error(size_node, "scan.max_file_size: '" + *text + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
            config.scan.max_file_size = *size;
        }
        auto exclude = reader.string_list(node["exclude"], "scan.exclude");
        if (!exclude) return std::unexpected(exclude.error());
        config.scan.exclude = *exclude;
    }
    if (auto node = root["migrate"]) {
        if (auto ok = reader.only_keys(node, {"prefix", "names"}, "migrate"); !ok) return std::unexpected(ok.error());
        if (auto prefix = node["prefix"]) {
            auto value = reader.scalar(prefix, "migrate.prefix");
            if (!value) return std::unexpected(value.error());
            config.migrate.prefix = *value;
        }
        if (auto names = node["names"]) {
            if (!names.IsMap()) return reader.error(names, "migrate.names must map fingerprints to names");
            for (const auto& entry : names) {
                if (!entry.second.IsScalar()) return reader.error(entry.second, "migrate.names values must be names");
                config.migrate.names[entry.first.as<std::string>()] = entry.second.as<std::string>();
            }
        }
    }
    return config;
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
    std::size_t i = 0;
    std::uint64_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        if (value > (UINT64_MAX - 9) / 10) return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(text[i++] - '0');
    }
    if (i == 0) return std::nullopt;
    std::string unit;
    for (; i < text.size(); ++i) {
        if (text[i] != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
    std::uint64_t factor = 1;
    if (unit.empty() || unit == "b") factor = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib") factor = 1024;
    else if (unit == "m" || unit == "mb" || unit == "mib") factor = 1024 * 1024;
    else if (unit == "g" || unit == "gb" || unit == "gib") factor = 1024ull * 1024 * 1024;
    else return std::nullopt;
    if (value > UINT64_MAX / factor) return std::nullopt;
    return value * factor;
}

Result<Config> parse_config(std::string_view text, const fs::path& path) {
    ConfigReader reader(path.string());
    Result<Config> config;
    try {
        YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsNull() && !root.IsMap()) return reader.error(root, "the configuration must be a mapping of keys");
        config = read_config(root, reader);
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::config, "invalid YAML: " + e.msg, path.string(),
                    e.mark.is_null() ? 0 : static_cast<std::uint32_t>(e.mark.line + 1));
    }
    if (!config) return config;
    config->file = path;
    config->root = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (config->usage_roots.empty()) config->usage_roots.push_back(".");
    return config;
}

Result<Config> load_config(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::config, "cannot read configuration file", path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_config(buffer.str(), path);
}

std::optional<fs::path> find_config(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (ec) return std::nullopt;
    for (;;) {
        fs::path candidate = dir / ".hush.yaml";
        if (fs::is_regular_file(candidate, ec)) return candidate;
        if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

}  // namespace hush
