"""The report people look at: one self-contained HTML page for a run (or one store).

Everything is inside the file (styles, a few lines of script, the data as markup): it opens
from a mail attachment or an air-gapped curation machine, loads nothing from the network
and runs no external script. The page holds, in order:

- a summary: stores by verdict, findings by rule (how many, in how many stores), the
  slowest stores;
- a plate map for every plate: rows by columns, each well coloured by its worst finding
  (error, warning, info, none; grey when the plate names no well there); hovering a well
  shows its findings as a tooltip, clicking it shows them in the panel under the map (the
  same lists are in the page without script, hidden);
- every store's findings grouped by node (valid stores folded away).

Drawn from the results' records alone, so a results file from a run on a cluster can be
turned into a page anywhere. Every string from a store is escaped.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from .results import StoreResult

__all__ = ["render_html", "write_html"]

#: Findings listed per node before "... and N more".
MAX_PER_NODE = 50
#: Stores in the "slowest" table.
SLOWEST = 10

_RANK = {"error": 0, "warning": 1, "info": 2}

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1f2328}
h1{font-size:1.4em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left}
.cards{display:flex;gap:1em}.card{padding:.6em 1em;border-radius:6px;background:#f3f4f6}
.card b{display:block;font-size:1.6em}
.valid{color:#1a7f37}.invalid{color:#cf222e}.not-validated{color:#9a6700}
.plate td.well{width:34px;height:26px;text-align:center;cursor:pointer;border:1px solid #fff;
font-size:11px;color:#fff}
.plate th{text-align:center;font-weight:normal;color:#555}
.sev-error{background:#cf222e}.sev-warning{background:#d4a72c}.sev-info{background:#0969da}
.sev-ok{background:#2da44e}.sev-empty{background:#e5e7eb;cursor:default}
.key{display:inline-block;width:12px;height:12px;margin:0 4px 0 8px;vertical-align:middle}
td.selected{outline:3px solid #1f2328}
li.error{color:#cf222e}li.warning{color:#9a6700}li.info{color:#0969da}
.rule{color:#666}.node{font-family:monospace;margin:.6em 0 .2em}
.well-panel{margin-top:.6em;padding:.5em;border:1px solid #ddd;min-height:1.5em}
"""

_SCRIPT = """
document.querySelectorAll('td.well[data-well]').forEach(function (cell) {
  cell.addEventListener('click', function () {
    var plate = cell.closest('.plate-block');
    var panel = plate.querySelector('.well-panel');
    var source = document.getElementById(cell.dataset.findings);
    plate.querySelectorAll('td.selected').forEach(function (c) { c.classList.remove('selected'); });
    cell.classList.add('selected');
    panel.innerHTML = '<b>' + cell.dataset.label + '</b>' + (source ? source.innerHTML : '');
  });
});
"""


def _visible(char: str) -> str:
    """A control or invisible formatting character as its escape (a bidirectional
    override in a node name would otherwise reorder what the curator reads)."""
    if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} and char not in "\t\n":
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def _e(text: object) -> str:
    """``text`` as HTML text or attribute value, control characters made visible."""
    shown = "".join(_visible(c) for c in str(text))
    return html.escape(shown)


def write_html(results: Sequence[StoreResult], path: Path, *, title: str = "") -> None:
    """Write the report of ``results`` to ``path``."""
    path.write_text(render_html(results, title=title), encoding="utf-8")


def render_html(results: Sequence[StoreResult], *, title: str = "") -> str:
    """The page, as text."""
    title = title or "OME-Zarr validation report"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        _summary(results),
        _plates(results),
        _stores(results),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _issues(result: StoreResult) -> list[Mapping[str, Any]]:
    return list(result.record.get("issues") or ())


def _summary(results: Sequence[StoreResult]) -> str:
    counts: Counter[str] = Counter(r.status for r in results)
    cards = [("stores", len(results), "")] + [
        (label, counts[status], status)
        for status, label in (
            ("valid", "valid"),
            ("invalid", "invalid"),
            ("not-validated", "not validated"),
        )
    ]
    out = ['<h2>Summary</h2><div class="cards">']
    for label, number, css in cards:
        ident = css or "stores"
        out.append(f'<div class="card {css}" id="count-{ident}"><b>{number}</b>{_e(label)}</div>')
    out.append("</div>")
    by_rule: Counter[tuple[str, str]] = Counter()
    stores_by_rule: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for result in results:
        for issue in _issues(result):
            key = (str(issue["rule"]), str(issue["severity"]))
            by_rule[key] += 1
            stores_by_rule[key].add(result.target)
    if by_rule:
        out.append('<h3>Findings by rule</h3><table id="by-rule">')
        out.append("<tr><th>rule</th><th>severity</th><th>findings</th><th>stores</th></tr>")
        for (rule, severity), number in sorted(
            by_rule.items(), key=lambda item: (_RANK.get(item[0][1], 3), -item[1], item[0][0])
        ):
            stores = len(stores_by_rule[(rule, severity)])
            out.append(
                f'<tr><td>{_e(rule)}</td><td class="{_e(severity)}">{_e(severity)}</td>'
                f"<td>{number}</td><td>{stores}</td></tr>"
            )
        out.append("</table>")
    slowest = sorted(results, key=lambda r: -r.seconds)[:SLOWEST]
    if slowest:
        out.append('<h3>Slowest stores</h3><table id="slowest">')
        out.append("<tr><th>store</th><th>seconds</th><th>nodes</th><th>verdict</th></tr>")
        for result in slowest:
            out.append(
                f"<tr><td>{_e(result.target)}</td><td>{result.seconds:.2f}</td>"
                f"<td>{_e(result.record.get('nodes', 0))}</td>"
                f'<td class="{result.status}">{_e(result.status)}</td></tr>'
            )
        out.append("</table>")
    return "\n".join(out)


def _findings_list(issues: Iterable[Mapping[str, Any]], *, nodes: bool = False) -> str:
    """A list of findings; ``nodes``: each names its node (findings of a well's fields)."""
    items = [
        f'<li class="{_e(i["severity"])}">{_e(i["severity"])} '
        + (f"<code>{_e(i['node'] or '.')}</code>" if nodes else "")
        + f"<code>{_e(('#' if nodes else '') + (i.get('pointer') or ''))}</code>"
        + f" {_e(i['message'])} "
        f'<span class="rule">[{_e(i["rule"])}]</span></li>'
        for i in issues
    ]
    return "<ul>" + "".join(items) + "</ul>"


def _by_well(
    issues: Sequence[Mapping[str, Any]], plate_node: str, wells: Iterable[str]
) -> dict[str, list[Mapping[str, Any]]]:
    """The findings of each well: on it, on the groups and arrays below it, or naming it
    as a related node. One pass over the findings (a broken 1536-well plate has many)."""
    found: dict[str, list[Mapping[str, Any]]] = {w: [] for w in wells}
    prefix = plate_node + "/" if plate_node else ""
    for issue in issues:
        places = {str(issue["node"]), *(str(r) for r in issue.get("related") or ())}
        keys = set()
        for place in places:
            if place.startswith(prefix):  # a well path is "row/column" (or one name, broken)
                parts = place[len(prefix) :].split("/")
                keys |= {parts[0], "/".join(parts[:2])}
        for key in keys & found.keys():
            found[key].append(issue)
    return found


def _worst(issues: Sequence[Mapping[str, Any]]) -> str:
    if not issues:
        return "ok"
    return min((str(i["severity"]) for i in issues), key=lambda s: _RANK.get(s, 3))


def _plates(results: Sequence[StoreResult]) -> str:
    out: list[str] = []
    for s, result in enumerate(results):
        issues = _issues(result)
        for p, plate in enumerate(result.record.get("plates") or ()):
            out.append(_plate(f"s{s}p{p}", result.target, plate, issues))
    if not out:
        return ""
    legend = "".join(
        f'<span class="key sev-{key}"></span>{label} '
        for key, label in (
            ("error", "error"),
            ("warning", "warning"),
            ("info", "info only"),
            ("ok", "no findings"),
            ("empty", "no well"),
        )
    )
    return f'<h2>Plates</h2>\n<p class="legend">{legend}</p>\n' + "\n".join(out)


def _plate(ident: str, target: str, plate: Mapping[str, Any], issues: Sequence[Any]) -> str:
    rows, columns = list(plate["rows"]), list(plate["columns"])
    placed: dict[tuple[int, int], str] = {}
    for well in plate["wells"]:
        if well["row"] is not None and well["column"] is not None:
            placed.setdefault((well["row"], well["column"]), well["path"])
    name = plate.get("name") or plate["node"] or target
    where = f"{target}/{plate['node']}" if plate["node"] else target
    out = [
        f'<div class="plate-block" id="{ident}"><h3>{_e(name)}</h3>',
        f"<p>{_e(where)}: {len(rows)} rows x {len(columns)} columns, {len(placed)} wells</p>",
        '<table class="plate"><tr><th></th>',
    ]
    out += [f"<th>{_e(c)}</th>" for c in columns]
    out.append("</tr>")
    hidden: list[str] = []
    by_well = _by_well(issues, plate["node"], placed.values())
    for r, row in enumerate(rows):
        out.append(f"<tr><th>{_e(row)}</th>")
        for c in range(len(columns)):
            path = placed.get((r, c))
            if path is None:
                out.append('<td class="well sev-empty"></td>')
                continue
            found = by_well[path]
            worst = _worst(found)
            tip = "\n".join(f"{i['severity']} {i['node']}: {i['message']}" for i in found[:20])
            findings_id = f"{ident}-w{r}-{c}"
            label = f"well {path}: " + (f"{len(found)} finding(s)" if found else "no findings")
            out.append(
                f'<td class="well sev-{worst}" data-well="{_e(path)}" data-label="{_e(label)}"'
                f' data-findings="{findings_id}" title="{_e(label + chr(10) + tip)}">'
                f"{len(found) or ''}</td>"
            )
            hidden.append(
                f'<div id="{findings_id}" hidden>'
                f"{_findings_list(found[:MAX_PER_NODE], nodes=True)}</div>"
            )
        out.append("</tr>")
    out.append("</table>")
    out.append('<div class="well-panel">click a well to see its findings</div>')
    out += hidden
    out.append("</div>")
    return "".join(out)


def _stores(results: Sequence[StoreResult]) -> str:
    out = ["<h2>Stores</h2>"]
    for s, result in enumerate(results):
        record = result.record
        what = ", ".join(
            filter(None, [record.get("version") or "", " + ".join(record.get("kinds") or ())])
        )
        opened = " open" if result.status != "valid" and len(results) <= 200 else ""
        out.append(
            f'<details class="store" id="store-{s}"{opened}><summary>'
            f'<span class="{result.status}">{_e(result.status)}</span> {_e(result.target)}'
            + (f" ({_e(what)})" if what else "")
            + f" · {record.get('errors', 0)} error(s), {record.get('warnings', 0)} warning(s)"
            + "</summary>"
        )
        if result.error:
            out.append(f"<p>{_e(result.error)}</p>")
        for node, group in groupby(_issues(result), key=lambda i: str(i["node"])):
            issues = list(group)
            out.append(f'<div class="node">{_e(node or ".")}</div>')
            out.append(_findings_list(issues[:MAX_PER_NODE]))
            if len(issues) > MAX_PER_NODE:
                out.append(f"<p>... and {len(issues) - MAX_PER_NODE} more</p>")
        out.append("</details>")
    return "\n".join(out)
