"""The command line on stores and URLs: golden reports, JSON checked against its schema,
real node counts, exit codes for valid, invalid, missing, unreachable and slow targets,
hostile store targets, the progress display, and `info`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ome_zarr_schemas import _read_check as read_check
from ome_zarr_schemas.cli import _main as cli
from ome_zarr_schemas.cli import _targets as targets
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.cli._demo import broken_document, write_broken_plate, write_valid_image

from . import http_server
from ._support import ROOT
from .http_server import Faults, free_port, serve
from .stores import StoreSpec

GOLDEN = Path(__file__).resolve().parent / "golden"
REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _quiet_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timed-out client hangs up on the test server, whose thread then prints a
    BrokenPipeError traceback into the captured stderr: that is not the CLI speaking."""
    monkeypatch.setattr(http_server._Server, "handle_error", lambda *args: None)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, err = run(["validate", "--format", "json", *argv], capsys)
    assert "Traceback" not in out + err
    payload = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA).validate(payload)
    return code, payload


def normalise(text: str, tmp: Path, url: str = "") -> str:
    text = text.replace(str(tmp), "<tmp>")
    if url:
        text = text.replace(url, "<url>")
    return re.sub(r" in \d+\.\d+s", " in <t>s", text)


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text("utf-8")


def v04_image_missing_level(tmp: Path) -> Path:
    spec = StoreSpec("0.4")
    spec.image(labels=("cells",))
    spec.drop("labels/cells/1")
    return spec.write(tmp / "v04.zarr")


# --- golden text


def test_golden_valid_and_broken_stores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    valid = write_valid_image(tmp_path / "valid.zarr")
    broken = write_broken_plate(tmp_path / "plate.zarr")
    code, out, _ = run(["validate", str(valid), str(broken)], capsys)
    assert code == 1
    check_golden("store_valid_and_broken", normalise(out, tmp_path))


def test_golden_v04_store_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "-v", str(v04_image_missing_level(tmp_path))], capsys)
    assert code == 1
    check_golden("store_v04_verbose", normalise(out, tmp_path))


def test_golden_url_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = v04_image_missing_level(tmp_path)
    with serve(root) as (url, _):
        code, out, _ = run(["validate", url], capsys)
        text = normalise(out, tmp_path, url)
    assert code == 1
    check_golden("store_url", text)


def test_golden_info_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["info", str(write_broken_plate(tmp_path / "plate.zarr"))], capsys)
    assert code == 0
    check_golden("info_plate", normalise(out, tmp_path))


# --- JSON, node counts, kinds of target


@pytest.mark.parametrize("version", ["0.4", "0.5", "0.6rc0"])
def test_nodes_is_the_number_of_nodes_read(
    version: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = StoreSpec(version)
    spec.plate(rows=2, columns=2, fields=2, levels=2)
    root = spec.write(tmp_path / "p.zarr")
    metadata = {".zgroup", ".zarray"} if spec.v2 else {"zarr.json"}
    expected = sum(1 for key in spec.docs if key.rpartition("/")[2] in metadata)
    code, payload = run_json([str(root)], capsys)
    assert code == 0
    target = payload["targets"][0]
    assert target["nodes"] == expected
    assert (target["version"], target["kinds"]) == (version, ["plate"])


def test_mixed_targets_in_one_json_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    valid = write_valid_image(tmp_path / "valid.zarr")
    broken = write_broken_plate(tmp_path / "plate.zarr")
    document = tmp_path / "attrs.json"
    document.write_text(json.dumps(broken_document()), encoding="utf-8")
    code, payload = run_json([str(valid), str(broken), str(document)], capsys)
    assert code == 1 and payload["valid"] is False
    assert [t["valid"] for t in payload["targets"]] == [True, False, False]
    assert [t["nodes"] for t in payload["targets"]] == [7, 16, 1]
    plate = {(i["rule"], i["node"]) for i in payload["targets"][1]["issues"]}
    assert {
        ("plate.well-exists", ""),
        ("well.image-exists", "B/1"),
        ("labels.label-image-exists", "A/1/0/labels"),
        ("multiscales.dataset-ndim", "A/2/0"),
    } <= plate
    assert {i["rule"] for i in payload["targets"][2]["issues"]} >= {"axes.unique-names"}


def test_a_zarr_json_file_is_a_document_and_its_folder_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write_broken_plate(tmp_path / "plate.zarr")
    code, payload = run_json([str(broken / "zarr.json"), str(broken)], capsys)
    as_document, as_store = payload["targets"]
    assert code == 1
    assert as_document["nodes"] == 1 and as_document["valid"] is True  # no walk: no links
    assert as_store["nodes"] == 16 and as_store["valid"] is False


def test_strict_applies_to_stores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    del spec.ome("")["multiscales"][0]["name"]
    root = spec.write(tmp_path / "i.zarr")
    assert run(["validate", str(root)], capsys)[0] == 0
    assert run(["validate", "--strict", str(root)], capsys)[0] == 1


def test_version_option_is_noted_for_stores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_valid_image(tmp_path / "valid.zarr")
    code, _, err = run(["validate", "--ome-version", "0.4", str(root)], capsys)
    assert code == 0
    assert "--ome-version applies to JSON documents" in err


# --- exit codes


def test_exit_codes_local(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    valid = str(write_valid_image(tmp_path / "valid.zarr"))
    broken = str(write_broken_plate(tmp_path / "plate.zarr"))
    missing = str(tmp_path / "missing.zarr")
    assert run(["validate", valid], capsys)[0] == 0
    assert run(["validate", broken], capsys)[0] == 1
    code, out, _ = run(["validate", missing], capsys)
    assert code == 2
    assert "NOT VALIDATED" in out and "no such file or folder" in out
    # one unreadable target among valid ones: could not validate everything
    assert run(["validate", valid, missing], capsys)[0] == 2


def test_exit_codes_over_http(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_valid_image(tmp_path / "valid.zarr")
    write_broken_plate(tmp_path / "plate.zarr")
    with serve(tmp_path) as (url, _):
        assert run(["validate", f"{url}/valid.zarr"], capsys)[0] == 0
        assert run(["validate", f"{url}/plate.zarr"], capsys)[0] == 1
        code, payload = run_json([f"{url}/nothing-here.zarr"], capsys)
    assert code == 2
    assert [i["rule"] for i in payload["targets"][0]["issues"]] == ["store.no-ome-metadata"]


@pytest.mark.parametrize(
    "option", [["--timeout", "0"], ["--concurrency", "-1"], ["--timeout", "x"]]
)
def test_bad_store_options_are_usage_errors(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", *option, "x.zarr"])
    assert exc.value.code == 2
    assert "expected a positive number" in capsys.readouterr().err


def test_unreachable_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/image.zarr"
    code, out, err = run(["validate", url], capsys)
    assert code == 2
    assert "Traceback" not in out + err
    assert "NOT VALIDATED" in out and "cannot connect to 127.0.0.1" in out


def test_slow_url_times_out_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_valid_image(tmp_path / "valid.zarr")
    with serve(root, Faults(delay={"zarr.json": 3.0})) as (url, _):
        code, payload = run_json(["--timeout", "0.2", url], capsys)
    assert code == 2
    messages = [i["message"] for i in payload["targets"][0]["issues"]]
    assert any("timed out after 0.2 s" in m for m in messages)


def test_slow_node_below_the_root_is_an_issue_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_valid_image(tmp_path / "valid.zarr")
    with serve(root, Faults(delay={"labels/zarr.json": 3.0})) as (url, _):
        code, payload = run_json(["--timeout", "0.2", url], capsys)
    assert code == 1
    issues = payload["targets"][0]["issues"]
    assert any(i["node"] == "labels" and "timed out" in i["message"] for i in issues)


def test_s3_without_s3fs_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_s3fs(*args: object, **kwargs: object) -> object:
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr(read_check, "open_store", no_s3fs)
    code, payload = run_json(["--anonymous", "s3://bucket/image.zarr"], capsys)
    assert code == 2
    assert "ome-zarr-schemas[s3]" in payload["targets"][0]["issues"][0]["message"]


def test_internal_failure_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(targets, "check_target", boom)  # _main imports it when it runs
    code, out, err = run(["validate", str(write_valid_image(tmp_path / "v.zarr"))], capsys)
    assert code == 2
    assert "internal error" in err and "please report it" in err
    assert "Traceback" not in out + err


# --- hostile store targets


def _hostile(kind: str, tmp: Path) -> Path:
    if kind == "folder without metadata":
        (tmp / "empty").mkdir()
        return tmp / "empty"
    if kind == "symlink loop":
        (tmp / "loop").symlink_to(tmp / "loop")
        return tmp / "loop"
    if kind == "symlink loop inside a store":
        spec = StoreSpec("0.5")
        spec.group("")  # a plain group: its folders are searched for OME-Zarr groups
        root = spec.write(tmp / "s.zarr")
        (root / "again").symlink_to(root, target_is_directory=True)
        return root
    if kind == "root zarr.json not UTF-8":
        spec = StoreSpec("0.5")
        spec.image()
        spec.docs["zarr.json"] = b'{"a": "\xff"}'
        return spec.write(tmp / "s.zarr")
    if kind == "root zarr.json nested too deep":
        spec = StoreSpec("0.5")
        spec.image()
        spec.docs["zarr.json"] = b"[" * 100_000 + b"]" * 100_000
        return spec.write(tmp / "s.zarr")
    raise AssertionError(kind)


HOSTILE_STORES: list[tuple[str, int, set[str]]] = [
    ("folder without metadata", 2, {"store.no-ome-metadata"}),
    ("symlink loop", 2, {"document.unreadable"}),
    # bounded by the reader's depth limit; the loop holds no OME-Zarr group
    ("symlink loop inside a store", 1, {"store.no-ome-metadata"}),
    ("root zarr.json not UTF-8", 1, {"document.not-json", "store.no-ome-metadata"}),
    ("root zarr.json nested too deep", 1, {"document.too-deep", "store.no-ome-metadata"}),
    ("URL that times out", 2, {"document.unreadable", "store.no-ome-metadata"}),
]


@pytest.mark.parametrize(
    ("kind", "code", "rules"), HOSTILE_STORES, ids=[h[0] for h in HOSTILE_STORES]
)
def test_hostile_store_targets(
    kind: str, code: int, rules: set[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "URL that times out":
        root = write_valid_image(tmp_path / "slow.zarr")
        with serve(root, Faults(delay={"zarr.json": 3.0})) as (url, _):
            got, payload = run_json(["--timeout", "0.2", url], capsys)
    else:
        got, payload = run_json([str(_hostile(kind, tmp_path))], capsys)
    assert got == code
    issues = payload["targets"][0]["issues"]
    assert {i["rule"] for i in issues} <= rules | {"store.too-deep"}
    assert {i["rule"] for i in issues} >= rules
    assert all(i["message"] for i in issues)


# --- progress


def test_progress_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(write_valid_image(tmp_path / "valid.zarr"))
    _, _, err = run(["validate", root], capsys)
    assert err == ""  # captured stderr is not a terminal
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    _, _, err = run(["validate", root], capsys)
    assert "document(s) read" in err
    _, _, err = run(["validate", "--no-progress", root], capsys)
    assert err == ""


# --- info


def test_info_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = StoreSpec("0.4")
    spec.plate(rows=2, columns=3, fields=2, levels=2, labels=True)
    root = spec.write(tmp_path / "p.zarr")
    code, out, _ = run(["info", "--format", "json", str(root)], capsys)
    assert code == 0
    info = json.loads(out)
    assert (info["version"], info["kinds"], info["zarrFormat"]) == ("0.4", ["plate"], 2)
    assert info["counts"]["wells"] == 6
    assert info["counts"]["fields"] == 12
    assert info["counts"]["labelImages"] == 12
    nodes = {n["path"]: n for n in info["nodes"]}
    assert nodes[""]["rows"] == 2 and nodes[""]["columns"] == 3
    field = nodes["B/3/1"]
    assert field["kinds"] == ["image"]
    assert [a["name"] for a in field["axes"]] == ["c", "y", "x"]
    assert field["shapes"] == [[1, 64, 64], [1, 32, 32]] and field["dtype"] == "uint16"
    assert nodes["B/3/1/labels"]["labels"] == ["cells"]


def test_info_cuts_a_big_plate_short_unless_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=4, columns=6, fields=2, levels=1)
    root = str(spec.write(tmp_path / "p.zarr"))
    _, short, _ = run(["info", root], capsys)
    _, full, _ = run(["info", "-v", root], capsys)
    assert "use -v" in short and len(short.splitlines()) <= 42
    assert "use -v" not in full and full.count(" well 0.5,") == 24


def test_info_on_a_document_and_on_a_missing_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "attrs.json"
    document.write_text(json.dumps(broken_document()), encoding="utf-8")
    code, out, _ = run(["info", str(document)], capsys)
    assert code == 0 and "image 0.4" in out
    code, out, err = run(["info", str(tmp_path / "missing.zarr")], capsys)
    assert code == 2 and "no such file or folder" in out
    assert "Traceback" not in out + err


def test_info_colour_tree_on_a_terminal(tmp_path: Path) -> None:
    import io

    from ome_zarr_schemas.cli._info import describe, render_info

    loaded = targets.read_target(str(write_broken_plate(tmp_path / "plate.zarr")))
    buffer = io.StringIO()
    render_info(describe(loaded), buffer, color=True)
    assert "\x1b[" in buffer.getvalue() and "└──" in buffer.getvalue()


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_wells_under_a_bare_root_are_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    """Issue 14 item 5: the headline names a target without OME metadata instead of giving
    the kind of the first group below it ("valid (well)"), and the wells' missing plate
    is a finding."""
    spec = StoreSpec(version)
    spec.plate(acquisitions=0, rows=1, columns=1)
    if spec.v2:
        spec.docs[".zattrs"] = {}
    else:
        spec.docs["zarr.json"]["attributes"] = {}
    root = spec.write(tmp_path / "wells.zarr")
    code, out, _ = run(["validate", str(root)], capsys)
    headline = out.splitlines()[0]
    assert code == 1
    assert f"INVALID (OME-Zarr {version}, target group without OME-Zarr metadata)" in headline
    assert "well.in-plate" in out
    code, payload = run_json([str(root)], capsys)
    assert payload["targets"][0]["kinds"] == []
