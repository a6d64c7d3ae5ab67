"""Text reports a person can read (issue 16): repeated findings folded into one line, a
line budget with ``--all`` to lift it, a count per rule, one plain connection error per
unreachable target, and hints for the common mistakes. The JSON report is untouched."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas.cli import main
from ome_zarr_schemas.cli._grouped import MAX_LINES

from .http_server import free_port
from .stores import StoreSpec

ROWS, COLUMNS, FIELDS = 8, 12, 4  # a 96-well plate, 384 fields


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def plate_with_a_warning_per_field(root: Path, *, distinct: bool) -> Path:
    """A valid 0.5 plate whose every field has a unit outside UDUNITS-2 on y and x: the same
    warning everywhere, or (``distinct``) a different unit, so a different message, per field."""
    spec = StoreSpec("0.5")
    spec.plate(rows=ROWS, columns=COLUMNS, fields=FIELDS, levels=1)
    number = 0
    for doc in spec.docs.values():
        multiscales: list[dict[str, Any]] = (
            doc.get("attributes", {}).get("ome", {}).get("multiscales", [])
        )
        for multiscale in multiscales:
            number += 1
            unit = f"micron{number}" if distinct else "micron"
            multiscale["axes"] = [  # new dicts: the builder shares its axis constants
                {**axis, "unit": unit} if axis.get("unit") == "micrometer" else axis
                for axis in multiscale["axes"]
            ]
    assert number == ROWS * COLUMNS * FIELDS
    return spec.write(root)


@pytest.mark.parametrize("distinct", [False, True], ids=["same-warning", "distinct-warnings"])
def test_a_big_plate_prints_at_most_about_60_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], distinct: bool
) -> None:
    root = str(plate_with_a_warning_per_field(tmp_path / "plate.zarr", distinct=distinct))
    findings = 2 * ROWS * COLUMNS * FIELDS
    code, out = run(["validate", root], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) <= 60, len(lines)
    assert f"0 error(s), {findings} warning(s)" in lines[-1]
    assert "findings by rule:" in out
    assert f"axes.unit-known  {findings:,} on {findings // 2} node(s)" in out
    if distinct:
        assert out.count("[axes.unit-known]") == MAX_LINES
        assert f"... and {findings - MAX_LINES:,} more finding(s) (use --all" in out
    else:  # y and x: two lines, each naming the count and the first fields
        assert out.count("[axes.unit-known]") == 2
        assert f"x{findings // 2:,} nodes: A/1/0, A/1/1, A/1/2, ..." in out
        assert "more finding(s)" not in out
    code, full = run(["validate", "--all", root], capsys)
    assert code == 0 and full.count("[axes.unit-known]") == findings
    assert "more finding(s)" not in full and " nodes: " not in full


def test_grouping_options_leave_the_json_report_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(plate_with_a_warning_per_field(tmp_path / "plate.zarr", distinct=False))
    _, plain = run(["validate", "--format", "json", root], capsys)
    _, every = run(["validate", "--format", "json", "--all", root], capsys)
    _, verbose = run(["validate", "--format", "json", "--all", "-v", root], capsys)
    assert plain == every == verbose
    assert json.loads(plain)["targets"][0]["warnings"] == 2 * ROWS * COLUMNS * FIELDS


def test_errors_come_before_folded_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line budget never hides an error behind a screen of warnings."""
    root = plate_with_a_warning_per_field(tmp_path / "plate.zarr", distinct=True)
    (root / "H" / "12" / "3" / "0" / "zarr.json").unlink()  # the last field loses its level
    code, out = run(["validate", str(root)], capsys)
    assert code == 1
    findings = out.splitlines()[1:]
    assert "[multiscales.dataset-array-exists]" in findings[0]
    assert findings[0].startswith("  error   H/12/3#")


def test_unreleased_version_is_one_line_per_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each group saying '0.6' gets the finding (a document validated alone needs it too);
    the text report says it once, with the count of nodes."""
    spec = StoreSpec("0.6rc0")
    spec.image(labels=["cells"])
    for doc in spec.docs.values():
        ome = doc.get("attributes", {}).get("ome")
        if ome is not None:
            ome["version"] = "0.6"
    root = str(spec.write(tmp_path / "image.zarr"))
    _, out = run(["validate", root], capsys)
    assert out.count("[version.unreleased]") == 1
    assert "x3 nodes: ., labels, labels/cells" in out
    _, text = run(["validate", "--format", "json", root], capsys)
    rules = [i["rule"] for i in json.loads(text)["targets"][0]["issues"]]
    assert rules.count("version.unreleased") == 3


def test_unreachable_url_is_one_plain_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/plate.zarr"  # nothing listens there
    code, out = run(["validate", url], capsys)
    assert code == 2
    assert out.count("cannot connect to 127.0.0.1") == 1
    assert "cannot read the target: cannot connect to 127.0.0.1:" in out
    assert "(connection refused)" in out
    for jargon in ("ssl:default", "ClientConnectorError", "Connect call failed"):
        assert jargon not in out
    code, text = run(["validate", "--format", "json", url], capsys)
    issues = json.loads(text)["targets"][0]["issues"]
    assert code == 2
    assert [i["rule"] for i in issues] == ["document.unreadable", "store.no-ome-metadata"]


def test_array_path_suggests_the_parent_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    root = spec.write(tmp_path / "image.zarr")
    code, out = run(["validate", str(root / "0")], capsys)
    assert code == 1
    assert (
        f"the target is a zarr array, not a group: validate the group that holds it ({root})"
        in (out)
    )
    assert run(["validate", str(root)], capsys)[0] == 0  # and that one is valid


@pytest.mark.skipif(importlib.util.find_spec("s3fs") is None, reason="needs the 's3' extra")
def test_s3_without_credentials_suggests_anonymous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """botocore refuses to sign a request without credentials before it connects: a
    closed port on 127.0.0.1 is enough, nothing is sent."""
    nowhere = tmp_path / "none"
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(nowhere))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    endpoint = f"http://127.0.0.1:{free_port()}"
    argv = ["validate", "--timeout", "5", "--endpoint-url", endpoint, "s3://bucket/image.zarr"]
    code, out = run(argv, capsys)
    assert code == 2
    assert out.count("no AWS credentials were found") == 1
    assert "add --anonymous" in out and "NoCredentialsError" not in out


def test_plain_reasons_for_the_client_errors_a_read_meets() -> None:
    """The reasons no test server can produce here (a name that does not resolve, a
    server's error status), from the client library's own exception objects."""
    import socket

    from aiohttp import ClientResponseError
    from aiohttp.client_exceptions import ClientConnectorDNSError
    from aiohttp.client_reqrep import ConnectionKey

    from ome_zarr_schemas.store.failures import plain_reason

    key = ConnectionKey("data.example", 443, True, True, None, None, None)
    dns = ClientConnectorDNSError(key, socket.gaierror(-2, "Name or service not known"))
    assert plain_reason(dns) == "the host data.example was not found (check the URL)"
    status = ClientResponseError(None, (), status=503, message="Service Unavailable")  # type: ignore[arg-type]
    assert plain_reason(status) == "the server answered 503 Service Unavailable"
    assert plain_reason(ValueError("odd")) == "ValueError: odd"
