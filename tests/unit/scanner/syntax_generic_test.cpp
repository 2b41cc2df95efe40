// The generic detector: rules/generic.yaml parsing, the verdict on single values, and the labelled
// corpus (read from HUSH_CORPUS_DIR at test time; nothing of it is copied into the repository).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <cstdlib>
#include <set>

#include "harness.hpp"
#include "hush/core/text.hpp"
#include "hush/generic_rules.hpp"
#include "syntax/generic.hpp"

using namespace hush;
using namespace hush::syntax;
namespace fs = std::filesystem;

namespace {

// The corpus sits beside the repository (../shared/corpus); HUSH_CORPUS_DIR in the environment
// overrides the build-time default, e.g. when testing from a worktree.
fs::path corpus_dir() {
    const char* env = std::getenv("HUSH_CORPUS_DIR");
    return env && *env ? fs::path(env) : fs::path(HUSH_CORPUS_DIR);
}

const GenericRules& builtin_rules() {
    static const GenericRules rules = [] {
        auto loaded = load_generic_rules(fs::path(HUSH_SOURCE_DIR) / "rules" / "generic.yaml");
        if (!loaded) FAIL(loaded.error().to_string());
        return *loaded;
    }();
    return rules;
}

const GenericDetector& detector() {
    static const GenericDetector d = [] {
        auto created = GenericDetector::create(builtin_rules());
        if (!created) FAIL(created.error().to_string());
        return std::move(*created);
    }();
    return d;
}

GenericVerdict verdict(std::string key, std::string value, bool literal = true) {
    KeyedValue kv;
    kv.key_path = key;
    kv.key = std::move(key);
    kv.value = std::move(value);
    kv.is_literal = literal;
    return detector().judge(kv);
}

std::string kind_of(std::string key, std::string value) {
    KeyedValue kv;
    kv.key_path = key;
    kv.key = std::move(key);
    kv.value = std::move(value);
    auto found = detector().detect(std::span<const KeyedValue>(&kv, 1));
    return found.empty() ? std::string() : found[0].kind;
}

}  // namespace

TEST_CASE("generic rules: the built-in file parses", "[generic]") {
    const auto& rules = builtin_rules();
    REQUIRE(rules.kinds.size() == 3);
    CHECK(rules.kinds[0].kind == "generic_password");
    CHECK(rules.kinds[0].id == "generic-password");
    CHECK(rules.kinds[0].severity == Severity::high);
    CHECK_FALSE(rules.keywords.empty());
    CHECK_FALSE(rules.placeholder_words.empty());
}

TEST_CASE("generic rules: errors name the file and line", "[generic]") {
    auto unknown = parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: [x]\n  colour: red\n", "g.yaml");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().to_string().starts_with("g.yaml:5: unknown key 'colour'"));
    auto bad_regex = parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: ['(']\n", "g.yaml");
    REQUIRE_FALSE(bad_regex);
    CHECK(bad_regex.error().line == 4);
    CHECK(bad_regex.error().message.find("invalid pattern") != std::string::npos);
    auto kind_key = parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: [x]\n      min_lenght: 3\n", "g.yaml");
    REQUIRE_FALSE(kind_key);
    CHECK(kind_key.error().line == 5);
    CHECK_FALSE(parse_generic_rules("rules: []\n", "g.yaml"));
    CHECK_FALSE(parse_generic_rules("generic:\n  kinds: []\n", "g.yaml"));
    CHECK_FALSE(parse_generic_rules("generic:\n  kinds:\n    - kind: a\n", "g.yaml"));
    CHECK_FALSE(parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: [x]\n      severity: huge\n", "g.yaml"));
    CHECK_FALSE(parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: [x]\n      min_entropy: lots\n", "g.yaml"));
    CHECK_FALSE(parse_generic_rules("generic: [\n", "g.yaml"));
    CHECK_FALSE(load_generic_rules("/nonexistent/generic.yaml"));
}

TEST_CASE("generic rules: users can tune thresholds", "[generic]") {
    auto rules = parse_generic_rules(
        "generic:\n  kinds:\n    - kind: generic_password\n      keys: ['pin$']\n      min_length: 4\n"
        "      min_entropy: 1.5\n      min_char_classes: 1\n",
        "custom.yaml");
    REQUIRE(rules);
    auto d = GenericDetector::create(*rules);
    REQUIRE(d);
    KeyedValue kv{"card.pin", "pin", {0, 4}, "8305"};
    CHECK(d->judge(kv) == GenericVerdict::none);
    kv.key = "password";
    CHECK(d->judge(kv) == GenericVerdict::not_secret_key);
}

TEST_CASE("generic: the keyword prefilter", "[generic]") {
    CHECK(detector().wants("db.yaml", "db:\n  PASSWORD: x8Kq!zP2w\n"));
    CHECK(detector().wants("app.js", "const apiKey = 'kQ82!xZp0aLm'"));
    CHECK(detector().wants("deploy.yaml", "- name: DB_PASSWORD\n  value: Zx81!qwPq\n"));  // next line
    CHECK_FALSE(detector().wants("db.yaml", "db:\n  PASSWORD: x\n"));             // too short to report
    CHECK_FALSE(detector().wants("app.js", "const apiKey = getApiKey(userId)"));    // no literal in code
    CHECK_FALSE(detector().wants("App.java", "throw new TokenException(\"Invalid token given\");"));  // prose
    CHECK_FALSE(detector().wants("a.py", "if x:\n    pass\n"));
    CHECK_FALSE(detector().wants("k8s.yaml", "name: web\nreplicas: 3\n"));
}

TEST_CASE("generic: the prefilter reads keys, literals and embedded values", "[generic]") {
    // The keyword's word must be able to be a key: "author" and "passing" never are.
    CHECK_FALSE(detector().wants("a.java", "/** @author <a href=\"mailto:x9Kq2@ex.org\">X</a> */"));
    CHECK_FALSE(detector().wants("a.py", "# passing 'x9Kq!2zRv' along\n"));
    CHECK(detector().wants("a.py", "self.db_password = 'x9Kq!2zRv'\n"));  // a dotted tail is the key
    // A bare keyword is a key only as a tuple (auth=("user", "pw") gives auth[1]); otherwise it
    // can only start a command line.
    CHECK(detector().wants("a.py", "requests.get(url, auth=(\"bot\", \"Zx81!qwRv8\"))\n"));
    CHECK_FALSE(detector().wants("a.py", "Permission = apps.get_model('auth', 'Permission')\n"));
    CHECK_FALSE(detector().wants("a.py", "login=dict(type='str', default='Administrator')\n"));
    // A literal that is the value of no key under any judge(): dotted words, references, placeholders.
    CHECK_FALSE(detector().wants("a.py", "auth = 'django.contrib.auth'\n"));
    CHECK_FALSE(detector().wants("a.js", "const token = '${API_TOKEN}'\n"));
    CHECK_FALSE(detector().wants("a.py", "password = 'changeme'\n"));
    CHECK(detector().wants("a.py", "password = 'pa\\x73s9Kq!2'\n"));  // an escape: only a parse can tell
    // Quoted keys pair their quotes from the start of the line.
    CHECK(detector().wants("settings.py", "    'PASSWORD': 'x9Kq!2zPw',\n"));
    CHECK(detector().wants("settings.json", "  \"api_key\": \"SK7d391c37f26e12da4cad8c06d00ee8ed\",\n"));
    CHECK_FALSE(detector().wants("a.py", "x = 'x9Kq!2zRv'  # don't use it as a password\n"));  // a value before a key
    // A value embedded in a literal with spaces: DSN parameters and command lines.
    CHECK(detector().wants("main.go", "dsn := \"host=db user=app password=oG2gXtlL!q2E1 dbname=app\"\n"));
    CHECK(detector().wants("ci.py", "run(\"mysql -u root -pZx81!qwPq db\")\n"));
    CHECK_FALSE(detector().wants("a.py", "help='Specifies the login for the superuser.'\n"));
    // A literal left open continues past the lines read (triple quotes, template literals).
    CHECK(detector().wants("a.py", "SIGNING_KEY = \"\"\"\nMIIEvQIBADANBgkq\n\"\"\"\n"));
    // Config formats: after ':' or '=', a key with a space for separator, a command line.
    CHECK(detector().wants("app.properties", "db.password s3cr3tV4lue!\n"));
    CHECK(detector().wants("ci.yml", "run: docker login -u bot -p Zx81!qwPq8 registry\n"));
    CHECK_FALSE(detector().wants("ci.yml", "description: If no token is given, reads the token from a file.\n"));
}

TEST_CASE("generic: the prefilter never hides a detection", "[generic][corpus]") {
    // wants() may let through what detect() rejects, never the reverse: every file of the corpus
    // and of the key-path fixtures that has a generic detection must pass the prefilter.
    std::size_t checked = 0;
    for (const fs::path& root : {corpus_dir(), fs::path(HUSH_FIXTURES_DIR) / "syntax"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (!entry.is_regular_file()) continue;
            std::string path = entry.path().generic_string();
            std::string text = test::read_file(entry.path());
            auto detections = detector().detect(extract_syntax(path, text).values);
            if (detections.empty()) continue;
            INFO(path);
            CHECK(detector().wants(path, text));
            ++checked;
        }
    }
    CHECK(checked >= 15);
    auto rules = parse_generic_rules("generic:\n  kinds:\n    - kind: a\n      keys: [x]\n", "g.yaml");
    REQUIRE(rules);
    auto open = GenericDetector::create(*rules);
    REQUIRE(open);
    CHECK(open->wants("any.txt", "anything"));
}

TEST_CASE("generic: key normalisation", "[generic]") {
    CHECK(normalize_key("apiKey") == "api_key");
    CHECK(normalize_key("db.password") == "db_password");
    CHECK(normalize_key("SMTP_PASSWORD") == "smtp_password");
    CHECK(normalize_key("passwordEnv") == "password_env");
    CHECK(normalize_key("ClientSecret") == "client_secret");
    CHECK(normalize_key("HTTPSProxy") == "https_proxy");
    CHECK(normalize_key("auth[1]") == "auth[1]");
    CHECK(normalize_key("x-api-key") == "x_api_key");
}

TEST_CASE("generic: a detection carries rule, key path, span and entropy", "[generic]") {
    std::string text = "spring:\n  datasource:\n    password: Zq7!mT2#kW9v\n    username: app\n";
    auto values = extract_keyed_values("application.yml", text);
    auto found = detector().detect(values);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "generic_password");
    CHECK(found[0].rule_id == "generic-password");
    CHECK(found[0].rule_name == "Generic password");
    CHECK(found[0].severity == Severity::high);
    CHECK(found[0].key_path == "spring.datasource.password");
    CHECK(found[0].span.of(text) == "Zq7!mT2#kW9v");
    CHECK(found[0].entropy == Approx(shannon_entropy("Zq7!mT2#kW9v")));
}

TEST_CASE("generic: kinds by key", "[generic]") {
    CHECK(kind_of("DB_PASSWORD", "Tr0ub4dor&3x") == "generic_password");
    CHECK(kind_of("auth[1]", "Tr0ub4dor&3x") == "generic_password");
    CHECK(kind_of("SECRET_KEY", "q8Zr!2mKe0xLwT4v") == "generic_secret");
    CHECK(kind_of("clientSecret", "q8Zr2mKe0xLwT4vP") == "generic_secret");
    CHECK(kind_of("apiKey", "b1946ac92492d2347c6235b4d2611184") == "generic_api_key");
    CHECK(kind_of("access_token", "Zm9vYmFyYmF6cXV4MTIzNDU2") == "generic_api_key");
    CHECK(kind_of("username", "Tr0ub4dor&3x").empty());
    CHECK(kind_of("description", "q8Zr!2mKe0xLwT4v").empty());
}

TEST_CASE("generic: what is not a secret", "[generic]") {
    // key patterns are anchored at the end, so most descriptive keys never match a kind
    for (const char* key : {"password_hash", "PASSWORD_FIELD", "token_url", "passwordEnv", "secret_file",
                            "password_min_length", "password_policy", "api_key_header", "secret_name"})
        CHECK(verdict(key, "Tr0ub4dor&3xQ!9z") != GenericVerdict::none);
    CHECK(verdict("is_password", "Tr0ub4dor&3x") == GenericVerdict::excluded_key);
    CHECK(verdict("showPassword", "Tr0ub4dor&3x") == GenericVerdict::excluded_key);
    CHECK(verdict("password", "x{y}z", false) == GenericVerdict::not_literal);
    CHECK(verdict("password", "a1!") == GenericVerdict::too_short);
    CHECK(verdict("password", "$<secret.DB_PASSWORD>") == GenericVerdict::reference);
    CHECK(verdict("password", "${DB_PASSWORD}") == GenericVerdict::reference);
    CHECK(verdict("password", "${{ secrets.DB }}") == GenericVerdict::reference);
    CHECK(verdict("password", "$DB_PASSWORD") == GenericVerdict::reference);
    CHECK(verdict("password", "{{ .Values.password }}") == GenericVerdict::reference);
    CHECK(verdict("password", "%(db_password)s") == GenericVerdict::reference);
    CHECK(verdict("api_key", "os.environ['API_KEY']") == GenericVerdict::reference);
    CHECK(verdict("api_key", "process.env.API_KEY_VALUE") == GenericVerdict::reference);
    CHECK(verdict("password", "changeme") == GenericVerdict::placeholder);
    CHECK(verdict("password", "<your-password>") == GenericVerdict::placeholder);
    CHECK(verdict("api_key", "your-api-key-goes-here") == GenericVerdict::placeholder);
    CHECK(verdict("password", "********") == GenericVerdict::placeholder);
    CHECK(verdict("api_key", "xxxxxxxxxxxxxxxxxxxxxxxx") == GenericVerdict::placeholder);
    CHECK(verdict("password", "12345678") == GenericVerdict::placeholder);
    CHECK(verdict("secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == GenericVerdict::placeholder);
    CHECK(verdict("secret", "true") != GenericVerdict::none);
    CHECK(verdict("password", "disabled") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "20240101") == GenericVerdict::excluded_value);
    CHECK(verdict("api_key", "https://api.service.io/v1/keys") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "./secrets/db.txt") == GenericVerdict::excluded_value);
    CHECK(verdict("api_key", "1a1b0831-002e-e66e-429e-e5b7ae2ec51c") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "django.contrib.auth") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "Enter your password") == GenericVerdict::placeholder);
    CHECK(verdict("password", "Please type it in twice") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "passwordField") == GenericVerdict::placeholder);
    CHECK(verdict("password", "loginFormField") == GenericVerdict::excluded_value);
    CHECK(verdict("password", "X-Api-Key") == GenericVerdict::excluded_value);
    CHECK(verdict("secret", "sha512-eQOF0eYz36upwYkvAN6elERMCZJwBM33VV0HmMeaeDgq") == GenericVerdict::excluded_value);
    CHECK(verdict("sha256_api_key", "b1946ac92492d2347c6235b4d2611184") == GenericVerdict::digest);
    CHECK(verdict("password", "aAaAbBbB1") == GenericVerdict::low_entropy);
    CHECK(verdict("secret", "abcdefghijklmnop") == GenericVerdict::placeholder);
    CHECK(verdict("secret", "qwmnbvzxlkjhgfdsa") == GenericVerdict::excluded_value);
    CHECK(verdict("api_key", "qwmnbvzxlkjhgfdsapoiu7") == GenericVerdict::none);
    // seen in real code: stand-ins, format fields, member paths, sentences, markup
    CHECK(verdict("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY_value") == GenericVerdict::placeholder);
    CHECK(verdict("SESSION_TOKEN", "awsimdsv2sessiontoken") == GenericVerdict::placeholder);
    CHECK(verdict("SECRET_KEY", "AWSSecretKey") == GenericVerdict::placeholder);
    CHECK(verdict("seedPhraseSecret", "{__relative_name__}") == GenericVerdict::reference);
    CHECK(verdict("access_token", "auth-request-type/at") == GenericVerdict::excluded_value);
    CHECK(verdict("auth_token", "httpTarget.oidcToken.serviceAccountEmail") == GenericVerdict::excluded_value);
    CHECK(verdict("api_secret", "The name of the secret in Secret Manager.") == GenericVerdict::excluded_value);
    CHECK(verdict("secret", "$Base32String</code>") == GenericVerdict::excluded_value);
    CHECK(verdict("access_token", "httpTarget.oidcToken.audience,httpTarget.oauthToken.scope") == GenericVerdict::excluded_value);
    CHECK(verdict("gs_secret_access_key", "CLOUDSDK_STORAGE_GS_XML_SECRET_value") == GenericVerdict::excluded_value);
    for (const char* weak : {"Password01", "p4ssw0rd", "P4ssword", "abc123", "test1234"})
        CHECK(verdict("password", weak) == GenericVerdict::placeholder);
    CHECK(verdict("api_key", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl") == GenericVerdict::none);
}

namespace {

struct Label {
    std::string file;
    std::uint32_t line;
    std::string kind;
};

std::vector<Label> corpus_labels() {
    auto labels = nlohmann::json::parse(test::read_file(corpus_dir() / "labels.json"));
    std::vector<Label> out;
    for (const auto& p : labels["positives"])
        out.push_back({p["file"].get<std::string>(), p["line"].get<std::uint32_t>(), p["kind"].get<std::string>()});
    return out;
}

struct Detected {
    std::uint32_t line;
    std::string kind;
};

std::vector<Detected> detect_file(const fs::path& file, const std::string& relative) {
    std::string text = test::read_file(file);
    auto values = extract_keyed_values(relative, text);
    LineIndex index(text);
    std::vector<Detected> out;
    for (const auto& d : detector().detect(values)) out.push_back({index.at(d.span.begin).line, d.kind});
    return out;
}

}  // namespace

TEST_CASE("generic: no detection in any negative of the corpus", "[generic][corpus]") {
    fs::path root = corpus_dir() / "negatives";
    REQUIRE(fs::is_directory(root));
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        ++files;
        std::string relative = fs::relative(entry.path(), root).generic_string();
        auto found = detect_file(entry.path(), relative);
        INFO(relative);
        for (const auto& d : found) INFO("line " << d.line << " " << d.kind);
        CHECK(found.empty());
    }
    CHECK(files >= 14);
}

TEST_CASE("generic: the generic labels of the corpus are found with their kind", "[generic][corpus]") {
    fs::path root = corpus_dir();
    auto labels = corpus_labels();
    std::map<std::string, std::vector<Detected>> by_file;
    std::size_t generic_labels = 0;
    for (const auto& label : labels) {
        if (!label.kind.starts_with("generic_")) continue;
        ++generic_labels;
        if (!by_file.contains(label.file)) by_file[label.file] = detect_file(root / label.file, label.file);
        const auto& found = by_file[label.file];
        bool hit = std::any_of(found.begin(), found.end(), [&](const Detected& d) {
            return d.line == label.line && d.kind == label.kind;
        });
        INFO(label.file << ":" << label.line << " " << label.kind);
        CHECK(hit);
    }
    CHECK(generic_labels == 14);
}

TEST_CASE("generic: detections in positive files sit on labelled lines", "[generic][corpus]") {
    // A generic detection may coincide with a provider label (the scanner keeps the provider
    // finding); anywhere else it would be a false positive.
    fs::path root = corpus_dir();
    std::set<std::pair<std::string, std::uint32_t>> labelled;
    for (const auto& label : corpus_labels()) labelled.insert({label.file, label.line});
    for (const auto& entry : fs::recursive_directory_iterator(root / "positives")) {
        if (!entry.is_regular_file()) continue;
        std::string relative = fs::relative(entry.path(), root).generic_string();
        for (const auto& d : detect_file(entry.path(), relative)) {
            INFO(relative << ":" << d.line << " " << d.kind);
            CHECK(labelled.contains({relative, d.line}));
        }
    }
}
