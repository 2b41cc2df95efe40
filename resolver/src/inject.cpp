// Template rendering for `hush inject` and the private atomic file writer.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "hush/resolver.hpp"

namespace hush {

namespace {

namespace fs = std::filesystem;

// Something in the template at `offset`: a reference, an escape or a malformed reference.
struct Event {
    std::size_t offset;
    enum class Kind { reference, escape, malformed } kind;
    std::size_t index;  // into the matching vector of ParsedReferences
};

std::vector<Event> events_of(const ParsedReferences& parsed) {
    std::vector<Event> events;
    for (std::size_t i = 0; i < parsed.references.size(); ++i) {
        events.push_back({parsed.references[i].span.begin, Event::Kind::reference, i});
    }
    for (std::size_t i = 0; i < parsed.escapes.size(); ++i) events.push_back({parsed.escapes[i], Event::Kind::escape, i});
    for (std::size_t i = 0; i < parsed.malformed.size(); ++i) {
        events.push_back({parsed.malformed[i].span.begin, Event::Kind::malformed, i});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.offset < b.offset; });
    return events;
}

void wipe(std::string& text) {
    explicit_bzero(text.data(), text.size());
    text.clear();
}

void wipe(std::vector<std::string>& values) {
    for (auto& value : values) wipe(value);
}

Error io_error(const fs::path& path, std::string_view what) {
    return Error{ErrorCode::io, std::string(what) + ": " + std::strerror(errno), path.string(), 0};
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

std::expected<std::string, ReferenceError> render_template(std::string_view path, std::string_view text,
                                                           const SecretLookup& lookup) {
    ParsedReferences parsed = parse_references(text);
    auto events = events_of(parsed);
    auto error_at = [&](Span span, std::string message) {
        LineIndex lines(text);
        return std::unexpected(ReferenceError{std::string(path), lines.at(span.begin), span, std::move(message)});
    };
    // Resolve every value first so the output is allocated once: no stray copies of values in
    // memory released by a growing string.
    std::vector<std::string> values;
    std::size_t size = text.size();
    for (const auto& event : events) {
        if (event.kind == Event::Kind::malformed) {
            wipe(values);
            const auto& bad = parsed.malformed[event.index];
            return error_at(bad.span, "malformed reference: " + bad.problem);
        }
        if (event.kind != Event::Kind::reference) continue;
        const auto& ref = parsed.references[event.index];
        auto value = lookup(ref.name);
        if (!value) {
            wipe(values);
            return error_at(ref.span, "$<secret." + ref.name + ">: " + value.error().message);
        }
        size += value->size();
        values.push_back(std::move(*value));
    }
    std::string out;
    out.reserve(size);
    std::size_t copied = 0, next_value = 0;
    for (const auto& event : events) {
        out.append(text.substr(copied, event.offset - copied));
        if (event.kind == Event::Kind::escape) {
            copied = event.offset + 1;  // drop the escaping '$'
        } else {
            out.append(values[next_value++]);
            copied = parsed.references[event.index].span.end;
        }
    }
    out.append(text.substr(copied));
    wipe(values);
    return out;
}

Result<void> write_private_file(const fs::path& target, std::string_view bytes) {
    struct stat info {};
    if (lstat(target.c_str(), &info) == 0) {
        if (S_ISLNK(info.st_mode)) return fail(ErrorCode::io, "refusing to write through a symlink", target.string());
        if (S_ISDIR(info.st_mode)) return fail(ErrorCode::io, "is a directory", target.string());
    }
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".hush-XXXXXX")).string();
    int fd = mkstemp(temp.data());  // created 0600
    if (fd < 0) return std::unexpected(io_error(dir, "cannot create a temporary file"));
    auto abandon = [&](std::string_view what) {
        Error error = io_error(target, what);
        ::close(fd);
        ::unlink(temp.c_str());
        return std::unexpected(error);
    };
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0) return abandon("cannot set mode 0600");
    if (!write_all(fd, bytes)) return abandon("cannot write");
    if (fsync(fd) != 0) return abandon("cannot sync");
    if (::close(fd) != 0) {
        Error error = io_error(target, "cannot close");
        ::unlink(temp.c_str());
        return std::unexpected(error);
    }
    if (std::rename(temp.c_str(), target.c_str()) != 0) {
        Error error = io_error(target, "cannot replace");
        ::unlink(temp.c_str());
        return std::unexpected(error);
    }
    // The rename is durable only once the directory entry is.
    if (int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        fsync(dir_fd);
        ::close(dir_fd);
    }
    return {};
}

}  // namespace hush
