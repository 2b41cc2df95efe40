#include "glob.hpp"

namespace hush::scan {
namespace {

// Matches one character class starting at glob[at] == '['; advances `at` past ']'.
bool class_match(std::string_view glob, std::size_t& at, char c, bool& valid) {
    std::size_t i = at + 1;
    bool negate = i < glob.size() && (glob[i] == '!' || glob[i] == '^');
    if (negate) ++i;
    bool matched = false;
    bool first = true;
    for (; i < glob.size() && (glob[i] != ']' || first); ++i, first = false) {
        if (i + 2 < glob.size() && glob[i + 1] == '-' && glob[i + 2] != ']') {
            matched |= c >= glob[i] && c <= glob[i + 2];
            i += 2;
        } else {
            matched |= c == glob[i];
        }
    }
    valid = i < glob.size();
    at = i + 1;
    return matched != negate;
}

bool match_from(std::string_view glob, std::size_t g, std::string_view path, std::size_t p) {
    while (g < glob.size()) {
        char token = glob[g];
        if (token == '*') {
            bool double_star = g + 1 < glob.size() && glob[g + 1] == '*';
            if (double_star) {
                std::size_t next = g + 2;
                // "**/" also matches zero directories.
                if (next < glob.size() && glob[next] == '/' && match_from(glob, next + 1, path, p)) return true;
                for (std::size_t i = p; i <= path.size(); ++i) {
                    if (match_from(glob, next, path, i)) return true;
                }
                return false;
            }
            for (std::size_t i = p; i <= path.size(); ++i) {
                if (match_from(glob, g + 1, path, i)) return true;
                if (i < path.size() && path[i] == '/') return false;
            }
            return false;
        }
        if (p >= path.size()) return false;
        if (token == '?') {
            if (path[p] == '/') return false;
            ++g;
            ++p;
            continue;
        }
        if (token == '[') {
            bool valid = false;
            std::size_t at = g;
            bool matched = class_match(glob, at, path[p], valid);
            if (valid) {
                if (!matched || path[p] == '/') return false;
                g = at;
                ++p;
                continue;
            }
        }
        if (token == '\\' && g + 1 < glob.size()) token = glob[++g];
        if (token != path[p]) return false;
        ++g;
        ++p;
    }
    return p == path.size();
}

}  // namespace

bool glob_match(std::string_view glob, std::string_view path) { return match_from(glob, 0, path, 0); }

bool path_glob_match(std::string_view glob, std::string_view relative_path) {
    while (glob.starts_with("./")) glob.remove_prefix(2);
    while (relative_path.starts_with("./")) relative_path.remove_prefix(2);
    if (!glob.empty() && glob.back() == '/') glob.remove_suffix(1);
    if (glob.find('/') != std::string_view::npos) {
        if (glob.front() == '/') glob.remove_prefix(1);
        // The path itself or one of its parent directories.
        for (std::size_t end = 0; end != std::string_view::npos;) {
            end = relative_path.find('/', end + 1);
            if (glob_match(glob, relative_path.substr(0, end))) return true;
        }
        return false;
    }
    std::size_t start = 0;
    while (start <= relative_path.size()) {
        auto end = relative_path.find('/', start);
        auto component = relative_path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (glob_match(glob, component)) return true;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return false;
}

IgnoreFile::IgnoreFile(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        while (!line.empty() && line.back() == ' ' && !(line.size() > 1 && line[line.size() - 2] == '\\')) line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        Pattern pattern;
        if (line.front() == '!') {
            pattern.negated = true;
            line.erase(0, 1);
        } else if (line.starts_with("\\#") || line.starts_with("\\!")) {
            line.erase(0, 1);
        }
        if (!line.empty() && line.back() == '/') {
            pattern.directory_only = true;
            line.pop_back();
        }
        if (line.empty()) continue;
        pattern.anchored = line.find('/') != std::string::npos;
        if (line.front() == '/') line.erase(0, 1);
        pattern.glob = std::move(line);
        m_patterns.push_back(std::move(pattern));
    }
}

IgnoreFile::Verdict IgnoreFile::check(std::string_view relative, bool is_directory) const {
    Verdict verdict = Verdict::none;
    auto slash = relative.rfind('/');
    auto name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
    for (const auto& pattern : m_patterns) {
        if (pattern.directory_only && !is_directory) continue;
        bool matched = pattern.anchored ? glob_match(pattern.glob, relative) : glob_match(pattern.glob, name);
        if (matched) verdict = pattern.negated ? Verdict::include : Verdict::ignore;
    }
    return verdict;
}

}  // namespace hush::scan
