#include "hush/core/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace hush {

std::size_t utf8_sequence_length(std::string_view text) {
    if (text.empty()) return 0;
    auto lead = static_cast<unsigned char>(text[0]);
    std::size_t length = 1;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 1;  // ASCII or an invalid lead byte
    if (text.size() < length) return 1;
    for (std::size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 1;
    }
    auto second = static_cast<unsigned char>(text[1]);
    // Overlong forms, surrogates and code points past U+10FFFF are invalid: one byte each.
    if (lead == 0xE0 && second < 0xA0) return 1;
    if (lead == 0xED && second > 0x9F) return 1;
    if (lead == 0xF0 && second < 0x90) return 1;
    if (lead == 0xF4 && second > 0x8F) return 1;
    return length;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = utf8_sequence_length(text.substr(i));
        if (length == 1) return false;
        i += length;
    }
    return true;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        i += static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8_sequence_length(text.substr(i));
    }
    return count;
}

bool looks_binary(std::string_view prefix) {
    return prefix.substr(0, 8192).find('\0') != std::string_view::npos;
}

double shannon_entropy(std::string_view text) {
    if (text.empty()) return 0;
    std::array<std::size_t, 256> counts{};
    for (char c : text) ++counts[static_cast<unsigned char>(c)];
    double entropy = 0;
    auto total = static_cast<double>(text.size());
    for (std::size_t count : counts) {
        if (count == 0) continue;
        double p = static_cast<double>(count) / total;
        entropy -= p * std::log2(p);
    }
    return entropy;
}

LineIndex::LineIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') m_starts.push_back(i + 1);
    }
}

LineCol LineIndex::at(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    auto line = static_cast<std::size_t>(it - m_starts.begin());  // 1-based
    std::size_t start = m_starts[line - 1];
    auto column = utf8_length(m_text.substr(start, offset - start)) + 1;
    return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
}

std::size_t LineIndex::line_start(std::uint32_t line) const {
    if (line == 0) return 0;
    if (line > m_starts.size()) return m_text.size();
    return m_starts[line - 1];
}

std::string_view LineIndex::line_text(std::uint32_t line) const {
    if (line == 0 || line > m_starts.size()) return {};
    std::size_t start = m_starts[line - 1];
    bool has_newline = line < m_starts.size();
    std::size_t end = has_newline ? m_starts[line] - 1 : m_text.size();
    if (has_newline && end > start && m_text[end - 1] == '\r') --end;
    return m_text.substr(start, end - start);
}

std::size_t LineIndex::offset_of(LineCol position) const {
    std::size_t offset = line_start(position.line);
    std::string_view rest = line_text(position.line);
    std::size_t within = 0;
    for (std::uint32_t column = 1; column < position.column && within < rest.size(); ++column) {
        within += std::max<std::size_t>(1, utf8_sequence_length(rest.substr(within)));
    }
    return offset + std::min(within, rest.size());
}

}  // namespace hush
