#pragma once
// Reading a YAML configuration file (.hush.yaml, rules/generic.yaml) with errors that name the
// file and line: the checks every such reader shares.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"

namespace hush {

inline std::uint32_t line_of(const YAML::Node& node) {
    return node.Mark().is_null() ? 0 : static_cast<std::uint32_t>(node.Mark().line + 1);
}

class YamlReader {
public:
    explicit YamlReader(std::string path) : m_path(std::move(path)) {}

    [[nodiscard]] std::unexpected<Error> error(const YAML::Node& at, const std::string& message) const {
        return fail(ErrorCode::config, message, m_path, line_of(at));
    }

    // Every key of `map` must be in `allowed`; `where` names the section for the message.
    [[nodiscard]] Result<void> only_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                                         std::string_view where) const {
        if (!map.IsMap()) return error(map, std::string(where) + " must be a mapping");
        for (const auto& entry : map) {
            auto key = entry.first.as<std::string>();
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
                return error(entry.first,
                             "unknown key '" + key + "' in " + std::string(where) + " (expected one of: " + list + ")");
            }
        }
        return {};
    }

    [[nodiscard]] Result<std::string> scalar(const YAML::Node& node, std::string_view name) const {
        if (!node.IsScalar()) return error(node, std::string(name) + " must be a string");
        return node.as<std::string>();
    }

    // A missing key is an empty list.
    [[nodiscard]] Result<std::vector<std::string>> string_list(const YAML::Node& node, std::string_view name) const {
        std::vector<std::string> out;
        if (!node || node.IsNull()) return out;
        if (!node.IsSequence()) return error(node, std::string(name) + " must be a list of strings");
        for (const auto& item : node) {
            if (!item.IsScalar()) return error(item, std::string(name) + " must be a list of strings");
            out.push_back(item.as<std::string>());
        }
        return out;
    }

    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace hush
