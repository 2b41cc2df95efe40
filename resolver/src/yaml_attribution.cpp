// YAML key paths (yaml-cpp marks) and the consumers that YAML documents describe: GitHub Actions
// jobs, GitLab CI jobs, Kubernetes resources, compose services, Helm values keys.
#include <yaml-cpp/yaml.h>

#include "hush/yaml_documents.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "attribution.hpp"

namespace hush::detail {

namespace {

// Aliases can make a YAML graph deep; key paths past this depth are not worth a stack overflow.
constexpr int max_depth = 64;

struct Site {
    std::size_t pos;
    std::vector<std::string> path;
};

struct Document {
    std::size_t begin = 0;
    YAML::Node root;
    std::vector<Site> sites;  // every key and scalar, ascending pos
};

// "DATABASE_URL" for the item "DATABASE_URL=postgres://..." of a compose environment list.
std::string assignment_name(const YAML::Node& item) {
    if (!item.IsScalar()) return {};
    const std::string& text = item.Scalar();
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return {};
    for (std::size_t i = 0; i < eq; ++i) {
        char c = text[i];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return {};
    }
    return text.substr(0, eq);
}

void collect_sites(const YAML::Node& node, std::vector<std::string>& path, std::vector<Site>& sites, int depth) {
    if (depth > max_depth) return;
    auto add = [&](const YAML::Node& at) {
        if (at.Mark().pos >= 0) sites.push_back({static_cast<std::size_t>(at.Mark().pos), path});
    };
    if (node.IsMap()) {
        for (const auto& entry : node) {
            path.push_back(entry.first.IsScalar() ? entry.first.Scalar() : "?");
            add(entry.first);
            collect_sites(entry.second, path, sites, depth + 1);
            path.pop_back();
        }
    } else if (node.IsSequence()) {
        std::size_t index = 0;
        bool environment_list = !path.empty() && path.back() == "environment";
        for (const auto& item : node) {
            std::string key = environment_list ? assignment_name(item) : std::string();
            path.push_back(key.empty() ? "[" + std::to_string(index) + "]" : key);
            ++index;
            collect_sites(item, path, sites, depth + 1);
            path.pop_back();
        }
    } else if (node.IsScalar()) {
        add(node);
    }
}

std::string join_path(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& segment : path) {
        if (!out.empty() && !segment.starts_with('[')) out += '.';
        out += segment;
    }
    return out;
}

std::string scalar_at(const YAML::Node& node, std::string_view key) {
    if (!node.IsMap()) return {};
    const YAML::Node value = node[std::string(key)];
    return value && value.IsScalar() ? value.Scalar() : std::string();
}

bool has_map(const YAML::Node& node, std::string_view key) {
    if (!node.IsMap()) return false;
    const YAML::Node value = node[std::string(key)];
    return value && value.IsMap();
}

bool is_yaml_name(std::string_view name, std::string_view stem_prefix) {
    if (!name.starts_with(stem_prefix)) return false;
    return name.ends_with(".yml") || name.ends_with(".yaml");
}

std::string kubernetes_consumer(const YAML::Node& root) {
    std::string kind = scalar_at(root, "kind");
    if (kind.empty() || scalar_at(root, "apiVersion").empty() || !has_map(root, "metadata")) return {};
    const YAML::Node metadata = root["metadata"];
    std::string name = scalar_at(metadata, "name");
    if (name.empty()) return {};
    std::string out = std::string(consumer_kubernetes) + ": " + kind + "/" + name;
    if (std::string ns = scalar_at(metadata, "namespace"); !ns.empty()) out += " (namespace " + ns + ")";
    return out;
}

bool is_github_workflow(std::string_view path, const YAML::Node& root) {
    if (path.find(".github/workflows/") != std::string_view::npos) return true;
    return has_map(root, "jobs") && root.IsMap() && (root["on"] || root["true"]);
}

std::string github_consumer(std::string_view file, const YAML::Node& root, const std::vector<std::string>& path) {
    std::string out = std::string(consumer_github_actions) + ": " + std::string(file);
    if (path.size() >= 2 && path[0] == "jobs" && has_map(root, "jobs")) out += " / job " + path[1];
    return out;
}

bool is_gitlab_job(const YAML::Node& root, const std::string& key) {
    static constexpr std::array<std::string_view, 10> keywords = {
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
        "after_script"};
    if (std::find(keywords.begin(), keywords.end(), key) != keywords.end()) return false;
    return has_map(root, key);
}

std::string gitlab_consumer(std::string_view file, const YAML::Node& root, const std::vector<std::string>& path) {
    std::string out = std::string(consumer_gitlab_ci) + ": " + std::string(file);
    if (!path.empty() && is_gitlab_job(root, path[0])) out += " / job " + path[0];
    return out;
}

bool is_compose_file(std::string_view file, const YAML::Node& root) {
    if (!has_map(root, "services")) return false;
    if (is_yaml_name(file, "docker-compose") || is_yaml_name(file, "compose")) return true;
    const YAML::Node services = root["services"];
    for (const auto& service : services) {
        return service.second.IsMap() && (service.second["image"] || service.second["build"]);
    }
    return false;
}

std::string compose_consumer(std::string_view file, const std::vector<std::string>& path) {
    if (path.size() >= 2 && path[0] == "services") {
        return std::string(consumer_compose) + ": " + std::string(file) + " / service " + path[1];
    }
    return std::string(consumer_compose) + ": " + std::string(file);
}

std::string consumer_of(std::string_view path, const Document& doc, const std::vector<std::string>& key_path,
                        const FileContext& context) {
    std::string_view file = base_name(path);
    if (auto k8s = kubernetes_consumer(doc.root); !k8s.empty()) return k8s;
    if (is_github_workflow(path, doc.root)) return github_consumer(file, doc.root, key_path);
    if (file.find("gitlab-ci") != std::string_view::npos) return gitlab_consumer(file, doc.root, key_path);
    if (is_compose_file(file, doc.root)) return compose_consumer(file, key_path);
    if (context.helm_chart && is_yaml_name(file, "values") && !key_path.empty()) {
        return std::string(consumer_helm) + ": chart " + *context.helm_chart + " / values key " + key_path[0];
    }
    return {};
}

std::vector<Document> load_documents(std::string_view text) {
    std::vector<Document> docs;
    for (auto& root : load_yaml_documents(text)) {
        Document doc;
        doc.begin = root.Mark().pos >= 0 ? static_cast<std::size_t>(root.Mark().pos)
                                         : (docs.empty() ? 0 : docs.back().begin);
        doc.root = root;
        std::vector<std::string> path;
        collect_sites(root, path, doc.sites, 0);
        std::stable_sort(doc.sites.begin(), doc.sites.end(),
                         [](const Site& a, const Site& b) { return a.pos < b.pos; });
        docs.push_back(std::move(doc));
    }
    return docs;
}

template <class Range>
auto last_at_or_before(const Range& range, std::size_t offset, auto position) {
    auto it = std::upper_bound(range.begin(), range.end(), offset,
                               [&](std::size_t value, const auto& item) { return value < position(item); });
    return it == range.begin() ? range.end() : std::prev(it);
}

}  // namespace

std::vector<Attribution> attribute_yaml(std::string_view path, std::string_view text,
                                        std::span<const std::size_t> offsets, const FileContext& context) {
    std::vector<Attribution> out(offsets.size());
    try {
        auto docs = load_documents(text);
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            auto doc = last_at_or_before(docs, offsets[i], [](const Document& d) { return d.begin; });
            if (doc == docs.end()) doc = docs.begin();
            if (doc == docs.end()) continue;
            auto site = last_at_or_before(doc->sites, offsets[i], [](const Site& s) { return s.pos; });
            std::vector<std::string> key_path = site == doc->sites.end() ? std::vector<std::string>{} : site->path;
            out[i] = {join_path(key_path), consumer_of(path, *doc, key_path, context)};
        }
    } catch (const std::exception&) {
        // Not parsable as YAML (a template, a fragment): the references stay attributed to the
        // file, which is still correct, only less precise.
        std::fill(out.begin(), out.end(), Attribution{});
    }
    return out;
}

std::string_view base_name(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace hush::detail
