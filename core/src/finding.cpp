#include "hush/core/finding.hpp"

#include "hush/core/text.hpp"

namespace hush {

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::low: return "low";
        case Severity::medium: return "medium";
        case Severity::high: return "high";
        case Severity::critical: return "critical";
    }
    return "medium";
}

std::string_view to_string(Validation validation) {
    switch (validation) {
        case Validation::unchecked: return "unchecked";
        case Validation::valid: return "valid";
        case Validation::invalid: return "invalid";
    }
    return "unchecked";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "low") return Severity::low;
    if (text == "medium") return Severity::medium;
    if (text == "high") return Severity::high;
    if (text == "critical") return Severity::critical;
    return std::nullopt;
}

std::string redact(std::string_view secret) {
    // Cut on a code point boundary so the redacted form is valid UTF-8.
    std::size_t cut = 0;
    for (int characters = 0; characters < 4 && cut < secret.size(); ++characters) {
        cut += std::max<std::size_t>(1, utf8_sequence_length(secret.substr(cut)));
    }
    if (secret.size() <= 8) cut = std::min<std::size_t>(cut, secret.size() / 2);  // short values: reveal less
    return std::string(secret.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace hush
