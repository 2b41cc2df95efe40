#include "walker.hpp"

#include <dirent.h>
#include <fnmatch.h>
#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

namespace hush::detail {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// One line of a .gitignore-style file, for trees outside a git repository.
struct IgnorePattern {
    std::string glob;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;  // matched against the whole relative path, not just the file name
};

std::vector<IgnorePattern> parse_ignore_file(const std::string& text) {
    std::vector<IgnorePattern> patterns;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        IgnorePattern pattern;
        if (line[0] == '!') {
            pattern.negate = true;
            line.erase(0, 1);
        }
        if (line.ends_with('/')) {
            pattern.dir_only = true;
            line.pop_back();
        }
        if (line.starts_with("**/")) line.erase(0, 3);
        pattern.anchored = line.find('/') != std::string::npos;
        if (line.starts_with('/')) line.erase(0, 1);
        if (line.empty()) continue;
        pattern.glob = line;
        patterns.push_back(std::move(pattern));
    }
    return patterns;
}

struct RepositoryDeleter {
    void operator()(git_repository* repo) const { git_repository_free(repo); }
};

class IgnoreMatcher {
public:
    // Rules for the tree at `root_dir`: the repository's ignore rules when it is inside one
    // (plus .hushignore), else the root's own .gitignore and .hushignore.
    explicit IgnoreMatcher(const fs::path& root_dir) : m_base(root_dir.string() + "/") {
        static std::once_flag init;
        std::call_once(init, [] { git_libgit2_init(); });
        git_repository* repo = nullptr;
        if (git_repository_open_ext(&repo, root_dir.c_str(), 0, nullptr) == 0 && !git_repository_is_bare(repo)) {
            m_repo.reset(repo);
            m_workdir = git_repository_workdir(repo);
            // .hushignore at the repository root and at the usage root: rules libgit2 applies
            // like core.excludesFile.
            for (const fs::path& dir : {fs::path(m_workdir), root_dir}) {
                if (std::string rules = read_text(dir / ".hushignore"); !rules.empty()) {
                    git_ignore_add_rule(repo, rules.c_str());
                }
            }
            return;
        }
        if (repo != nullptr) git_repository_free(repo);
        for (const char* name : {".gitignore", ".hushignore"}) {
            auto patterns = parse_ignore_file(read_text(root_dir / name));
            m_patterns.insert(m_patterns.end(), patterns.begin(), patterns.end());
        }
    }

    [[nodiscard]] bool is_ignored(const std::string& full, bool is_dir) const {
        if (m_repo) {
            if (!full.starts_with(m_workdir)) return false;
            std::string relative = full.substr(m_workdir.size()) + (is_dir ? "/" : "");
            int ignored = 0;
            return git_ignore_path_is_ignored(&ignored, m_repo.get(), relative.c_str()) == 0 && ignored == 1;
        }
        if (m_patterns.empty() || !full.starts_with(m_base)) return false;
        std::string relative = full.substr(m_base.size());
        std::string name = relative.substr(relative.rfind('/') + 1);
        bool ignored = false;
        for (const auto& pattern : m_patterns) {
            if (pattern.dir_only && !is_dir) continue;
            bool match = pattern.anchored ? fnmatch(pattern.glob.c_str(), relative.c_str(), FNM_PATHNAME) == 0
                                          : fnmatch(pattern.glob.c_str(), name.c_str(), 0) == 0;
            if (match) ignored = !pattern.negate;
        }
        return ignored;
    }

private:
    std::unique_ptr<git_repository, RepositoryDeleter> m_repo;
    std::string m_workdir;  // ends with '/'
    std::string m_base;     // ends with '/'
    std::vector<IgnorePattern> m_patterns;
};

bool always_skipped(std::string_view name) { return name == ".git" || name == "node_modules"; }

void walk_directory(const std::string& full_root, const std::string& display_root, const IgnoreMatcher* ignore,
                    std::vector<WalkedFile>& out) {
    std::vector<std::pair<std::string, std::string>> pending{{full_root, display_root}};
    while (!pending.empty()) {
        auto [full_dir, display_dir] = std::move(pending.back());
        pending.pop_back();
        DIR* dir = opendir(full_dir.c_str());
        if (dir == nullptr) continue;  // unreadable directories are skipped like unreadable files
        while (dirent* entry = readdir(dir)) {
            std::string_view name = entry->d_name;
            if (name == "." || name == ".." || always_skipped(name)) continue;
            std::string full = full_dir + "/" + std::string(name);
            std::string display = display_dir.empty() ? std::string(name) : display_dir + "/" + std::string(name);
            unsigned char type = entry->d_type;
            if (type == DT_UNKNOWN) {
                struct stat info {};
                if (lstat(full.c_str(), &info) != 0) continue;
                type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_LNK;
            }
            if (type != DT_DIR && type != DT_REG) continue;  // symlinks, devices, sockets
            if (ignore != nullptr && ignore->is_ignored(full, type == DT_DIR)) continue;
            if (type == DT_DIR) pending.emplace_back(std::move(full), std::move(display));
            else out.push_back({std::move(display), std::move(full)});
        }
        closedir(dir);
    }
}

std::string display_of(const fs::path& base, const fs::path& root) {
    fs::path relative = root.is_absolute() ? root.lexically_normal().lexically_relative(base) : root.lexically_normal();
    if (relative.empty()) relative = root;
    std::string display = relative.generic_string();
    while (display.ends_with('/')) display.pop_back();
    return display == "." ? std::string() : display;
}

}  // namespace

Result<std::vector<WalkedFile>> walk_roots(const fs::path& base, const std::vector<fs::path>& roots,
                                           bool ignore_files) {
    std::vector<WalkedFile> files;
    for (const auto& root : roots) {
        fs::path full = (root.is_absolute() ? root : base / root).lexically_normal();
        std::string full_string = full.string();
        while (full_string.size() > 1 && full_string.ends_with('/')) full_string.pop_back();
        std::string display = display_of(base, root);
        struct stat info {};
        if (stat(full_string.c_str(), &info) != 0) {
            return fail(ErrorCode::input, "no such file or directory", display.empty() ? full_string : display);
        }
        if (S_ISREG(info.st_mode)) {
            files.push_back({display, full_string});
            continue;
        }
        if (!S_ISDIR(info.st_mode)) return fail(ErrorCode::input, "not a file or directory", display);
        // libgit2 reports its work directory resolved; compare like with like.
        std::error_code ec;
        if (auto canonical = fs::canonical(full_string, ec); !ec) full_string = canonical.string();
        std::unique_ptr<IgnoreMatcher> ignore;
        if (ignore_files) ignore = std::make_unique<IgnoreMatcher>(fs::path(full_string));
        walk_directory(full_string, display, ignore.get(), files);
    }
    std::sort(files.begin(), files.end(), [](const WalkedFile& a, const WalkedFile& b) { return a.display < b.display; });
    files.erase(std::unique(files.begin(), files.end(),
                            [](const WalkedFile& a, const WalkedFile& b) { return a.display == b.display; }),
                files.end());
    return files;
}

}  // namespace hush::detail
