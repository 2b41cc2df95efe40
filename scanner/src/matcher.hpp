#pragma once
// The matcher: one multi-literal pass (Hyperscan; case-insensitive unless a keyword says `(?-i)`)
// over a buffer finds every rule keyword; then only the rules whose keywords occur (at the start
// of a word, for `\b` keywords) run their RE2 pattern, over windows around the keyword hits, each
// window first searched for the rule's secret group alone when the pattern has context around it.
// A buffer without any keyword costs that one pass.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/core/error.hpp"
#include "hush/core/span.hpp"
#include "hush/rules.hpp"

namespace hush::scan {

struct RawMatch {
    std::size_t rule = 0;  // index into the rules given to Matcher::build
    Span secret;           // the secret group
    Span whole;            // the whole match
};

class Matcher {
public:
    // Per-thread state: Hyperscan scratch and reusable vectors. Create with make_scratch().
    class Scratch;

    // `extra_keywords` are found in the same pass without running any rule: the generic
    // detector's keywords, which then cost no second pass over the text.
    [[nodiscard]] static Result<Matcher> build(const std::vector<Rule>& rules,
                                               const std::vector<std::string>& extra_keywords = {});
    Matcher(Matcher&&) noexcept;
    Matcher& operator=(Matcher&&) noexcept;
    ~Matcher();

    [[nodiscard]] std::unique_ptr<Scratch, void (*)(Scratch*)> make_scratch() const;
    // Appends every match of every rule in `text` to `out`, ordered by rule then offset. With a
    // `focus` (sorted, disjoint ranges of whole lines), only keyword windows that reach into it are
    // searched, and single-line rules only inside it: every match overlapping the focus is still
    // found, most others are not looked for.
    void find(std::string_view text, Scratch& scratch, std::vector<RawMatch>& out,
              std::span<const Span> focus = {}) const;
    // Where the extra keywords occur in the text of the last find() with this scratch, sorted by
    // start (overlapping hits included); null if the prefilter could not run on that text.
    [[nodiscard]] const std::vector<Span>* extra_hits(const Scratch& scratch) const;

private:
    // Fills scratch.hits with every keyword occurrence; false if the prefilter could not run.
    bool collect_hits(std::string_view text, Scratch& scratch) const;

    struct Impl;
    explicit Matcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hush::scan
