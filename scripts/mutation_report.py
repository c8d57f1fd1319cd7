"""Per-module score of the last `mutmut run`, read from the results it leaves in mutants/.

Killed counts kills and timeouts (a mutant that loops is caught too); every other mutant (survived, no test)
counts against the score. Exits non-zero below the target, so that `make mutation` says when tests stopped biting.
"""

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

TARGET = 90.0
CAUGHT = {1, 3, 24, 36, 152, 255, -24}  # mutmut's exit codes for "killed" and "timeout"


def main() -> int:
    modules = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    killed_all = total_all = 0
    survivors: list[str] = []
    print(f"{'module':<36} {'killed':>7} {'total':>6} {'score':>7}")
    for module in modules:
        meta = Path("mutants") / f"{module}.meta"
        if not meta.exists():
            print(f"{module:<36} not mutated (no mutants/{module}.meta)")
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        outcome = Counter("killed" if code in CAUGHT else "not_killed" for code in codes.values())
        survivors += sorted(key for key, code in codes.items() if code not in CAUGHT)
        killed, total = outcome["killed"], len(codes)
        killed_all += killed
        total_all += total
        print(f"{module:<36} {killed:>7} {total:>6} {100 * killed / max(total, 1):>6.1f} %")
    score = 100 * killed_all / max(total_all, 1)
    print(f"{'overall':<36} {killed_all:>7} {total_all:>6} {score:>6.1f} %")
    if survivors:
        print("\nNot killed (`.venv/bin/mutmut show NAME` shows the change; docs/mutation.md says why each may live):")
        for name in survivors:
            print(f"  {name}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
