// Key paths for JSON, Terraform/HCL and key=value files by light structural scans: references
// sit in string values, so tracking containers, keys and blocks is enough (no full parser).
#include <cctype>

#include "attribution.hpp"

namespace hush::detail {

namespace {

// Hands out attributions to ascending offsets as a scan passes them.
class OffsetCursor {
public:
    explicit OffsetCursor(std::span<const std::size_t> offsets) : m_offsets(offsets), m_out(offsets.size()) {}
    // Every offset before `end` gets `attribution`.
    template <class MakeAttribution>
    void assign_before(std::size_t end, MakeAttribution&& make) {
        while (m_next < m_offsets.size() && m_offsets[m_next] < end) m_out[m_next++] = make();
    }
    [[nodiscard]] bool done() const { return m_next == m_offsets.size(); }
    std::vector<Attribution> take() { return std::move(m_out); }

private:
    std::span<const std::size_t> m_offsets;
    std::vector<Attribution> m_out;
    std::size_t m_next = 0;
};

// Offset just past the string whose opening quote is at `open`.
std::size_t skip_string(std::string_view text, std::size_t open) {
    std::size_t i = open + 1;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text.size());
}

std::size_t end_of_line(std::string_view text, std::size_t from) {
    auto nl = text.find('\n', from);
    return nl == std::string_view::npos ? text.size() : nl;
}

bool is_identifier_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

std::string join(const std::vector<std::string>& parts, char separator) {
    std::string out;
    for (const auto& part : parts) {
        if (part.empty()) continue;
        if (!out.empty() && !part.starts_with('[')) out += separator;
        out += part;
    }
    return out;
}

// ---- JSON ----

struct JsonFrame {
    bool is_object;
    std::string key;
    std::size_t index = 0;
    bool expect_key = true;
};

std::string json_path(const std::vector<JsonFrame>& frames) {
    std::vector<std::string> parts;
    for (const auto& frame : frames) parts.push_back(frame.is_object ? frame.key : "[" + std::to_string(frame.index) + "]");
    return join(parts, '.');
}

// ---- Terraform ----

std::string terraform_address(const std::vector<std::string>& header) {
    if (header.empty()) return {};
    std::vector<std::string> labels(header.begin() + 1, header.end());
    if (header[0] == "resource") return join(labels, '.');
    if (header[0] == "variable") labels.insert(labels.begin(), "var");
    else labels.insert(labels.begin(), header[0]);
    return join(labels, '.');
}

class TerraformScan {
public:
    TerraformScan(std::string_view text, std::span<const std::size_t> offsets) : m_text(text), m_cursor(offsets) {}

    std::vector<Attribution> run() {
        std::size_t i = 0;
        while (i < m_text.size() && !m_cursor.done()) i = step(i);
        m_cursor.assign_before(m_text.size() + 1, [&] { return current(); });
        return m_cursor.take();
    }

private:
    std::size_t step(std::size_t i) {
        char c = m_text[i];
        if (c == '#' || m_text.substr(i).starts_with("//")) return end_of_line(m_text, i);
        if (m_text.substr(i).starts_with("/*")) {
            auto close = m_text.find("*/", i + 2);
            return close == std::string_view::npos ? m_text.size() : close + 2;
        }
        if (c == '"') {
            std::size_t end = skip_string(m_text, i);
            m_cursor.assign_before(end, [&] { return current(); });
            m_header.push_back(std::string(m_text.substr(i + 1, end - i - 2)));
            return end;
        }
        if (m_text.substr(i).starts_with("<<")) return skip_heredoc(i);
        if (c == '\n') {
            m_header.clear();
            return i + 1;
        }
        if (c == ' ' || c == '\t' || c == '\r') return i + 1;
        if (c == '{') return open_brace(i);
        if (c == '}') {
            close_brace();
            return i + 1;
        }
        if (c == '=' && (i + 1 >= m_text.size() || m_text[i + 1] != '=')) {
            if (m_header.size() == 1 && !m_header[0].empty()) m_attribute = m_header[0];
            m_header.clear();
            return i + 1;
        }
        if (is_identifier_byte(c)) {
            std::size_t end = i;
            while (end < m_text.size() && (is_identifier_byte(m_text[end]) || m_text[end] == '.')) ++end;
            m_header.emplace_back(m_text.substr(i, end - i));
            return end;
        }
        m_header.clear();  // an operator: whatever follows is an expression, not a block header
        m_header.emplace_back();
        return i + 1;
    }

    std::size_t skip_heredoc(std::size_t i) {
        std::size_t tag_begin = i + 2 + (i + 2 < m_text.size() && m_text[i + 2] == '-' ? 1 : 0);
        std::size_t tag_end = tag_begin;
        while (tag_end < m_text.size() && is_identifier_byte(m_text[tag_end])) ++tag_end;
        std::string_view tag = m_text.substr(tag_begin, tag_end - tag_begin);
        if (tag.empty()) return i + 2;
        std::size_t line = end_of_line(m_text, tag_end) + 1;
        while (line < m_text.size()) {
            std::size_t eol = end_of_line(m_text, line);
            std::string_view content = m_text.substr(line, eol - line);
            auto first = content.find_first_not_of(" \t");
            auto last = content.find_last_not_of(" \t\r");
            if (first != std::string_view::npos && content.substr(first, last - first + 1) == tag) {
                m_cursor.assign_before(eol, [&] { return current(); });
                return eol;
            }
            line = eol + 1;
        }
        m_cursor.assign_before(m_text.size(), [&] { return current(); });
        return m_text.size();
    }

    std::size_t open_brace(std::size_t i) {
        bool is_block = !m_header.empty() && !m_header[0].empty();
        if (is_block) {
            m_blocks.push_back({m_blocks.empty() ? terraform_address(m_header) : m_header[0], true});
        } else {
            m_blocks.push_back({m_attribute, false});  // an object value: its keys extend the attribute
        }
        m_attribute.clear();
        m_header.clear();
        return i + 1;
    }

    void close_brace() {
        if (m_blocks.empty()) return;
        m_attribute = m_blocks.back().is_block ? std::string() : m_blocks.back().name;
        m_blocks.pop_back();
        m_header.clear();
    }

    Attribution current() const {
        Attribution out;
        std::vector<std::string> path;
        bool top_is_block = !m_blocks.empty() && m_blocks[0].is_block;
        for (std::size_t b = top_is_block ? 1 : 0; b < m_blocks.size(); ++b) path.push_back(m_blocks[b].name);
        path.push_back(m_attribute);
        out.key_path = join(path, '.');
        if (top_is_block && !m_blocks[0].name.empty()) {
            out.consumer = std::string(consumer_terraform) + ": " + m_blocks[0].name;
        }
        return out;
    }

    std::string_view m_text;
    OffsetCursor m_cursor;
    std::vector<std::string> m_header;  // words and labels since the start of the statement
    struct Open {
        std::string name;  // top-level address, nested block type, or the attribute an object belongs to
        bool is_block;
    };
    std::vector<Open> m_blocks;
    std::string m_attribute;
};

}  // namespace

std::vector<Attribution> attribute_json(std::string_view text, std::span<const std::size_t> offsets) {
    OffsetCursor cursor(offsets);
    std::vector<JsonFrame> frames;
    for (std::size_t i = 0; i < text.size() && !cursor.done();) {
        char c = text[i];
        if (c == '"') {
            std::size_t end = skip_string(text, i);
            if (!frames.empty() && frames.back().is_object && frames.back().expect_key) {
                frames.back().key = std::string(text.substr(i + 1, end - i - 2));
            } else {
                cursor.assign_before(end, [&] { return Attribution{json_path(frames), {}}; });
            }
            i = end;
            continue;
        }
        if (c == '{' || c == '[') frames.push_back({c == '{', {}, 0, true});
        else if ((c == '}' || c == ']') && !frames.empty()) frames.pop_back();
        else if (c == ':' && !frames.empty()) frames.back().expect_key = false;
        else if (c == ',' && !frames.empty()) {
            frames.back().expect_key = true;
            ++frames.back().index;
        }
        ++i;
    }
    cursor.assign_before(text.size() + 1, [] { return Attribution{}; });
    return cursor.take();
}

std::vector<Attribution> attribute_terraform(std::string_view text, std::span<const std::size_t> offsets) {
    return TerraformScan(text, offsets).run();
}

std::vector<Attribution> attribute_key_value(std::string_view text, std::span<const std::size_t> offsets) {
    std::vector<Attribution> out;
    for (std::size_t offset : offsets) {
        auto newline = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        std::size_t start = (newline == std::string_view::npos || offset == 0) ? 0 : newline + 1;
        std::string_view line = text.substr(start, offset - start);
        auto first = line.find_first_not_of(" \t");
        line = first == std::string_view::npos ? std::string_view{} : line.substr(first);
        if (line.starts_with("export ")) line.remove_prefix(7);
        auto separator = line.find_first_of("=:");
        std::string_view key = separator == std::string_view::npos ? std::string_view{} : line.substr(0, separator);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
        bool plain = !key.empty() && key.find_first_of(" \t\"'#") == std::string_view::npos;
        out.push_back({plain ? std::string(key) : std::string(), {}});
    }
    return out;
}

}  // namespace hush::detail
