#pragma once
// The process exit codes of every hush command. Stable: CI scripts depend on them.
namespace hush {

enum ExitCode : int {
    exit_ok = 0,        // success; nothing found
    exit_findings = 1,  // findings (scan), a failed check (check, rules test, audit verify), a refused delete
    exit_error = 2,     // usage, configuration or input error
};

}  // namespace hush
