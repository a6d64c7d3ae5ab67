"""Evidence for bench/README.md: the hostile HTTP answers of the test suite, read through
the package's HTTP reader and through obstore's HTTPStore (a zarr ObjectStore target).

Each case is one document read through `store.sources.Reads` (as the walk reads it, a
2 s timeout) from `tests/http_server.py` on 127.0.0.1, with the answers
`tests/test_hostile.py` gives: a redirect to another server and one out of the target's
path, a 1 TiB Content-Length, an endless body, a gzip bomb, a stuck server. For the
redirects, a second server records whether it was asked at all.

    python bench/obstore_safety.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ome_zarr_schemas.store.http import HttpSource  # noqa: E402
from ome_zarr_schemas.store.nodes import Limits  # noqa: E402
from ome_zarr_schemas.store.sources import Reads, Source, ZarrSource  # noqa: E402
from tests.http_server import Faults, serve  # noqa: E402

CAP = 1 << 20
KEY = "zarr.json"  # of the target {url}/data
SERVED = f"data/{KEY}"  # the same document as the server names it


def _cases(other: str) -> dict[str, Faults]:
    return {
        "redirect to another server": Faults(redirect={SERVED: f"{other}/secret/zarr.json"}),
        "redirect out of the target's path": Faults(redirect={SERVED: "/secret/zarr.json"}),
        "Content-Length 1 TiB": Faults(huge={SERVED: 1 << 40}),
        "endless body, no length": Faults(endless={SERVED}),
        "gzip bomb (1 GiB inflated)": Faults(gzip_bomb={SERVED: 1024}),
        "stuck server (60 s), timeout 2 s": Faults(delay={SERVED: 60.0}),
    }


def _obstore(url: str) -> Source:
    from obstore.store import HTTPStore
    from zarr.storage import ObjectStore

    store = HTTPStore.from_url(
        url, client_options={"allow_http": True, "timeout": "2s"}, retry_config={"max_retries": 0}
    )
    return ZarrSource(ObjectStore(store, read_only=True), max_bytes=CAP)


async def _read(source: Source) -> tuple[str, float]:
    start = time.perf_counter()
    data, error = await Reads(source, Limits(timeout=2.0, retries=0)).get(KEY)
    seconds = time.perf_counter() - start
    if error is not None:
        return f"refused: {error[0].id}: {error[1][:90]}", seconds
    return f"read {len(data or b'')} bytes: {(data or b'')[:40]!r}", seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        (root / "data" / "zarr.json").write_text('{"zarr_format": 3, "node_type": "group"}')
        (root / "secret").mkdir()
        (root / "secret" / "zarr.json").write_text('{"secret": "from elsewhere"}')
        print("| case | reader | outcome | seconds | other server asked |")
        print("|---|---|---|---|---|")
        with serve(root) as (other_url, other_faults):
            for case, faults in _cases(other_url).items():
                for reader in ("ours (fsspec/aiohttp)", "obstore 0.12 HTTPStore"):
                    other_faults.requests.clear()
                    with serve(root, faults) as (url, _):
                        base = f"{url}/data"
                        source: Source = (
                            HttpSource(base, {}, max_bytes=CAP)
                            if reader.startswith("ours")
                            else _obstore(base)
                        )
                        outcome, seconds = asyncio.run(_read(source))
                    asked = ", ".join(other_faults.requests) or "no"
                    print(f"| {case} | {reader} | {outcome} | {seconds:.2f} | {asked} |")


if __name__ == "__main__":
    main()
