"""One target, two callers, one answer: ``validate TARGET`` and `validate_many` (the local
pool, the path of ``--from``, ``--find``, ``--jobs``) must say the same things of a target.

They once had two copies of "read the target, then check it" that drifted apart (a store
of a collection lacked the plain-words hints, the missing-bucket message, read a named
pipe as a store); both now call `_read_check`. The table below is run through both:
each target's status, counts and findings (rule, severity, node, pointer, message) must
be equal, and each case names the words it must carry, so an agreement on a wrong
answer fails too. The stores are real (on disk, over a closed port on 127.0.0.1, in
moto's S3 server on 127.0.0.1); the pool runs real worker processes.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import _read_check as read_check
from ome_zarr_schemas import validate_many
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.collection.results import Options, validate_one

from .collection_stores import broken_image, broken_plate
from .http_server import free_port
from .stores import StoreSpec
from .test_store_s3 import BUCKET, S3, s3  # noqa: F401 (the fixture: moto on 127.0.0.1)

#: Where a case runs: on disk (and closed ports), S3 without credentials, moto's S3.
LOCAL, NO_CREDENTIALS, MOTO = "local", "no-credentials", "moto"


@dataclass(frozen=True)
class Case:
    name: str
    where: str
    make: Callable[[Path, Any], str]  # (a folder of its own, the S3 fixture or None) -> target
    status: str
    says: str = ""  # words some finding must carry (both callers)


def _image(version: str) -> Callable[[Path, Any], str]:
    def make(tmp: Path, _: Any) -> str:
        spec = StoreSpec(version)
        spec.image(labels=["cells"])
        return str(spec.write(tmp / "image.zarr"))

    return make


def _broken(version: str) -> Callable[[Path, Any], str]:
    return lambda tmp, _: str(broken_image(version).write(tmp / "broken.zarr"))


def _plate(tmp: Path, _: Any) -> str:
    return str(broken_plate("0.4").write(tmp / "plate.zarr"))


def _document(content: str) -> Callable[[Path, Any], str]:
    def make(tmp: Path, _: Any) -> str:
        (tmp / "attrs.json").write_text(content)
        return str(tmp / "attrs.json")

    return make


def _array(tmp: Path, _: Any) -> str:
    spec = StoreSpec("0.5")
    spec.image()
    return str(spec.write(tmp / "image.zarr") / "0")


def _fifo(tmp: Path, _: Any) -> str:
    os.mkfifo(tmp / "pipe")
    return str(tmp / "pipe")


def _link(to: str) -> Callable[[Path, Any], str]:
    def make(tmp: Path, _: Any) -> str:
        (tmp / "link").symlink_to(tmp / to)
        return str(tmp / "link")

    return make


def _empty(tmp: Path, _: Any) -> str:
    (tmp / "empty.zarr").mkdir()
    return str(tmp / "empty.zarr")


def _uploaded(spec: StoreSpec) -> Callable[[Path, Any], str]:
    return lambda _, bucket: str(bucket.upload(spec))


def _valid_05() -> StoreSpec:
    spec = StoreSpec("0.5")
    spec.image(labels=["cells"])
    return spec


VALID_05 = '{"ome": {"version": "0.5", "labels": ["cells"]}}'
INVALID_05 = '{"ome": {"version": "0.5", "labels": "cells"}}'

CASES = [
    *(Case(f"valid {v}", LOCAL, _image(v), "valid") for v in ("0.4", "0.5", "0.6.dev4", "0.6rc0")),
    *(
        Case(f"invalid {v}", LOCAL, _broken(v), "invalid", "duplicate axis name 'x'")
        for v in ("0.4", "0.5", "0.6.dev4", "0.6rc0")
    ),
    Case("invalid plate 0.4", LOCAL, _plate, "invalid", "duplicate axis name 'x'"),
    Case("valid document", LOCAL, _document(VALID_05), "valid"),
    Case("invalid document", LOCAL, _document(INVALID_05), "invalid", "labels"),
    Case("document not JSON", LOCAL, _document("{nope"), "invalid", "JSON"),
    Case(
        "missing path",
        LOCAL,
        lambda tmp, _: str(tmp / "nothing.zarr"),
        "not-validated",
        "no such file or folder",
    ),
    Case(
        "array path",
        LOCAL,
        _array,
        "invalid",
        "the target is a zarr array, not a group: validate the group that holds it",
    ),
    Case("named pipe", LOCAL, _fifo, "not-validated", "named pipe (FIFO)"),
    Case("dangling link", LOCAL, _link("nowhere"), "not-validated", "no such file or folder"),
    Case("link loop", LOCAL, _link("link"), "not-validated", "Too many levels of symbolic"),
    Case("folder without metadata", LOCAL, _empty, "not-validated", "no zarr metadata"),
    Case(
        "closed port",
        LOCAL,
        lambda *_: f"http://127.0.0.1:{free_port()}/plate.zarr",
        "not-validated",
        "cannot read the target: cannot connect to 127.0.0.1",
    ),
    Case(
        "unknown protocol",
        LOCAL,
        lambda *_: "nosuchproto://host/image.zarr",
        "not-validated",
        "cannot open it",
    ),
    Case(
        "s3 without credentials",
        NO_CREDENTIALS,
        lambda *_: "s3://bucket/image.zarr",
        "not-validated",
        "no AWS credentials were found; a public bucket is read without them: add --anonymous",
    ),
    Case("s3 valid", MOTO, _uploaded(_valid_05()), "valid"),
    Case("s3 invalid", MOTO, _uploaded(broken_image("0.5")), "invalid", "duplicate axis name"),
    Case(
        "s3 missing key",
        MOTO,
        lambda *_: f"s3://{BUCKET}/nothing.zarr",
        "not-validated",
        "no zarr metadata",
    ),
    Case(
        "s3 missing bucket",
        MOTO,
        lambda *_: "s3://no-such-bucket-here/image.zarr",
        "not-validated",
        "no bucket 'no-such-bucket-here'",
    ),
]


@contextmanager
def _environment(where: str) -> Iterator[None]:
    """No AWS credentials anywhere for ``NO_CREDENTIALS`` (the pool's workers copy the
    environment at their start, so the pool is started inside this too)."""
    with pytest.MonkeyPatch.context() as mp:
        if where == NO_CREDENTIALS:
            nowhere = str(Path(os.devnull) / "none")
            for name in (
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN",
                "AWS_PROFILE",
            ):
                mp.delenv(name, raising=False)
            mp.setenv("AWS_CONFIG_FILE", nowhere)
            mp.setenv("AWS_SHARED_CREDENTIALS_FILE", nowhere)
            mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield


@dataclass
class Run:
    """The targets of one place, the endpoint they need, and the pool's records of them."""

    targets: dict[str, str]  # case name -> target
    endpoint: str | None
    records: dict[str, dict[str, Any]]


def _pool_run(where: str, tmp: Path, fixture: Any, endpoint: str | None) -> Run:
    targets = {}
    for n, case in enumerate(c for c in CASES if c.where == where):
        folder = tmp / f"case{n}"
        folder.mkdir()
        targets[case.name] = case.make(folder, fixture)
    with _environment(where):
        results = validate_many(
            targets.values(),
            jobs=2,
            timeout=5,
            storage_options={"endpoint_url": endpoint} if endpoint else None,
        )
        records = {r.target: dict(r.record) for r in results}
    return Run(targets, endpoint, records)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _pool_run(LOCAL, tmp_path_factory.mktemp("local"), None, None)


@pytest.fixture(scope="module")
def no_credentials_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    endpoint = f"http://127.0.0.1:{free_port()}"  # botocore refuses before it connects
    return _pool_run(NO_CREDENTIALS, tmp_path_factory.mktemp("nocred"), None, endpoint)


@pytest.fixture(scope="module")
def moto_run(tmp_path_factory: pytest.TempPathFactory, s3: S3) -> Run:  # noqa: F811
    return _pool_run(MOTO, tmp_path_factory.mktemp("moto"), s3, s3.endpoint)


def _single(target: str, endpoint: str | None, *extra: str) -> tuple[int, dict[str, Any]]:
    """``validate --format json TARGET``, in this process."""
    argv = ["validate", "--format", "json", "--timeout", "5", "--no-progress", *extra]
    argv += ["--endpoint-url", endpoint] if endpoint else []
    out = io.StringIO()
    with redirect_stdout(out):
        code = main([*argv, target])
    (record,) = json.loads(out.getvalue())["targets"]
    return code, record


def _findings(record: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    return [
        (i["rule"], i["severity"], i["node"], i["pointer"], i["message"]) for i in record["issues"]
    ]


SHARED = ("status", "valid", "version", "kinds", "nodes", "errors", "warnings")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_target_and_a_collection_say_the_same(
    case: Case, request: pytest.FixtureRequest
) -> None:
    run: Run = request.getfixturevalue(f"{case.where.replace('-', '_')}_run")
    target = run.targets[case.name]
    with _environment(case.where):
        code, single = _single(target, run.endpoint)
    pooled = run.records[target]
    assert single["status"] == case.status
    assert code == {"valid": 0, "invalid": 1, "not-validated": 2}[case.status]
    assert {k: pooled[k] for k in SHARED} == {k: single[k] for k in SHARED}
    assert _findings(pooled) == _findings(single)
    messages = [f[-1] for f in _findings(single)]
    assert any(case.says in m for m in messages) if case.says else not single["errors"]
    assert pooled["error"] == (messages[0] if case.status == "not-validated" else None)


def test_s3_without_s3fs_is_the_same_hint_for_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """s3fs is installed here: its absence is the ImportError fsspec raises, made at the
    one place both callers open a store (in this process: a pool worker would not see it)."""

    def no_s3fs(*args: object, **kwargs: object) -> object:
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr(read_check, "open_store", no_s3fs)
    target = "s3://bucket/image.zarr"
    code, single = _single(target, None)
    record = validate_one(target, Options(anonymous=True)).record
    hint = "reading s3:// needs s3fs: pip install 'ome-zarr-schemas[s3]'"
    assert code == 2 and _findings(single)[0][-1] == hint
    assert _findings(dict(record)) == _findings(single)
    assert record["error"] == hint


def test_every_target_names_a_case_of_its_own() -> None:
    """The table's names are its test ids: one each, and every place has a case."""
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.where for c in CASES} == {LOCAL, NO_CREDENTIALS, MOTO}


def test_a_forced_version_is_forced_in_a_collection_run_too(tmp_path: Path) -> None:
    """``--ome-version`` on a JSON document: a collection run (``--jobs``) once ignored it
    and validated a 0.4 document as 0.4; it is 0.5's now, as for one target."""
    document = tmp_path / "v04.json"
    axes = [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
    scale = [{"type": "scale", "scale": [1, 1]}]
    multiscale = {"axes": axes, "datasets": [{"path": "0", "coordinateTransformations": scale}]}
    document.write_text(json.dumps({"multiscales": [{"version": "0.4", **multiscale}]}))
    code, single = _single(str(document), None, "--ome-version", "0.5")
    out = io.StringIO()
    with redirect_stdout(out):
        pooled_code = main(
            ["validate", "--format", "json", "--jobs", "1", "--ome-version", "0.5", str(document)]
        )
    (line,) = out.getvalue().splitlines()
    pooled = json.loads(line)
    assert (code, pooled_code) == (1, 1)
    assert [f[0] for f in _findings(single)] == ["ome.missing"]
    assert _findings(pooled) == _findings(single)
    assert {k: pooled[k] for k in SHARED} == {k: single[k] for k in SHARED}
