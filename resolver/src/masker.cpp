// Streaming masking of secret values in a child's output, correct across chunk boundaries.
#include <algorithm>
#include <array>
#include <cstring>

#include "hush/resolver.hpp"

namespace hush {

struct OutputMasker::Impl {
    std::vector<MaskedSecret> secrets;                 // longest value first
    std::array<std::vector<std::size_t>, 256> by_first_byte;  // indexes into secrets
    Style style;
    std::string held;  // bytes that may be the start of a value split by the chunk boundary

    enum class Match { none, full, partial };

    // Whether `value` matches at text[at..]: fully, or as a prefix cut off by the end of text.
    static Match match_at(std::string_view text, std::size_t at, std::string_view value) {
        std::size_t available = std::min(value.size(), text.size() - at);
        if (std::memcmp(text.data() + at, value.data(), available) != 0) return Match::none;
        return available == value.size() ? Match::full : Match::partial;
    }

    std::string replacement(const MaskedSecret& secret) const {
        return style == Style::stars ? std::string("********") : "$<secret." + secret.name + ">";
    }

    std::string process(std::string_view chunk, bool final) {
        held.append(chunk);
        std::string_view text = held;
        std::string out;
        out.reserve(text.size());
        std::size_t pos = 0, copied = 0;
        while (pos < text.size()) {
            const MaskedSecret* found = nullptr;
            bool wait = false;
            for (std::size_t index : by_first_byte[static_cast<unsigned char>(text[pos])]) {
                Match match = match_at(text, pos, secrets[index].value);
                // A longer value that may still complete outranks a shorter one that already did.
                if (match == Match::partial && !final) {
                    wait = true;
                    break;
                }
                if (match == Match::full) {
                    found = &secrets[index];
                    break;
                }
            }
            if (wait) break;
            if (found == nullptr) {
                ++pos;
                continue;
            }
            out.append(text.substr(copied, pos - copied));
            out.append(replacement(*found));
            pos += found->value.size();
            copied = pos;
        }
        out.append(text.substr(copied, pos - copied));
        std::string rest(text.substr(pos));
        explicit_bzero(held.data(), held.size());
        held = std::move(rest);
        return out;
    }
};

OutputMasker::OutputMasker(std::vector<MaskedSecret> secrets, Style style) : m_impl(std::make_unique<Impl>()) {
    m_impl->style = style;
    for (auto& secret : secrets) {
        if (secret.value.size() >= min_masked_length) m_impl->secrets.push_back(std::move(secret));
        else explicit_bzero(secret.value.data(), secret.value.size());
    }
    std::stable_sort(m_impl->secrets.begin(), m_impl->secrets.end(),
                     [](const MaskedSecret& a, const MaskedSecret& b) { return a.value.size() > b.value.size(); });
    for (std::size_t i = 0; i < m_impl->secrets.size(); ++i) {
        m_impl->by_first_byte[static_cast<unsigned char>(m_impl->secrets[i].value[0])].push_back(i);
    }
}

OutputMasker::~OutputMasker() {
    for (auto& secret : m_impl->secrets) explicit_bzero(secret.value.data(), secret.value.size());
    explicit_bzero(m_impl->held.data(), m_impl->held.size());
}

std::string OutputMasker::feed(std::string_view chunk) { return m_impl->process(chunk, false); }

std::string OutputMasker::finish() { return m_impl->process({}, true); }

}  // namespace hush
