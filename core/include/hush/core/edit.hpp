#pragma once
// An Edit: replace one byte span of one file. The rewriter plans them; transactions apply them.
#include <string>

#include "hush/core/span.hpp"

namespace hush {

struct Edit {
    std::string path;         // relative to the repository root
    Span span;                // bytes to replace in the file as it was scanned
    std::string replacement;  // new bytes
};

}  // namespace hush
