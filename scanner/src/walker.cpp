#include "walker.hpp"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "glob.hpp"

namespace hush::scan {
namespace {

namespace fs = std::filesystem;

struct GitLibrary {
    GitLibrary() { git_libgit2_init(); }
    ~GitLibrary() { git_libgit2_shutdown(); }
};

using Repository = std::unique_ptr<git_repository, decltype(&git_repository_free)>;

std::string display_of(const fs::path& path) {
    auto text = path.lexically_normal().generic_string();
    while (text.starts_with("./")) text.erase(0, 2);
    if (text.size() > 1 && text.back() == '/') text.pop_back();
    return text.empty() ? "." : text;
}

std::string read_small_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    return text.str();
}

// One ignore file in force for a directory and everything below it.
struct IgnoreScope {
    std::string prefix;  // the directory's display path + '/', "" for the walk root
    IgnoreFile rules;
};

class Walker {
public:
    explicit Walker(const WalkOptions& options) : m_options(options) {
        std::error_code ec;
        m_root = fs::absolute(options.root, ec).lexically_normal();
    }

    Result<WalkResult> run(const std::vector<fs::path>& paths) {
        for (const auto& path : paths) {
            std::error_code ec;
            auto status = fs::status(path, ec);
            if (ec || !fs::exists(status)) return fail(ErrorCode::input, "no such file or directory", path.string());
            auto display = display_of(path);
            if (fs::is_directory(status)) {
                auto prefix = display == "." ? std::string() : display + "/";
                open_repository(path, prefix);
                std::vector<IgnoreScope> scopes;
                walk_directory(path, prefix, scopes);
            } else {
                add_file(path, display, /*explicit_path=*/true);
            }
        }
        std::sort(m_result.files.begin(), m_result.files.end(),
                  [](const WalkFile& a, const WalkFile& b) { return a.display_path < b.display_path; });
        m_result.files.erase(std::unique(m_result.files.begin(), m_result.files.end(),
                                         [](const WalkFile& a, const WalkFile& b) { return a.display_path == b.display_path; }),
                             m_result.files.end());
        return std::move(m_result);
    }

private:
    // Opens the repository holding the walk root `directory`, if any, and computes the root's
    // path inside its working tree once, so that each entry's ignore check is string work only.
    void open_repository(const fs::path& directory, const std::string& walk_prefix) {
        m_repository.reset();
        m_walk_prefix = walk_prefix;
        m_git_prefix.clear();
        if (!m_options.ignore_files) return;
        git_repository* repository = nullptr;
        if (git_repository_open_ext(&repository, directory.c_str(), 0, nullptr) != 0) return;
        m_repository.reset(repository);
        const char* workdir = git_repository_workdir(repository);
        std::error_code ec;
        auto inside = workdir == nullptr ? fs::path()
                                         : fs::canonical(directory, ec).lexically_relative(fs::canonical(workdir, ec));
        if (workdir == nullptr || ec || inside.empty() || inside.generic_string().starts_with("..")) {
            m_repository.reset();
            return;
        }
        m_git_prefix = inside == "." ? "" : inside.generic_string() + "/";
    }

    bool git_ignored(const std::string& display, bool is_directory) {
        if (!m_repository) return false;
        auto relative = m_git_prefix + display.substr(m_walk_prefix.size());
        if (is_directory) relative += '/';
        int ignored = 0;
        return git_ignore_path_is_ignored(&ignored, m_repository.get(), relative.c_str()) == 0 && ignored == 1;
    }

    bool glob_excluded(const std::string& display, const fs::path& path) const {
        for (const auto& glob : m_options.exclude) {
            if (path_glob_match(glob, display)) return true;
        }
        if (m_options.root_exclude.empty()) return false;
        std::error_code ec;
        auto below_root = fs::absolute(path, ec).lexically_normal().lexically_relative(m_root).generic_string();
        return std::any_of(m_options.root_exclude.begin(), m_options.root_exclude.end(),
                           [&](const std::string& glob) { return path_glob_match(glob, below_root); });
    }

    bool excluded(const std::string& display, const fs::path& path, bool is_directory,
                  const std::vector<IgnoreScope>& scopes) {
        if (glob_excluded(display, path)) return true;
        if (!m_options.ignore_files) return false;
        auto verdict = IgnoreFile::Verdict::none;
        for (const auto& scope : scopes) {
            auto here = scope.rules.check(std::string_view(display).substr(scope.prefix.size()), is_directory);
            if (here != IgnoreFile::Verdict::none) verdict = here;
        }
        if (verdict != IgnoreFile::Verdict::none) return verdict == IgnoreFile::Verdict::ignore;
        return git_ignored(display, is_directory);
    }

    void note(const std::string& path, const std::string& message) {
        m_result.notes.push_back({path, message});
    }

    void push_ignore_files(const fs::path& directory, const std::string& prefix, std::vector<IgnoreScope>& scopes) {
        if (!m_options.ignore_files) return;
        std::error_code ec;
        // Inside a repository libgit2 applies .gitignore; elsewhere hush reads it like .hushignore.
        for (const char* name : {".gitignore", ".hushignore"}) {
            if (!m_repository || std::string_view(name) == ".hushignore") {
                auto file = directory / name;
                if (fs::is_regular_file(file, ec)) {
                    IgnoreFile rules(read_small_file(file));
                    if (!rules.empty()) scopes.push_back({prefix, std::move(rules)});
                }
            }
        }
    }

    void walk_directory(const fs::path& directory, const std::string& prefix, std::vector<IgnoreScope>& scopes) {
        struct stat info {};
        if (::stat(directory.c_str(), &info) == 0) {
            if (!m_visited.insert({info.st_dev, info.st_ino}).second) {
                note(prefix.empty() ? "." : prefix.substr(0, prefix.size() - 1),
                     "directory already visited (symlink loop or duplicate), not scanned again");
                return;
            }
        }
        auto depth = scopes.size();
        push_ignore_files(directory, prefix, scopes);
        std::error_code ec;
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
        if (ec) {
            ++m_result.stats.unreadable;
            note(prefix.empty() ? "." : prefix.substr(0, prefix.size() - 1), "cannot read directory: " + ec.message());
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
        for (const auto& entry : entries) visit(entry, prefix, scopes);
        scopes.erase(scopes.begin() + static_cast<std::ptrdiff_t>(depth), scopes.end());
    }

    void visit(const fs::directory_entry& entry, const std::string& prefix, std::vector<IgnoreScope>& scopes) {
        auto name = entry.path().filename().string();
        auto display = prefix + name;
        std::error_code ec;
        auto status = entry.status(ec);  // follows symlinks
        if (ec) {
            ++m_result.stats.unreadable;
            note(display, entry.is_symlink() ? "broken or looping symlink: " + ec.message() : "cannot stat: " + ec.message());
            return;
        }
        bool is_directory = fs::is_directory(status);
        if (is_directory && name == ".git") return;  // git's own store, never working-tree content
        if (excluded(display, entry.path(), is_directory, scopes)) {
            ++m_result.stats.skipped_ignored;
            return;
        }
        if (is_directory) {
            walk_directory(entry.path(), display + "/", scopes);
        } else if (fs::is_regular_file(status)) {
            add_file(entry.path(), display, false);
        }
    }

    void add_file(const fs::path& path, const std::string& display, bool explicit_path) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        if (ec) {
            ++m_result.stats.unreadable;
            note(display, "cannot stat: " + ec.message());
            return;
        }
        // A file named on the command line is scanned even if an ignore file lists it, but the
        // user's exclude globs and allow.paths still apply.
        if (explicit_path && glob_excluded(display, path)) {
            ++m_result.stats.skipped_ignored;
            return;
        }
        if (size > m_options.max_file_size) {
            ++m_result.stats.skipped_too_large;
            note(display, "skipped: " + std::to_string(size) + " bytes is over the " +
                              std::to_string(m_options.max_file_size) + "-byte limit (--max-file-size)");
            return;
        }
        m_result.files.push_back({display, path});
    }

    const WalkOptions& m_options;
    fs::path m_root;
    GitLibrary m_git;
    Repository m_repository{nullptr, git_repository_free};
    std::string m_walk_prefix;  // display prefix of the directory being walked
    std::string m_git_prefix;   // that directory's path inside the repository's working tree
    std::set<std::pair<dev_t, ino_t>> m_visited;
    WalkResult m_result;
};

}  // namespace

Result<WalkResult> walk(const std::vector<fs::path>& paths, const WalkOptions& options) {
    Walker walker(options);
    return walker.run(paths);
}

}  // namespace hush::scan
