// Code extractors (tree-sitter): Python, JS/TS/TSX, Go, Java, Ruby, C#, PHP, Bash, Rust, JSON,
// TOML, HCL, properties.
#include "syntax_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const paths[] = {"a.py", "a.js", "a.ts", "a.tsx", "a.go", "A.java", "a.rb", "a.cs",
                                        "a.php", "a.sh", "a.rs", "a.json", "a.toml", "a.tf", "a.properties"};
    hush::fuzz::fuzz_extract(paths, data, size);
    return 0;
}
