// OutputMasker: masking across chunk boundaries, longest-first, short values left alone.
#include <catch2/catch.hpp>

#include "hush/resolver.hpp"

using hush::OutputMasker;
using Secrets = std::vector<hush::MaskedSecret>;

namespace {

// Feeds `text` in chunks of `size` bytes and returns everything the masker emitted.
std::string mask_in_chunks(OutputMasker& masker, std::string_view text, std::size_t size) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += size) out += masker.feed(text.substr(i, size));
    return out + masker.finish();
}

}  // namespace

TEST_CASE("values are masked whatever the chunking", "[resolver][mask]") {
    std::string text = "token=s3cr3t-value; again s3cr3t-value! and s3cr3t-valu (not quite)";
    for (std::size_t size = 1; size <= text.size(); ++size) {
        CAPTURE(size);
        OutputMasker masker(Secrets{{"TOKEN", "s3cr3t-value"}});
        CHECK(mask_in_chunks(masker, text, size) == "token=********; again ********! and s3cr3t-valu (not quite)");
    }
}

TEST_CASE("the longest value wins, also when it is still arriving", "[resolver][mask]") {
    for (std::size_t size = 1; size <= 8; ++size) {
        CAPTURE(size);
        OutputMasker masker(Secrets{{"SHORT", "abcd"}, {"LONG", "abcdefgh"}}, OutputMasker::Style::reference);
        CHECK(mask_in_chunks(masker, "abcdefgh abcdefg abcd", size) ==
              "$<secret.LONG> $<secret.SHORT>efg $<secret.SHORT>");
    }
}

TEST_CASE("values shorter than four bytes are not masked", "[resolver][mask]") {
    OutputMasker masker(Secrets{{"PIN", "123"}, {"KEY", "abcd"}});
    CHECK(mask_in_chunks(masker, "123 abcd", 3) == "123 ********");
}

TEST_CASE("the masker holds back at most the longest value minus one byte", "[resolver][mask]") {
    OutputMasker masker(Secrets{{"KEY", "secretvalue"}});
    CHECK(masker.feed("hello secretval") == "hello ");  // "secretval" may become the value
    CHECK(masker.feed("ue") == "********");
    CHECK(masker.feed("xxsecret") == "xx");
    CHECK(masker.finish() == "secret");  // the stream ended: a prefix is not the value
    OutputMasker unrelated(Secrets{{"KEY", "secretvalue"}});
    CHECK(unrelated.feed("no match here") == "no match here");
}

TEST_CASE("overlapping occurrences are masked left to right", "[resolver][mask]") {
    OutputMasker masker(Secrets{{"K", "aaaa"}});
    CHECK(mask_in_chunks(masker, "aaaaaaaaa", 2) == "****************a");
}

TEST_CASE("a masker without values passes everything through", "[resolver][mask]") {
    OutputMasker masker(Secrets{});
    CHECK(masker.feed("abc") == "abc");
    CHECK(masker.finish().empty());
}
