// dotenv files for `hush run --env-file`: KEY=VALUE lines whose values hold references.
#include <cctype>
#include <cstring>

#include "hush/resolver.hpp"

namespace hush {

namespace {

bool is_key_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_key_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The value's bytes in the line (without quotes and trailing comment), as a span of the line.
std::optional<Span> value_span(std::string_view line, std::size_t from) {
    while (from < line.size() && (line[from] == ' ' || line[from] == '\t')) ++from;
    if (from < line.size() && (line[from] == '"' || line[from] == '\'')) {
        auto close = line.find(line[from], from + 1);
        if (close == std::string_view::npos) return std::nullopt;
        return Span{from + 1, close};
    }
    std::size_t end = line.size();
    for (std::size_t i = from; i < line.size(); ++i) {
        if (line[i] == '#' && i > from && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            end = i;
            break;
        }
    }
    while (end > from && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
    return Span{from, end};
}

}  // namespace

std::expected<std::vector<MaskedSecret>, ReferenceError> resolve_env_file(std::string_view path, std::string_view text,
                                                                          const SecretLookup& lookup) {
    LineIndex lines(text);
    std::vector<MaskedSecret> out;
    auto failure = [&](std::size_t offset, std::string message) {
        for (auto& entry : out) explicit_bzero(entry.value.data(), entry.value.size());
        return std::unexpected(ReferenceError{std::string(path), lines.at(offset), {offset, offset}, std::move(message)});
    };
    for (std::uint32_t number = 1; number <= lines.line_count(); ++number) {
        std::string_view line = lines.line_text(number);
        std::size_t start = lines.line_start(number);
        std::size_t pos = line.find_first_not_of(" \t");
        if (pos == std::string_view::npos || line[pos] == '#' || line.substr(pos) == "\r") continue;
        if (line.substr(pos).starts_with("export ")) pos = line.find_first_not_of(" \t", pos + 7);
        std::size_t key_end = pos;
        if (key_end < line.size() && is_key_start(line[key_end])) {
            while (key_end < line.size() && is_key_byte(line[key_end])) ++key_end;
        }
        if (key_end == pos || key_end >= line.size() || line[key_end] != '=') {
            return failure(start + pos, "expected KEY=VALUE");
        }
        auto span = value_span(line, key_end + 1);
        if (!span) return failure(start + key_end + 1, "unclosed quote");
        auto rendered = render_template(path, span->of(line), lookup);
        if (!rendered) {
            // Locations from the value alone: shift them to the file.
            return failure(start + span->begin + rendered.error().span.begin, rendered.error().message);
        }
        out.push_back({std::string(line.substr(pos, key_end - pos)), std::move(*rendered)});
    }
    return out;
}

}  // namespace hush
