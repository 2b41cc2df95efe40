// YAML extractor: block/flow collections, scalars of every style, k8s env and compose lists.
#include "syntax_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const paths[] = {"a.yaml", "docker-compose.yml"};
    hush::fuzz::fuzz_extract(paths, data, size);
    return 0;
}
