// TOML, HCL/Terraform and Java .properties through tree-sitter: dotted key paths.
#include <map>
#include <string>

#include "extractors.hpp"

namespace hush::syntax {
namespace {

constexpr int kMaxDepth = 400;

// ---- TOML ---------------------------------------------------------------------------------------

struct TomlString {
    Span content;
    std::string value;
    ValueStyle style;
};

TomlString decode_toml_string(Node node) {
    std::string_view text = node.text();
    Span span = node.span();
    bool multi = text.starts_with("\"\"\"") || text.starts_with("'''");
    std::size_t q = multi ? 3 : 1;
    TomlString s{{span.begin + std::min(q, text.size()), span.end - std::min(q, text.size() / 2)},
                 {}, text.starts_with('\'') ? ValueStyle::single_quoted : ValueStyle::double_quoted};
    if (s.content.end < s.content.begin) s.content.end = s.content.begin;
    if (multi) {
        s.style = ValueStyle::block;
        std::string_view c = s.content.of(node.source());
        if (c.starts_with("\r\n")) s.content.begin += 2;
        else if (c.starts_with('\n')) s.content.begin += 1;
    }
    std::string_view content = s.content.of(node.source());
    if (text.starts_with('\'')) {
        s.value = std::string(content);
    } else {
        // a backslash at the end of a line trims the line break and the next line's leading space
        std::string joined;
        for (std::size_t i = 0; i < content.size(); ++i) {
            if (content[i] == '\\' && multi) {
                std::size_t j = i + 1;
                while (j < content.size() && (content[j] == ' ' || content[j] == '\t')) ++j;
                if (j < content.size() && (content[j] == '\n' || content[j] == '\r')) {
                    while (j < content.size() && std::string_view(" \t\r\n").find(content[j]) != std::string_view::npos) ++j;
                    i = j - 1;
                    continue;
                }
            }
            joined += content[i];
        }
        s.value = unescape_c(joined);
    }
    return s;
}

std::string toml_key(Node key) {
    std::string_view type = key.type();
    if (type == "bare_key") return std::string(key.text());
    if (type == "quoted_key") {
        std::string_view t = key.text();
        std::string inner(t.size() >= 2 ? t.substr(1, t.size() - 2) : t);
        return t.starts_with('"') ? unescape_c(inner) : inner;
    }
    if (type == "dotted_key") {
        std::string out;
        key.each_named_child([&](Node part) { out = join_key(out, toml_key(part)); });
        return out;
    }
    return {};
}

bool is_toml_key(std::string_view type) { return type == "bare_key" || type == "quoted_key" || type == "dotted_key"; }

class TomlWalker {
public:
    explicit TomlWalker(ValueSink& sink) : m_sink(sink) {}

    void walk_document(Node root) {
        root.each_named_child([&](Node child) {
            if (child.is("pair")) {
                walk_pair(child, "", 0);
            } else if (child.is("table") || child.is("table_array_element")) {
                std::string header;
                Node first = child.named_child(0);
                if (first && is_toml_key(first.type())) header = toml_key(first);
                if (child.is("table_array_element")) header = join_index(header, m_array_counts[header]++);
                child.each_named_child([&](Node pair) {
                    if (pair.is("pair")) walk_pair(pair, header, 0);
                });
            }
        });
    }

private:
    void walk_pair(Node pair, const std::string& prefix, int depth) {
        Node key = pair.named_child(0);
        Node value = pair.named_child(pair.named_child_count() - 1);
        if (!key || !value || !is_toml_key(key.type())) return;
        std::string name = toml_key(key);
        std::string last = key.is("dotted_key") ? toml_key(key.named_child(key.named_child_count() - 1)) : name;
        walk_value(value, join_key(prefix, name), last, depth + 1);
    }

    void walk_value(Node value, const std::string& path, const std::string& key, int depth) {
        if (depth > kMaxDepth) return;
        if (value.is("string")) {
            TomlString s = decode_toml_string(value);
            m_sink.add(keyed_value(path, key, s.content, value.span(), std::move(s.value), s.style, true));
        } else if (value.is("array")) {
            std::size_t index = 0;
            value.each_named_child([&](Node item) {
                if (item.is("comment")) return;
                walk_value(item, join_index(path, index), join_index(key, index), depth + 1);
                ++index;
            });
        } else if (value.is("inline_table")) {
            value.each_named_child([&](Node pair) {
                if (pair.is("pair")) walk_pair(pair, path, depth + 1);
            });
        }
    }

    ValueSink& m_sink;
    std::map<std::string, std::size_t> m_array_counts;
};

// ---- HCL ----------------------------------------------------------------------------------------

class HclWalker {
public:
    explicit HclWalker(ValueSink& sink) : m_sink(sink) {}

    void walk_body(Node body, const std::string& prefix, int depth) {
        if (depth > kMaxDepth) return;
        body.each_named_child([&](Node child) {
            if (child.is("attribute")) {
                std::string key(child.named_child(0).text());
                walk_expression(child.named_child(child.named_child_count() - 1), join_key(prefix, key), key, depth + 1);
            } else if (child.is("block")) {
                std::string path = prefix;
                child.each_named_child([&](Node part) {
                    if (part.is("identifier")) path = join_key(path, part.text());
                    else if (part.is("string_lit")) path = join_key(path, string_value(part).value);
                    else if (part.is("body")) walk_body(part, path, depth + 1);
                });
            } else if (child.is("body")) {
                walk_body(child, prefix, depth + 1);
            }
        });
    }

private:
    struct HclString {
        Span content;
        std::string value;
        bool literal = true;
    };

    // string_lit / quoted_template: the bytes between the quotes; interpolation makes it non-literal.
    static HclString string_value(Node node) {
        HclString s;
        std::uint32_t n = node.child_count();
        if (n < 2) {
            s.content = node.span();
            s.value = std::string(node.text());
            return s;
        }
        s.content = {node.child(0).span().end, node.child(n - 1).span().begin};
        if (s.content.end < s.content.begin) s.content.end = s.content.begin;
        node.each_named_child([&](Node part) {
            if (part.is("template_interpolation") || part.is("template_directive")) s.literal = false;
        });
        std::string raw(s.content.of(node.source()));
        std::string unescaped;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if ((raw.compare(i, 3, "$${") == 0 || raw.compare(i, 3, "%%{") == 0)) {
                unescaped += raw[i + 1];
                ++i;
                continue;
            }
            unescaped += raw[i];
        }
        s.value = unescaped.find('\\') == std::string::npos ? unescaped : unescape_c(unescaped);
        return s;
    }

    void walk_expression(Node node, const std::string& path, const std::string& key, int depth) {
        if (depth > kMaxDepth || !node) return;
        std::string_view type = node.type();
        if (type == "string_lit" || type == "quoted_template") {
            HclString s = string_value(node);
            m_sink.add(keyed_value(path, key, s.content, node.span(), std::move(s.value), ValueStyle::double_quoted, s.literal));
        } else if (type == "heredoc_template") {
            emit_heredoc(node, path, key);
        } else if (type == "tuple") {
            std::size_t index = 0;
            node.each_named_child([&](Node item) {
                if (!item.is("expression")) return;
                walk_expression(item, join_index(path, index), join_index(key, index), depth + 1);
                ++index;
            });
        } else if (type == "object") {
            node.each_named_child([&](Node elem) {
                if (!elem.is("object_elem")) return;
                std::string name = object_key(elem.field("key"));
                if (!name.empty()) walk_expression(elem.field("val"), join_key(path, name), name, depth + 1);
            });
        } else if (type == "expression" || type == "literal_value" || type == "template_expr" ||
                   type == "collection_value") {
            node.each_named_child([&](Node child) { walk_expression(child, path, key, depth + 1); });
        }
    }

    std::string object_key(Node key) const {
        for (int i = 0; i < 6 && key && key.named_child_count() > 0 && !key.is("string_lit"); ++i) key = key.named_child(0);
        if (!key) return {};
        if (key.is("string_lit")) return string_value(key).value;
        return std::string(key.text());
    }

    void emit_heredoc(Node node, const std::string& path, const std::string& key) {
        Node first;
        Node last;
        bool literal = true;
        node.each_named_child([&](Node part) {
            if (part.is("template_literal")) {
                if (!first) first = part;
                last = part;
            }
            if (part.is("template_interpolation")) literal = false;
        });
        if (!first) return;
        Span content{first.span().begin, last.span().end};
        m_sink.add(keyed_value(path, key, content, node.span(), std::string(content.of(node.source())), ValueStyle::block, literal));
    }

    ValueSink& m_sink;
};

// ---- properties ---------------------------------------------------------------------------------

std::string unescape_properties(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        char e = raw[++i];
        if (e == '\n' || e == '\r') {
            while (i + 1 < raw.size() && std::string_view(" \t\r\n").find(raw[i + 1]) != std::string_view::npos) ++i;
        } else if (e == 'u') {
            out += unescape_c(raw.substr(i - 1, 6));
            i += std::min<std::size_t>(4, raw.size() - i - 1);
        } else if (e == 't' || e == 'n' || e == 'r' || e == 'f') {
            out += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : '\f';
        } else {
            out += e;
        }
    }
    return out;
}

}  // namespace

bool extract_toml(ValueSink& sink) {
    return parse_and_walk(tree_sitter_toml(), sink, [&](Node root) {
        TomlWalker(sink).walk_document(root);
    });
}

bool extract_hcl(ValueSink& sink) {
    return parse_and_walk(tree_sitter_hcl(), sink, [&](Node root) {
        HclWalker(sink).walk_body(root, "", 0);
    });
}

bool extract_properties(ValueSink& sink) {
    return parse_and_walk(tree_sitter_properties(), sink, [&](Node root) {
        root.each_named_child([&](Node property) {
            if (!property.is("property")) return;
            Node key = property.first_named_of({"key"});
            Node value = property.first_named_of({"value"});
            if (!key || !value) return;
            std::string name = unescape_properties(key.text());
            sink.add(keyed_value(name, name, value.span(), value.span(), unescape_properties(value.text()),
                                ValueStyle::plain, true));
        });
    });
}

}  // namespace hush::syntax
