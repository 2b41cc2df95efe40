#pragma once
// Glob matching for --exclude, scan.exclude, allow.paths and gitignore-syntax files (.hushignore,
// and .gitignore outside a git repository).
#include <string>
#include <string_view>
#include <vector>

namespace hush::scan {

// Matches `path` ('/'-separated) against `glob`: `*` and `?` stay within one component, `**`
// spans components, `[...]` is a character class (`[!...]` negated).
[[nodiscard]] bool glob_match(std::string_view glob, std::string_view path);

// A user glob: with a '/' it is matched against the whole relative path; without one, against
// every component (so "node_modules" and "*.min.js" work at any depth). A match on a directory
// excludes everything below it.
[[nodiscard]] bool path_glob_match(std::string_view glob, std::string_view relative_path);

// The rules of one gitignore-syntax file, relative to the directory that holds it.
class IgnoreFile {
public:
    // Parses gitignore syntax: '#' comments, '!' negation, trailing '/' = directories only,
    // a leading or inner '/' anchors the pattern to the file's directory.
    explicit IgnoreFile(std::string_view text);
    enum class Verdict { none, ignore, include };
    // `relative` is the path below the ignore file's directory.
    [[nodiscard]] Verdict check(std::string_view relative, bool is_directory) const;
    [[nodiscard]] bool empty() const { return m_patterns.empty(); }

private:
    struct Pattern {
        std::string glob;
        bool negated = false;
        bool directory_only = false;
        bool anchored = false;
    };
    std::vector<Pattern> m_patterns;
};

}  // namespace hush::scan
