#pragma once
// Declarations shared by the vault's own source files (never by other stages).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/vault.hpp"

namespace hush::vault::detail {

// ---- identities (identity.cpp) ----
[[nodiscard]] Result<SecretValue> identity_private_key(const Identity& identity);
[[nodiscard]] Result<std::string> public_key_bytes(std::string_view public_key);

// ---- files (files.cpp) ----
[[nodiscard]] Result<std::string> read_whole_file(const std::filesystem::path& path);

// Bytes in an anonymous private mapping of fixed capacity, populated in one call: faulting
// megabytes in page by page costs more than the work done on them (a 10,000-secret vault is 4 MB).
class PageBuffer {
public:
    [[nodiscard]] static Result<std::shared_ptr<PageBuffer>> allocate(std::size_t capacity);
    PageBuffer(const PageBuffer&) = delete;
    PageBuffer& operator=(const PageBuffer&) = delete;
    ~PageBuffer();
    // Appends all of `bytes`, or nothing and false when they do not fit.
    bool append(std::string_view bytes);
    [[nodiscard]] std::string_view view() const { return {m_data, m_size}; }
    [[nodiscard]] std::size_t size() const { return m_size; }

private:
    friend Result<std::shared_ptr<const PageBuffer>> read_private(const std::filesystem::path& path,
                                                                  const std::function<void(std::string_view)>& on_piece);
    PageBuffer(char* data, std::size_t capacity) : m_data(data), m_capacity(capacity) {}
    char* m_data = nullptr;
    std::size_t m_capacity = 0;
    std::size_t m_size = 0;
};

// mmap(MAP_POPULATE) of anonymous memory; nullptr on failure.
[[nodiscard]] void* map_populated(std::size_t bytes);
void unmap(void* data, std::size_t bytes);

// Allocates blocks of 64 KiB and more as populated anonymous mappings, smaller ones on the heap:
// for the 10,000 entries of a large vault, one call instead of a page fault per 4 KiB (about
// 30 us each on the development VM, more than parsing the page's secrets).
template <class T>
struct PopulatedAllocator {
    using value_type = T;
    static constexpr std::size_t mapped_from = std::size_t{1} << 16;

    PopulatedAllocator() = default;
    template <class U>
    PopulatedAllocator(const PopulatedAllocator<U>& /*other*/) {}  // NOLINT: allocators convert implicitly

    T* allocate(std::size_t count) {
        std::size_t bytes = count * sizeof(T);
        if (bytes < mapped_from) return static_cast<T*>(::operator new(bytes));
        void* data = map_populated(bytes);
        if (data == nullptr) throw std::bad_alloc();
        return static_cast<T*>(data);
    }
    void deallocate(T* data, std::size_t count) {
        std::size_t bytes = count * sizeof(T);
        if (bytes < mapped_from) ::operator delete(data);
        else unmap(data, bytes);
    }
    friend bool operator==(const PopulatedAllocator&, const PopulatedAllocator&) { return true; }
};
// A file's bytes in private memory. The vault's text is kept while it is open (its secrets are
// decoded on demand), so it must be a copy: a shared mapping would show another process's
// in-place writes after the MAC was checked.
// `on_piece`, when given, sees the bytes read so far after each piece (256 KiB) is read.
[[nodiscard]] Result<std::shared_ptr<const PageBuffer>> read_private(const std::filesystem::path& path,
                                                                     const std::function<void(std::string_view)>& on_piece = {});
// Opens (creating, 0600) and flock()s `path` exclusively; waits for other holders. Returns the fd.
[[nodiscard]] Result<int> lock_exclusive(const std::filesystem::path& path);
void unlock(int& fd);
// Creates `path` (must not exist) with `mode`, writes `data`, fsyncs, closes.
[[nodiscard]] Result<void> write_synced(const std::filesystem::path& path, std::string_view data, unsigned mode);
// The same, with the content produced piece by piece: `produce` calls `write` for each piece.
using PieceWriter = std::function<void(std::string_view)>;
[[nodiscard]] Result<void> write_synced(const std::filesystem::path& path, const std::function<void(const PieceWriter&)>& produce,
                                        unsigned mode);
[[nodiscard]] Result<void> fsync_directory(const std::filesystem::path& directory);
// rename() then fsync of the directory: after this returns, the new file survives a crash.
[[nodiscard]] Result<void> replace_file(const std::filesystem::path& from, const std::filesystem::path& to);

// ---- audit chain (audit.cpp) ----
struct ChainTail {
    std::uint64_t seq = 0;
    std::string mac;  // raw 32 bytes; zeros before the first entry
};

struct ParsedEntry {
    AuditRecord record;
    std::string mac_hex;
    std::uint32_t line = 0;
};

// The last complete entry of the log (seq 0 when empty or missing). A trailing incomplete line
// (a writer killed mid-append; never anchored in the vault) is cut off. Call under the lock.
[[nodiscard]] Result<ChainTail> read_chain_tail(const std::filesystem::path& audit_file);
// One JSON line (with '\n') for `record`, chained after `tail`; `tail` advances to it.
[[nodiscard]] Result<std::string> chain_entry(const SecretValue& key, ChainTail& tail, AuditRecord record);
// Appends lines with O_APPEND and fdatasync (creating the log 0600).
[[nodiscard]] Result<void> append_entries(const std::filesystem::path& audit_file, std::string_view lines);
[[nodiscard]] Result<std::vector<ParsedEntry>> parse_entries(std::string_view text, const std::string& path);
[[nodiscard]] AuditVerification verify_chain(std::string_view text, const std::string& path, const SecretValue& key,
                                             std::uint64_t anchor_count, std::string_view anchor_head_hex);

}  // namespace hush::vault::detail
