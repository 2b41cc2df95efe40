// The table of subcommands. Adding one: a cmd_<name>.cpp with run_<name>, and a row here.
#include "command.hpp"

namespace hush::cli {

int run_scan(Invocation& inv);
int run_migrate(Invocation& inv);
int run_vault(Invocation& inv);
int run_secret(Invocation& inv);
int run_refs(Invocation& inv);
int run_where(Invocation& inv);
int run_graph(Invocation& inv);
int run_check(Invocation& inv);
int run_inject(Invocation& inv);
int run_run(Invocation& inv);
int run_rules(Invocation& inv);
int run_baseline(Invocation& inv);
int run_audit(Invocation& inv);

std::span<const Command> commands() {
    static constexpr Command table[] = {
        {"scan", "find hardcoded secrets in files, stdin, the index, a diff or history", run_scan},
        {"migrate", "move hardcoded secrets into the vault and replace them with references", run_migrate},
        {"vault", "create the vault, manage identities and recipients", run_vault},
        {"secret", "add, change, inspect and delete vault secrets", run_secret},
        {"refs", "list every $<secret.NAME> reference", run_refs},
        {"where", "show where one secret is used", run_where},
        {"graph", "draw the usage graph: secrets, consumers, files", run_graph},
        {"check", "verify that every reference resolves to a usable secret", run_check},
        {"inject", "render a template with secret values", run_inject},
        {"run", "run a command with secrets in its environment", run_run},
        {"rules", "list, test and export detection rules", run_rules},
        {"baseline", "create or update a baseline of accepted findings", run_baseline},
        {"audit", "read and verify the audit log", run_audit},
    };
    return table;
}

}  // namespace hush::cli
