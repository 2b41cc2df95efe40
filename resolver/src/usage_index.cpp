// The usage index: walk the roots, read each file once, parse references, attribute each to its
// key path and consumer. Files are read in parallel; results are merged in path order.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

#include "attribution.hpp"
#include "walker.hpp"

namespace hush {

namespace {

namespace fs = std::filesystem;
using detail::Attribution;

enum class Format { plain, yaml, json, terraform, key_value };

Format format_of(std::string_view path) {
    std::string_view name = detail::base_name(path);
    if (name.ends_with(".yml") || name.ends_with(".yaml")) return Format::yaml;
    if (name.ends_with(".json")) return Format::json;
    if (name.ends_with(".tf") || name.ends_with(".tfvars") || name.ends_with(".hcl")) return Format::terraform;
    if (name == ".env" || name.starts_with(".env.") || name.ends_with(".env") || name.ends_with(".properties")) {
        return Format::key_value;
    }
    return Format::plain;
}

std::vector<Attribution> attribute(std::string_view path, std::string_view text, std::span<const std::size_t> offsets,
                                   const FileContext& context) {
    switch (format_of(path)) {
        case Format::yaml: return detail::attribute_yaml(path, text, offsets, context);
        case Format::json: return detail::attribute_json(text, offsets);
        case Format::terraform: return detail::attribute_terraform(text, offsets);
        case Format::key_value: return detail::attribute_key_value(text, offsets);
        case Format::plain: break;
    }
    return std::vector<Attribution>(offsets.size());
}

struct FileOutcome {
    FileReferences references;
    std::uint64_t bytes = 0;
    enum class Status { read, binary, too_large, unreadable } status = Status::read;
};

std::optional<std::string> helm_chart_of(const std::string& full_path) {
    fs::path chart = fs::path(full_path).parent_path() / "Chart.yaml";
    std::error_code ec;
    if (!fs::is_regular_file(chart, ec)) return std::nullopt;
    try {
        YAML::Node node = YAML::LoadFile(chart.string());
        if (node.IsMap() && node["name"] && node["name"].IsScalar()) return node["name"].Scalar();
    } catch (const std::exception&) {
        // An unreadable Chart.yaml still marks a chart; its directory name stands in for the name.
    }
    return fs::path(full_path).parent_path().filename().string();
}

bool read_all(int fd, std::string& buffer, std::size_t size) {
    buffer.resize(size);
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::read(fd, buffer.data() + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    buffer.resize(done);  // a file that shrank while being read is indexed as it was read
    return true;
}

FileOutcome index_one(const detail::WalkedFile& file, std::uint64_t max_size, std::string& buffer) {
    FileOutcome outcome;
    int fd = ::open(file.full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat info {};
    if (fd < 0 || fstat(fd, &info) != 0) {
        if (fd >= 0) ::close(fd);
        outcome.status = FileOutcome::Status::unreadable;
        return outcome;
    }
    if (static_cast<std::uint64_t>(info.st_size) > max_size) {
        ::close(fd);
        outcome.status = FileOutcome::Status::too_large;
        return outcome;
    }
    read_all(fd, buffer, static_cast<std::size_t>(info.st_size));
    ::close(fd);
    outcome.bytes = buffer.size();
    std::string_view text = buffer;
    if (looks_binary(text.substr(0, 8192))) {
        outcome.status = FileOutcome::Status::binary;
        return outcome;
    }
    // Most files hold no reference at all; one memmem decides that before any parsing.
    if (memmem(text.data(), text.size(), "$<secret", 8) == nullptr) return outcome;
    FileContext context;
    if (format_of(file.display) == Format::yaml && detail::base_name(file.display).starts_with("values")) {
        context.helm_chart = helm_chart_of(file.full);
    }
    outcome.references = index_file(file.display, text, context);
    return outcome;
}

void merge(UsageIndex& index, const detail::WalkedFile& file, FileOutcome& outcome, std::uint64_t max_size) {
    using Status = FileOutcome::Status;
    switch (outcome.status) {
        case Status::read: ++index.stats.files_read; break;
        case Status::binary: ++index.stats.skipped_binary; break;
        case Status::too_large:
            ++index.stats.skipped_too_large;
            index.notes.push_back(file.display + ": skipped (larger than " + std::to_string(max_size) + " bytes)");
            break;
        case Status::unreadable:
            ++index.stats.unreadable;
            index.notes.push_back(file.display + ": skipped (cannot be read)");
            break;
    }
    index.stats.bytes_read += outcome.bytes;
    auto& refs = outcome.references;
    std::move(refs.usages.begin(), refs.usages.end(), std::back_inserter(index.usages));
    std::move(refs.malformed.begin(), refs.malformed.end(), std::back_inserter(index.malformed));
}

}  // namespace

std::string_view consumer_kind(std::string_view consumer) {
    auto colon = consumer.find(": ");
    return colon == std::string_view::npos ? consumer_file : consumer.substr(0, colon);
}

FileReferences index_file(std::string_view path, std::string_view text, const FileContext& context) {
    FileReferences out;
    ParsedReferences parsed = parse_references(text);
    if (parsed.references.empty() && parsed.malformed.empty()) return out;
    LineIndex lines(text);
    std::vector<std::size_t> offsets;
    offsets.reserve(parsed.references.size());
    for (const auto& ref : parsed.references) offsets.push_back(ref.span.begin);
    auto attributions = attribute(path, text, offsets, context);
    for (std::size_t i = 0; i < parsed.references.size(); ++i) {
        auto& ref = parsed.references[i];
        auto& where = attributions[i];
        std::string consumer = where.consumer.empty() ? std::string(consumer_file) + ": " + std::string(path)
                                                      : std::move(where.consumer);
        out.usages.push_back({std::move(ref.name), std::string(path), ref.span, lines.at(ref.span.begin),
                              std::move(where.key_path), std::move(consumer)});
    }
    for (auto& bad : parsed.malformed) {
        out.malformed.push_back(
            {std::string(path), lines.at(bad.span.begin), bad.span, "malformed reference: " + std::move(bad.problem)});
    }
    return out;
}

Result<UsageIndex> build_usage_index(const fs::path& base, const std::vector<fs::path>& roots,
                                     const IndexOptions& options) {
    auto files = detail::walk_roots(base, roots, options.ignore_files);
    if (!files) return std::unexpected(files.error());
    std::vector<FileOutcome> outcomes(files->size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        std::string buffer;
        for (std::size_t i = next++; i < files->size(); i = next++) {
            outcomes[i] = index_one((*files)[i], options.max_file_size, buffer);
        }
    };
    unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, files->size() / 64)));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    pool.clear();

    UsageIndex index;
    for (std::size_t i = 0; i < files->size(); ++i) merge(index, (*files)[i], outcomes[i], options.max_file_size);
    return index;
}

Result<UsageIndex> build_usage_index(const Config& config) {
    std::vector<fs::path> roots(config.usage_roots.begin(), config.usage_roots.end());
    if (roots.empty()) roots.emplace_back(".");
    IndexOptions options;
    options.max_file_size = config.scan.max_file_size;
    fs::path base = config.root.empty() ? fs::current_path() : config.root;
    return build_usage_index(base, roots, options);
}

std::vector<Usage> usages_of(const UsageIndex& index, std::string_view name) {
    std::vector<Usage> out;
    std::copy_if(index.usages.begin(), index.usages.end(), std::back_inserter(out),
                 [&](const Usage& usage) { return usage.secret_name == name; });
    return out;
}

}  // namespace hush
