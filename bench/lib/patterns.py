#!/usr/bin/env python3
"""Print the `pattern:` of every rule in rules/*.yaml, one per line: the stand-in for
`hush rules export --patterns` while that command does not exist.

  patterns.py RULES_DIR            RE2 patterns as written
  patterns.py --for-rg FILE        the same patterns made acceptable to `rg -f`: named groups become
                                   plain groups (rg joins the lines with '|', and a name may appear
                                   only once) and each line is wrapped in (?:...) so that an inline
                                   flag such as (?i) stays inside its own pattern
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

NAMED_GROUP = re.compile(r"\(\?P?<[A-Za-z_][A-Za-z0-9_]*>")
PLAIN_PATTERN = re.compile(r"""^\s*-?\s*pattern:\s*(?P<value>.+?)\s*$""")


def unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].encode().decode("unicode_escape")
    return value


def rule_patterns(rules_dir: Path) -> list[str]:
    patterns: list[str] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            import yaml  # python3-yaml, when present, reads every YAML form
            document = yaml.safe_load(path.read_text()) or {}
            patterns += [r["pattern"] for r in document.get("rules", []) if isinstance(r, dict) and r.get("pattern")]
        except ImportError:  # single-line forms only
            for line in path.read_text().splitlines():
                match = PLAIN_PATTERN.match(line)
                if match:
                    patterns.append(unquote(match.group("value")))
    return [p for p in patterns if "\n" not in p]


def for_rg(pattern: str) -> str:
    return f"(?:{NAMED_GROUP.sub('(', pattern)})"


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--for-rg":
        for line in Path(argv[2]).read_text().splitlines():
            if line.strip():
                print(for_rg(line))
        return 0
    if len(argv) == 2:
        for pattern in rule_patterns(Path(argv[1])):
            print(pattern)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
