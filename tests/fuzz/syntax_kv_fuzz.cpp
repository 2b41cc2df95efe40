// Hand-written parsers: .env, INI/.cfg/.conf, Dockerfile ENV/ARG/RUN.
#include "syntax_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const paths[] = {".env", "a.ini", "a.cfg", "Dockerfile", "prod.env"};
    hush::fuzz::fuzz_extract(paths, data, size);
    return 0;
}
