#pragma once
// File primitives of the rewriter: reads and atomic writes that report errors as values naming
// the file and the reason (errno in words).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/finding.hpp"

namespace hush {

// False for findings that are not in a file we can rewrite (stdin, history-only).
[[nodiscard]] bool is_rewritable(const Finding& finding);

namespace rewriter_io {

// "permission denied", "no space left on device", ... for an errno value.
[[nodiscard]] std::string reason(int error_number);
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& file, const std::string& display);

// A temp file beside `target` holding `bytes`, with `target`'s mode; fsync'd unless `sync` is
// false (the caller then flushes many files at once with sync_filesystems). Removed by the
// destructor unless committed (renamed over the target).
class TempFile {
public:
    TempFile() = default;
    TempFile(TempFile&& other) noexcept;
    TempFile& operator=(TempFile&& other) noexcept;
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile();

    [[nodiscard]] static Result<TempFile> write_beside(const std::filesystem::path& target, std::string_view bytes,
                                                       const std::string& display, bool sync = true);
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // Renames the temp file over its target; afterwards the destructor leaves it alone.
    [[nodiscard]] Result<void> commit();
    void discard();

private:
    std::filesystem::path m_path;
    std::filesystem::path m_target;
    std::string m_display;
};

// Writes `bytes` to `target` atomically (temp beside it + rename).
[[nodiscard]] Result<void> replace_file(const std::filesystem::path& target, std::string_view bytes,
                                        const std::string& display);
// syncfs() once per filesystem holding one of `files`: one flush instead of an fsync per file
// (thousands of fsyncs cost seconds). Errors name the file whose filesystem failed to flush.
[[nodiscard]] Result<void> sync_filesystems(const std::vector<std::filesystem::path>& files,
                                            const std::vector<std::string>& displays);

}  // namespace rewriter_io
}  // namespace hush
