#pragma once
// A Usage: one place where a vault secret is referenced as $<secret.NAME>.
#include <string>

#include "hush/core/span.hpp"
#include "hush/core/text.hpp"

namespace hush {

struct Usage {
    std::string secret_name;  // NAME of $<secret.NAME>
    std::string path;         // relative to the usage root
    Span span;                // bytes of the whole reference
    LineCol start;
    std::string key_path;     // e.g. jobs.deploy.env.DB_PASSWORD; empty when unknown
    std::string consumer;     // e.g. "github-actions:deploy.yml#deploy", "k8s:Deployment/api"; else the file
};

}  // namespace hush
