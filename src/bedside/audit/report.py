"""Audit outputs: one self-contained HTML report, CSV (one row per finding), JSON lines (one per item).

The HTML needs no network and runs no script (its Content-Security-Policy forbids both); every piece
of imported text is escaped, and links to originals are kept only when they are http(s). Outputs read
the store page by page, so they cover the whole export (stored and new results alike) in bounded memory.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TextIO

from bedside.audit.store import Store, Stored, open_store
from bedside.model import SEVERITIES

MAX_SHOWN = 2000  # flagged items shown in full in the HTML (all of them are in the CSV / JSON)
PALETTE = ("#c0392b", "#d35400", "#8e44ad", "#2c3e50", "#16a085", "#27ae60", "#2980b9", "#f39c12", "#7f8c8d",
           "#e84393", "#6c5ce7", "#00b894", "#fdcb6e", "#e17055", "#0984e3", "#b2bec3", "#636e72", "#a29bfe",
           "#55efc4", "#fab1a0", "#74b9ff")
CSV_FIELDS = ("id", "platform", "date", "url", "audience", "kind", "verdict", "code", "category", "severity",
              "start", "end", "text", "message")


@contextmanager
def _store(db_or_results: Store | Path | str) -> Iterator[Store]:
    if isinstance(db_or_results, Store):
        yield db_or_results
        return
    store = open_store(db_or_results)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def private_file(path: Path) -> Iterator[IO[str]]:
    """Write `path` readable by its owner only (it holds patient data), whole or not at all: the text goes
    to a temporary file in the same folder that replaces `path` only once complete (a full disk leaves no
    truncated report, and an earlier report stays as it was)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_jsonl(db_or_results: Store | Path | str, stream: TextIO) -> int:
    """One JSON line per checked item: {"id","platform","date","url","verdict","findings"}."""
    count = 0
    with _store(db_or_results) as store:
        for row in store.results():
            findings = [{k: f.get(k) for k in ("code", "category", "severity", "start", "end", "text", "message")}
                        for f in row.findings]
            stream.write(json.dumps({"id": row.id, "platform": row.platform, "date": row.date, "url": row.url,
                                     "verdict": row.verdict, "findings": findings}, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(db_or_results: Store | Path | str, stream: TextIO) -> int:
    """One row per finding (items without findings are left out), cells safe to open in a spreadsheet."""
    writer = csv.writer(stream)
    writer.writerow(CSV_FIELDS)
    count = 0
    with _store(db_or_results) as store:
        for row in store.results():
            for f in row.findings:
                values = (row.id, row.platform, row.date, row.url, row.audience, row.kind, row.verdict, f.get("code"),
                          f.get("category"), f.get("severity"), f.get("start"), f.get("end"), f.get("text"),
                          f.get("message"))
                writer.writerow([_cell(v) for v in values])
                count += 1
    return count


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in imported text (=, +, -, @ at the start of a cell)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def write_html(db_or_results: Store | Path | str, path: Path, *, title: str = "bedside audit",
               warnings: list[str] | None = None) -> Path:
    """Write the report to `path` (mode 0600) and return it."""
    path = Path(path)
    with _store(db_or_results) as store, private_file(path) as out:
        tally = store.tally()
        chart = store.by_year_category()
        out.write(_HEAD.format(title=_e(title), style=_STYLE))
        out.write(_summary(tally, warnings or [], store))
        out.write(_chart(chart))
        flagged = list(store.results(flagged_only=True, worst_first=True, limit=MAX_SHOWN))
        out.write(_checklist(flagged))
        out.write('<section id="items"><h2>Worst first</h2>\n')
        cited: dict[tuple[str, str, str], int] = {}
        for row in flagged:
            out.write(_card(row, cited))
        if not flagged:
            out.write("<p>Nothing to review: no item was flagged.</p>")
        hidden = tally.get("review", 0) + tally.get("do-not-post", 0) - len(flagged)
        if hidden > 0:
            out.write(f"<p>{hidden:,} more flagged items are in the CSV and JSON outputs.</p>")
        out.write("</section>\n" + _guidance(cited))
        out.write("<footer>This report holds what your posts hold, patient data included: keep it "
                  "private, and delete it (and its store: <code>bedside audit --purge DB</code>) when done."
                  "</footer></body></html>\n")
    return path


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def _summary(tally: dict[str, int], warnings: list[str], store: Store) -> str:
    total = sum(tally.values())
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = store.get_meta("source") or ""
    cells = "".join(f'<div class="tile {name}"><b>{tally.get(name, 0):,}</b><span>{label}</span></div>'
                    for name, label in (("do-not-post", "do not post"), ("review", "review"), ("ok", "ok")))
    unchecked = tally.get("unchecked", 0)
    notes = "".join(f"<li>{_e(w)}</li>" for w in warnings)
    name = _e(Path(source).name or "the export")
    return (f'<header><h1>bedside audit</h1><p class="meta">{total:,} items from {name}'
            f" · made {created} on this computer, nothing sent anywhere</p></header>\n"
            f'<section id="summary"><h2>Summary</h2><div class="tiles">{cells}</div>'
            + (f"<p>{unchecked:,} items are not checked yet: run again with <code>--resume</code>.</p>"
               if unchecked else "")
            + (f'<h3>Notes on the import</h3><ul class="warnings">{notes}</ul>' if notes else "")
            + "</section>\n")


def _chart(counts: dict[tuple[int, str], int]) -> str:
    if not counts:
        return '<section id="chart"><h2>Findings by year</h2><p>No findings to chart.</p></section>\n'
    years = sorted({year for year, _ in counts})
    categories = sorted({category for _, category in counts})
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    totals = {y: sum(n for (year, _), n in counts.items() if year == y) for y in years}
    peak = max(totals.values()) or 1
    bar, gap, height, left, top = 34, 14, 220, 44, 16
    width = left + len(years) * (bar + gap) + 10
    parts = [f'<svg role="img" aria-label="Findings by year and category" width="{width}" height="{height + 60}" '
             f'viewBox="0 0 {width} {height + 60}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<line x1="{left - 4}" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#999"/>')
    parts.append(f'<text x="{left - 8}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>')
    for index, year in enumerate(years):
        x = left + index * (bar + gap)
        y = float(top + height)
        for category in categories:
            n = counts.get((year, category), 0)
            if not n:
                continue
            h = n / peak * height
            y -= h
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour[category]}">'
                         f"<title>{year or 'undated'} · {_e(category)}: {n}</title></rect>")
        parts.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" text-anchor="middle" font-size="11">'
                     f"{year or 'n/a'}</text>")
        parts.append(f'<text x="{x + bar / 2}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">'
                     f"{totals[year]}</text>")
    parts.append("</svg>")
    legend = "".join(f'<li><span class="swatch" style="background:{colour[c]}"></span>{_e(c)}</li>'
                     for c in categories)
    return (f'<section id="chart"><h2>Findings by year and category</h2>{"".join(parts)}'
            f'<ul class="legend">{legend}</ul></section>\n')


def _checklist(flagged: list[Stored]) -> str:
    if not flagged:
        return ""
    lines = []
    for row in flagged:
        link = _safe_url(row.url)
        target = f'<a href="{_e(link)}" rel="noreferrer noopener" target="_blank">{_e(row.id)}</a>' if link \
            else _e(row.id)
        lines.append(f'<li><label><input type="checkbox"> <span class="badge {_e(row.verdict)}">'
                     f"{_e(row.verdict)}</span> {_e(row.platform)} {_e((row.date or '')[:10])} {target} "
                     f'<a href="#item-{row.seq}">details</a> <q>{_e(_excerpt(row.text))}</q></label></li>')
    return (f'<section id="checklist"><h2>Delete these ({len(flagged):,})</h2>'
            f"<p>Tick each one as you delete it on the platform.</p><ol>{''.join(lines)}</ol></section>\n")


def _excerpt(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _card(row: Stored, cited: dict[tuple[str, str, str], int]) -> str:
    link = _safe_url(row.url)
    facts = [row.platform, (row.date or "")[:16].replace("T", " "), row.audience, row.kind]
    context = f'<p class="context">in reply to {_e(row.in_reply_to)}</p>' if row.in_reply_to else ""
    images = f'<p class="context">images: {_e(", ".join(row.images))}</p>' if row.images else ""
    original = (f' · <a href="{_e(link)}" rel="noreferrer noopener" target="_blank">open the original</a>'
                if link else "")
    findings = "".join(_finding(f, cited) for f in sorted(row.findings, key=lambda f: -_rank(f)))
    return (f'<article id="item-{row.seq}" class="{_e(row.verdict)}"><h3><span class="badge {_e(row.verdict)}">'
            f"{_e(row.verdict)}</span> {' · '.join(_e(f) for f in facts if f)}</h3>"
            f'<p class="meta">id <code>{_e(row.id)}</code>{original}</p>{context}{images}'
            f'<blockquote class="text">{_highlight(row.text, row.findings)}</blockquote>'
            f'<ul class="findings">{findings}</ul></article>\n')


def _rank(finding: dict[str, Any]) -> int:
    severity = finding.get("severity")
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


def _finding(f: dict[str, Any], cited: dict[tuple[str, str, str], int]) -> str:
    """One finding; its guidance paragraphs are numbered once for the whole report and linked from here."""
    links = []
    for r in f.get("references") or []:
        key = (str(r.get("cite") or ""), str(r.get("text") or ""), str(r.get("url") or ""))
        number = cited.setdefault(key, len(cited) + 1)
        links.append(f'<a href="#g-{number}" title="{_e(key[0])}">[{number}]</a>')
    return (f'<li class="{_e(f.get("severity"))}"><b>{_e(f.get("code"))}</b> {_e(f.get("name"))} '
            f'<span class="badge {_e(f.get("severity"))}">{_e(f.get("severity"))}</span> '
            f'<span class="cat">{_e(f.get("category"))}</span>'
            + (f' <q>{_e(f.get("text"))}</q>' if f.get("text") else "")
            + (f' <span class="cat">in image {int(f["box"].get("image", 0)) + 1}</span>'
               if isinstance(f.get("box"), dict) else "")
            + f"<p>{_e(f.get('message'))}</p>"
            + (f'<p class="fix">Fix: {_e(f.get("fix"))}</p>' if f.get("fix") else "")
            + (f'<p class="guidance">Guidance: {" ".join(links)}</p>' if links else "") + "</li>")


def _guidance(cited: dict[tuple[str, str, str], int]) -> str:
    """Every guidance paragraph cited above, once."""
    if not cited:
        return ""
    items = "".join(
        f'<li id="g-{number}"><b>{_e(cite)}</b>: {_e(text)}'
        + (f' <a href="{_e(url)}" rel="noreferrer noopener" target="_blank">source</a>' if _safe_url(url) else "")
        + "</li>" for (cite, text, url), number in sorted(cited.items(), key=lambda kv: kv[1]))
    return f'<section id="guidance"><h2>The guidance behind these findings</h2><ol>{items}</ol></section>\n'



def _highlight(text: str, findings: list[dict[str, Any]]) -> str:
    """The text, escaped, with each finding's span marked (overlaps take the highest severity)."""
    spans = [(int(f["start"]), int(f["end"]), _rank(f), str(f.get("code")), str(f.get("message")))
             for f in findings if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
             and 0 <= f["start"] < f["end"] <= len(text)]
    if not spans:
        return _e(text)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = _e(text[a:b])
        if covering:
            top = max(covering, key=lambda s: s[2])
            label = "; ".join(f"{s[3]}: {s[4]}" for s in covering)
            out.append(f'<mark class="{SEVERITIES[top[2]]}" title="{_e(label)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="bedside audit">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{style}</style></head><body>
"""

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:980px;padding:1em;
color:#1d1d1f;background:#fafafa}h1{margin:.2em 0}.meta{color:#555;font-size:13px}section{margin:1.5em 0}
.tiles{display:flex;gap:12px}.tile{flex:1;padding:12px;border-radius:8px;color:#fff}
.tile b{display:block;font-size:26px}
.tile.do-not-post{background:#b3261e}.tile.review{background:#b26a00}.tile.ok{background:#2e7d32}
.badge{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;color:#fff;background:#777}
.badge.do-not-post{background:#b3261e}.badge.review{background:#b26a00}.badge.ok,.badge.info{background:#2e7d32}
article{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:6px;
padding:10px 14px;margin:12px 0}
article.do-not-post{border-left-color:#b3261e}article.review{border-left-color:#b26a00}
article h3{margin:0;font-size:15px}
blockquote.text{white-space:pre-wrap;margin:8px 0;padding:8px;background:#f4f4f4;
border-radius:4px;word-break:break-word}
mark{background:#ffe08a;padding:0 1px}mark.do-not-post{background:#ffb4ab}mark.info{background:#d7f0ff}
.findings li{margin:6px 0}.findings p{margin:2px 0}.fix{color:#1b5e20}.cat{color:#555;font-size:12px}
.guidance{font-size:13px;color:#444}
details summary{font-size:13px;color:#444;cursor:pointer}.context{font-size:13px;color:#555;margin:2px 0}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:10px;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;border-radius:2px}
#checklist li{margin:3px 0}.warnings{color:#8a4b00}footer{color:#555;font-size:13px;margin:2em 0}
"""
