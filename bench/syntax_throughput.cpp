// Extraction throughput of the syntax layer (plus the generic detector) on real files:
//   bench/syntax_throughput FILE... -> one line per file: bytes, values, detections, MB/s.
// Each file is extracted a few times and the best run counts (the machine is shared).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "hush/generic_rules.hpp"
#include "hush/scanner.hpp"
#include "syntax/generic.hpp"
#include "syntax/tree.hpp"

int main(int argc, char** argv) {
    auto rules = hush::builtin_generic_rules();
    if (!rules) {
        std::fprintf(stderr, "%s\n", rules.error().to_string().c_str());
        return 2;
    }
    auto detector = hush::syntax::GenericDetector::create(*rules);
    if (!detector) return 2;
    double total_bytes = 0, total_seconds = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        double best = 1e9;
        std::size_t values = 0, detections = 0;
        for (int run = 0; run < 3; ++run) {
            auto start = std::chrono::steady_clock::now();
            auto kv = hush::extract_keyed_values(argv[i], text);
            auto found = detector->detect(kv);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            best = std::min(best, seconds);
            values = kv.size();
            detections = found.size();
        }
        // tree-sitter alone, to tell parsing from walking (only for the grammars named here)
        const TSLanguage* language = nullptr;
        std::string name = argv[i];
        if (name.ends_with(".py")) language = tree_sitter_python();
        else if (name.ends_with(".js")) language = tree_sitter_javascript();
        else if (name.ends_with(".json")) language = tree_sitter_json();
        else if (name.ends_with(".yaml")) language = tree_sitter_yaml();
        else if (name.ends_with(".ts")) language = tree_sitter_typescript();
        double parse_best = 0;
        if (language) {
            parse_best = 1e9;
            for (int run = 0; run < 3; ++run) {
                auto start = std::chrono::steady_clock::now();
                auto tree = hush::syntax::parse(language, text);
                parse_best = std::min(parse_best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            }
        }
        total_bytes += static_cast<double>(text.size());
        total_seconds += best;
        std::printf("%10zu bytes %7zu values %3zu generic %8.1f MB/s (parse alone %5.1f MB/s)  %s\n", text.size(),
                    values, detections, static_cast<double>(text.size()) / best / 1e6,
                    parse_best > 0 ? static_cast<double>(text.size()) / parse_best / 1e6 : 0.0, argv[i]);
    }
    if (total_seconds > 0) std::printf("total %.1f MB in %.3f s: %.1f MB/s\n", total_bytes / 1e6, total_seconds, total_bytes / total_seconds / 1e6);
    return 0;
}
