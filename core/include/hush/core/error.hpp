#pragma once
// Errors cross stage boundaries as values: Result<T> = std::expected<T, Error>.
#include <cstdint>
#include <expected>
#include <string>
#include <utility>

namespace hush {

enum class ErrorCode {
    usage,        // bad command line
    config,       // .hush.yaml or a rule file is wrong
    input,        // a file, path, stdin or repository cannot be read or parsed
    vault,        // vault missing, locked, corrupt, or wrong key
    integrity,    // a MAC or hash chain does not verify
    io,           // writing failed (disk full, permission denied)
    not_found,    // a named thing (secret, ref, rule) does not exist
    conflict,     // the operation would break something (secret in use, file changed since scan)
    internal,     // a bug in hush
};

// One failure, with enough context for a one-line message: "path:line: message".
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    std::string path;        // file the problem is in, if any
    std::uint32_t line = 0;  // 1-based line in `path`, 0 if unknown

    // "path:line: message", "path: message" or "message".
    [[nodiscard]] std::string to_string() const {
        std::string out;
        if (!path.empty()) {
            out += path;
            if (line > 0) out += ":" + std::to_string(line);
            out += ": ";
        }
        out += message;
        return out;
    }
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for `return fail(ErrorCode::config, "...", path, line);` in functions returning Result.
[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string path = {},
                                                 std::uint32_t line = 0) {
    return std::unexpected<Error>(Error{code, std::move(message), std::move(path), line});
}

}  // namespace hush
