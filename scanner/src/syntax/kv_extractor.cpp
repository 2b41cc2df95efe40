// Hand-written parsers for line-based formats without a grammar: .env, INI/.cfg/.conf and
// Dockerfile ENV/ARG (plus credentials on RUN command lines).
#include <cctype>
#include <string>

#include "extractors.hpp"

namespace hush::syntax {
namespace {

struct Line {
    std::size_t begin;  // offset of the first byte
    std::string_view text;  // without the line break
};

// Calls f(line) for each line; f returns how many further bytes it consumed (multi-line values).
template <class F>
void each_line(std::string_view text, F&& f) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t next = f(Line{pos, line});
        pos = std::max(next, end + 1);
    }
}

bool is_key_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

std::size_t skip_blanks(std::string_view text, std::size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    return i;
}

void add(ValueSink& sink, std::string path, std::string key, Span content, Span literal, std::string value,
         ValueStyle style, bool literal_ok) {
    sink.add(keyed_value(std::move(path), std::move(key), content, literal, std::move(value), style, literal_ok));
}

// ---- .env ---------------------------------------------------------------------------------------

// Parses the value starting at `at`; returns the offset just past it.
std::size_t env_value(ValueSink& sink, const std::string& key, std::size_t at) {
    std::string_view text = sink.text();
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
        char quote = text[at];
        std::size_t close = at + 1;
        while (close < text.size() && text[close] != quote) {
            if (quote == '"' && text[close] == '\\') ++close;
            ++close;
        }
        if (close >= text.size()) close = text.find('\n', at) == std::string_view::npos ? text.size() : text.find('\n', at);
        Span content{at + 1, std::max(at + 1, close)};
        std::string_view raw = content.of(text);
        bool expands = quote == '"' && raw.find('$') != std::string_view::npos;
        std::string value = quote == '"' && raw.find('\\') != std::string_view::npos ? unescape_c(raw) : std::string(raw);
        add(sink, key, key, content, {at, std::min(close + 1, text.size())}, std::move(value),
            quote == '"' ? ValueStyle::double_quoted : ValueStyle::single_quoted, !expands);
        return close + 1;
    }
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::size_t value_end = end;
    for (std::size_t i = at; i < end; ++i) {
        if (text[i] == '#' && i > at && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
            value_end = i;
            break;
        }
    }
    while (value_end > at && std::isspace(static_cast<unsigned char>(text[value_end - 1]))) --value_end;
    Span content{at, value_end};
    std::string_view raw = content.of(text);
    if (!raw.empty())
        add(sink, key, key, content, content, std::string(raw), ValueStyle::plain, raw.find('$') == std::string_view::npos);
    return end;
}

}  // namespace

void extract_env(ValueSink& sink) {
    each_line(sink.text(), [&](Line line) -> std::size_t {
        std::size_t i = skip_blanks(line.text, 0);
        if (line.text.substr(i).starts_with("export ")) i = skip_blanks(line.text, i + 7);
        std::size_t key_begin = i;
        while (i < line.text.size() && is_key_char(line.text[i])) ++i;
        if (i == key_begin || key_begin >= line.text.size() || line.text[key_begin] == '#') return 0;
        std::string key(line.text.substr(key_begin, i - key_begin));
        i = skip_blanks(line.text, i);
        if (i >= line.text.size() || line.text[i] != '=') return 0;
        i = skip_blanks(line.text, i + 1);
        return env_value(sink, key, line.begin + i);
    });
}

// ---- INI ----------------------------------------------------------------------------------------

void extract_ini(ValueSink& sink) {
    std::string section;
    each_line(sink.text(), [&](Line line) -> std::size_t {
        std::size_t i = skip_blanks(line.text, 0);
        if (i >= line.text.size() || line.text[i] == ';' || line.text[i] == '#') return 0;
        if (line.text[i] == '[') {
            std::size_t close = line.text.find(']', i);
            if (close != std::string_view::npos) {
                std::string_view name = line.text.substr(i + 1, close - i - 1);
                section = std::string(name);
                // [section "sub"] (git config style) becomes section.sub
                if (auto quote = section.find(" \""); quote != std::string::npos && section.back() == '"')
                    section = section.substr(0, quote) + "." + section.substr(quote + 2, section.size() - quote - 3);
            }
            return 0;
        }
        if (i > 0) return 0;  // indented: a continuation line
        std::size_t sep = line.text.find_first_of("=:", i);
        if (sep == std::string_view::npos || sep == i) return 0;
        std::string_view key = line.text.substr(i, sep - i);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
        std::size_t v = skip_blanks(line.text, sep + 1);
        std::size_t end = line.text.size();
        while (end > v && (line.text[end - 1] == ' ' || line.text[end - 1] == '\t')) --end;
        if (end <= v) return 0;
        ValueStyle style = ValueStyle::plain;
        if (end - v >= 2 && (line.text[v] == '"' || line.text[v] == '\'') && line.text[end - 1] == line.text[v]) {
            style = line.text[v] == '"' ? ValueStyle::double_quoted : ValueStyle::single_quoted;
            ++v;
            --end;
        }
        Span content{line.begin + v, line.begin + end};
        std::string name(key);
        add(sink, join_key(section, name), name, content, content, std::string(content.of(sink.text())), style, true);
        return 0;
    });
}

// ---- Dockerfile ---------------------------------------------------------------------------------

void extract_dockerfile(ValueSink& sink) {
    std::string_view text = sink.text();
    each_line(text, [&](Line line) -> std::size_t {
        // an instruction continues over lines ending in a backslash
        std::size_t end = line.begin + line.text.size();
        while (end < text.size()) {
            std::string_view so_far = text.substr(line.begin, end - line.begin);
            std::size_t last = so_far.find_last_not_of(" \t\r");
            if (last == std::string_view::npos || so_far[last] != '\\') break;
            std::size_t nl = text.find('\n', end + 1);
            end = nl == std::string_view::npos ? text.size() : nl;
        }
        std::string_view instruction = text.substr(line.begin, end - line.begin);
        std::size_t i = skip_blanks(instruction, 0);
        std::size_t word_end = i;
        while (word_end < instruction.size() && std::isalpha(static_cast<unsigned char>(instruction[word_end]))) ++word_end;
        std::string verb(instruction.substr(i, word_end - i));
        for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        std::size_t rest = line.begin + word_end;
        std::string_view args = text.substr(rest, end - rest);
        if (verb == "RUN") {
            add_command_line_values(sink, args, rest, "RUN", "");
        } else if (verb == "ENV" || verb == "ARG") {
            auto words = shell_words(args);
            bool legacy = verb == "ENV" && !words.empty() && words[0].value.find('=') == std::string::npos;
            if (legacy && words.size() >= 2 && !words[0].value.empty()) {
                // ENV KEY value with spaces
                std::size_t begin = rest + words[1].begin;
                std::size_t stop = rest + words.back().end;
                add(sink, words[0].value, words[0].value, {begin, stop}, {begin, stop},
                    std::string(text.substr(begin, stop - begin)), ValueStyle::plain,
                    text.substr(begin, stop - begin).find('$') == std::string_view::npos);
                return end;
            }
            for (const ShellWord& w : words) {
                auto eq = w.value.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 >= w.value.size()) continue;
                std::string key = w.value.substr(0, eq);
                char first = text[rest + w.offsets[eq + 1] - 1 < text.size() ? rest + w.offsets[eq + 1] - 1 : 0];
                ValueStyle style = first == '"' ? ValueStyle::double_quoted
                                   : first == '\'' ? ValueStyle::single_quoted
                                                   : ValueStyle::plain;
                add(sink, key, key, {rest + w.offsets[eq + 1], rest + w.offsets.back() + 1},
                    {rest + w.begin, rest + w.end}, w.value.substr(eq + 1), style, !w.has_expansion);
            }
        }
        return end;
    });
}

}  // namespace hush::syntax
