// Reading the files a migration touches, and their hashes.
#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "hush/rewriter.hpp"
#include "io.hpp"

namespace hush {

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

SourceFile make_source(std::string path, std::string bytes) {
    std::string hash = sha256_hex(bytes);
    return SourceFile{std::move(path), std::move(bytes), std::move(hash)};
}

bool is_rewritable(const Finding& finding) {
    if (finding.path.empty() || finding.path == "-") return false;
    return !finding.git || finding.git->still_present;
}

Result<SourceFiles> read_sources(const std::vector<Finding>& findings, const std::filesystem::path& root) {
    SourceFiles sources;
    for (const auto& finding : findings) {
        if (!is_rewritable(finding) || sources.contains(finding.path)) continue;
        auto bytes = rewriter_io::read_file(root / finding.path, finding.path);
        if (!bytes) return std::unexpected(bytes.error());
        sources.emplace(finding.path, make_source(finding.path, std::move(*bytes)));
    }
    return sources;
}

}  // namespace hush
