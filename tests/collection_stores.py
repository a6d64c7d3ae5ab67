"""A mixed collection for the many-store tests: valid and invalid stores of 0.4, 0.5 and 0.6,
one that cannot be read, one served over HTTP and one whose server never answers.

`build` writes the local stores under a folder and says what each must come out as;
`silent_server` is a TCP listener on 127.0.0.1 that accepts connections into its backlog
and never answers: a store that hangs.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .stores import StoreSpec


def broken_image(version: str) -> StoreSpec:
    """An image whose second axis repeats the name of the third (an error)."""
    spec = StoreSpec(version)
    spec.image(axes="cyx")
    ome = spec.ome("")
    multiscale = ome["multiscales"][0]
    axes = multiscale["coordinateSystems"][0]["axes"] if spec.v06 else multiscale["axes"]
    axes[1] = {**axes[1], "name": "x"}  # a new dict: the builder shares its axis dicts
    return spec


def broken_plate(version: str) -> StoreSpec:
    """A 2 x 3 plate whose field A/2/0 repeats an axis name: one well has errors."""
    spec = StoreSpec(version)
    spec.plate(rows=2, columns=3, fields=2)
    axes = spec.ome("A/2/0")["multiscales"][0]["axes"]
    axes[1] = {**axes[1], "name": "x"}
    return spec


def build(root: Path) -> dict[str, str]:
    """Write the local stores under ``root``; {path: expected status}."""
    expected: dict[str, str] = {}
    for version in ("0.4", "0.5", "0.6.dev4"):
        tag = version.replace(".", "")
        spec = StoreSpec(version)
        spec.image(labels=["cells"])
        expected[str(spec.write(root / f"image_{tag}.zarr"))] = "valid"
        expected[str(broken_image(version).write(root / f"broken_{tag}.zarr"))] = "invalid"
    plate = StoreSpec("0.5")
    plate.plate(rows=2, columns=3, fields=2)
    expected[str(plate.write(root / "plates" / "plate_05.zarr"))] = "valid"
    expected[str(broken_plate("0.4").write(root / "plates" / "plate_04.zarr"))] = "invalid"
    unreadable = root / "unreadable.zarr"
    unreadable.mkdir()
    os.mkfifo(unreadable / "zarr.json")  # refused before it is opened: nothing to validate
    expected[str(unreadable)] = "not-validated"
    return expected


@contextmanager
def silent_server() -> Iterator[str]:
    """The base URL of a server that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        host, port = listener.getsockname()[:2]
        yield f"http://{host}:{port}"
