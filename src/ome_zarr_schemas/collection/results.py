"""One store's result as data that travels (to a pool or Dask worker and back) and lasts
(one line of a results file), and the results file itself.

A worker validates one store (`validate_one`: read once, then checked without I/O) and
returns its record: the keys of a target in ``validate --format json`` plus what a
collection needs
(the plate layouts for the HTML report, an error when it could not be validated, the
seconds it took). The record is plain JSON, so a local run and a Dask run give the same
bytes (timings aside), and a results file holds exactly what the HTML report is drawn from.

The results file is written by the coordinating process only, one line per store as it
finishes, flushed at once: a run that is killed leaves every finished store recorded. A
line cut short by a kill in the middle of a write is dropped when the file is opened
again, so the file always reads as JSON Lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._read_check import Checked, ReadOptions, Status, not_read, read_and_check
from ..issues import Issue, Report, Severity
from .plates import plate_layouts

__all__ = [
    "Options",
    "ResultsFile",
    "Status",
    "StoreResult",
    "not_validated",
    "validate_one",
]


@dataclass(frozen=True)
class Options(ReadOptions):
    """How each store of a run is read (`ReadOptions`) and checked (the `validate_store`
    options)."""

    strict: bool = False
    kind: str | None = None
    version: str | None = None  # forced on a JSON document target (``--ome-version``)


@dataclass(frozen=True)
class StoreResult:
    """One store's outcome; ``record`` is its JSON form (one line of a results file)."""

    record: Mapping[str, Any] = field(repr=False)

    @property
    def target(self) -> str:
        return str(self.record["target"])

    @property
    def status(self) -> Status:
        status: Status = self.record["status"]
        return status

    @property
    def seconds(self) -> float:
        return float(self.record.get("seconds") or 0.0)

    @property
    def error(self) -> str | None:
        """Why the store was not validated (None when it was)."""
        error = self.record.get("error")
        return None if error is None else str(error)

    @property
    def report(self) -> Report:
        """The findings as a `Report` (rebuilt from the record)."""
        issues = [
            Issue(
                rule=i["rule"],
                severity=Severity(i["severity"]),
                message=i["message"],
                node=i["node"],
                pointer=i["pointer"],
                spec_url=i.get("specUrl"),
                keyword_location=i.get("keywordLocation"),
                related=tuple(i.get("related") or ()),
            )
            for i in self.record.get("issues", ())
        ]
        kinds = tuple(self.record.get("kinds") or ())
        strict = bool(self.record.get("strict", False))
        return Report(tuple(issues), strict, self.record.get("version"), kinds)

    def line(self) -> str:
        """The record as one JSON line (no newline)."""
        return json.dumps(self.record, ensure_ascii=False, separators=(",", ":"))

    def without_timings(self) -> dict[str, Any]:
        """The record less what differs between two runs of the same store."""
        return {k: v for k, v in self.record.items() if k != "seconds"}


def validate_one(target: str, options: Options) -> StoreResult:
    """Read and check one store (or one JSON document) the way ``validate`` does; never
    raises for a bad or unreachable target. Runs in a worker: a pool process or a Dask task.

    The read and the check are `_read_check.read_and_check`, the very path of one
    ``validate TARGET`` (the same findings, hints and messages; tests/test_read_check.py
    holds the two together); this adds what a collection keeps: the plate layouts, the
    error, the seconds.
    """
    outcome = read_and_check(
        target, options, strict=options.strict, version=options.version, kind=options.kind
    )
    hierarchy = outcome.loaded.hierarchy
    plates = plate_layouts(hierarchy) if hierarchy is not None else []
    return _record(target, outcome.checked, options, outcome.seconds, plates)


def not_validated(target: str, reason: str, options: Options, seconds: float) -> StoreResult:
    """The record of a store that gave no result (it hung, its worker died): the reason
    is a `document.unreadable` finding on the target, as for a target that cannot be read."""
    return _record(target, not_read(reason, strict=options.strict), options, seconds, [])


def _record(
    target: str, checked: Checked, options: Options, seconds: float, plates: list[dict[str, Any]]
) -> StoreResult:
    return StoreResult(
        {
            **checked.summary(target),
            "strict": options.strict,
            "bareTarget": checked.bare_target,
            "plates": plates,
            "error": checked.error,
            "seconds": round(seconds, 4),
        }
    )


class ResultsFile:
    """A JSON Lines file of store records, appended to as stores finish.

    Opening it reads what an earlier run recorded: `done` are the targets recorded valid
    or invalid (skipped by the next run); a target recorded not validated is tried again,
    and its newest line wins.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.records: dict[str, StoreResult] = {}
        if self.path.exists():
            self._recover()
        self._out = self.path.open("a", encoding="utf-8")

    def _recover(self) -> None:
        """Read the earlier records; cut a last line left half-written by a kill."""
        data = self.path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            with self.path.open("r+b") as f:
                f.truncate(keep)
        for raw in data[:keep].splitlines():
            try:
                record = json.loads(raw)
            except ValueError:
                continue  # a line someone broke by hand: ignored, never fatal
            if isinstance(record, dict) and isinstance(record.get("target"), str):
                self.records[record["target"]] = StoreResult(record)

    @property
    def done(self) -> set[str]:
        return {t for t, r in self.records.items() if r.status in ("valid", "invalid")}

    def pending(self, targets: Iterable[str]) -> Iterator[str]:
        """``targets`` less those already recorded valid or invalid."""
        done = self.done
        return (t for t in targets if t not in done)

    def append(self, result: StoreResult) -> None:
        self._out.write(result.line() + "\n")
        self._out.flush()  # in the OS's hands: a killed run keeps it (no fsync per store)
        self.records[result.target] = result

    def close(self) -> None:
        self._out.close()

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
