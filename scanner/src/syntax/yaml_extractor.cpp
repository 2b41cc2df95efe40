// YAML key paths: mappings (a.b), sequences (a[0]), every scalar style. Two conventions sit on
// top of the plain structure because that is how people name those values:
// - Kubernetes env lists `- name: X` / `value: Y` give Y the key X, path `...env.X`;
// - docker-compose `environment:` / `args:` lists of "KEY=value" strings give the value the key KEY.
// Aliases produce nothing: the anchored value is reported once, where it is written.
#include <algorithm>
#include <cctype>
#include <string>

#include "extractors.hpp"

namespace hush::syntax {
namespace {

constexpr int kMaxDepth = 400;

struct Where {
    std::string path;
    std::string key;
    std::string list_path;  // for a sequence item: the sequence's own path (for name/value pairs)
};

bool is_scalar(std::string_view type) {
    return type == "plain_scalar" || type == "single_quote_scalar" || type == "double_quote_scalar" ||
           type == "block_scalar";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Line folding of multi-line flow scalars: a line break becomes a space, an empty line a newline.
std::string fold_flow(std::string_view text) {
    if (text.find('\n') == std::string_view::npos) return std::string(text);
    std::string out;
    std::size_t start = 0;
    bool first = true;
    int pending_empty = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        std::string_view t = first ? line : trim(line);
        if (nl != std::string_view::npos) t = std::string_view(t).substr(0, trim(t).empty() ? 0 : t.size());
        if (!first && t.empty() && nl != std::string_view::npos) {
            ++pending_empty;
        } else {
            if (!first) out += pending_empty ? std::string(static_cast<std::size_t>(pending_empty), '\n') : " ";
            pending_empty = 0;
            out.append(nl == std::string_view::npos ? t : trim(t));
            first = false;
        }
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

// YAML's own escapes first; the C-style ones (\n, \xHH, \uHHHH, ...) are left for unescape_c.
std::string unescape_yaml_double(std::string_view content) {
    std::string out;
    out.reserve(content.size());
    for (std::size_t i = 0; i < content.size(); ++i) {
        char c = content[i];
        if (c != '\\' || i + 1 == content.size()) {
            out += c;
            continue;
        }
        char e = content[++i];
        switch (e) {
        case 'N': append_utf8(out, 0x85); break;
        case '_': append_utf8(out, 0xA0); break;
        case 'L': append_utf8(out, 0x2028); break;
        case 'P': append_utf8(out, 0x2029); break;
        case ' ': out += ' '; break;
        case '/': out += '/'; break;
        case '\n':  // escaped line break: join without space, skip the next line's indentation
            while (i + 1 < content.size() && (content[i + 1] == ' ' || content[i + 1] == '\t')) ++i;
            break;
        default:
            out += '\\';
            out += e;
            break;
        }
    }
    return out.find('\\') == std::string::npos ? out : unescape_c(out);
}

// An escaped line break in a double-quoted scalar joins the lines without a space; it must go
// before line folding would turn the break into one.
std::string join_escaped_breaks(std::string_view content) {
    std::string out;
    out.reserve(content.size());
    for (std::size_t i = 0; i < content.size(); ++i) {
        if (content[i] == '\\' && i + 1 < content.size()) {
            if (content[i + 1] == '\n' || (content[i + 1] == '\r' && i + 2 < content.size() && content[i + 2] == '\n')) {
                i += content[i + 1] == '\r' ? 2 : 1;
                while (i + 1 < content.size() && (content[i + 1] == ' ' || content[i + 1] == '\t')) ++i;
                continue;
            }
            out += content[i++];
        }
        out += content[i];
    }
    return out;
}

struct Scalar {
    Span content;
    std::string value;
    ValueStyle style = ValueStyle::plain;
};

std::size_t line_indent(std::string_view text, std::size_t offset) {
    std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::size_t i = line_start;
    while (i < text.size() && text[i] == ' ') ++i;
    return i - line_start;
}

Scalar decode_block(Node node) {
    std::string_view file = node.source();
    Span span = node.span();
    std::string_view text = node.text();
    Scalar s;
    s.style = ValueStyle::block;
    std::size_t header_end = text.find('\n');
    if (header_end == std::string_view::npos) {
        s.content = {span.end, span.end};
        return s;
    }
    std::string_view header = text.substr(0, header_end);
    bool folded = header.starts_with('>');
    char chomp = header.find('-') != std::string_view::npos ? '-' : header.find('+') != std::string_view::npos ? '+' : ' ';
    std::size_t explicit_indent = 0;
    for (char c : header.substr(0, std::min<std::size_t>(header.find('#'), header.size())))
        if (c >= '1' && c <= '9') explicit_indent = static_cast<std::size_t>(c - '0');
    std::size_t indent = explicit_indent ? line_indent(file, span.begin) + explicit_indent : 0;
    std::vector<std::string_view> lines;
    std::size_t first_offset = std::string_view::npos;
    std::size_t last_end = span.begin + header_end;
    std::size_t pos = header_end + 1;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t spaces = 0;
        while (spaces < line.size() && line[spaces] == ' ') ++spaces;
        bool blank = spaces == line.size();
        if (!blank) {
            if (indent == 0) indent = spaces;
            if (spaces < indent) break;
            std::string_view content = line.substr(indent);
            if (first_offset == std::string_view::npos) first_offset = span.begin + pos + indent;
            last_end = span.begin + pos + line.size();
            lines.push_back(content);
        } else {
            lines.push_back(line.size() > indent ? line.substr(indent) : std::string_view{});
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    std::size_t trailing = 0;
    while (!lines.empty() && trim(lines.back()).empty()) {
        lines.pop_back();
        ++trailing;
    }
    std::string value;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            bool join_with_space = folded && !lines[i - 1].empty() && !lines[i].empty() &&
                                   lines[i - 1].front() != ' ' && lines[i].front() != ' ';
            value += join_with_space ? ' ' : '\n';
        }
        value.append(lines[i]);
    }
    if (!lines.empty() && chomp != '-') value += '\n';
    if (chomp == '+') value.append(trailing, '\n');
    s.value = std::move(value);
    if (first_offset == std::string_view::npos) first_offset = last_end = span.end;
    s.content = {std::min(first_offset, span.end), std::min(std::max(last_end, first_offset), span.end)};
    return s;
}

Scalar decode_scalar(Node node) {
    Scalar s;
    Span span = node.span();
    std::string_view type = node.type();
    if (type == "block_scalar") return decode_block(node);
    if (type == "plain_scalar") {
        s.content = span;
        s.value = fold_flow(node.text());
        return s;
    }
    s.content = span.size() >= 2 ? Span{span.begin + 1, span.end - 1} : span;
    std::string_view content = s.content.of(node.source());
    if (type == "single_quote_scalar") {
        s.style = ValueStyle::single_quoted;
        std::string unquoted;
        for (std::size_t i = 0; i < content.size(); ++i) {
            unquoted += content[i];
            if (content[i] == '\'' && i + 1 < content.size() && content[i + 1] == '\'') ++i;
        }
        s.value = fold_flow(unquoted);
    } else {
        s.style = ValueStyle::double_quoted;
        s.value = unescape_yaml_double(fold_flow(join_escaped_breaks(content)));
    }
    return s;
}

// The scalar, mapping, sequence or alias inside a block_node/flow_node (skipping anchor and tag).
Node content_of(Node node) {
    for (int i = 0; i < 8 && node && (node.is("block_node") || node.is("flow_node")); ++i) {
        Node inner;
        node.each_named_child([&](Node child) {
            if (!child.is("anchor") && !child.is("tag") && !child.is("comment")) inner = child;
        });
        node = inner;
    }
    return node;
}

class YamlWalker {
public:
    explicit YamlWalker(ValueSink& sink) : m_sink(sink) {}

    void walk_stream(Node root) {
        std::size_t index = 0;
        root.each_named_child([&](Node doc) {
            if (!doc.is("document")) return;
            m_scope = index == 0 ? std::string() : join_index("document", index);
            ++index;
            doc.each_named_child([&](Node child) { walk(child, {}, 0); });
        });
    }

private:
    void walk(Node node, const Where& where, int depth) {
        if (depth > kMaxDepth) return;
        node = content_of(node);
        if (!node) return;
        std::string_view type = node.type();
        if (is_scalar(type)) {
            if (!where.path.empty()) emit_scalar(node, where);
        } else if (type == "block_mapping" || type == "flow_mapping") {
            walk_mapping(node, where, depth);
        } else if (type == "block_sequence" || type == "flow_sequence") {
            walk_sequence(node, where, depth);
        } else if (type == "flow_pair" || type == "block_mapping_pair") {
            walk_pair(node, where, {}, depth);
        }
    }

    static std::string key_text(Node key) {
        Node scalar = content_of(key);
        if (!scalar) return {};
        if (is_scalar(scalar.type())) return decode_scalar(scalar).value;
        return std::string(scalar.text());
    }

    // The NAME of a `name: NAME` + `value: ...` mapping (Kubernetes env, similar lists).
    static std::string logical_name(Node mapping) {
        std::string name;
        bool has_value = false;
        mapping.each_named_child([&](Node pair) {
            std::string key = key_text(pair.field("key"));
            if (key == "value") has_value = true;
            if (key == "name") {
                Node v = content_of(pair.field("value"));
                if (v && is_scalar(v.type())) name = decode_scalar(v).value;
            }
        });
        return has_value && !name.empty() && name.find_first_of(" \n.[") == std::string::npos ? name : std::string();
    }

    void walk_mapping(Node node, const Where& where, int depth) {
        std::string logical = where.list_path.empty() ? std::string() : logical_name(node);
        node.each_named_child([&](Node pair) {
            if (pair.is("block_mapping_pair") || pair.is("flow_pair")) walk_pair(pair, where, logical, depth);
        });
    }

    void walk_pair(Node pair, const Where& where, const std::string& logical, int depth) {
        std::string key = key_text(pair.field("key"));
        if (key == "<<") return;  // merge key: the merged values are reported at their anchor
        Node value = pair.field("value");
        if (!value) return;
        Where inner{join_key(where.path, key), key, {}};
        if (!logical.empty() && key == "value") inner = {join_key(where.list_path, logical), logical, {}};
        walk(value, inner, depth + 1);
    }

    void walk_sequence(Node node, const Where& where, int depth) {
        std::size_t index = 0;
        bool key_value_list = where.key == "environment" || where.key == "args" || where.key == "build_args";
        node.each_named_child([&](Node item) {
            if (item.is("comment")) return;
            Node content = item.is("block_sequence_item") ? item.named_child(0) : item;
            while (content && content.is("comment")) content = {};
            Where inner{join_index(where.path, index), join_index(where.key, index), where.path};
            ++index;
            if (!content) return;
            Node scalar = content_of(content);
            if (key_value_list && scalar && is_scalar(scalar.type()) && emit_key_value_item(scalar, where)) return;
            walk(content, inner, depth + 1);
        });
    }

    // "KEY=value" in a compose environment list.
    bool emit_key_value_item(Node scalar, const Where& where) {
        Scalar s = decode_scalar(scalar);
        if (s.content.of(m_sink.text()) != s.value) return false;
        auto eq = s.value.find('=');
        if (eq == std::string::npos || eq == 0) return false;
        std::string key = s.value.substr(0, eq);
        bool name_like = (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_') &&
                         std::all_of(key.begin(), key.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
                         });
        if (!name_like) return false;
        m_sink.add(keyed_value(join_key(where.path, key), key, {s.content.begin + eq + 1, s.content.end}, scalar.span(),
                               s.value.substr(eq + 1), s.style, true, m_scope));
        return true;
    }

    void emit_scalar(Node node, const Where& where) {
        if (node.is("plain_scalar") && (node.text() == "~" || node.text() == "null" || node.text() == "Null" || node.text() == "NULL"))
            return;
        Scalar s = decode_scalar(node);
        m_sink.add(keyed_value(where.path, where.key, s.content, node.span(), std::move(s.value), s.style, true, m_scope));
    }

    ValueSink& m_sink;
    std::string m_scope;
};

}  // namespace

bool extract_yaml(ValueSink& sink) {
    return parse_and_walk(tree_sitter_yaml(), sink, [&](Node root) {
        YamlWalker(sink).walk_stream(root);
    });
}

}  // namespace hush::syntax
