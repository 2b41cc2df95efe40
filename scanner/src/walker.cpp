#include "walker.hpp"

#include <git2.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>
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

// One directory entry, with the type the directory listing reports (DT_REG, DT_DIR, DT_LNK, ...).
struct Listed {
    std::string name;
    unsigned char type;
};

// The entries of `directory` sorted by name, without "." and "..". Returns 0 or an errno value.
int list_directory(const std::string& directory, std::vector<Listed>& out) {
    DIR* handle = ::opendir(directory.c_str());
    if (handle == nullptr) return errno;
    errno = 0;
    while (const dirent* entry = ::readdir(handle)) {
        std::string_view name = entry->d_name;
        if (name != "." && name != "..") out.push_back({std::string(name), entry->d_type});
    }
    int error = errno;
    ::closedir(handle);
    std::sort(out.begin(), out.end(), [](const Listed& a, const Listed& b) { return a.name < b.name; });
    return error;
}

// One ignore file in force for a directory and everything below it.
struct IgnoreScope {
    std::string prefix;  // the directory's display path + '/', "" for the walk root
    IgnoreFile rules;
};

class Walker {
public:
    Walker(const WalkOptions& options, const std::function<void(WalkFile)>& found) : m_options(options), m_found(found) {
        std::error_code ec;
        m_root = fs::absolute(options.root, ec).lexically_normal();
    }

    Result<WalkResult> run(const std::vector<fs::path>& paths) {
        m_may_repeat = paths.size() > 1;
        for (const auto& path : paths) {
            std::error_code ec;
            auto status = fs::status(path, ec);
            if (ec || !fs::exists(status)) return fail(ErrorCode::input, "no such file or directory", path.string());
            auto display = display_of(path);
            if (fs::is_directory(status)) {
                auto prefix = display == "." ? std::string() : display + "/";
                open_repository(path, prefix);
                std::vector<IgnoreScope> scopes;
                walk_directory(path.string(), prefix, scopes);
            } else {
                add_explicit_file(path, display);
            }
        }
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

    bool glob_excluded(const std::string& display, const std::string& path) const {
        for (const auto& glob : m_options.exclude) {
            if (path_glob_match(glob, display)) return true;
        }
        if (m_options.root_exclude.empty()) return false;
        std::error_code ec;
        auto below_root = fs::absolute(path, ec).lexically_normal().lexically_relative(m_root).generic_string();
        return std::any_of(m_options.root_exclude.begin(), m_options.root_exclude.end(),
                           [&](const std::string& glob) { return path_glob_match(glob, below_root); });
    }

    bool excluded(const std::string& display, const std::string& path, bool is_directory,
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

    // Inside a repository libgit2 applies .gitignore; elsewhere hush reads it like .hushignore.
    void push_ignore_files(const std::string& directory, const std::vector<Listed>& listing, const std::string& prefix,
                           std::vector<IgnoreScope>& scopes) {
        if (!m_options.ignore_files) return;
        for (const char* name : {".gitignore", ".hushignore"}) {
            if (m_repository && std::string_view(name) == ".gitignore") continue;
            bool present = std::any_of(listing.begin(), listing.end(), [&](const Listed& entry) { return entry.name == name; });
            if (!present) continue;
            IgnoreFile rules(read_small_file(directory + "/" + name));
            if (!rules.empty()) scopes.push_back({prefix, std::move(rules)});
        }
    }

    void walk_directory(const std::string& directory, const std::string& prefix, std::vector<IgnoreScope>& scopes) {
        auto shown = prefix.empty() ? std::string(".") : prefix.substr(0, prefix.size() - 1);
        struct stat info {};
        if (::stat(directory.c_str(), &info) == 0 && !m_visited.insert({info.st_dev, info.st_ino}).second) {
            note(shown, "directory already visited (symlink loop or duplicate), not scanned again");
            return;
        }
        std::vector<Listed> listing;
        if (int error = list_directory(directory, listing); error != 0) {
            ++m_result.stats.unreadable;
            note(shown, std::string("cannot read directory: ") + std::strerror(error));
            return;
        }
        auto depth = scopes.size();
        push_ignore_files(directory, listing, prefix, scopes);
        for (const auto& entry : listing) visit(directory, entry, prefix, scopes);
        scopes.erase(scopes.begin() + static_cast<std::ptrdiff_t>(depth), scopes.end());
    }

    void visit(const std::string& directory, const Listed& entry, const std::string& prefix, std::vector<IgnoreScope>& scopes) {
        auto display = prefix + entry.name;
        auto path = directory.ends_with('/') ? directory + entry.name : directory + "/" + entry.name;
        // The listing's own file type costs no system call; only symlinks (and the rare file
        // system that does not report types) need a stat.
        auto type = entry.type;
        if (type == DT_LNK || type == DT_UNKNOWN) {
            struct stat info {};
            if (::stat(path.c_str(), &info) != 0) {
                ++m_result.stats.unreadable;
                note(display, std::string(type == DT_LNK ? "broken or looping symlink: " : "cannot stat: ") + std::strerror(errno));
                return;
            }
            type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        bool is_directory = type == DT_DIR;
        if (is_directory && entry.name == ".git") return;  // git's own store, never working-tree content
        if (excluded(display, path, is_directory, scopes)) {
            ++m_result.stats.skipped_ignored;
            return;
        }
        if (is_directory) {
            walk_directory(path, display + "/", scopes);
        } else if (type == DT_REG) {
            add_file({std::move(display), std::move(path)});
        }
    }

    // A file named on the command line is scanned even if an ignore file lists it, but the
    // user's exclude globs and allow.paths still apply.
    void add_explicit_file(const fs::path& path, const std::string& display) {
        if (glob_excluded(display, path.string())) {
            ++m_result.stats.skipped_ignored;
            return;
        }
        add_file({display, path.string()});
    }

    void add_file(WalkFile file) {
        // Only overlapping paths on the command line can reach a file twice (a directory reached
        // again through a symlink is not walked again).
        if (m_may_repeat && !m_emitted.insert(file.display_path).second) return;
        m_found(std::move(file));
    }

    const WalkOptions& m_options;
    const std::function<void(WalkFile)>& m_found;
    bool m_may_repeat = false;
    std::unordered_set<std::string> m_emitted;  // display paths, when m_may_repeat
    fs::path m_root;
    GitLibrary m_git;
    Repository m_repository{nullptr, git_repository_free};
    std::string m_walk_prefix;  // display prefix of the directory being walked
    std::string m_git_prefix;   // that directory's path inside the repository's working tree
    std::set<std::pair<dev_t, ino_t>> m_visited;
    WalkResult m_result;
};

}  // namespace

Result<WalkResult> walk(const std::vector<fs::path>& paths, const WalkOptions& options,
                        const std::function<void(WalkFile)>& found) {
    Walker walker(options, found);
    return walker.run(paths);
}

}  // namespace hush::scan
