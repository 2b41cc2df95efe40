#include <catch2/catch.hpp>

#include "hush/core/finding.hpp"
#include "hush/core/secret_name.hpp"
#include "hush/core/span.hpp"
#include "hush/core/text.hpp"

using namespace hush;

TEST_CASE("Span is half-open", "[core]") {
    Span span{2, 5};
    CHECK(span.size() == 3);
    CHECK(span.contains(2));
    CHECK_FALSE(span.contains(5));
    CHECK(span.overlaps(Span{4, 9}));
    CHECK_FALSE(span.overlaps(Span{5, 9}));
    CHECK(span.of("abcdefg") == "cde");
    CHECK(Span{3, 3}.empty());
}

TEST_CASE("LineIndex maps offsets to 1-based lines and code-point columns", "[core]") {
    std::string text = "ab\nc\xC3\xA9x\r\n\nlast";
    LineIndex index(text);
    CHECK(index.line_count() == 4);
    CHECK(index.at(0) == LineCol{1, 1});
    CHECK(index.at(2) == LineCol{1, 3});  // the '\n' itself
    CHECK(index.at(3) == LineCol{2, 1});
    CHECK(index.at(6) == LineCol{2, 3});  // after the two-byte é: column counts code points
    CHECK(index.at(9) == LineCol{3, 1});
    CHECK(index.at(10) == LineCol{4, 1});
    CHECK(index.at(1000) == LineCol{4, 5});  // clamped to the end
    CHECK(index.line_text(2) == "c\xC3\xA9x");  // CRLF stripped
    CHECK(index.line_text(3).empty());
    CHECK(index.line_text(4) == "last");
    CHECK(index.line_text(5).empty());
}

TEST_CASE("LineIndex round-trips offsets through line/column", "[core]") {
    std::string text = "h\xC3\xA9llo\nw\xE2\x82\xACrld\r\nend";
    LineIndex index(text);
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
        bool boundary = offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
        if (!boundary || (offset < text.size() && text[offset] == '\n')) continue;
        if (offset > 0 && text[offset - 1] == '\r') continue;  // inside a CRLF terminator
        CAPTURE(offset);
        CHECK(index.offset_of(index.at(offset)) == offset);
    }
}

TEST_CASE("UTF-8 helpers", "[core]") {
    CHECK(utf8_length("abc") == 3);
    CHECK(utf8_length("\xE2\x82\xAC") == 1);
    CHECK(utf8_length("\xFF\xFE") == 2);  // invalid bytes count one each
    CHECK(is_valid_utf8("h\xC3\xA9"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
    CHECK(looks_binary(std::string("ab\0cd", 5)));
    CHECK_FALSE(looks_binary("plain text"));
}

TEST_CASE("Shannon entropy", "[core]") {
    CHECK(shannon_entropy("") == 0);
    CHECK(shannon_entropy("aaaa") == 0);
    CHECK(shannon_entropy("abcd") == Approx(2.0));
    CHECK(shannon_entropy("0123456789abcdef") == Approx(4.0));
}

TEST_CASE("redact shows at most four characters", "[core]") {
    CHECK(redact("ghp_abcdefghijklmnop") == "ghp_\xE2\x80\xA6");
    CHECK(redact("short") == "sh\xE2\x80\xA6");           // short values reveal less
    CHECK(redact("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9xyz") == "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
    CHECK(redact("") == "\xE2\x80\xA6");
}

TEST_CASE("severity and validation names", "[core]") {
    CHECK(to_string(Severity::critical) == "critical");
    CHECK(parse_severity("high") == Severity::high);
    CHECK_FALSE(parse_severity("urgent").has_value());
    CHECK(to_string(Validation::invalid) == "invalid");
}

TEST_CASE("secret names are UPPER_SNAKE_CASE", "[core]") {
    CHECK(is_valid_secret_name("DB_PASSWORD"));
    CHECK(is_valid_secret_name("A1"));
    CHECK_FALSE(is_valid_secret_name(""));
    CHECK_FALSE(is_valid_secret_name("db_password"));
    CHECK_FALSE(is_valid_secret_name("_DB"));
    CHECK_FALSE(is_valid_secret_name("DB_"));
    CHECK_FALSE(is_valid_secret_name("DB__X"));
    CHECK_FALSE(is_valid_secret_name("1DB"));
    CHECK_FALSE(is_valid_secret_name(std::string(129, 'A')));
    CHECK(is_valid_secret_name(std::string(128, 'A')));
}
