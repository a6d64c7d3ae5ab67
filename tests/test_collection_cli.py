"""``validate`` on a collection from the command line: --from, --find, --results and resume.

The interrupted runs are real: the command runs in a subprocess that is sent SIGKILL or
SIGINT while a store is in flight, and the same command with the same results file
finishes the job.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ome_zarr_schemas.cli import main
from ome_zarr_schemas.collection import find_roots

from .collection_stores import broken_plate, build
from .http_server import Faults, serve
from .stores import StoreSpec
from .test_store_s3 import PUBLIC, S3, s3  # noqa: F401 (the fixture: moto on 127.0.0.1)


def _stores(root: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        spec = StoreSpec("0.5" if n % 2 else "0.4")
        spec.image()
        paths.append(str(spec.write(root / f"s{n:02d}.zarr")))
    return paths


def test_from_file_and_stdin_and_find_make_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = build(tmp_path / "archive")
    listed = _stores(tmp_path / "listed", 2)
    (tmp_path / "list.txt").write_text(f"# stores\n{listed[0]}\n\n  {listed[0]}\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{listed[1]}\n"))
    code = main(
        [
            "validate",
            "--jobs",
            "2",
            "--from",
            str(tmp_path / "list.txt"),
            "--find",
            str(tmp_path / "archive"),
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr()
    records = [json.loads(line) for line in out.out.splitlines()]
    assert {r["target"]: r["status"] for r in records} == {**expected, listed[0]: "valid"}
    assert code == 2  # one store could not be validated
    assert "10 store(s): 5 valid, 4 invalid, 1 not validated" in out.err
    code = main(["validate", "--from", "-", "--jobs", "1"])
    assert code == 0
    # one store: the report ``validate`` prints for one target
    assert capsys.readouterr().out.startswith(f"{listed[1]}: valid (OME-Zarr 0.5, image)\n")


def test_list_prints_the_roots_found_and_validates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = build(tmp_path / "archive")
    assert main(["validate", "--find", str(tmp_path / "archive"), "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == sorted(expected)
    (tmp_path / "stores.txt").write_text("\n".join(listed) + "\n")
    assert main(["validate", "--from", str(tmp_path / "stores.txt"), "--jobs", "2"]) == 2
    assert capsys.readouterr().out.count("\n") == len(expected) + 1  # a line each, a summary


def test_no_target_at_all_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--jobs", "2"])
    assert exc.value.code == 2
    assert "TARGET" in capsys.readouterr().err


def test_an_unreadable_list_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--from", str(tmp_path / "none.txt")]) == 2
    assert "cannot read the list" in capsys.readouterr().err


def test_a_search_that_finds_nothing_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--find", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no OME-Zarr root found below" in err and "no target to validate" in err


def _lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    text = path.read_text()
    return [json.loads(line) for line in text.splitlines() if line]


def _default_sigint() -> None:
    """A test run started in the background (a shell without job control, as CI may be)
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt: the CLI
    under test gets the default disposition, as in a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_resumes_from_its_results_file(tmp_path: Path, how: int) -> None:
    stores = _stores(tmp_path, 6)
    slow = StoreSpec("0.5")
    slow.image()
    slow.write(tmp_path / "slow.zarr")
    results = tmp_path / "results.jsonl"
    with serve(tmp_path / "slow.zarr", Faults(delay={"zarr.json": 3.0})) as (url, _):
        targets = [*stores[:2], url, *stores[2:]]
        (tmp_path / "list.txt").write_text("\n".join(targets) + "\n")
        command = [
            sys.executable,
            "-m",
            "ome_zarr_schemas",
            "validate",
            "--jobs",
            "1",
            "--from",
            str(tmp_path / "list.txt"),
            "--results",
            str(results),
        ]
        first = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_default_sigint,
        )
        deadline = time.monotonic() + 60
        while len(_lines(results)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(how)  # the slow store is in flight
        out, _ = first.communicate(timeout=60)
        recorded = _lines(results)  # every line parses: the file is valid JSON Lines
        assert [r["target"] for r in recorded] == stores[:2]
        if how == signal.SIGINT:
            assert first.returncode == 130
            assert "interrupted: run again with --results" in out
        second = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "(2 recorded by an earlier run, not validated again)" in second.stdout
    final = _lines(results)
    assert sorted(str(r["target"]) for r in final) == sorted(targets)  # each store once
    assert {r["status"] for r in final} == {"valid"}
    assert results.read_text().endswith("\n")


def test_not_validated_stores_are_tried_again(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    late = tmp_path / "late.zarr"
    assert main(["validate", "--results", str(results), str(late)]) == 2
    spec = StoreSpec("0.5")
    spec.image()
    spec.write(late)  # it is there now
    assert main(["validate", "--results", str(results), str(late)]) == 0
    assert [r["status"] for r in _lines(results)] == ["not-validated", "valid"]


def test_find_under_an_s3_prefix(
    s3: S3,  # noqa: F811 (the fixture imported above)
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Discovery and validation over S3 (moto's server on 127.0.0.1), read anonymously."""
    stores = {"archive/2024/a.zarr": broken_plate("0.4"), "archive/b.zarr": StoreSpec("0.5")}
    stores["archive/b.zarr"].image(labels=["cells"])
    for prefix, spec in stores.items():
        for key, doc in spec.docs.items():
            body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
            s3.client.put_object(Bucket=PUBLIC, Key=f"{prefix}/{key}", Body=body, ACL="public-read")
    where = f"s3://{PUBLIC}/archive"
    found = list(find_roots(where, storage_options={**s3.options, "anon": True}))
    assert found == [f"{where}/2024/a.zarr", f"{where}/b.zarr"]
    argv = ["validate", "--find", where, "--anonymous", "--endpoint-url", s3.endpoint]
    assert main([*argv, "--jobs", "1", "--format", "json"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["target"]: r["status"] for r in records} == {
        f"{where}/2024/a.zarr": "invalid",
        f"{where}/b.zarr": "valid",
    }
