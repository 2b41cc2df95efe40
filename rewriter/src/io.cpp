#include "io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

namespace hush::rewriter_io {

namespace fs = std::filesystem;

std::string reason(int error_number) {
    std::string text = std::strerror(error_number);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

namespace {

Error io_error(const std::string& display, const std::string& what, int error_number) {
    return Error{ErrorCode::io, what + ": " + reason(error_number), display, 0};
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

}  // namespace

Result<std::string> read_file(const fs::path& file, const std::string& display) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(Error{ErrorCode::input, "cannot read: " + reason(errno), display, 0});
    std::string out;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            return std::unexpected(Error{ErrorCode::input, "cannot read: " + reason(saved), display, 0});
        }
        if (got == 0) break;
        out.append(buffer.data(), static_cast<std::size_t>(got));
    }
    ::close(fd);
    return out;
}

TempFile::TempFile(TempFile&& other) noexcept
    : m_path(std::exchange(other.m_path, {})),
      m_target(std::move(other.m_target)),
      m_display(std::move(other.m_display)) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_path = std::exchange(other.m_path, {});
        m_target = std::move(other.m_target);
        m_display = std::move(other.m_display);
    }
    return *this;
}

TempFile::~TempFile() {
    discard();
}

void TempFile::discard() {
    if (!m_path.empty()) ::unlink(m_path.c_str());
    m_path.clear();
}

Result<TempFile> TempFile::write_beside(const fs::path& target, std::string_view bytes, const std::string& display,
                                        bool sync) {
    struct stat info {};
    if (::stat(target.c_str(), &info) != 0) return std::unexpected(io_error(display, "cannot stat", errno));
    std::string name = target.filename().string();
    // Long names would push the temp name past NAME_MAX.
    std::string pattern =
        (target.parent_path() / ("." + (name.size() > 200 ? std::string("hush") : name) + ".hush-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    int fd = ::mkstemp(buffer.data());
    if (fd < 0) return std::unexpected(io_error(display, "cannot create a temporary file beside it", errno));
    TempFile temp;
    temp.m_path = buffer.data();
    temp.m_target = target;
    temp.m_display = display;
    bool ok = ::fchmod(fd, info.st_mode & 07777) == 0;
    bool foreign_owner = info.st_uid != ::geteuid() || info.st_gid != ::getegid();
    if (ok && foreign_owner && ::fchown(fd, info.st_uid, info.st_gid) != 0) errno = 0;  // best effort
    ok = ok && write_all(fd, bytes) && (!sync || ::fsync(fd) == 0);
    int saved = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) return std::unexpected(io_error(display, "cannot write", saved));
    return temp;
}

Result<void> TempFile::commit() {
    if (::rename(m_path.c_str(), m_target.c_str()) != 0)
        return std::unexpected(io_error(m_display, "cannot replace the file", errno));
    m_path.clear();
    return {};
}

Result<void> replace_file(const fs::path& target, std::string_view bytes, const std::string& display) {
    auto temp = TempFile::write_beside(target, bytes, display);
    if (!temp) return std::unexpected(temp.error());
    return temp->commit();
}

Result<void> sync_filesystems(const std::vector<fs::path>& files, const std::vector<std::string>& displays) {
    std::set<dev_t> flushed;
    for (std::size_t i = 0; i < files.size(); ++i) {
        fs::path directory = files[i].parent_path();
        int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return std::unexpected(io_error(displays[i], "cannot open its directory", errno));
        struct stat info {};
        bool ok = ::fstat(fd, &info) == 0;
        if (ok && !flushed.contains(info.st_dev)) {
            ok = ::syncfs(fd) == 0;
            flushed.insert(info.st_dev);
        }
        int saved = errno;
        ::close(fd);
        if (!ok) return std::unexpected(io_error(displays[i], "cannot flush to disk", saved));
    }
    return {};
}

}  // namespace hush::rewriter_io
