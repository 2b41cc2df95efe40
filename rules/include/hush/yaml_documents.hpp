#pragma once
// Every document of a YAML stream, parsed with yaml-cpp without its LoadAll(): yaml-cpp 0.7's
// LoadAll never returns on some malformed streams (a document starting with ',' makes it loop
// forever: found by the edits fuzzer), and hush parses YAML files of untrusted repositories.
// YAML::Load parses one document and does not loop, so the stream is split at document markers
// ("---" at the start of a line) and each document is loaded on its own. Bytes before a document
// are blanked (newlines kept), so node marks (line, column, byte offset) stay those of the file.
// Throws YAML::Exception like yaml-cpp; empty documents are left out.
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace hush {

inline std::vector<YAML::Node> load_yaml_documents(std::string_view text) {
    auto is_marker = [&](std::size_t at) {
        if (text.compare(at, 3, "---") != 0) return false;
        return at + 3 == text.size() || text[at + 3] == ' ' || text[at + 3] == '\t' || text[at + 3] == '\r' ||
               text[at + 3] == '\n';
    };
    std::vector<std::size_t> starts{0};
    for (std::size_t line = 0; line < text.size();) {
        if (line > 0 && is_marker(line)) starts.push_back(line);
        auto newline = text.find('\n', line);
        if (newline == std::string_view::npos) break;
        line = newline + 1;
    }
    std::vector<YAML::Node> documents;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
        std::string document(text.substr(0, end));
        for (std::size_t j = 0; j < starts[i]; ++j) {
            if (document[j] != '\n') document[j] = ' ';
        }
        YAML::Node root = YAML::Load(document);
        if (!root.IsNull()) documents.push_back(root);
    }
    return documents;
}

}  // namespace hush
