"""What every benchmark of this folder does with its rows: one JSON line per row as it
is measured, then all rows to a JSON file and a Markdown table to stdout."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

Rows = list[dict[str, Any]]


def last_json_line(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a measuring child process; its last line of output is its JSON result."""
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed: {done.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def emit(rows: Rows, row: dict[str, Any]) -> None:
    rows.append(row)
    print(json.dumps(row), flush=True)


def finish(rows: Rows, path: Path, table: Callable[[Rows], str]) -> None:
    path.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))


def alternating(
    trees: dict[str, str], runs: int, command: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """``command`` in ``runs`` fresh processes per tree (``PYTHONPATH`` naming the tree's
    src folder), the trees taking turns and the order flipped every round, so that load
    hits each alike; each process's JSON result, by tree."""
    import os

    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for i in range(runs):
        for name in trees if i % 2 == 0 else reversed(trees):
            results[name].append(last_json_line(command, {**os.environ, "PYTHONPATH": trees[name]}))
    return results
