#pragma once
// The walk shared by the bench programs: the same files hush scans (regular files, no symlinks
// followed, skip files over the size limit and files with a NUL byte in their first 8 KiB), read
// whole into one reused buffer per thread with read(2), spread over N threads.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace bench {

inline constexpr std::uint64_t default_max_file_size = 10ull * 1024 * 1024;  // hush's --max-file-size
inline constexpr std::size_t binary_probe = 8192;

struct WalkOptions {
    std::vector<std::filesystem::path> roots;
    unsigned threads = 0;  // 0 = one per core
    std::uint64_t max_file_size = default_max_file_size;
};

struct WalkTotals {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
    std::uint64_t skipped_binary = 0;
    std::uint64_t skipped_too_large = 0;
    std::uint64_t unreadable = 0;
    double seconds = 0;
    unsigned threads = 0;
};

struct Candidate {
    std::filesystem::path path;
    std::uint64_t size;
};

inline std::vector<Candidate> list_candidates(const WalkOptions& options, WalkTotals& totals) {
    namespace fs = std::filesystem;
    std::vector<Candidate> out;
    auto consider = [&](const fs::directory_entry& entry) {
        std::error_code ec;
        if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) return;
        auto size = entry.file_size(ec);
        if (ec) { ++totals.unreadable; return; }
        if (size > options.max_file_size) { ++totals.skipped_too_large; return; }
        out.push_back({entry.path(), size});
    };
    for (const auto& root : options.roots) {
        std::error_code ec;
        if (fs::is_regular_file(root, ec)) { consider(fs::directory_entry(root)); continue; }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) consider(*it);
        if (ec) ++totals.unreadable;
    }
    return out;
}

// Reads the whole file into `buffer` (grown, never shrunk). False when unreadable.
inline bool read_whole(const std::filesystem::path& path, std::uint64_t size, std::string& buffer,
                       std::size_t& length) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    if (buffer.size() < size + 1) buffer.resize(size + 1);  // +1: a growing file is read to EOF check
    length = 0;
    for (;;) {
        if (length == buffer.size()) buffer.resize(buffer.size() * 2);
        ssize_t got = ::read(fd, buffer.data() + length, buffer.size() - length);
        if (got < 0) { if (errno == EINTR) continue; ::close(fd); return false; }
        if (got == 0) break;
        length += static_cast<std::size_t>(got);
    }
    ::close(fd);
    return true;
}

// Per-thread worker state; `visit` sees each scanned file's bytes.
using Visitor = std::function<void(unsigned thread, const std::filesystem::path&, std::string_view)>;

inline WalkTotals walk(const WalkOptions& options, const Visitor& visit) {
    WalkTotals totals;
    auto start = std::chrono::steady_clock::now();
    auto candidates = list_candidates(options, totals);
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    totals.threads = threads;
    std::atomic<std::size_t> next{0};
    std::vector<WalkTotals> per_thread(threads);
    auto work = [&](unsigned id) {
        std::string buffer;
        auto& mine = per_thread[id];
        for (std::size_t i = next++; i < candidates.size(); i = next++) {
            std::size_t length = 0;
            if (!read_whole(candidates[i].path, candidates[i].size, buffer, length)) { ++mine.unreadable; continue; }
            std::string_view bytes(buffer.data(), length);
            if (bytes.substr(0, binary_probe).find('\0') != std::string_view::npos) { ++mine.skipped_binary; continue; }
            ++mine.files;
            mine.bytes += length;
            visit(id, candidates[i].path, bytes);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (const auto& t : per_thread) {
        totals.files += t.files;
        totals.bytes += t.bytes;
        totals.skipped_binary += t.skipped_binary;
        totals.unreadable += t.unreadable;
    }
    totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return totals;
}

inline double mb_per_s(std::uint64_t bytes, double seconds) { return seconds > 0 ? bytes / 1e6 / seconds : 0; }

inline void print_totals(const char* tool, const WalkTotals& t) {
    std::printf("tool=%s files=%llu bytes=%llu skipped_binary=%llu skipped_too_large=%llu unreadable=%llu "
                "threads=%u seconds=%.3f mb_per_s=%.1f",
                tool, (unsigned long long)t.files, (unsigned long long)t.bytes, (unsigned long long)t.skipped_binary,
                (unsigned long long)t.skipped_too_large, (unsigned long long)t.unreadable, t.threads, t.seconds,
                mb_per_s(t.bytes, t.seconds));
}

// Parses "--threads N" and "--max-file-size N"; the rest are roots. False on a usage error.
inline bool parse_walk_args(int argc, char** argv, WalkOptions& options, std::vector<std::string>& rest) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (arg == "--threads") {
            const char* v = value();
            if (!v) return false;
            options.threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        } else if (arg == "--max-file-size") {
            const char* v = value();
            if (!v) return false;
            options.max_file_size = std::strtoull(v, nullptr, 10);
        } else if (arg.starts_with("--")) {
            rest.emplace_back(arg);
            if (const char* v = value()) rest.emplace_back(v);
        } else {
            options.roots.emplace_back(arg);
        }
    }
    return !options.roots.empty();
}

}  // namespace bench
