// Key paths in source code. One walker serves every grammar: node types with the same meaning
// (assignment, pair, call, class, string) are classified once, and the few language quirks are
// handled where they occur. Values are only reported when they have a key.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "extractors.hpp"

namespace hush::syntax {
namespace {

enum class Role {
    other,
    string,         // a string literal
    concatenation,  // python "a" "b"
    binary,         // a + b: string concatenation when every operand is a string literal
    binding,        // key = value in any spelling
    collection,     // list/dict/object/struct body: bindings keep the prefix, other items get [i]
    call,           // f(...), new T(...), T{...}: keyword arguments get the callee (or target) prefix
    class_like,
    function_like,
    pass_through,   // wrappers that do not change what a value is bound to
    command,        // bash command: credentials on its command line
    comment,
};

const std::unordered_map<std::string_view, Role>& roles() {
    static const std::unordered_map<std::string_view, Role> table = {
        {"string", Role::string}, {"template_string", Role::string}, {"interpreted_string_literal", Role::string},
        {"raw_string_literal", Role::string}, {"string_literal", Role::string},
        {"verbatim_string_literal", Role::string}, {"encapsed_string", Role::string},
        {"raw_string", Role::string}, {"interpolated_string_expression", Role::string},
        {"text_block", Role::string},
        {"concatenated_string", Role::concatenation}, {"chained_string", Role::concatenation},
        {"binary_expression", Role::binary}, {"binary_operator", Role::binary}, {"binary", Role::binary},
        {"assignment", Role::binding}, {"keyword_argument", Role::binding}, {"pair", Role::binding},
        {"variable_declarator", Role::binding}, {"assignment_expression", Role::binding},
        {"field_definition", Role::binding}, {"public_field_definition", Role::binding},
        {"const_spec", Role::binding}, {"var_spec", Role::binding}, {"short_var_declaration", Role::binding},
        {"assignment_statement", Role::binding}, {"keyed_element", Role::binding},
        {"element_value_pair", Role::binding}, {"property_declaration", Role::binding},
        {"argument", Role::binding}, {"array_element_initializer", Role::binding},
        {"const_element", Role::binding}, {"property_element", Role::binding},
        {"variable_assignment", Role::binding}, {"const_item", Role::binding}, {"static_item", Role::binding},
        {"let_declaration", Role::binding}, {"field_initializer", Role::binding},
        {"enum_assignment", Role::binding}, {"default_parameter", Role::binding},
        {"typed_default_parameter", Role::binding}, {"required_parameter", Role::binding},
        {"optional_parameter", Role::binding}, {"assignment_pattern", Role::binding},
        {"list", Role::collection}, {"tuple", Role::collection}, {"array", Role::collection},
        {"dictionary", Role::collection}, {"object", Role::collection}, {"hash", Role::collection},
        {"literal_value", Role::collection}, {"array_initializer", Role::collection},
        {"initializer_expression", Role::collection}, {"collection_expression", Role::collection},
        {"array_creation_expression", Role::collection}, {"array_expression", Role::collection},
        {"tuple_expression", Role::collection}, {"field_initializer_list", Role::collection},
        {"set", Role::collection}, {"implicit_array_creation_expression", Role::collection},
        {"call", Role::call}, {"call_expression", Role::call}, {"new_expression", Role::call},
        {"method_invocation", Role::call}, {"object_creation_expression", Role::call},
        {"invocation_expression", Role::call}, {"function_call_expression", Role::call},
        {"member_call_expression", Role::call}, {"scoped_call_expression", Role::call},
        {"composite_literal", Role::call}, {"struct_expression", Role::call},
        {"class_definition", Role::class_like}, {"class_declaration", Role::class_like}, {"class", Role::class_like},
        {"module", Role::class_like}, {"interface_declaration", Role::class_like},
        {"enum_declaration", Role::class_like}, {"record_declaration", Role::class_like},
        {"struct_declaration", Role::class_like}, {"record_struct_declaration", Role::class_like},
        {"impl_item", Role::class_like}, {"trait_declaration", Role::class_like},
        {"function_definition", Role::function_like}, {"function_declaration", Role::function_like},
        {"method_definition", Role::function_like}, {"method_declaration", Role::function_like},
        {"method", Role::function_like}, {"singleton_method", Role::function_like},
        {"function_item", Role::function_like}, {"constructor_declaration", Role::function_like},
        {"arrow_function", Role::function_like}, {"function_expression", Role::function_like},
        {"lambda", Role::function_like}, {"func_literal", Role::function_like},
        {"anonymous_function", Role::function_like}, {"lambda_expression", Role::function_like},
        {"local_function_statement", Role::function_like}, {"generator_function_declaration", Role::function_like},
        {"parenthesized_expression", Role::pass_through}, {"conditional_expression", Role::pass_through},
        {"ternary_expression", Role::pass_through}, {"boolean_operator", Role::pass_through},
        {"expression_list", Role::pass_through}, {"literal_element", Role::pass_through},
        {"as_expression", Role::pass_through}, {"satisfies_expression", Role::pass_through},
        {"non_null_expression", Role::pass_through}, {"await_expression", Role::pass_through},
        {"equals_value_clause", Role::pass_through}, {"expression", Role::pass_through},
        {"parenthesized_statements", Role::pass_through}, {"conditional", Role::pass_through},
        {"command", Role::command},
        {"comment", Role::comment}, {"line_comment", Role::comment}, {"block_comment", Role::comment},
    };
    return table;
}

Role role_of(std::string_view type) {
    auto it = roles().find(type);
    return it == roles().end() ? Role::other : it->second;
}

// Children of a string literal that are part of its text; any other named child (interpolation,
// a PHP variable, a bash expansion) makes the string non-literal.
bool is_string_part(std::string_view type) {
    static constexpr std::array parts = {
        std::string_view("string_content"), std::string_view("string_fragment"),
        std::string_view("escape_sequence"), std::string_view("interpreted_string_literal_content"),
        std::string_view("raw_string_literal_content"), std::string_view("string_literal_content"),
        std::string_view("verbatim_string_literal_content"), std::string_view("string_start"),
        std::string_view("string_end"), std::string_view("raw_string_literal_start"),
        std::string_view("raw_string_literal_end"), std::string_view("string_literal_encoding"),
        std::string_view("text_block_content"), std::string_view("raw_string_content"),
        std::string_view("multiline_string_fragment"), std::string_view("raw_string_start"),
        std::string_view("raw_string_end"), std::string_view("interpolation_start")};
    return std::find(parts.begin(), parts.end(), type) != parts.end();
}
bool is_delimiter(const Node& node) {
    if (!node.named()) return true;
    std::string_view type = node.type();
    return type == "string_start" || type == "string_end" || type == "raw_string_literal_start" ||
           type == "raw_string_literal_end" || type == "raw_string_start" || type == "raw_string_end" ||
           type == "interpolation_start" || type == "string_literal_encoding";
}


struct Decoded {
    Span content;
    Span literal;
    std::string value;
    ValueStyle style = ValueStyle::double_quoted;
    bool is_literal = true;
};

struct Where {
    std::string path;
    std::string key;
    [[nodiscard]] bool empty() const { return path.empty(); }
};

struct Context {
    std::string cls;       // enclosing class path
    std::string function;  // enclosing function name
    bool in_function = false;
    [[nodiscard]] std::string scope() const { return join_key(cls, function); }
};

// A key as written on the left of a binding.
struct KeyName {
    std::string name;     // as a path: "config.db" for config.db = ...
    bool member = false;  // self.x / this.x / @x: belongs to the enclosing class
    std::string last;     // the last key ("db"); empty means same as name
};

std::string_view strip_sigils(std::string_view name) {
    while (!name.empty() && (name.front() == '$' || name.front() == '@' || name.front() == '#' || name.front() == ':'))
        name.remove_prefix(1);
    while (!name.empty() && name.back() == ':') name.remove_suffix(1);
    return name;
}

// Roles by grammar symbol, so the walk does not hash a type name per node.
const std::vector<Role>& symbol_roles(const TSLanguage* language) {
    thread_local std::vector<std::pair<const TSLanguage*, std::vector<Role>>> cache;
    for (const auto& [lang, roles] : cache)
        if (lang == language) return roles;
    std::vector<Role> table(ts_language_symbol_count(language), Role::other);
    for (TSSymbol symbol = 0; symbol < table.size(); ++symbol) table[symbol] = role_of(ts_language_symbol_name(language, symbol));
    cache.emplace_back(language, std::move(table));
    return cache.back().second;
}

class CodeWalker {
public:
    CodeWalker(CodeLanguage language, const TSLanguage* grammar, ValueSink& sink)
        : m_language(language), m_roles(symbol_roles(grammar)), m_sink(sink) {}

    void walk(Node node, const Where& where, const Context& ctx, int depth) {
        if (depth > kMaxDepth || node.null()) return;
        TSSymbol symbol = ts_node_symbol(node.raw());
        switch (symbol < m_roles.size() ? m_roles[symbol] : Role::other) {
        case Role::string:
            if (!where.empty()) emit_string(node, where, ctx);
            return;
        case Role::concatenation: emit_concatenation(node, where, ctx, depth); return;
        case Role::binary: walk_binary(node, where, ctx, depth); return;
        case Role::binding: walk_binding(node, where, ctx, depth); return;
        case Role::collection: walk_collection(node, where, ctx, depth); return;
        case Role::call: walk_call(node, where, ctx, depth); return;
        case Role::class_like: walk_class(node, ctx, depth); return;
        case Role::function_like: walk_function(node, ctx, depth); return;
        case Role::pass_through: walk_children(node, where, ctx, depth); return;
        case Role::command:
            add_command_line_values(m_sink, node.text(), node.span().begin, where.path, ctx.scope());
            walk_children(node, {}, ctx, depth);
            return;
        case Role::comment: return;
        case Role::other:
            if (m_language == CodeLanguage::bash && !where.empty() && is_bash_word(node.type())) {
                emit_shell_word(node, where, ctx);
                return;
            }
            walk_children(node, {}, ctx, depth);
            return;
        }
    }

private:
    static constexpr int kMaxDepth = 400;

    void walk_children(Node node, const Where& where, const Context& ctx, int depth) {
        node.each_named_child([&](Node child) { walk(child, where, ctx, depth + 1); });
    }

    // ---- strings ---------------------------------------------------------------------------

    static bool is_bash_word(std::string_view type) {
        return type == "word" || type == "concatenation" || type == "number";
    }

    std::optional<Decoded> decode(Node node) const {
        Decoded d;
        d.literal = node.span();
        bool delimited = false;
        if (node.child_count() >= 2) {
            // the content lies between the opening and closing delimiter tokens
            std::vector<Node> children;
            node.each_child([&](Node child, const char*) { children.push_back(child); });
            std::size_t first = 0;
            while (first < children.size() && is_delimiter(children[first])) ++first;
            std::size_t last = children.size();
            while (last > first && is_delimiter(children[last - 1])) --last;
            if (first > 0 && last < children.size()) {
                d.content = first == last ? Span{children[last].span().begin, children[last].span().begin}
                                          : Span{children[first - 1].span().end, children[last].span().begin};
                delimited = d.content.begin <= d.content.end;
            }
        }
        std::string_view text = node.text();
        if (!delimited) {
            std::size_t q = text.find_first_of("\"'`");
            if (q == std::string_view::npos) return std::nullopt;
            std::size_t open = 1;
            if (text.substr(q, 3) == "\"\"\"" || text.substr(q, 3) == "'''") open = 3;
            std::size_t hashes = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(q), '#');
            std::size_t close = open + hashes;
            if (text.size() < q + open + close) return std::nullopt;
            d.content = {d.literal.begin + q + open, d.literal.end - close};
        }
        node.each_named_child([&](Node child) {
            if (!is_string_part(child.type())) d.is_literal = false;
        });
        std::string_view prefix = text.substr(0, d.content.begin - d.literal.begin);
        std::string_view content = d.content.of(m_sink.text());
        d.style = style_of(prefix);
        if (d.style == ValueStyle::block && m_language == CodeLanguage::java) {
            strip_text_block(d);
            return d;
        }
        d.value = unescape(content, d.style, prefix);
        return d;
    }

    // Java text block: the opening line break is not content, and the common indentation goes.
    void strip_text_block(Decoded& d) const {
        std::string_view text = m_sink.text();
        std::size_t nl = text.find('\n', d.content.begin);
        if (nl != std::string_view::npos && nl < d.content.end) d.content.begin = nl + 1;
        std::string_view content = d.content.of(text);
        std::size_t indent = std::string_view::npos;
        for (std::size_t pos = 0; pos <= content.size();) {
            std::size_t end = std::min(content.find('\n', pos), content.size());
            std::string_view line = content.substr(pos, end - pos);
            std::size_t spaces = line.find_first_not_of(" \t");
            if (spaces != std::string_view::npos || end == content.size()) indent = std::min(indent, spaces == std::string_view::npos ? line.size() : spaces);
            pos = end + 1;
        }
        std::string value;
        for (std::size_t pos = 0; pos <= content.size();) {
            std::size_t end = std::min(content.find('\n', pos), content.size());
            std::string_view line = content.substr(pos, end - pos);
            if (!value.empty() || pos > 0) value += '\n';
            value.append(line.substr(std::min(indent, line.size())));
            pos = end + 1;
        }
        d.content.begin += std::min(indent, content.size());
        d.value = value.find('\\') == std::string::npos ? value : unescape_c(value);
    }

    ValueStyle style_of(std::string_view prefix) const {
        bool triple = prefix.ends_with("\"\"\"") || prefix.ends_with("'''");
        if (triple) return ValueStyle::block;
        bool raw = prefix.find_first_of("rR@") != std::string_view::npos ||
                   (prefix.ends_with("`") && m_language == CodeLanguage::go);
        if (raw) return ValueStyle::raw;
        if (prefix.ends_with("'")) return ValueStyle::single_quoted;
        return ValueStyle::double_quoted;
    }

    std::string unescape(std::string_view content, ValueStyle style, std::string_view prefix) const {
        bool raw_prefix = prefix.find_first_of("rR@") != std::string_view::npos ||
                          (prefix.ends_with("`") && m_language == CodeLanguage::go);
        if (raw_prefix) {
            if (prefix.find('@') != std::string_view::npos) return replace_all(content, "\"\"", "\"");
            return std::string(content);
        }
        bool single = style == ValueStyle::single_quoted;
        if (single && m_language == CodeLanguage::bash) return std::string(content);
        if (single && (m_language == CodeLanguage::ruby || m_language == CodeLanguage::php)) {
            return replace_all(replace_all(content, "\\\\", "\\"), "\\'", "'");
        }
        return content.find('\\') == std::string_view::npos ? std::string(content) : unescape_c(content);
    }

    static std::string replace_all(std::string_view in, std::string_view from, std::string_view to) {
        std::string out;
        out.reserve(in.size());
        for (std::size_t i = 0; i < in.size();) {
            if (in.substr(i, from.size()) == from) {
                out.append(to);
                i += from.size();
            } else {
                out += in[i++];
            }
        }
        return out;
    }

    void push(const Where& where, const Context& ctx, Span content, Span literal, std::string value,
              ValueStyle style, bool is_literal) {
        m_sink.add(keyed_value(where.path, where.key, content, literal, std::move(value), style, is_literal, ctx.scope()));
    }

    void emit_string(Node node, const Where& where, const Context& ctx) {
        if (m_language == CodeLanguage::bash) {
            emit_shell_word(node, where, ctx);
            return;
        }
        auto d = decode(node);
        if (!d) return;
        push(where, ctx, d->content, d->literal, std::move(d->value), d->style, d->is_literal);
    }

    void emit_shell_word(Node node, const Where& where, const Context& ctx) {
        auto words = shell_words(node.text());
        if (words.size() != 1 || words[0].value.empty()) return;
        const ShellWord& w = words[0];
        std::size_t base = node.span().begin;
        char first = node.text().front();
        ValueStyle style = first == '\'' ? ValueStyle::single_quoted
                           : first == '"' ? ValueStyle::double_quoted
                                          : ValueStyle::plain;
        push(where, ctx, {base + w.offsets.front(), base + w.offsets.back() + 1}, node.span(), w.value, style,
             !w.has_expansion);
    }

    // Flattens "a" + "b" + "c" (or adjacent literals) into string nodes; false if any part is not one.
    bool collect_strings(Node node, std::vector<Node>& parts, int depth) const {
        if (depth > kMaxDepth) return false;
        Role role = role_of(node.type());
        if (role == Role::string) {
            parts.push_back(node);
            return true;
        }
        if (role == Role::concatenation) {
            bool ok = true;
            node.each_named_child([&](Node child) { ok = ok && collect_strings(child, parts, depth + 1); });
            return ok;
        }
        if (role == Role::binary) {
            Node op = node.field("operator");
            std::string_view op_text = op ? op.text() : std::string_view{};
            if (op_text != "+" && op_text != ".") return false;
            return collect_strings(node.field("left"), parts, depth + 1) &&
                   collect_strings(node.field("right"), parts, depth + 1);
        }
        if (role == Role::pass_through && node.is("parenthesized_expression") && node.named_child_count() == 1)
            return collect_strings(node.named_child(0), parts, depth + 1);
        return false;
    }

    void emit_concatenation(Node node, const Where& where, const Context& ctx, int depth) {
        std::vector<Node> parts;
        if (!collect_strings(node, parts, depth) || parts.empty()) {
            walk_children(node, {}, ctx, depth);
            return;
        }
        if (where.empty()) return;
        std::string value;
        bool literal = true;
        Span content{};
        for (std::size_t i = 0; i < parts.size(); ++i) {
            auto d = decode(parts[i]);
            if (!d) return;
            value += d->value;
            literal = literal && d->is_literal;
            if (i == 0) content.begin = d->content.begin;
            content.end = d->content.end;
        }
        push(where, ctx, content, node.span(), std::move(value), ValueStyle::concatenated, literal);
    }

    void walk_binary(Node node, const Where& where, const Context& ctx, int depth) {
        Node op = node.field("operator");
        std::string_view op_text = op ? op.text() : std::string_view{};
        if (op_text == "+" || op_text == ".") {
            emit_concatenation(node, where, ctx, depth);
            return;
        }
        // a || "default", a ?? "default": the literal is a value of the same key
        bool fallback = op_text == "||" || op_text == "??" || op_text == "or" || op_text == "?:";
        walk_children(node, fallback ? where : Where{}, ctx, depth);
    }

    // ---- keys ------------------------------------------------------------------------------

    KeyName key_name(Node node, int depth = 0) const {
        if (node.null() || depth > 32) return {};
        std::string_view type = node.type();
        if (type == "identifier" || type == "property_identifier" || type == "field_identifier" ||
            type == "constant" || type == "type_identifier" || type == "shorthand_property_identifier" ||
            type == "name" || type == "private_property_identifier" || type == "word" ||
            type == "hash_key_symbol" || type == "simple_symbol" || type == "bare_key" ||
            type == "shorthand_property_identifier_pattern" || type == "package_identifier") {
            return {std::string(strip_sigils(node.text())), false};
        }
        if (type == "variable_name") {
            Node inner = node.named_child(0);
            return {std::string(strip_sigils(inner ? inner.text() : node.text())), false};
        }
        if (type == "instance_variable" || type == "class_variable") return {std::string(strip_sigils(node.text())), true};
        if (type == "this" || type == "self") return {"", true};
        if (role_of(type) == Role::string) {
            auto d = decode(node);
            return d ? KeyName{d->value, false} : KeyName{};
        }
        if (type == "literal_element" || type == "expression_list" || type == "pattern" ||
            type == "mut_pattern" || type == "parenthesized_expression") {
            Node inner = node.named_child(node.named_child_count() ? node.named_child_count() - 1 : 0);
            return key_name(inner, depth + 1);
        }
        auto member = [&](Node object, Node property) -> KeyName {
            KeyName prop = key_name(property, depth + 1);
            if (prop.name.empty()) return {};
            std::string_view object_text = object ? object.text() : std::string_view{};
            if (object_text == "self" || object_text == "this" || object_text == "$this" || object_text == "Self")
                return {prop.name, true};
            KeyName obj = key_name(object, depth + 1);
            if (obj.name.empty()) return {};
            if (obj.name == "module" && prop.name == "exports") return {"", false};
            return {join_key(obj.name, prop.name), obj.member, prop.last.empty() ? prop.name : prop.last};
        };
        if (type == "attribute") return member(node.field("object"), node.field("attribute"));
        if (type == "member_expression") return member(node.field("object"), node.field("property"));
        if (type == "field_access") return member(node.field("object"), node.field("field"));
        if (type == "selector_expression") return member(node.field("operand"), node.field("field"));
        if (type == "field_expression") return member(node.field("value"), node.field("field"));
        if (type == "member_access_expression") {
            Node object = node.field("expression");
            if (!object) object = node.field("object");
            return member(object, node.field("name"));
        }
        if (type == "call" && m_language == CodeLanguage::ruby && !node.field("arguments"))
            return member(node.field("receiver"), node.field("method"));
        if (type == "subscript" || type == "subscript_expression" || type == "index_expression" ||
            type == "element_reference" || type == "element_access_expression") {
            Node object = node.field("value");
            if (!object) object = node.field("object");
            if (!object) object = node.field("operand");
            if (!object) object = node.named_child(0);
            Node index = node.field("subscript");
            if (!index) index = node.field("index");
            if (!index && node.named_child_count() >= 2) index = node.named_child(1);
            if (index && (index.is("bracketed_argument_list") || index.is("argument"))) index = innermost(index);
            if (!index || role_of(index.type()) != Role::string) return {};
            return member(object, index);
        }
        if (type == "scoped_identifier" || type == "nested_identifier" || type == "qualified_name")
            return {std::string(node.text()), false};
        return {};
    }

    static Node innermost(Node node) {
        for (int i = 0; i < 4 && node && node.named_child_count() == 1; ++i) node = node.named_child(0);
        return node;
    }

    // ---- bindings --------------------------------------------------------------------------

    Where bind(const Where& outer, const Context& ctx, const KeyName& key) const {
        if (key.name.empty()) return {};
        std::string prefix = outer.path;
        if (prefix.empty() && (key.member || (!ctx.in_function && !ctx.cls.empty()))) prefix = ctx.cls;
        return {join_key(prefix, key.name), key.last.empty() ? key.name : key.last};
    }

    void walk_value(Node value, const Where& where, const Context& ctx, int depth) {
        if (value.null()) return;
        if (value.is("assignment") || value.is("assignment_expression")) {
            walk(value, {}, ctx, depth + 1);  // a = b = "x": the value belongs to b, not a.b
            return;
        }
        if (Node inner = string_call_argument(value)) {
            walk(inner, where, ctx, depth + 1);
            return;
        }
        walk(value, where, ctx, depth + 1);
    }

    // "x".to_string(), String::from("x"), "x".freeze: a literal behind a conversion call.
    static Node string_call_argument(Node node) {
        if (!node.is("call_expression") && !node.is("call")) return {};
        Node function = node.field("function");
        if (function && function.is("field_expression")) {
            Node value = function.field("value");
            std::string_view method = function.field("field").text();
            if (value && role_of(value.type()) == Role::string &&
                (method == "to_string" || method == "to_owned" || method == "into"))
                return value;
        }
        if (function && (function.text() == "String::from" || function.text() == "String::new")) {
            Node args = node.field("arguments");
            if (args && args.named_child_count() == 1 && role_of(args.named_child(0).type()) == Role::string)
                return args.named_child(0);
        }
        Node receiver = node.field("receiver");
        if (receiver && role_of(receiver.type()) == Role::string && node.field("method").text() == "freeze")
            return receiver;
        return {};
    }

    void walk_binding(Node node, const Where& where, const Context& ctx, int depth) {
        std::string_view type = node.type();
        Node key;
        Node value;
        if (type == "assignment" || type == "assignment_expression" || type == "short_var_declaration" ||
            type == "assignment_statement" || type == "assignment_pattern") {
            key = node.field("left");
            value = node.field("right");
            if (key && value && key.is("expression_list") && value.is("expression_list")) {
                bind_lists(key, value, where, ctx, depth);
                return;
            }
            if (key && value && (key.is("pattern_list") || key.is("tuple_pattern")) &&
                (value.is("expression_list") || value.is("tuple"))) {
                bind_lists(key, value, where, ctx, depth);
                return;
            }
        } else if (type == "const_spec" || type == "var_spec") {
            walk_go_spec(node, where, ctx, depth);
            return;
        } else if (type == "enum_assignment" || type == "default_parameter" || type == "typed_default_parameter") {
            key = node.field("name");
            value = node.field("value");
        } else if (type == "required_parameter" || type == "optional_parameter") {
            key = node.field("pattern");
            value = node.field("value");
        } else if (type == "keyword_argument" || type == "element_value_pair") {
            key = node.field(type == "keyword_argument" ? "name" : "key");
            value = node.field("value");
        } else if (type == "pair" || type == "keyed_element") {
            key = node.field("key");
            value = node.field("value");
            if (!key && node.named_child_count() >= 2) {
                key = node.named_child(0);
                value = node.named_child(node.named_child_count() - 1);
            }
        } else if (type == "variable_declarator" || type == "property_declaration" || type == "const_item" ||
                   type == "static_item" || type == "variable_assignment") {
            key = node.field("name");
            value = node.field("value");
            if (!value && key && node.named_child_count() >= 2) {
                Node last = node.named_child(node.named_child_count() - 1);
                if (!ts_node_eq(last.raw(), key.raw())) value = last;
            }
        } else if (type == "field_definition" || type == "public_field_definition") {
            key = node.field("property");
            if (!key) key = node.field("name");
            value = node.field("value");
        } else if (type == "let_declaration") {
            key = node.field("pattern");
            value = node.field("value");
        } else if (type == "field_initializer") {
            key = node.field("field");
            value = node.field("value");
        } else if (type == "property_element") {
            key = node.field("name");
            if (!key) key = node.named_child(0);
            value = node.field("default_value");
        } else if (type == "const_element") {
            if (node.named_child_count() >= 2) {
                key = node.named_child(0);
                value = node.named_child(node.named_child_count() - 1);
            }
        } else if (type == "argument" || type == "array_element_initializer") {
            walk_argument_like(node, where, ctx, depth);
            return;
        }
        if (!value) {
            walk_children(node, {}, ctx, depth);
            return;
        }
        Where inner = bind(where, ctx, key_name(key));
        walk_value(value, inner, ctx, depth);
    }

    // C# `argument` (optionally named) and PHP `array_element_initializer` (optionally keyed).
    void walk_argument_like(Node node, const Where& where, const Context& ctx, int depth) {
        Node name = node.field("name");
        bool keyed = node.is("array_element_initializer") && node.named_child_count() >= 2;
        if (keyed) name = node.named_child(0);
        if (!name) {
            Node only = node.named_child(node.named_child_count() ? node.named_child_count() - 1 : 0);
            walk_value(only, where, ctx, depth);
            return;
        }
        Node value = node.named_child(node.named_child_count() - 1);
        if (ts_node_eq(value.raw(), name.raw())) return;
        walk_value(value, bind(where, ctx, key_name(name)), ctx, depth);
    }

    void bind_lists(Node keys, Node values, const Where& where, const Context& ctx, int depth) {
        std::vector<Node> k;
        std::vector<Node> v;
        keys.each_named_child([&](Node c) { if (!c.is("comment")) k.push_back(c); });
        values.each_named_child([&](Node c) { if (!c.is("comment")) v.push_back(c); });
        for (std::size_t i = 0; i < v.size(); ++i) {
            Where inner = i < k.size() && k.size() == v.size() ? bind(where, ctx, key_name(k[i])) : Where{};
            walk_value(v[i], inner, ctx, depth);
        }
    }

    void walk_go_spec(Node node, const Where& where, const Context& ctx, int depth) {
        std::vector<Node> names;
        Node values;
        node.each_child([&](Node child, const char* field) {
            if (field && std::string_view(field) == "name") names.push_back(child);
            if (field && std::string_view(field) == "value") values = child;
        });
        if (!values) return;
        std::vector<Node> v;
        values.each_named_child([&](Node c) { v.push_back(c); });
        for (std::size_t i = 0; i < v.size(); ++i) {
            Where inner = i < names.size() ? bind(where, ctx, key_name(names[i])) : Where{};
            walk_value(v[i], inner, ctx, depth);
        }
    }

    // ---- collections and calls -------------------------------------------------------------

    void walk_collection(Node node, const Where& where, const Context& ctx, int depth) {
        std::size_t index = 0;
        node.each_named_child([&](Node child) {
            Role role = role_of(child.type());
            if (role == Role::comment) return;
            bool keyed = role == Role::binding &&
                         !(child.is("array_element_initializer") && child.named_child_count() < 2) &&
                         !(child.is("argument") && !child.field("name"));
            if (keyed || child.is("spread_element") || child.is("dictionary_splat")) {
                walk(child, where, ctx, depth + 1);
                return;
            }
            Where item = where.empty() ? Where{} : Where{join_index(where.path, index), join_index(where.key, index)};
            ++index;
            walk_value(child, item, ctx, depth);
        });
    }

    // The name of what is called, as a dotted path when it is a simple member chain.
    std::string callee_name(Node node) const {
        Node function = node.field("function");
        if (!function) function = node.field("constructor");
        if (!function) function = node.field("type");
        Node name = node.field("name");
        Node object = node.field("object");
        if (!object) object = node.field("receiver");
        if (!function && !name) name = node.field("method");
        std::string out;
        if (function) {
            KeyName k = key_name(function);
            out = k.name.empty() ? std::string(function.text()) : k.name;
        } else if (name) {
            KeyName o = key_name(object);
            out = join_key(o.name, key_name(name).name);
        }
        if (out.size() > 80 || out.find_first_of(" \n\t(<") != std::string::npos) return {};
        return out;
    }

    void walk_call(Node node, const Where& where, const Context& ctx, int depth) {
        if (Node inner = string_call_argument(node)) {
            walk(inner, where, ctx, depth + 1);
            return;
        }
        std::string callee = callee_name(node);
        std::string prefix = !where.empty() ? where.path : callee;
        Node args = node.field("arguments");
        if (!args) args = node.first_named_of({"argument_list", "arguments"});
        if (args && walk_setter_call(callee, args, where, ctx)) return;
        node.each_child([&](Node child, const char* field) {
            if (!child.named()) return;
            std::string_view f = field ? field : "";
            if (ts_node_eq(child.raw(), args.raw())) {
                walk_arguments(child, prefix, ctx, depth);
            } else if (f == "body" || f == "initializer" || child.is("literal_value") ||
                       child.is("field_initializer_list") || child.is("initializer_expression")) {
                walk(child, Where{prefix, last_component(prefix)}, ctx, depth + 1);
            } else {
                walk(child, {}, ctx, depth + 1);
            }
        });
    }

    static std::string last_component(std::string_view path) {
        auto dot = path.rfind('.');
        return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
    }

    void walk_arguments(Node args, const std::string& prefix, const Context& ctx, int depth) {
        Where object_where{prefix, last_component(prefix)};
        args.each_named_child([&](Node arg) {
            Node inner = arg.is("argument") && !arg.field("name") ? innermost(arg) : arg;
            Role role = role_of(inner.type());
            if (role == Role::binding) {
                walk(inner, object_where, ctx, depth + 1);
            } else if (role == Role::collection && !inner.is("list") && !inner.is("array")) {
                walk(inner, object_where, ctx, depth + 1);
            } else if (role != Role::string) {
                walk(inner, {}, ctx, depth + 1);
            }
        });
    }

    // define('KEY', 'value'), props.put("key", "value"), os.Setenv("KEY", "value").
    bool walk_setter_call(const std::string& callee, Node args, const Where& where, const Context& ctx) {
        std::string method = last_component(callee);
        static constexpr std::array setters = {std::string_view("define"), std::string_view("put"),
                                               std::string_view("set"), std::string_view("setProperty"),
                                               std::string_view("setenv"), std::string_view("Setenv"),
                                               std::string_view("putenv"), std::string_view("setdefault"),
                                               std::string_view("Set"), std::string_view("Add")};
        if (std::find(setters.begin(), setters.end(), method) == setters.end()) return false;
        std::vector<Node> list;
        args.each_named_child([&](Node c) {
            if (!c.is("comment")) list.push_back(c.is("argument") ? innermost(c) : c);
        });
        if (list.size() != 2 || role_of(list[0].type()) != Role::string || role_of(list[1].type()) != Role::string)
            return false;
        auto key = decode(list[0]);
        if (!key || !key->is_literal || key->value.empty()) return false;
        std::string object = callee.size() > method.size() ? callee.substr(0, callee.size() - method.size() - 1) : "";
        // environment and constant setters name a global: os.Setenv("TOKEN", ...) is TOKEN
        bool global = method == "define" || method == "setenv" || method == "Setenv" || method == "putenv";
        std::string base = !where.empty() ? where.path : (global ? std::string() : object);
        emit_string(list[1], Where{join_key(base, key->value), key->value}, ctx);
        return true;
    }

    // ---- scopes ----------------------------------------------------------------------------

    void walk_class(Node node, const Context& ctx, int depth) {
        Context inner = ctx;
        KeyName name = key_name(node.field("name"));
        if (name.name.empty()) name = key_name(node.field("type"));
        inner.cls = join_key(ctx.cls, name.name);
        inner.function.clear();
        inner.in_function = false;
        walk_children(node, {}, inner, depth);
    }

    void walk_function(Node node, const Context& ctx, int depth) {
        Context inner = ctx;
        inner.function = key_name(node.field("name")).name;
        inner.in_function = true;
        walk_children(node, {}, inner, depth);
    }

    CodeLanguage m_language;
    const std::vector<Role>& m_roles;
    ValueSink& m_sink;
};

}  // namespace

bool extract_code(CodeLanguage language, const TSLanguage* grammar, ValueSink& sink) {
    return parse_and_walk(grammar, sink, [&](Node root) {
        CodeWalker(language, grammar, sink).walk(root, {}, {}, 0);
    });
}

}  // namespace hush::syntax
