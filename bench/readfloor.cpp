// hush_readfloor: the machine's limit for a scanner. Walks the corpus like hush (same skips, same
// threads) and read(2)s every byte of every scanned file into one reused buffer per thread.
// Usage: hush_readfloor [--threads N] [--max-file-size BYTES] PATH...
#include <cstdio>

#include "src/corpus_walk.hpp"

int main(int argc, char** argv) {
    bench::WalkOptions options;
    std::vector<std::string> unknown;
    if (!bench::parse_walk_args(argc, argv, options, unknown) || !unknown.empty()) {
        std::fprintf(stderr, "usage: hush_readfloor [--threads N] [--max-file-size BYTES] PATH...\n");
        return 2;
    }
    auto totals = bench::walk(options, [](unsigned, const std::filesystem::path&, std::string_view) {});
    bench::print_totals("readfloor", totals);
    std::printf("\n");
    return 0;
}
