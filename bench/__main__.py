"""`python -m bench` lists the benchmark modules; `python -m bench NAME [ARGS…]` runs one."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.endswith("_bench"))
    if not argv or argv[0] in ("-h", "--help", "list"):
        print("benchmarks:", *names, sep="\n  ")
        return 0
    name = argv[0] if argv[0].endswith("_bench") else argv[0] + "_bench"
    if name not in names:
        print(f"no benchmark {argv[0]!r}; have: {', '.join(names)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.{name}")
    sys.argv = [f"bench/{name}.py", *argv[1:]]  # for mains that parse sys.argv
    takes_args = bool(inspect.signature(module.main).parameters)
    return int((module.main(argv[1:]) if takes_args else module.main()) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
