// extract_keyed_values(): picks the extractor from the file name.
#include <algorithm>
#include <cctype>
#include <string>

#include "extractors.hpp"
#include "regions.hpp"
#include "hush/scanner.hpp"

namespace hush {
namespace {

using syntax::CodeLanguage;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view file_name(std::string_view path) {
    auto slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view extension(std::string_view name) {
    auto dot = name.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string_view{} : name.substr(dot + 1);
}

struct CodeGrammar {
    std::string_view extension;
    CodeLanguage language;
    const TSLanguage* (*grammar)();
};

constexpr CodeGrammar kCodeGrammars[] = {
    {"py", CodeLanguage::python, tree_sitter_python},         {"pyw", CodeLanguage::python, tree_sitter_python},
    {"js", CodeLanguage::javascript, tree_sitter_javascript}, {"mjs", CodeLanguage::javascript, tree_sitter_javascript},
    {"cjs", CodeLanguage::javascript, tree_sitter_javascript}, {"jsx", CodeLanguage::javascript, tree_sitter_javascript},
    {"ts", CodeLanguage::javascript, tree_sitter_typescript}, {"mts", CodeLanguage::javascript, tree_sitter_typescript},
    {"cts", CodeLanguage::javascript, tree_sitter_typescript}, {"tsx", CodeLanguage::javascript, tree_sitter_tsx},
    {"go", CodeLanguage::go, tree_sitter_go},                 {"java", CodeLanguage::java, tree_sitter_java},
    {"rb", CodeLanguage::ruby, tree_sitter_ruby},             {"rake", CodeLanguage::ruby, tree_sitter_ruby},
    {"cs", CodeLanguage::csharp, tree_sitter_c_sharp},        {"php", CodeLanguage::php, tree_sitter_php},
    {"sh", CodeLanguage::bash, tree_sitter_bash},             {"bash", CodeLanguage::bash, tree_sitter_bash},
    {"zsh", CodeLanguage::bash, tree_sitter_bash},            {"rs", CodeLanguage::rust, tree_sitter_rust},
    {"json", CodeLanguage::json, tree_sitter_json},
};

bool is_env_file(std::string_view name) {
    return name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
}

bool is_dockerfile(std::string_view name) {
    return name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") ||
           name == "containerfile" || name.starts_with("containerfile.");
}

enum class Format { none, env, dockerfile, yaml, toml, hcl, properties, ini, code };

struct Choice {
    Format format = Format::none;
    const CodeGrammar* grammar = nullptr;
};

Choice choose(std::string_view path) {
    const std::string name = lower(file_name(path));
    std::string_view ext = extension(name);
    if (is_env_file(name)) return {Format::env};
    if (is_dockerfile(name)) return {Format::dockerfile};
    if (ext == "yaml" || ext == "yml") return {Format::yaml};
    if (ext == "toml") return {Format::toml};
    if (ext == "tf" || ext == "hcl" || ext == "tfvars") return {Format::hcl};
    if (ext == "properties") return {Format::properties};
    if (ext == "ini" || ext == "cfg" || ext == "conf" || ext == "cnf") return {Format::ini};
    if (name == ".bashrc" || name == ".zshrc" || name == ".profile" || name == ".bash_profile") ext = "sh";
    auto grammar = std::find_if(std::begin(kCodeGrammars), std::end(kCodeGrammars),
                                [&](const CodeGrammar& g) { return g.extension == ext; });
    if (grammar == std::end(kCodeGrammars)) return {};
    return {Format::code, grammar};
}

}  // namespace

bool has_syntax_support(std::string_view path) { return choose(path).format != Format::none; }

namespace {

SyntaxExtraction extract(std::string_view path, std::string_view text, const std::vector<Span>* lines_of_interest) {
    SyntaxExtraction result;
    Choice choice = choose(path);
    result.supported = choice.format != Format::none;
    syntax::ValueSink sink(text, result.values);
    // Regions for programming languages only: a config format's key path counts sequence items
    // ([3]) that a region would not see, and config files are small next to bundled code.
    if (lines_of_interest && choice.format == Format::code && choice.grammar->language != CodeLanguage::json) {
        auto tokens = choice.grammar->language == CodeLanguage::python ? syntax::MultiLineTokens::triple_quotes
                      : choice.grammar->language == CodeLanguage::bash || choice.grammar->language == CodeLanguage::ruby
                          ? syntax::MultiLineTokens::none
                          : syntax::MultiLineTokens::block_comments;
        auto ranges = syntax::enclosing_ranges(text, *lines_of_interest, tokens);
        if (ranges.empty()) return result;
        sink.restrict_to(std::move(ranges));
    }
    bool parsed = true;
    switch (choice.format) {
    case Format::none: break;
    case Format::env: syntax::extract_env(sink); break;
    case Format::dockerfile: syntax::extract_dockerfile(sink); break;
    case Format::ini: syntax::extract_ini(sink); break;
    case Format::yaml: parsed = syntax::extract_yaml(sink); break;
    case Format::toml: parsed = syntax::extract_toml(sink); break;
    case Format::hcl: parsed = syntax::extract_hcl(sink); break;
    case Format::properties: parsed = syntax::extract_properties(sink); break;
    case Format::code: parsed = syntax::extract_code(choice.grammar->language, choice.grammar->grammar(), sink); break;
    }
    result.parse_error = !parsed;
    return result;
}

}  // namespace

SyntaxExtraction extract_syntax(std::string_view path, std::string_view text) { return extract(path, text, nullptr); }

namespace syntax {
SyntaxExtraction extract_syntax_around(std::string_view path, std::string_view text, const std::vector<Span>& lines_of_interest) {
    return extract(path, text, &lines_of_interest);
}
}  // namespace syntax

const KeyedValue* enclosing_value(const std::vector<KeyedValue>& values, Span span) {
    const KeyedValue* best = nullptr;
    for (const auto& kv : values) {
        bool inside = kv.value_span.begin <= span.begin && span.end <= kv.value_span.end;
        if (inside && (!best || kv.value_span.size() < best->value_span.size())) best = &kv;
    }
    return best;
}

std::vector<KeyedValue> extract_keyed_values(std::string_view path, std::string_view text) {
    return extract_syntax(path, text).values;
}

}  // namespace hush
