"""Builders and a capped runner for the hostile-store suite (tests/test_hostile.py).

The stores are written file by file here, not through the shared store builder, so the
suite keeps testing the same bytes while the package and its test helpers are reorganised:
an attack is a precise file layout (a symlink, a FIFO, a duplicate key), and the suite
only talks to the stable outside (the command line and the top-level API).

`run` starts the command line (or a Python snippet) in a subprocess under a memory cap
(RLIMIT_AS) and a timeout, because on a reader without caps some of these stores grow
until the kernel kills the machine's biggest process, or block forever. Under strace it
also records every file the subprocess opened, by the real path the kernel reports, so a
test can check that nothing outside the target root was read: a read refused at the
confinement point never opens the file (or fails to), a followed symlink shows up as the
outside file.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ome_zarr_schemas

MIB = 1 << 20
GIB = 1 << 30
MEM_CAP = 3 * GIB // 2  # address space of one subprocess: numpy, zarr and a 64 MiB document fit
SRC = Path(ome_zarr_schemas.__file__).resolve().parent.parent  # the tree under test
STRACE = shutil.which("strace")
SECRET = "SECRET-OUTSIDE-THE-TARGET"  # content of every outside file, to spot it in reports

AXES = {
    "y": {"name": "y", "type": "space", "unit": "micrometer"},
    "x": {"name": "x", "type": "space", "unit": "micrometer"},
}

# --- documents


def write(path: Path, doc: Any) -> Path:
    """Write JSON data, or raw text/bytes for a document that is deliberately not clean JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(doc, bytes):
        path.write_bytes(doc)
    elif isinstance(doc, str):
        path.write_text(doc, encoding="utf-8")
    else:
        path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def array_v3(
    shape: Sequence[int], dtype: str = "uint16", chunks: Sequence[int] | None = None
) -> dict[str, Any]:
    return {
        "zarr_format": 3,
        "node_type": "array",
        "shape": list(shape),
        "data_type": dtype,
        "chunk_grid": {
            "name": "regular",
            "configuration": {"chunk_shape": list(chunks or [min(s, 256) or 1 for s in shape])},
        },
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
        "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
        "fill_value": 0,
        "attributes": {},
    }


def array_v2(shape: Sequence[int]) -> dict[str, Any]:
    return {
        "zarr_format": 2,
        "shape": list(shape),
        "chunks": [min(s, 256) or 1 for s in shape],
        "dtype": "<u2",
        "compressor": None,
        "fill_value": 0,
        "order": "C",
        "filters": None,
        "dimension_separator": "/",
    }


def group_v3(ome: dict[str, Any] | None = None, version: str = "0.5") -> dict[str, Any]:
    attributes = {"ome": {"version": version, **ome}} if ome is not None else {}
    return {"zarr_format": 3, "node_type": "group", "attributes": attributes}


def multiscale(levels: int, *, v06: bool = False, name: str = "image") -> dict[str, Any]:
    """A 2-D (y, x) multiscale block whose levels are the arrays "0", "1", ..."""
    datasets = []
    for level in range(levels):
        transform: dict[str, Any] = {"type": "scale", "scale": [2.0**level, 2.0**level]}
        if v06:
            transform["input"] = {"path": str(level)}
            transform["output"] = {"name": "intrinsic"}
        datasets.append({"path": str(level), "coordinateTransformations": [transform]})
    block: dict[str, Any] = {"name": name, "type": "mean", "metadata": {"by": "hostile suite"}}
    if v06:
        block["coordinateSystems"] = [{"name": "intrinsic", "axes": [AXES["y"], AXES["x"]]}]
    else:
        block["axes"] = [AXES["y"], AXES["x"]]
    block["datasets"] = datasets
    return block


def image05(root: Path, levels: int = 2, *, version: str = "0.5") -> Path:
    """A valid 2-D image (0.5, or 0.6rc0 with ``version``) at ``root``."""
    v06 = version.startswith("0.6")
    block = multiscale(levels, v06=v06, name=root.name)
    write(root / "zarr.json", group_v3({"multiscales": [block]}, version))
    for level in range(levels):
        doc = array_v3([64 >> level, 64 >> level])
        doc["dimension_names"] = ["y", "x"]
        write(root / str(level) / "zarr.json", doc)
    return root


def image04(root: Path, levels: int = 2, labels: Sequence[str] = ()) -> Path:
    """A valid 2-D 0.4 image (zarr v2), with label images ``labels``."""
    block = {**multiscale(levels, name=root.name), "version": "0.4"}
    write(root / ".zgroup", {"zarr_format": 2})
    write(root / ".zattrs", {"multiscales": [block]})
    for level in range(levels):
        write(root / str(level) / ".zarray", array_v2([64 >> level, 64 >> level]))
    if labels:
        write(root / "labels" / ".zgroup", {"zarr_format": 2})
        write(root / "labels" / ".zattrs", {"labels": list(labels)})
        for name in labels:
            image04(root / "labels" / name, levels)
            attrs = json.loads((root / "labels" / name / ".zattrs").read_text())
            attrs["image-label"] = {"version": "0.4", "colors": [{"label-value": 1}]}
            write(root / "labels" / name / ".zattrs", attrs)
    return root


def plate05(root: Path, rows: str = "AB") -> Path:
    """A valid 0.5 plate: one column, a well per row, one one-level field per well."""
    plate = {
        "name": "plate",
        "rows": [{"name": r} for r in rows],
        "columns": [{"name": "1"}],
        "wells": [{"path": f"{r}/1", "rowIndex": i, "columnIndex": 0} for i, r in enumerate(rows)],
        "field_count": 1,
    }
    write(root / "zarr.json", group_v3({"plate": plate}))
    for r in rows:
        write(root / r / "zarr.json", group_v3())
        write(root / r / "1" / "zarr.json", group_v3({"well": {"images": [{"path": "0"}]}}))
        image05(root / r / "1" / "0", levels=1)
    return root


SCENE_VERSION = "0.6rc0"


def scene06(
    root: Path,
    *,
    field_shape: Sequence[int] | None = None,
    field_chunks: Sequence[int] | None = None,
) -> Path:
    """A valid 0.6rc0 scene of two tiles: tile_0 by a translation, tile_1 by an affine
    stored in the (chunkless, so all-zero) array ``coordinateTransformations/tile_1``.

    With ``field_shape`` tile_0 is placed by a displacement field of that declared shape
    (vector axis first; no chunk is written, so it costs nothing on disk), in one chunk
    unless ``field_chunks`` gives the chunk shape.
    """
    world = {"name": "world", "axes": [AXES["y"], AXES["x"]]}
    first: dict[str, Any] = {"type": "translation", "translation": [0.0, 0.0]}
    if field_shape is not None:
        first = {"type": "displacements", "path": "coordinateTransformations/dfield"}
    transforms = [
        {**first, "input": {"path": "tile_0", "name": "intrinsic"}, "output": {"name": "world"}},
        {
            "type": "affine",
            "path": "coordinateTransformations/tile_1",
            "input": {"path": "tile_1", "name": "intrinsic"},
            "output": {"name": "world"},
        },
    ]
    scene = {"coordinateSystems": [world], "coordinateTransformations": transforms}
    write(root / "zarr.json", group_v3({"scene": scene}, SCENE_VERSION))
    write(root / "coordinateTransformations" / "zarr.json", group_v3())
    write(root / "coordinateTransformations" / "tile_1" / "zarr.json", array_v3([2, 3], "float64"))
    if field_shape is not None:
        dfield = root / "coordinateTransformations" / "dfield"
        system = {
            "name": "physical",
            "axes": [{"name": "c", "type": "displacement", "discrete": True}, AXES["y"], AXES["x"]],
        }
        level = {
            "path": "s0",
            "coordinateTransformations": [
                {
                    "type": "scale",
                    "scale": [1.0] * len(field_shape),
                    "input": {"path": "s0"},
                    "output": {"name": "physical"},
                }
            ],
        }
        ms = {
            "name": "dfield",
            "type": "mean",
            "metadata": {},
            "coordinateSystems": [system],
            "datasets": [level],
        }
        write(dfield / "zarr.json", group_v3({"multiscales": [ms]}, SCENE_VERSION))
        write(
            dfield / "s0" / "zarr.json",
            array_v3(field_shape, "float64", chunks=field_chunks or field_shape),
        )
    for tile in ("tile_0", "tile_1"):
        image05(root / tile, levels=1, version=SCENE_VERSION)
    return root


def attributes06(transform: dict[str, Any]) -> dict[str, Any]:
    """0.6rc0 image attributes whose multiscale maps "physical" to "world" by ``transform``."""
    block = multiscale(1, v06=True)
    block["coordinateSystems"] = [
        {"name": n, "axes": [AXES["y"], AXES["x"]]} for n in ("physical", "world")
    ]
    block["datasets"][0]["coordinateTransformations"][0]["output"]["name"] = "physical"
    first = {**transform, "input": {"name": "physical"}, "output": {"name": "world"}}
    block["coordinateTransformations"] = [first]
    return {"ome": {"version": SCENE_VERSION, "multiscales": [block]}}


def chain06(systems: int) -> dict[str, Any]:
    """0.6rc0 scene attributes: systems cs0 -> cs1 -> ... linked by identities."""
    names = [f"cs{i}" for i in range(systems)]
    scene = {
        "coordinateSystems": [{"name": n, "axes": [AXES["y"], AXES["x"]]} for n in names],
        "coordinateTransformations": [
            {"type": "identity", "input": {"name": a}, "output": {"name": b}}
            for a, b in itertools.pairwise(names)
        ],
    }
    return {"ome": {"version": SCENE_VERSION, "scene": scene}}


# --- running the command line under a cap


@dataclass
class Outcome:
    """One capped subprocess run: exit code (None when killed at the timeout), output,
    wall time, peak resident memory and, when traced, the real paths it opened."""

    code: int | None
    out: str
    err: str
    seconds: float
    peak_mib: float
    opened: list[str] = field(default_factory=list)

    @property
    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.out)
        return data

    def issues(self) -> list[dict[str, Any]]:
        return [i for t in self.report["targets"] for i in t["issues"]]

    def findings(self) -> set[tuple[str, str]]:
        return {(i["rule"], i["node"]) for i in self.issues()}

    def clean(self) -> bool:
        """Ended by itself, without a traceback or an internal error."""
        text = self.out + self.err
        return self.code is not None and "Traceback" not in text and "internal error" not in text

    def outside(self, root: Path, around: Path, also: Sequence[str] = ()) -> list[str]:
        """Files opened under ``around`` but not under the real ``root``, or in ``also``."""
        real_root, real_around = root.resolve(), around.resolve()
        return [
            p
            for p in self.opened
            if p in also
            or (Path(p).is_relative_to(real_around) and not Path(p).is_relative_to(real_root))
        ]


def validate_argv(target: str | Path, *options: str) -> list[str]:
    return [
        "-m",
        "ome_zarr_schemas",
        "validate",
        "--no-progress",
        "--format",
        "json",
        *options,
        str(target),
    ]


def run(
    argv: Sequence[str],
    *,
    timeout: float = 30.0,
    mem: int = MEM_CAP,
    trace: bool = False,
    where: str = "local",
) -> Outcome:
    """``python argv`` under RLIMIT_AS ``mem`` and a wall-clock ``timeout`` (then killed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(PYTHONPATH=str(SRC), NO_PROXY="127.0.0.1,localhost", PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, *argv]
    log = (
        Path(os.environ.get("TMPDIR", "/tmp"))
        / f"hostile-strace-{os.getpid()}-{time.monotonic_ns()}"
    )
    if trace and STRACE:
        strace = [STRACE, "-f", "-qq", "-y", "-xx", "-s", "65535", "-o", str(log)]
        command = [*strace, "-e", "trace=open,openat,openat2", *command]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    out_file, err_file = log.with_suffix(".out"), log.with_suffix(".err")
    start = time.monotonic()
    with out_file.open("wb") as out, err_file.open("wb") as err:
        proc = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=limit,
            start_new_session=True,
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                pid, status, usage = _stop(proc.pid)
                killed = True
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    outcome = Outcome(
        None if killed else proc.returncode,
        out_file.read_text(errors="replace"),
        err_file.read_text(errors="replace"),
        seconds,
        usage.ru_maxrss / 1024,
    )
    out_file.unlink()
    err_file.unlink()
    if trace and STRACE:
        outcome.opened = _opened(log.read_text(errors="replace"))
        log.unlink()
    _record(where, outcome)
    return outcome


def _stop(pid: int) -> tuple[int, int, resource.struct_rusage]:
    """End the session of the process started by `run`: SIGTERM first, so strace writes
    the open still blocked (a FIFO) to its log, then SIGKILL to everything left."""
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        done = os.wait4(pid, os.WNOHANG)
        if done[0]:
            break
        time.sleep(0.02)
    else:
        os.killpg(pid, signal.SIGKILL)
        done = os.wait4(pid, 0)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # a traced child left behind by strace
    return done


_HEX = r"((?:\\x[0-9a-f]{2})*)"
_DONE = re.compile(r"open(?:at2?)?\(.*\) = \d+<" + _HEX + ">")
# An open with no result: still blocked when the process ended (strace may add a marker).
_BLOCKED = re.compile(
    r"open(?:at2?)?\((?:\w+<" + _HEX + r">, )?\"" + _HEX + r"\", [A-Z_|]+(?: <unfinished \.\.\.>)?$"
)


def _text(hexed: str) -> str:
    return bytes.fromhex(hexed.replace("\\x", "")).decode(errors="replace")


def _opened(trace: str) -> list[str]:
    """Real paths of the files opened (the kernel's fd path), and of opens still blocked
    when the process ended (a FIFO): those are joined to their directory fd and resolved."""
    paths = []
    for line in trace.splitlines():
        if done := _DONE.search(line):
            paths.append(_text(done.group(1)))
        elif blocked := _BLOCKED.search(line):
            base, name = _text(blocked.group(1) or ""), _text(blocked.group(2))
            paths.append(str((Path(base) / name).resolve()))
    return paths


def _record(where: str, outcome: Outcome) -> None:
    """Append the run to $HOSTILE_TABLE (JSON lines) when set: the report's table."""
    table = os.environ.get("HOSTILE_TABLE")
    if not table:
        return
    case = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]
    row = {
        "case": case,
        "where": where,
        "code": outcome.code,
        "seconds": round(outcome.seconds, 2),
        "peak_mib": round(outcome.peak_mib),
    }
    with Path(table).open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
