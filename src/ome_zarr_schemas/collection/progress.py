"""The progress line of a collection run: stores done, invalid, not validated, rate, ETA.

Drawn only on a terminal (a log file gets the per-store lines and the summary, not a
line rewritten a thousand times). `render_progress` is a pure function of the counts, so
what a person sees is tested without a terminal.
"""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress", "duration", "render_progress"]


def duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``2h07m``, ``3d04h``: short, for a line that changes."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours:02d}h"


def render_progress(
    done: int, total: int | None, invalid: int, not_validated: int, elapsed: float
) -> str:
    """One line: ``120/500 stores (24%) · 3 invalid · 1 not validated · 4.1/s · ETA 1m33s``.

    ``total`` None: the count of stores is not known yet (no percentage, no ETA). The rate
    is stores finished per second of the run so far.
    """
    parts = [f"{done}/{total} stores ({100 * done // total}%)" if total else f"{done} stores"]
    parts.append(f"{invalid} invalid")
    parts.append(f"{not_validated} not validated")
    rate = done / elapsed if elapsed > 0 else 0.0
    parts.append(f"{rate:.1f}/s" if rate >= 0.1 else f"{60 * rate:.1f}/min")
    if total and done < total:
        parts.append(f"ETA {duration((total - done) / rate)}" if rate > 0 else "ETA ?")
    elif total:
        parts.append(f"done in {duration(elapsed)}")
    return " · ".join(parts)


class Progress:
    """The line on ``stream`` (stderr), rewritten in place after every store."""

    def __init__(self, stream: TextIO, total: int | None, *, show: bool) -> None:
        self.stream = stream
        self.total = total
        self.show = show
        self.started = time.perf_counter()
        self.done = self.invalid = self.not_validated = 0
        self._width = 0

    def update(self, status: str) -> None:
        self.done += 1
        self.invalid += status == "invalid"
        self.not_validated += status == "not-validated"
        if self.show:
            self._draw()

    def _draw(self) -> None:
        line = render_progress(
            self.done,
            self.total,
            self.invalid,
            self.not_validated,
            time.perf_counter() - self.started,
        )
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def clear(self) -> None:
        """Take the line away before other output (a store's report, the summary)."""
        if self.show and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def redraw(self) -> None:
        if self.show and self.done:
            self._draw()
