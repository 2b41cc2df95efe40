// Expressions for `git filter-repo --replace-text`, so moved values can be purged from history.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <set>

#include "hush/rewriter.hpp"
#include "io.hpp"

namespace hush {

namespace {

// Python `re` syntax: escaping any ASCII punctuation is allowed; letters must not be escaped.
std::string regex_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (byte >= 0x80 || std::isalnum(byte) || c == '_')
            out += c;
        else {
            out += '\\';
            out += c;
        }
    }
    return out;
}

// filter-repo reads the file line by line: a value spanning lines must be a regex.
std::string expression(std::string_view spelling, const std::string& reference) {
    bool multiline = spelling.find_first_of("\r\n") != std::string_view::npos;
    return (multiline ? "regex:" + regex_escape(spelling) : "literal:" + std::string(spelling)) + "==>" + reference +
           "\n";
}

}  // namespace

std::string purge_expressions(const MigrationPlan& plan, const std::vector<FileChange>& changes) {
    std::map<std::string, const FileChange*> by_path;
    for (const auto& change : changes) by_path[change.path] = &change;
    std::vector<const PlannedSecret*> secrets;
    for (const auto& secret : plan.secrets) secrets.push_back(&secret);
    std::sort(secrets.begin(), secrets.end(), [](auto* a, auto* b) { return a->name < b->name; });

    std::string out;
    for (const PlannedSecret* secret : secrets) {
        // The value as stored and every way a file spelled it (escaped, indented): history holds spellings.
        std::set<std::string> spellings{secret->value};
        for (const auto& ref : secret->references) {
            auto change = by_path.find(ref.path);
            if (change != by_path.end() && ref.span.end <= change->second->original.size())
                spellings.insert(std::string(ref.span.of(change->second->original)));
        }
        for (const auto& spelling : spellings) {
            if (!spelling.empty()) out += expression(spelling, secret->reference());
        }
    }
    return out;
}

Result<void> write_purge_file(const MigrationPlan& plan, const std::vector<FileChange>& changes,
                              const std::filesystem::path& file) {
    std::string display = file.string();
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail(ErrorCode::io, "cannot write: " + rewriter_io::reason(errno), display);
    std::string text = purge_expressions(plan, changes);
    bool ok = ::fchmod(fd, 0600) == 0;
    std::string_view rest = text;
    while (ok && !rest.empty()) {
        ssize_t written = ::write(fd, rest.data(), rest.size());
        if (written < 0 && errno == EINTR) continue;
        ok = written >= 0;
        if (ok) rest.remove_prefix(static_cast<std::size_t>(written));
    }
    ok = ok && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!ok) return fail(ErrorCode::io, "cannot write: " + rewriter_io::reason(saved), display);
    return {};
}

}  // namespace hush
