// Format-aware edits: which bytes a reference replaces, and applying edits to a buffer.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "hush/rewriter.hpp"
#include "spelling.hpp"

namespace hush {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::size_t indentation(std::string_view line) {
    std::size_t n = line.find_first_not_of(' ');
    return n == std::string_view::npos ? line.size() : n;
}

struct Line {
    std::size_t begin;        // first byte
    std::size_t content_end;  // before "\r\n" / "\n"
    std::size_t next;         // first byte of the next line
};

Line line_at(std::string_view text, std::size_t offset) {
    std::size_t begin = offset == 0 ? 0 : text.rfind('\n', offset - 1);
    begin = (offset == 0 || begin == std::string_view::npos) ? 0 : begin + 1;
    std::size_t newline = text.find('\n', begin);
    std::size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    std::size_t content_end = newline == std::string_view::npos ? text.size() : newline;
    if (content_end > begin && text[content_end - 1] == '\r') --content_end;
    return {begin, content_end, next};
}

std::string_view content(std::string_view text, const Line& line) {
    return text.substr(line.begin, line.content_end - line.begin);
}

// `key: |`, `- >-`, `key: &anchor |2`: where the block indicator token sits on the header line.
std::optional<Span> block_indicator(std::string_view header) {
    std::size_t end = header.size();
    auto comment = header.find(" #");
    if (comment != std::string_view::npos) end = comment;
    while (end > 0 && (header[end - 1] == ' ' || header[end - 1] == '\t')) --end;
    std::size_t begin = end;
    while (begin > 0 && header[begin - 1] != ' ' && header[begin - 1] != '\t') --begin;
    std::string_view token = header.substr(begin, end - begin);
    if (token.empty() || token.size() > 3 || (token[0] != '|' && token[0] != '>')) return std::nullopt;
    if (token.substr(1).find_first_not_of("+-123456789") != std::string_view::npos) return std::nullopt;
    if (begin == 0) return std::nullopt;  // a document-level `--- |` is not a key's value
    return Span{begin, end};
}

// A YAML block scalar whose whole content is the secret becomes one plain reference on the key's
// line: [indicator, end of the block's last content line) -> reference + the rest of the header
// line (a trailing comment stays). Following keys keep their bytes and indentation.
std::optional<Edit> block_scalar_edit(std::string_view text, Span span, std::string_view secret,
                                      const std::string& reference) {
    Line first = line_at(text, span.begin);
    if (!is_blank(text.substr(first.begin, span.begin - first.begin)) || first.begin == 0) return std::nullopt;
    // Header: the nearest non-blank line above the secret's first line.
    Line header = line_at(text, first.begin - 1);
    while (is_blank(content(text, header))) {
        if (header.begin == 0) return std::nullopt;
        header = line_at(text, header.begin - 1);
    }
    std::string_view header_text = content(text, header);
    auto indicator = block_indicator(header_text);
    if (!indicator) return std::nullopt;
    std::size_t header_indent = indentation(header_text);

    std::size_t content_indent = std::string_view::npos;
    std::size_t block_start = header.next;
    std::size_t last_content_end = 0;
    std::size_t after_last_line = 0;
    for (std::size_t at = header.next; at < text.size();) {
        Line line = line_at(text, at);
        std::string_view body = content(text, line);
        if (!is_blank(body)) {
            std::size_t indent = indentation(body);
            if (content_indent == std::string_view::npos) content_indent = indent;
            if (indent < content_indent || indent <= header_indent) break;
            last_content_end = line.content_end;
            after_last_line = line.next;
        }
        at = line.next;
    }
    bool inside = content_indent != std::string_view::npos && span.begin >= block_start &&
                  span.begin < last_content_end && span.end <= after_last_line;
    if (!inside) return std::nullopt;
    if (!spells_secret(text.substr(block_start, last_content_end - block_start), secret)) return std::nullopt;
    std::size_t indicator_begin = header.begin + indicator->begin;
    std::size_t indicator_end = header.begin + indicator->end;
    std::string tail(text.substr(indicator_end, header.content_end - indicator_end));
    return Edit{"", Span{indicator_begin, last_content_end}, reference + tail};
}

// Shell words: is `offset` inside '...' or "..." on its line?
bool inside_shell_quotes(std::string_view text, std::size_t offset) {
    Line line = line_at(text, offset);
    char quote = 0;
    for (std::size_t i = line.begin; i < offset; ++i) {
        char c = text[i];
        if (quote == '\'') {
            if (c == '\'') quote = 0;
        } else if (c == '\\') {
            ++i;
        } else if (quote == '"') {
            if (c == '"') quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        }
    }
    return quote != 0;
}

// Unquoted, `$<` would start a redirection in a shell word, so the value gets double quotes:
// `KEY=pre<secret>post` -> `KEY="pre$<secret.NAME>post"` (the quotes go around the value, after
// the `=` of an assignment, which dotenv readers and Docker's ENV also strip). A word that already
// holds quotes or backslashes gets quotes around the reference alone.
Edit quoted_word_edit(std::string_view text, Span span, const std::string& reference, const std::string& path) {
    constexpr std::string_view word_breaks = " \t\r\n;|&()<>`";
    std::size_t begin = span.begin;
    while (begin > 0 && word_breaks.find(text[begin - 1]) == std::string_view::npos) --begin;
    std::size_t end = span.end;
    while (end < text.size() && word_breaks.find(text[end]) == std::string_view::npos) ++end;
    std::string_view before = text.substr(begin, span.begin - begin);
    if (auto eq = before.find('='); eq != std::string_view::npos) {
        begin += eq + 1;
        before.remove_prefix(eq + 1);
    }
    std::string_view after = text.substr(span.end, end - span.end);
    bool plain = before.find_first_of("\"'\\") == std::string_view::npos &&
                 after.find_first_of("\"'\\") == std::string_view::npos;
    if (!plain) return Edit{path, span, "\"" + reference + "\""};
    return Edit{path, Span{begin, end}, "\"" + std::string(before) + reference + std::string(after) + "\""};
}

Edit edit_for(FileFormat format, std::string_view text, Span span, std::string_view secret,
              const std::string& reference, const std::string& path) {
    if (format == FileFormat::yaml) {
        if (auto block = block_scalar_edit(text, span, secret, reference)) {
            block->path = path;
            return *block;
        }
    }
    bool shell_like = format == FileFormat::shell || format == FileFormat::dockerfile || format == FileFormat::dotenv;
    if (shell_like && !inside_shell_quotes(text, span.begin)) return quoted_word_edit(text, span, reference, path);
    return Edit{path, span, reference};
}

}  // namespace

FileFormat detect_format(std::string_view path) {
    auto slash = path.rfind('/');
    std::string name = lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") ||
        name == "containerfile")
        return FileFormat::dockerfile;
    if (name == ".env" || name.starts_with(".env.") || name.ends_with(".env")) return FileFormat::dotenv;
    auto dot = name.rfind('.');
    std::string extension = dot == std::string::npos ? "" : name.substr(dot + 1);
    static const std::map<std::string, FileFormat, std::less<>> by_extension = {
        {"yml", FileFormat::yaml},
        {"yaml", FileFormat::yaml},
        {"json", FileFormat::json},
        {"jsonc", FileFormat::json},
        {"properties", FileFormat::properties},
        {"ini", FileFormat::ini},
        {"cfg", FileFormat::ini},
        {"toml", FileFormat::toml},
        {"tf", FileFormat::hcl},
        {"tfvars", FileFormat::hcl},
        {"hcl", FileFormat::hcl},
        {"sh", FileFormat::shell},
        {"bash", FileFormat::shell},
        {"zsh", FileFormat::shell},
        {"ksh", FileFormat::shell},
        {"py", FileFormat::python},
        {"js", FileFormat::javascript},
        {"mjs", FileFormat::javascript},
        {"cjs", FileFormat::javascript},
        {"jsx", FileFormat::javascript},
        {"ts", FileFormat::typescript},
        {"mts", FileFormat::typescript},
        {"cts", FileFormat::typescript},
        {"tsx", FileFormat::tsx},
        {"go", FileFormat::go},
        {"java", FileFormat::java},
        {"rb", FileFormat::ruby},
        {"cs", FileFormat::csharp},
        {"php", FileFormat::php},
        {"rs", FileFormat::rust},
    };
    auto it = by_extension.find(extension);
    return it == by_extension.end() ? FileFormat::text : it->second;
}

std::string_view to_string(FileFormat format) {
    switch (format) {
        case FileFormat::text:
            return "text";
        case FileFormat::yaml:
            return "yaml";
        case FileFormat::json:
            return "json";
        case FileFormat::dotenv:
            return "dotenv";
        case FileFormat::properties:
            return "properties";
        case FileFormat::ini:
            return "ini";
        case FileFormat::toml:
            return "toml";
        case FileFormat::hcl:
            return "hcl";
        case FileFormat::dockerfile:
            return "dockerfile";
        case FileFormat::shell:
            return "shell";
        case FileFormat::python:
            return "python";
        case FileFormat::javascript:
            return "javascript";
        case FileFormat::typescript:
            return "typescript";
        case FileFormat::tsx:
            return "tsx";
        case FileFormat::go:
            return "go";
        case FileFormat::java:
            return "java";
        case FileFormat::ruby:
            return "ruby";
        case FileFormat::csharp:
            return "csharp";
        case FileFormat::php:
            return "php";
        case FileFormat::rust:
            return "rust";
    }
    return "text";
}

std::vector<Edit> normalize_edits(std::vector<Edit> edits) {
    // Earliest first; at one start the longest first, so a containing edit is kept over its parts.
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
        if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
        if (a.span.end != b.span.end) return a.span.end > b.span.end;
        return a.replacement < b.replacement;
    });
    std::vector<Edit> kept;
    for (auto& edit : edits) {
        if (edit.span.end < edit.span.begin) continue;
        if (!kept.empty()) {
            const Span& last = kept.back().span;
            bool clashes = edit.span.begin < last.end || (edit.span == last) ||
                           (edit.span.empty() && edit.span.begin == last.begin);
            if (clashes) continue;
        }
        kept.push_back(std::move(edit));
    }
    return kept;
}

Result<std::string> apply_edits(std::string_view text, const std::vector<Edit>& edits) {
    auto kept = normalize_edits(edits);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (const auto& edit : kept) {
        if (edit.span.end > text.size())
            return fail(ErrorCode::internal, "an edit lies past the end of the file", edit.path);
        out.append(text.substr(copied, edit.span.begin - copied));
        out.append(edit.replacement);
        copied = edit.span.end;
    }
    out.append(text.substr(copied));
    return out;
}

Result<std::vector<FileChange>> build_changes(const MigrationPlan& plan, const SourceFiles& sources) {
    std::map<std::string, FileChange> by_path;
    for (const auto& secret : plan.secrets) {
        std::string reference = secret.reference();
        for (const auto& ref : secret.references) {
            auto source = sources.find(ref.path);
            if (source == sources.end())
                return fail(ErrorCode::internal, "file was not read before planning", ref.path);
            auto& change = by_path[ref.path];
            if (change.path.empty()) {
                change.path = ref.path;
                change.format = detect_format(ref.path);
                change.original = source->second.bytes;
                change.original_sha256 = source->second.sha256;
            }
            if (ref.span.end > change.original.size())
                return fail(ErrorCode::conflict, "changed since the scan", ref.path, ref.start.line);
            change.edits.push_back(
                edit_for(change.format, change.original, ref.span, secret.value, reference, ref.path));
            change.secret_spans.push_back(ref.span);
            bool known = std::any_of(change.replacements.begin(), change.replacements.end(),
                                     [&](const Replacement& r) { return r.value == secret.value; });
            if (!known) change.replacements.push_back(Replacement{secret.value, reference});
        }
    }
    std::vector<FileChange> changes;
    for (auto& [path, change] : by_path) {
        change.edits = normalize_edits(std::move(change.edits));
        std::sort(change.secret_spans.begin(), change.secret_spans.end());
        auto updated = apply_edits(change.original, change.edits);
        if (!updated) return std::unexpected(updated.error());
        change.updated = std::move(*updated);
        if (change.updated != change.original) changes.push_back(std::move(change));
    }
    return changes;
}

}  // namespace hush
