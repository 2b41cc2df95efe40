// Region parsing against whole-file parsing, on real files:
//   build/bench/hush_regions_check DIR [MIN_BYTES]
// For every file under DIR with a generic trigger (and at least MIN_BYTES), extracts the syntax
// context once whole and once through the trigger regions, runs the generic detector on both and
// prints every detection that differs (MISSED, EXTRA, KEYPATH), then the totals and timings.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "hush/generic_rules.hpp"
#include "hush/scanner.hpp"
#include "syntax/generic.hpp"
#include "syntax/regions.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Detection = std::tuple<std::size_t, std::size_t, std::string>;  // span, key path

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::set<Detection> detections(const hush::syntax::GenericDetector& detector, const hush::SyntaxExtraction& syntax) {
    std::set<Detection> out;
    for (const auto& d : detector.detect(syntax.values)) out.insert({d.span.begin, d.span.end, d.key_path});
    return out;
}

bool has_span(const std::set<Detection>& set, std::size_t begin) {
    for (const auto& d : set)
        if (std::get<0>(d) == begin) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hush_regions_check DIR [MIN_BYTES]\n");
        return 2;
    }
    auto rules = hush::builtin_generic_rules();
    if (!rules) return 2;
    auto detector = hush::syntax::GenericDetector::create(*rules);
    if (!detector) return 2;
    std::size_t min_bytes = argc > 2 ? std::stoul(argv[2]) : 0;
    double whole_seconds = 0, region_seconds = 0;
    std::size_t files = 0, bytes = 0, same = 0, missed = 0, extra = 0, key_paths = 0;
    for (const auto& entry : fs::recursive_directory_iterator(argv[1])) {
        if (!entry.is_regular_file()) continue;
        std::string path = entry.path().string();
        if (!hush::has_syntax_support(path)) continue;
        std::string text = read(entry.path());
        if (text.size() < min_bytes) continue;
        auto places = detector->triggers(path, text);
        if (places.empty()) continue;
        ++files;
        bytes += text.size();
        auto t0 = Clock::now();
        auto whole = detections(*detector, hush::extract_syntax(path, text));
        auto t1 = Clock::now();
        auto region = detections(*detector, hush::syntax::extract_syntax_around(path, text, places));
        auto t2 = Clock::now();
        whole_seconds += std::chrono::duration<double>(t1 - t0).count();
        region_seconds += std::chrono::duration<double>(t2 - t1).count();
        for (const auto& d : whole) {
            if (region.contains(d)) ++same;
            else if (has_span(region, std::get<0>(d))) ++key_paths, std::printf("KEYPATH %s %s\n", path.c_str(), std::get<2>(d).c_str());
            else ++missed, std::printf("MISSED %s %s @%zu\n", path.c_str(), std::get<2>(d).c_str(), std::get<0>(d));
        }
        for (const auto& d : region)
            if (!has_span(whole, std::get<0>(d))) ++extra, std::printf("EXTRA %s %s @%zu\n", path.c_str(), std::get<2>(d).c_str(), std::get<0>(d));
    }
    std::printf("files=%zu bytes=%zu same=%zu missed=%zu extra=%zu key_path_differs=%zu whole_s=%.2f region_s=%.2f\n", files, bytes,
                same, missed, extra, key_paths, whole_seconds, region_seconds);
    return missed + extra + key_paths == 0 ? 0 : 1;
}
