// hush_hsscan: the engine ceiling. Compiles every hush rule pattern into one Hyperscan block-mode
// database and scans the corpus with it (same walk, skips and threads as hush_readfloor), one
// scratch per thread. Compile time is reported apart from scan time. Patterns Hyperscan cannot
// take as written (RE2 named groups, huge bounded repeats, ...) are rewritten to a looser
// equivalent when possible; those rewritten or still refused are counted and listed on stderr.
// Usage: hush_hsscan --patterns FILE [--threads N] [--max-file-size BYTES] PATH...
#include <hs/hs.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "src/corpus_walk.hpp"

namespace {

struct Prepared {
    std::vector<std::string> expressions;
    std::vector<unsigned> flags;
    unsigned as_is = 0;
    unsigned rewritten = 0;
    unsigned failed = 0;
};

std::string compile_error(const std::string& expression, unsigned flags) {
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile(expression.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &error) == HS_SUCCESS) {
        hs_free_database(db);
        return {};
    }
    std::string message = error && error->message ? error->message : "unknown error";
    hs_free_compile_error(error);
    return message;
}

// RE2 spellings Hyperscan refuses, turned into something it accepts that matches at least as much.
std::string loosen(std::string expression) {
    static const std::regex named_group(R"(\(\?P?<[A-Za-z_][A-Za-z0-9_]*>)");
    static const std::regex big_repeat(R"(\{(\d+),(\d{3,})\})");  // {n,m} with m >= 100 -> {n,}
    static const std::regex end_of_text(R"(\\z)");
    expression = std::regex_replace(expression, named_group, "(");
    expression = std::regex_replace(expression, big_repeat, "{$1,}");
    expression = std::regex_replace(expression, end_of_text, "$$");
    return expression;
}

// Costs one compile per pattern: only used when the set does not compile as written.
Prepared classify(const std::vector<std::string>& patterns) {
    Prepared out;
    const unsigned base = 0;
    const unsigned unicode = HS_FLAG_UTF8 | HS_FLAG_UCP;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        const std::string& original = patterns[i];
        std::string first_error = compile_error(original, base);
        if (first_error.empty()) {
            out.expressions.push_back(original);
            out.flags.push_back(base);
            ++out.as_is;
            continue;
        }
        std::string loose = loosen(original);
        bool done = false;
        for (unsigned flags : {base, unicode}) {
            if (compile_error(loose, flags).empty()) {
                out.expressions.push_back(loose);
                out.flags.push_back(flags);
                ++out.rewritten;
                std::fprintf(stderr, "hsscan: pattern %zu rewritten (%s)\n", i + 1, first_error.c_str());
                done = true;
                break;
            }
        }
        if (!done) {
            ++out.failed;
            std::fprintf(stderr, "hsscan: pattern %zu refused: %s\n", i + 1, first_error.c_str());
        }
    }
    return out;
}

std::vector<std::string> read_patterns(const std::string& path) {
    std::vector<std::string> patterns;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) patterns.push_back(line);
    }
    return patterns;
}

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* context) {
    ++*static_cast<std::uint64_t*>(context);
    return 0;
}

hs_database_t* compile(const Prepared& prepared, std::string& why) {
    std::vector<const char*> expressions;
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < prepared.expressions.size(); ++i) {
        expressions.push_back(prepared.expressions[i].c_str());
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), prepared.flags.data(), ids.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) != HS_SUCCESS) {
        why = error && error->message ? error->message : "unknown error";
        hs_free_compile_error(error);
        return nullptr;
    }
    return db;
}

}  // namespace

int main(int argc, char** argv) {
    bench::WalkOptions options;
    std::vector<std::string> rest;
    bool ok = bench::parse_walk_args(argc, argv, options, rest);
    if (!ok || rest.size() != 2 || rest[0] != "--patterns") {
        std::fprintf(stderr, "usage: hush_hsscan --patterns FILE [--threads N] [--max-file-size BYTES] PATH...\n");
        return 2;
    }
    auto patterns = read_patterns(rest[1]);
    if (patterns.empty()) {
        std::fprintf(stderr, "hsscan: %s: no patterns\n", rest[1].c_str());
        return 2;
    }
    Prepared prepared{patterns, std::vector<unsigned>(patterns.size(), 0),
                      static_cast<unsigned>(patterns.size()), 0, 0};
    auto compile_start = std::chrono::steady_clock::now();
    std::string why;
    hs_database_t* db = compile(prepared, why);
    if (!db) {
        prepared = classify(patterns);
        compile_start = std::chrono::steady_clock::now();
        db = compile(prepared, why);
    }
    if (!db) {
        std::fprintf(stderr, "hsscan: database: %s\n", why.c_str());
        return 2;
    }
    hs_scratch_t* prototype = nullptr;
    hs_alloc_scratch(db, &prototype);
    double compile_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_start).count();

    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<hs_scratch_t*> scratch(threads, nullptr);
    std::vector<std::uint64_t> matches(threads, 0);
    for (auto& s : scratch) hs_clone_scratch(prototype, &s);
    auto totals = bench::walk(options, [&](unsigned thread, const std::filesystem::path&, std::string_view bytes) {
        hs_scan(db, bytes.data(), static_cast<unsigned>(bytes.size()), 0, scratch[thread], count_match,
                &matches[thread]);
    });
    std::uint64_t total_matches = 0;
    for (auto m : matches) total_matches += m;

    bench::print_totals("hyperscan", totals);
    std::printf(" patterns=%zu as_is=%u rewritten=%u refused=%u compile_s=%.3f matches=%llu "
                "mb_per_s_with_compile=%.1f\n",
                patterns.size(), prepared.as_is, prepared.rewritten, prepared.failed, compile_s,
                (unsigned long long)total_matches, bench::mb_per_s(totals.bytes, totals.seconds + compile_s));
    for (auto* s : scratch) hs_free_scratch(s);
    hs_free_scratch(prototype);
    hs_free_database(db);
    return 0;
}
