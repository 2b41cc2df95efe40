// Fuzz target: edits never change a byte outside their spans, and a planned edit always covers
// its finding (random texts, spans and formats).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "hush/rewriter.hpp"

namespace {

struct Input {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    std::size_t number(std::size_t limit) {
        std::size_t n = static_cast<std::size_t>(byte()) << 8 | byte();
        return limit == 0 ? 0 : n % limit;
    }
};

void check(bool ok) {
    if (!ok) std::abort();
}

// Output = text with each kept edit's span swapped for its replacement, nothing else.
void check_outside_spans(const std::string& text, const std::vector<hush::Edit>& kept, const std::string& out) {
    std::size_t in = 0, o = 0;
    for (const auto& edit : kept) {
        check(edit.span.begin >= in && edit.span.end <= text.size());
        check(out.compare(o, edit.span.begin - in, text, in, edit.span.begin - in) == 0);
        o += edit.span.begin - in;
        check(out.compare(o, edit.replacement.size(), edit.replacement) == 0);
        o += edit.replacement.size();
        in = edit.span.end;
    }
    check(out.size() - o == text.size() - in && out.compare(o, std::string::npos, text, in, std::string::npos) == 0);
}

void fuzz_apply(Input& input, const std::string& text) {
    std::vector<hush::Edit> edits;
    for (std::size_t n = input.byte() % 8; n > 0; --n) {
        std::size_t begin = input.number(text.size() + 1);
        std::size_t end = begin + input.number(text.size() + 1 - begin);
        edits.push_back({"f", {begin, end}, std::string(input.byte() % 5, 'R')});
    }
    auto kept = hush::normalize_edits(edits);
    for (std::size_t i = 1; i < kept.size(); ++i) check(kept[i - 1].span.end <= kept[i].span.begin);
    auto out = hush::apply_edits(text, edits);
    check(out.has_value());
    check_outside_spans(text, kept, *out);
}

void fuzz_plan(Input& input, const std::string& text) {
    if (text.empty()) return;
    static const char* paths[] = {"a.yaml", "a.json", "a.sh", ".env", "Dockerfile", "a.py", "a.txt"};
    std::string path = paths[input.byte() % 7];
    std::size_t begin = input.number(text.size());
    std::size_t end = begin + 1 + input.number(text.size() - begin);
    hush::Finding finding;
    finding.rule_id = "fuzz";
    finding.kind = "generic_secret";
    finding.path = path;
    finding.span = {begin, end};
    finding.secret = text.substr(begin, end - begin);
    finding.fingerprint = "fp";
    hush::SourceFiles sources{{path, hush::make_source(path, text)}};
    auto plan = hush::plan_migration({finding}, sources);
    if (!plan) return;
    auto changes = hush::build_changes(*plan, sources);
    check(changes.has_value());
    for (const auto& change : *changes) {
        check(change.edits.size() == 1);
        const auto& span = change.edits[0].span;
        // The edit covers the secret; only a block scalar's final line break may stay outside.
        check(span.begin <= begin);
        check(span.end >= end || text.find_first_not_of("\r\n", span.end) >= end);
        check_outside_spans(text, change.edits, change.updated);
        (void)hush::verify_change(change);  // must not crash
        (void)hush::render_diff(*changes);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    Input input{data, size};
    std::size_t text_size = input.number(size);
    std::string text(reinterpret_cast<const char*>(data) + input.at, std::min(text_size, size - input.at));
    input.at += text.size();
    if (input.byte() & 1)
        fuzz_apply(input, text);
    else
        fuzz_plan(input, text);
    return 0;
}
