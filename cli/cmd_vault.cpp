// hush vault: create the vault, manage identities and recipients, rotate the data key.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "command.hpp"
#include "vault_support.hpp"

namespace hush::cli {

namespace {

namespace fs = std::filesystem;

bool flag(const po::variables_map& vm, const char* key) { return vm.count(key) && vm[key].as<bool>(); }

void say(const Invocation& inv, const std::string& text) {
    if (inv.global.verbosity >= 0) inv.out << text << "\n";
}

// A new passphrase: HUSH_PASSPHRASE, else typed twice on the terminal.
Result<vault::SecretValue> new_passphrase(const vault::Unlock& unlock) {
    if (unlock.passphrase) return vault::SecretValue(unlock.passphrase->view());
    auto first = prompt_no_echo("New vault passphrase");
    if (!first) return fail(ErrorCode::usage, "a passphrase is needed: set HUSH_PASSPHRASE or run on a terminal");
    auto second = prompt_no_echo("Repeat the passphrase");
    if (!second || !second->equals(first->view())) return fail(ErrorCode::usage, "the passphrases differ");
    if (first->empty()) return fail(ErrorCode::usage, "the passphrase is empty");
    return std::move(*first);
}

int vault_init(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("passphrase", po::bool_switch(), "add a passphrase recipient (HUSH_PASSPHRASE or a prompt)")
        ("recipient", po::value<std::vector<std::string>>()->composing()->value_name("PUBKEY"),
         "add an X25519 recipient, hushpub-... (repeatable)")
        ("no-identity", po::bool_switch(), "do not add the current identity as a recipient");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush vault init [--passphrase] [--recipient PUBKEY]...",
                                  "Create the vault (default .hush/vault.yaml, 'vault:' in .hush.yaml). The current "
                                  "identity (HUSH_IDENTITY, HUSH_IDENTITY_FILE, ~/.config/hush/identity) is a recipient.")) {
        return *stop;
    }
    auto paths = vault_paths(inv);
    if (!paths) return report_error(inv, paths.error());
    auto unlock = load_unlock();
    if (!unlock) return report_error(inv, unlock.error());
    vault::InitOptions init;
    init.actor = unlock->actor;
    if (!flag(vm, "no-identity")) {
        for (const auto& identity : unlock->identities) init.recipients.push_back(identity.public_key);
    }
    if (vm.count("recipient")) {
        for (const auto& key : vm["recipient"].as<std::vector<std::string>>()) init.recipients.push_back(key);
    }
    if (flag(vm, "passphrase")) {
        auto passphrase = new_passphrase(*unlock);
        if (!passphrase) return report_error(inv, passphrase.error());
        init.passphrase = std::move(*passphrase);
    }
    if (init.recipients.empty() && !init.passphrase) {
        return report_error(inv, "no recipient: create an identity with 'hush vault identity new', or use --passphrase "
                                 "or --recipient PUBKEY");
    }
    std::size_t count = init.recipients.size() + (init.passphrase ? 1 : 0);
    if (auto ok = vault::Vault::create(*paths, std::move(init)); !ok) return report_error(inv, ok.error());
    say(inv, "created " + paths->vault.string() + " with " + std::to_string(count) + " recipient(s)");
    return exit_ok;
}

int identity_new(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()("output,o", po::value<std::string>()->value_name("FILE"),
                          "where to write the identity (default ~/.config/hush/identity)");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush vault identity new [--output FILE]",
                                  "Create an X25519 identity file (mode 0600) and print its public key, which you "
                                  "share: 'hush vault recipients add <key>'.")) {
        return *stop;
    }
    fs::path path = vm.count("output") ? fs::path(vm["output"].as<std::string>()) : vault::default_identity_path();
    if (path.empty()) return report_error(inv, "HOME is not set: use --output FILE");
    std::error_code ec;
    if (fs::exists(path, ec)) return report_error(inv, path.string() + ": already exists (not overwritten)");
    if (!path.parent_path().empty() && !fs::exists(path.parent_path(), ec)) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) return report_error(inv, path.parent_path().string() + ": cannot create: " + ec.message());
        fs::permissions(path.parent_path(), fs::perms::owner_all, ec);
    }
    auto identity = vault::generate_identity();
    if (!identity) return report_error(inv, identity.error());
    auto text = vault::identity_file_text(*identity);
    {
        // Created 0600 before the first byte is written: no window where others could read it.
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return report_error(inv, path.string() + ": cannot create: " + std::strerror(errno));
        bool ok = ::write(fd, text.view().data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!ok) return report_error(inv, path.string() + ": cannot write");
    }
    if (inv.global.verbosity >= 0) inv.err << "hush: wrote identity " << path.string() << " (keep it secret)\n";
    inv.out << identity->public_key << "\n";
    return exit_ok;
}

int identity_show(Invocation& inv) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush vault identity show",
                                  "Print the public key of the current identity.")) {
        return *stop;
    }
    auto unlock = vault::unlock_from_environment(nullptr);
    if (!unlock) return report_error(inv, unlock.error());
    if (unlock->identities.empty())
        return report_error(inv, "no identity (HUSH_IDENTITY, HUSH_IDENTITY_FILE or ~/.config/hush/identity); create one with 'hush vault identity new'");
    inv.out << unlock->identities.front().public_key << "\n";
    return exit_ok;
}

constexpr Action identity_actions[] = {
    {"new", "create an identity file and print its public key", identity_new},
    {"show", "print the current identity's public key", identity_show},
};

int vault_identity(Invocation& inv) {
    return dispatch(inv, identity_actions, "hush vault identity <new|show> [OPTIONS]", "Manage X25519 identities.");
}

int recipients_list(Invocation& inv) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush vault recipients list",
                                  "List who can open the vault (read without the key: unverified).")) {
        return *stop;
    }
    auto paths = vault_paths(inv);
    if (!paths) return report_error(inv, paths.error());
    auto recipients = vault::read_recipients_unverified(paths->vault);
    if (!recipients) return report_error(inv, recipients.error());
    for (const auto& recipient : *recipients) {
        if (recipient.type == vault::RecipientType::passphrase) inv.out << "passphrase (scrypt, N=2^" << recipient.scrypt_log_n << ")\n";
        else inv.out << recipient.public_key << "\n";
    }
    return exit_ok;
}

int recipients_add(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()
        ("key", po::value<std::vector<std::string>>()->composing()->value_name("PUBKEY"), "public key (positional, repeatable)")
        ("passphrase", po::bool_switch(), "add (or replace) the passphrase recipient");
    po::positional_options_description positional;
    positional.add("key", -1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush vault recipients add PUBKEY... | --passphrase",
                                  "Let another identity (or a passphrase) open the vault.")) {
        return *stop;
    }
    std::vector<std::string> keys = vm.count("key") ? vm["key"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (keys.empty() && !flag(vm, "passphrase")) return report_error(inv, "missing PUBKEY (or --passphrase)");
    auto unlock = load_unlock();
    if (!unlock) return report_error(inv, unlock.error());
    auto paths = vault_paths(inv);
    if (!paths) return report_error(inv, paths.error());
    auto vault = vault::Vault::open_write(*paths, *unlock);
    if (!vault) return report_error(inv, vault.error());
    for (const auto& key : keys) {
        if (auto ok = vault->add_recipient(key); !ok) return report_error(inv, ok.error());
    }
    if (flag(vm, "passphrase")) {
        auto passphrase = new_passphrase(*unlock);
        if (!passphrase) return report_error(inv, passphrase.error());
        if (auto ok = vault->set_passphrase(std::move(*passphrase)); !ok) return report_error(inv, ok.error());
    }
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    say(inv, "recipients: " + std::to_string(vault->recipients().size()));
    return exit_ok;
}

int recipients_rm(Invocation& inv) {
    po::options_description options("Options");
    options.add_options()("key", po::value<std::string>()->value_name("PUBKEY"), "public key or 'passphrase' (positional)");
    po::positional_options_description positional;
    positional.add("key", 1);
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, positional, vm, "hush vault recipients rm PUBKEY|passphrase",
                                  "Remove a recipient. The data key is rotated and every value re-encrypted, so the "
                                  "removed key cannot open later versions of the file.")) {
        return *stop;
    }
    if (!vm.count("key")) return report_error(inv, "missing PUBKEY (or 'passphrase')");
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    if (auto ok = vault->remove_recipient(vm["key"].as<std::string>()); !ok) return report_error(inv, ok.error());
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    say(inv, "removed; data key rotated, " + std::to_string(vault->list().size()) + " secret(s) re-encrypted");
    return exit_ok;
}

constexpr Action recipient_actions[] = {
    {"list", "list recipients", recipients_list},
    {"add", "add a public key or a passphrase", recipients_add},
    {"rm", "remove a recipient and rotate the data key", recipients_rm},
};

int vault_recipients(Invocation& inv) {
    return dispatch(inv, recipient_actions, "hush vault recipients <list|add|rm> [OPTIONS]",
                    "Manage who can open the vault.");
}

int vault_rekey(Invocation& inv) {
    po::options_description options("Options");
    po::variables_map vm;
    if (auto stop = parse_options(inv, options, {}, vm, "hush vault rekey",
                                  "Rotate the data key: every value is re-encrypted and the key re-wrapped for every "
                                  "recipient (a passphrase recipient needs the passphrase).")) {
        return *stop;
    }
    auto vault = open_vault_for_write(inv);
    if (!vault) return report_error(inv, vault.error());
    if (auto ok = vault->rekey(); !ok) return report_error(inv, ok.error());
    if (int code = commit_or_report(inv, *vault); code != exit_ok) return code;
    say(inv, "data key rotated; " + std::to_string(vault->list().size()) + " secret(s) re-encrypted");
    return exit_ok;
}

constexpr Action vault_actions[] = {
    {"init", "create the vault", vault_init},
    {"identity", "create or show an X25519 identity", vault_identity},
    {"recipients", "list, add or remove recipients", vault_recipients},
    {"rekey", "rotate the data key and re-encrypt everything", vault_rekey},
};

}  // namespace

int run_vault(Invocation& inv) {
    return dispatch(inv, vault_actions, "hush vault <init|identity|recipients|rekey> [OPTIONS]",
                    "Create and administer the encrypted vault (.hush/vault.yaml).");
}

}  // namespace hush::cli
