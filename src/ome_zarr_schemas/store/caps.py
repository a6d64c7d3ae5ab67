"""The bounds on one metadata document, as plain numbers.

`documents` enforces them and `nodes.Limits` carries them; they live apart so that
importing `nodes` (the command line does, for its defaults) loads no reader and no rule.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "MAX_DOCUMENT_BYTES"]

#: Bounds on one metadata document; larger or deeper input is reported, not parsed.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
