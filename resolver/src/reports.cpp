// Renderers for refs, where and graph: text, JSON, DOT and Mermaid. They return strings; only
// cli/ prints them.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "hush/resolver.hpp"

namespace hush {

namespace {

using json = nlohmann::ordered_json;

constexpr int json_indent = 2;

json usage_json(const Usage& usage) {
    return {{"secret", usage.secret_name},
            {"path", usage.path},
            {"line", usage.start.line},
            {"column", usage.start.column},
            {"offset", usage.span.begin},
            {"length", usage.span.size()},
            {"key_path", usage.key_path},
            {"consumer", usage.consumer},
            {"consumer_kind", std::string(consumer_kind(usage.consumer))}};
}

json error_json(const ReferenceError& error) {
    return {{"path", error.path}, {"line", error.start.line}, {"column", error.start.column}, {"message", error.message}};
}

std::string position(const Usage& usage) {
    return std::to_string(usage.start.line) + ":" + std::to_string(usage.start.column);
}

std::string plural(std::size_t count, std::string_view noun) {
    return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string dot_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string mermaid_label(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += "#quot;";
        else out += c;
    }
    return out + "\"";
}

std::string secret_id(std::string_view name) { return "secret:" + std::string(name); }
std::string consumer_id(std::string_view name) { return "consumer:" + std::string(name); }
std::string file_id(std::string_view name) { return "file:" + std::string(name); }

}  // namespace

std::string render_refs_text(const UsageIndex& index) {
    std::string out;
    std::string_view current_path;
    std::set<std::string_view> secrets, files;
    for (const auto& usage : index.usages) {
        if (usage.path != current_path) {
            current_path = usage.path;
            out += usage.path + "\n";
        }
        secrets.insert(usage.secret_name);
        files.insert(usage.path);
        out += "  " + position(usage) + "  " + usage.secret_name + "  " +
               (usage.key_path.empty() ? "-" : usage.key_path) + "  " + usage.consumer + "\n";
    }
    for (const auto& error : index.malformed) out += error.to_string() + "\n";
    if (!out.empty()) out += "\n";
    out += plural(index.usages.size(), "reference") + " to " + plural(secrets.size(), "secret") + " in " +
           plural(files.size(), "file");
    if (!index.malformed.empty()) out += ", " + std::to_string(index.malformed.size()) + " malformed";
    return out + "\n";
}

std::string render_refs_json(const UsageIndex& index) {
    json references = json::array(), malformed = json::array();
    for (const auto& usage : index.usages) references.push_back(usage_json(usage));
    for (const auto& error : index.malformed) malformed.push_back(error_json(error));
    json doc = {{"version", 1},
                {"references", references},
                {"malformed", malformed},
                {"stats",
                 {{"files_read", index.stats.files_read},
                  {"bytes_read", index.stats.bytes_read},
                  {"skipped_binary", index.stats.skipped_binary},
                  {"skipped_too_large", index.stats.skipped_too_large},
                  {"unreadable", index.stats.unreadable}}},
                {"notes", index.notes}};
    return doc.dump(json_indent) + "\n";
}

std::string render_where_text(std::string_view name, std::span<const Usage> usages) {
    if (usages.empty()) return "no usages of " + std::string(name) + "\n";
    std::map<std::string_view, std::vector<const Usage*>> by_consumer;
    for (const auto& usage : usages) by_consumer[usage.consumer].push_back(&usage);
    std::string out = std::string(name) + ": " + plural(usages.size(), "usage") + " in " +
                      plural(by_consumer.size(), "consumer") + "\n";
    for (const auto& [consumer, list] : by_consumer) {
        out += "  " + std::string(consumer) + "\n";
        for (const Usage* usage : list) {
            out += "    " + usage->path + ":" + position(*usage);
            if (!usage->key_path.empty()) out += "  " + usage->key_path;
            out += "\n";
        }
    }
    return out;
}

std::string render_where_json(std::string_view name, std::span<const Usage> usages) {
    json list = json::array();
    for (const auto& usage : usages) list.push_back(usage_json(usage));
    json doc = {{"version", 1}, {"secret", name}, {"usages", list}};
    return doc.dump(json_indent) + "\n";
}

UsageGraph build_graph(std::span<const Usage> usages) {
    std::set<std::string> secrets, consumers, files;
    std::set<UsageGraph::Edge> to_consumer, to_file;
    for (const auto& usage : usages) {
        secrets.insert(usage.secret_name);
        consumers.insert(usage.consumer);
        files.insert(usage.path);
        to_consumer.insert({usage.secret_name, usage.consumer});
        to_file.insert({usage.consumer, usage.path});
    }
    return {{secrets.begin(), secrets.end()},
            {consumers.begin(), consumers.end()},
            {files.begin(), files.end()},
            {to_consumer.begin(), to_consumer.end()},
            {to_file.begin(), to_file.end()}};
}

std::string render_graph_dot(const UsageGraph& graph) {
    std::string out = "digraph hush {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
    for (const auto& name : graph.secrets) {
        out += "  " + dot_quoted(secret_id(name)) + " [label=" + dot_quoted(name) +
               ", shape=box, style=\"rounded,filled\", fillcolor=\"#fff3bf\"];\n";
    }
    for (const auto& name : graph.consumers) {
        out += "  " + dot_quoted(consumer_id(name)) + " [label=" + dot_quoted(name) + ", shape=ellipse];\n";
    }
    for (const auto& name : graph.files) {
        out += "  " + dot_quoted(file_id(name)) + " [label=" + dot_quoted(name) + ", shape=note];\n";
    }
    for (const auto& edge : graph.secret_to_consumer) {
        out += "  " + dot_quoted(secret_id(edge.from)) + " -> " + dot_quoted(consumer_id(edge.to)) + ";\n";
    }
    for (const auto& edge : graph.consumer_to_file) {
        out += "  " + dot_quoted(consumer_id(edge.from)) + " -> " + dot_quoted(file_id(edge.to)) + ";\n";
    }
    return out + "}\n";
}

std::string render_graph_mermaid(const UsageGraph& graph) {
    // Mermaid ids must be plain words: number the nodes in sorted order.
    auto id_of = [](const std::vector<std::string>& names, std::string_view prefix, const std::string& name) {
        auto it = std::lower_bound(names.begin(), names.end(), name);
        return std::string(prefix) + std::to_string(it - names.begin());
    };
    std::string out = "flowchart LR\n";
    for (std::size_t i = 0; i < graph.secrets.size(); ++i) {
        out += "  s" + std::to_string(i) + "{{" + mermaid_label(graph.secrets[i]) + "}}\n";
    }
    for (std::size_t i = 0; i < graph.consumers.size(); ++i) {
        out += "  c" + std::to_string(i) + "(" + mermaid_label(graph.consumers[i]) + ")\n";
    }
    for (std::size_t i = 0; i < graph.files.size(); ++i) {
        out += "  f" + std::to_string(i) + "[" + mermaid_label(graph.files[i]) + "]\n";
    }
    for (const auto& edge : graph.secret_to_consumer) {
        out += "  " + id_of(graph.secrets, "s", edge.from) + " --> " + id_of(graph.consumers, "c", edge.to) + "\n";
    }
    for (const auto& edge : graph.consumer_to_file) {
        out += "  " + id_of(graph.consumers, "c", edge.from) + " --> " + id_of(graph.files, "f", edge.to) + "\n";
    }
    return out;
}

std::string render_graph_json(const UsageGraph& graph) {
    json nodes = json::array(), edges = json::array();
    for (const auto& name : graph.secrets) nodes.push_back({{"id", secret_id(name)}, {"type", "secret"}, {"label", name}});
    for (const auto& name : graph.consumers) {
        nodes.push_back({{"id", consumer_id(name)},
                         {"type", "consumer"},
                         {"kind", std::string(consumer_kind(name))},
                         {"label", name}});
    }
    for (const auto& name : graph.files) nodes.push_back({{"id", file_id(name)}, {"type", "file"}, {"label", name}});
    for (const auto& edge : graph.secret_to_consumer) {
        edges.push_back({{"from", secret_id(edge.from)}, {"to", consumer_id(edge.to)}});
    }
    for (const auto& edge : graph.consumer_to_file) {
        edges.push_back({{"from", consumer_id(edge.from)}, {"to", file_id(edge.to)}});
    }
    json doc = {{"version", 1}, {"nodes", nodes}, {"edges", edges}};
    return doc.dump(json_indent) + "\n";
}

}  // namespace hush
