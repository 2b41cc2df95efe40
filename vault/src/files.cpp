// Crash-safe file primitives: read, lock, synced write, atomic replace.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "internal.hpp"

namespace hush::vault::detail {

namespace {

std::unexpected<Error> os_error(std::string_view what, const std::filesystem::path& path) {
    return fail(ErrorCode::io, std::string(what) + ": " + std::strerror(errno), path.string());
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

}  // namespace

void* map_populated(std::size_t bytes) {
    void* data = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return data == MAP_FAILED ? nullptr : data;
}

void unmap(void* data, std::size_t bytes) { ::munmap(data, bytes); }

Result<std::shared_ptr<PageBuffer>> PageBuffer::allocate(std::size_t capacity) {
    if (capacity == 0) return std::shared_ptr<PageBuffer>(new PageBuffer(nullptr, 0));
    void* data = map_populated(capacity);
    if (data == nullptr) return fail(ErrorCode::io, std::string("cannot allocate memory: ") + std::strerror(errno));
    return std::shared_ptr<PageBuffer>(new PageBuffer(static_cast<char*>(data), capacity));
}

PageBuffer::~PageBuffer() {
    if (m_data != nullptr) unmap(m_data, m_capacity);
}

bool PageBuffer::append(std::string_view bytes) {
    if (bytes.size() > m_capacity - m_size) return false;
    if (!bytes.empty()) std::memcpy(m_data + m_size, bytes.data(), bytes.size());
    m_size += bytes.size();
    return true;
}

Result<std::shared_ptr<const PageBuffer>> read_private(const std::filesystem::path& path,
                                                       const std::function<void(std::string_view)>& on_piece) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return fail(ErrorCode::not_found, "no such file", path.string());
        return os_error("cannot read", path);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return os_error("cannot stat", path);
    auto size = static_cast<std::size_t>(info.st_size);
    auto buffer = PageBuffer::allocate(size);
    if (!buffer) return std::unexpected(buffer.error());
    PageBuffer& file = **buffer;
    // A file that grows while it is read is cut at its size when opened (a writer replaces the
    // vault by rename, so this only happens to a file someone edits in place).
    constexpr std::size_t piece = 1 << 18;
    while (file.m_size < size) {
        ssize_t n = ::read(fd.get(), file.m_data + file.m_size, std::min(piece, size - file.m_size));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return os_error("cannot read", path);
        if (n == 0) break;
        file.m_size += static_cast<std::size_t>(n);
        if (on_piece) on_piece(file.view());
    }
    return std::shared_ptr<const PageBuffer>(std::move(*buffer));
}

Result<std::string> read_whole_file(const std::filesystem::path& path) {
    auto file = read_private(path);
    if (!file) return std::unexpected(file.error());
    return std::string((*file)->view());
}

Result<int> lock_exclusive(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0) return os_error("cannot open the lock file", path);
    while (::flock(fd.get(), LOCK_EX) != 0) {
        if (errno != EINTR) return os_error("cannot lock", path);
    }
    return fd.release();
}

void unlock(int& fd) {
    if (fd >= 0) ::close(fd);  // closing the descriptor releases the flock
    fd = -1;
}

Result<void> write_synced(const std::filesystem::path& path, std::string_view data, unsigned mode) {
    return write_synced(path, [&](const PieceWriter& write) { write(data); }, mode);
}

Result<void> write_synced(const std::filesystem::path& path, const std::function<void(const PieceWriter&)>& produce,
                          unsigned mode) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (fd.get() < 0) return os_error("cannot create", path);
    ::fchmod(fd.get(), mode);  // not subject to the umask
    int failed_errno = 0;
    produce([&](std::string_view data) {
        std::size_t done = 0;
        while (failed_errno == 0 && done < data.size()) {
            ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) failed_errno = errno;
            else done += static_cast<std::size_t>(n);
        }
    });
    if (failed_errno != 0) {
        errno = failed_errno;
        return os_error("cannot write", path);
    }
    if (::fsync(fd.get()) != 0) return os_error("cannot fsync", path);
    if (::close(fd.release()) != 0) return os_error("cannot close", path);
    return {};
}

Result<void> fsync_directory(const std::filesystem::path& directory) {
    Fd fd(::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) return os_error("cannot fsync directory", directory);
    return {};
}

Result<void> replace_file(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) return os_error("cannot rename " + from.filename().string() + " to", to);
    return fsync_directory(to.parent_path());
}

}  // namespace hush::vault::detail
