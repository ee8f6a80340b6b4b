"""`make stats`: the shape of the code (issue 13's yardstick).

Prints, for pulse/, connectors/, pages/ and ui/ (and app/), the modules over 400 lines, the
functions over 40 lines, and the median function length. Exits 1 when a limit is exceeded, so
`make stats` can gate a change; `--report` only prints.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pulse", "connectors", "pages", "ui", "app")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
MAX_MEDIAN_FUNCTION = 10


def python_files() -> list[Path]:
    return sorted(
        path for name in PACKAGES if (ROOT / name).is_dir() for path in (ROOT / name).rglob("*.py")
    )


def function_lengths(tree: ast.AST) -> list[tuple[str, int]]:
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main(argv: list[str]) -> int:
    big: list[str] = []
    long_functions: list[str] = []
    lengths: list[int] = []
    files = python_files()
    for path in files:
        source = path.read_text(encoding="utf-8")
        relative = path.relative_to(ROOT)
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            big.append(f"{relative} ({lines})")
        for name, length in function_lengths(ast.parse(source)):
            lengths.append(length)
            if length > MAX_FUNCTION_LINES:
                long_functions.append(f"{relative}:{name} ({length})")
    median = statistics.median(lengths) if lengths else 0
    print(f"files: {len(files)}; functions: {len(lengths)}; median function: {median:g} lines")
    print(f"modules over {MAX_MODULE_LINES} lines: {len(big)}")
    for line in big:
        print(f"  {line}")
    print(f"functions over {MAX_FUNCTION_LINES} lines: {len(long_functions)}")
    for line in long_functions:
        print(f"  {line}")
    failed = bool(big or long_functions or median > MAX_MEDIAN_FUNCTION)
    return 1 if failed and "--report" not in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
