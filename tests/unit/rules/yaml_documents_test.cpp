#include <catch2/catch.hpp>

#include "hush/yaml_documents.hpp"

using hush::load_yaml_documents;

TEST_CASE("yaml documents: a stream yaml-cpp's LoadAll never finishes is an error or a result", "[yaml]") {
    // yaml-cpp 0.7's LoadAll loops forever on these (found by the edits fuzzer).
    for (const char* text : {",", ",url: x\n", ",\n---\na: 1\n"}) {
        CAPTURE(text);
        try {
            (void)load_yaml_documents(text);
        } catch (const YAML::Exception&) {
        }
        SUCCEED();
    }
}

TEST_CASE("yaml documents: split at markers, marks stay those of the file", "[yaml]") {
    auto docs = load_yaml_documents("a: 1\n---\nb:\n  c: x\n--- \nd: [1, 2]\n---\n");
    REQUIRE(docs.size() == 3);
    CHECK(docs[0]["a"].as<int>() == 1);
    CHECK(docs[1]["b"]["c"].as<std::string>() == "x");
    CHECK(docs[1]["b"]["c"].Mark().line == 3);   // 0-based line in the whole file
    CHECK(docs[1]["b"]["c"].Mark().pos == 17);   // byte offset in the whole file
    CHECK(docs[2]["d"].size() == 2);
    CHECK(load_yaml_documents("").empty());
    CHECK(load_yaml_documents("---\nx: |\n  ---not a marker\n").size() == 1);
    CHECK_THROWS_AS(load_yaml_documents("a: [1\n"), YAML::Exception);
}
