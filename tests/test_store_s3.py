"""S3 reading through fsspec/s3fs against a real S3 HTTP endpoint: moto's server on
127.0.0.1 (a free port), with dummy credentials in the environment. The stores of
tests/store_cases.py are uploaded and validated by ``s3://`` URL: the findings equal the
local walk's; a missing key, a missing bucket, an unreachable endpoint and anonymous
access to a private bucket are findings (exit status 2 from the command line), never a
traceback. No network beyond the loopback server."""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from ome_zarr_schemas import validate_store
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.spec.versions import BEFORE_V06_VERSIONS

from .http_server import free_port
from .store_cases import BASES, CASES, StoreCase, case_id
from .stores import StoreSpec

try:  # test-only, untyped (no py.typed): loaded as Any
    boto3: Any = importlib.import_module("boto3")
    s3fs: Any = importlib.import_module("s3fs")
    moto_server: Any = importlib.import_module("moto.server")
except ImportError as exc:  # pragma: no cover - the 'test' extra installs them
    pytest.skip(
        f"the S3 tests need s3fs and moto[server] (the 'test' extra): {exc}",
        allow_module_level=True,
    )

BUCKET = "ome-zarr-test"
PUBLIC = "ome-zarr-public"  # objects uploaded public-read, for anonymous reads

# A valid image and plate, and faults of each kind of finding, in 0.4 (zarr v2) and 0.5.
PICKED = {
    "dataset missing",
    "unlisted row and well groups",  # needs listing, which S3 has
    "unlisted label image",  # listing, 0.5 only
    "bare NaN fill value",  # a warning in a 0.4 .zarray, not-json in a 0.5 zarr.json
}
S3_CASES = [c for c in CASES if c.name in PICKED and c.versions[0] in BEFORE_V06_VERSIONS]

Finding = tuple[str, str, str, str]


def findings(report: Report) -> set[Finding]:
    return {(i.rule, str(i.severity), i.node, i.pointer) for i in report.issues}


@dataclass
class S3:
    endpoint: str
    client: Any

    @property
    def options(self) -> dict[str, Any]:
        return {"endpoint_url": self.endpoint}

    def upload(self, spec: StoreSpec, bucket: str = BUCKET, *, public: bool = False) -> str:
        """Put every document of ``spec`` under a fresh prefix; return the store's URL."""
        prefix = f"{uuid4().hex[:12]}.zarr"
        extra = {"ACL": "public-read"} if public else {}
        for key, doc in spec.docs.items():
            body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
            self.client.put_object(Bucket=bucket, Key=f"{prefix}/{key}", Body=body, **extra)
        return f"s3://{bucket}/{prefix}"


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3]:
    nowhere = tmp_path_factory.mktemp("aws") / "none"
    with pytest.MonkeyPatch.context() as mp:
        # Dummy credentials, and nothing else the AWS libraries would look for.
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_CONFIG_FILE", str(nowhere))
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere))
        mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
            mp.delenv(name, raising=False)
        werkzeug = logging.getLogger("werkzeug")  # the server logs every request
        level = werkzeug.level
        werkzeug.setLevel(logging.ERROR)
        server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
            client.create_bucket(Bucket=BUCKET)
            client.create_bucket(Bucket=PUBLIC, ACL="public-read")
            yield S3(endpoint, client)
        finally:
            _close_clients()
            server.stop()
            werkzeug.setLevel(level)


def _close_clients() -> None:
    """Close the S3 clients s3fs cached while talking to the server, then forget them.

    zarr's stores use s3fs asynchronously, where s3fs registers no finalizer: without this
    their aiohttp sessions are reported unclosed when collected.
    """
    from zarr.core.sync import sync

    async def close() -> None:
        for fs in list(s3fs.S3FileSystem._cache.values()):
            exit_client = getattr(getattr(fs, "_s3creator", None), "__aexit__", None)
            if exit_client is not None:
                await exit_client(None, None, None)

    sync(close())
    s3fs.S3FileSystem.clear_instance_cache()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


# --- the same findings as the local walk


@pytest.mark.parametrize(
    ("base", "version"), [(b, v) for b in ("image", "plate") for v in BEFORE_V06_VERSIONS]
)
def test_valid_store_over_s3(s3: S3, tmp_path: Path, base: str, version: str) -> None:
    spec = StoreSpec(version)
    BASES[base](spec)
    local = validate_store(spec.write(tmp_path / "s.zarr"))
    remote = validate_store(s3.upload(spec), storage_options=s3.options)
    assert findings(remote) == findings(local) == set()
    assert remote.valid and remote.version == version and remote.kinds == local.kinds


@pytest.mark.parametrize("case", S3_CASES, ids=case_id)
def test_fault_over_s3_matches_local(s3: S3, tmp_path: Path, case: StoreCase) -> None:
    spec = case.build(case.versions[0])
    local = validate_store(spec.write(tmp_path / "s.zarr"))
    remote = validate_store(s3.upload(spec) + "/", storage_options=s3.options)
    assert findings(remote) == findings(local)
    assert {(rule, node) for rule, _, node, _ in findings(remote)} == set(case.expected)
    assert remote.valid == local.valid


# --- what is not there


def test_missing_key_is_a_finding(s3: S3) -> None:
    report = validate_store(f"s3://{BUCKET}/no-such-store.zarr", storage_options=s3.options)
    assert [(i.rule, i.severity, i.node) for i in report.issues] == [
        ("store.no-ome-metadata", "error", "")
    ]
    assert "no zarr metadata at the target" in report.issues[0].message


def test_missing_bucket_is_a_finding(s3: S3) -> None:
    report = validate_store("s3://no-such-bucket-here/image.zarr", storage_options=s3.options)
    assert [i.rule for i in report.issues] == ["store.no-ome-metadata"]
    assert not report.valid


def test_cli_missing_key_and_bucket_exit_2(s3: S3, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = ["--endpoint-url", s3.endpoint]
    code, out, _ = run(["validate", *endpoint, f"s3://{BUCKET}/no-such-store.zarr"], capsys)
    assert code == 2 and "no zarr metadata" in out
    code, out, _ = run(
        ["validate", "--format", "json", *endpoint, "s3://no-such-bucket-here/image.zarr"], capsys
    )
    assert code == 2
    (issue,) = json.loads(out)["targets"][0]["issues"]
    assert issue["rule"] == "document.unreadable"
    assert "no bucket 'no-such-bucket-here'" in issue["message"]


def test_cli_unreachable_endpoint_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    # Short: botocore and s3fs retry a refused connection for ~30 s before the reader does.
    argv = ["validate", "--timeout", "0.5", "--endpoint-url", dead, f"s3://{BUCKET}/x.zarr"]
    code, out, _ = run(argv, capsys)
    assert code == 2
    assert "NOT VALIDATED" in out


# --- the command line: the endpoint option, exit codes, anonymous access


def test_cli_endpoint_url(s3: S3, capsys: pytest.CaptureFixture[str]) -> None:
    valid = StoreSpec("0.5")
    valid.plate(rows=1, columns=2, fields=1)
    broken = CASES[[case_id(c) for c in CASES].index("0.4:dataset missing")].build("0.4")
    endpoint = ["--endpoint-url", s3.endpoint]
    assert run(["validate", *endpoint, s3.upload(valid)], capsys)[0] == 0
    code, out, _ = run(["validate", "--format", "json", *endpoint, s3.upload(broken)], capsys)
    assert code == 1
    rules = {i["rule"] for i in json.loads(out)["targets"][0]["issues"]}
    assert rules == {"multiscales.dataset-array-exists"}
    code, out, _ = run(["info", "--format", "json", *endpoint, s3.upload(valid)], capsys)
    assert code == 0 and "plate" in out


def test_aws_endpoint_url_variable_is_honoured(
    s3: S3, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The help names $AWS_ENDPOINT_URL as the default endpoint (botocore reads it)."""
    spec = StoreSpec("0.5")
    BASES["image"](spec)
    url = s3.upload(spec)
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3.endpoint)
    assert run(["validate", url], capsys)[0] == 0  # no other test reads without options


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--endpoint-url", "http://127.0.0.1:9", "local.zarr"], "applies to s3:// targets"),
        (["--endpoint-url", "localhost:9000", "s3://b/x.zarr"], "expected an http:// or https://"),
        (["--endpoint-url", "ftp://host/", "s3://b/x.zarr"], "expected an http:// or https://"),
    ],
)
def test_bad_endpoint_is_a_usage_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_anonymous_reads_a_public_store(s3: S3, capsys: pytest.CaptureFixture[str]) -> None:
    spec = StoreSpec("0.5")
    BASES["image"](spec)
    url = s3.upload(spec, PUBLIC, public=True)
    report = validate_store(url, anonymous=True, storage_options=s3.options)
    assert findings(report) == set() and report.valid
    code, out, _ = run(["validate", "--anonymous", "--endpoint-url", s3.endpoint, url], capsys)
    assert code == 0 and f"{url}: valid" in out


def test_anonymous_cannot_read_a_private_store(s3: S3, capsys: pytest.CaptureFixture[str]) -> None:
    spec = StoreSpec("0.4")
    BASES["image"](spec)
    url = s3.upload(spec)  # private: readable with the credentials only
    assert validate_store(url, storage_options=s3.options).valid
    report = validate_store(url, anonymous=True, storage_options=s3.options)
    rules = [i.rule for i in report.issues]
    assert rules[0] == "document.unreadable" and "store.no-ome-metadata" in rules
    assert "permission denied" in report.issues[0].message
    code, out, _ = run(["validate", "--anonymous", "--endpoint-url", s3.endpoint, url], capsys)
    assert code == 2 and "permission denied" in out
