"""Audit outputs: one self-contained HTML report, CSV (one row per finding), JSON lines (one per item).

The HTML (templates/report.html, rendered by Jinja2 with autoescaping, as the web pages are) needs no
network and runs no script (its Content-Security-Policy forbids both); every piece of imported text is
escaped, and links to originals are kept only when they are http(s). Outputs read
the store page by page, so they cover the whole export (stored and new results alike) in bounded memory.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any, TextIO

from jinja2 import Environment, PackageLoader, Template
from markupsafe import Markup, escape

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
    """Write the report to `path` (mode 0600) and return it. The page is rendered as it is written (a
    template stream), so a large export's report never sits in memory whole."""
    path = Path(path)
    with _store(db_or_results) as store, private_file(path) as out:
        tally = store.tally()
        flagged = [_view(row) for row in store.results(flagged_only=True, worst_first=True, limit=MAX_SHOWN)]
        cited: dict[tuple[str, str, str], int] = {}

        def cite(reference: dict[str, str]) -> int:
            """A guidance paragraph's number: each is numbered once for the whole report, in order of use."""
            key = (reference["cite"], reference["text"], reference["url"])
            return cited.setdefault(key, len(cited) + 1)

        page = _template().generate(
            title=title, total=sum(tally.values()), tally=tally, unchecked=tally.get("unchecked", 0),
            source=Path(store.get_meta("source") or "").name or "the export",
            created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), warnings=warnings or [],
            chart=_chart(store.by_year_category()), flagged=flagged, cite=cite, cited=cited,
            hidden=tally.get("review", 0) + tally.get("do-not-post", 0) - len(flagged), highlight=_highlight)
        for piece in page:
            out.write(piece)
    return path


@cache
def _template() -> Template:
    environment = Environment(loader=PackageLoader("bedside.audit"), autoescape=True, keep_trailing_newline=True)
    environment.filters.update(thousands=lambda n: f"{n:,}", safe_url=_safe_url, excerpt=_excerpt)
    return environment.get_template("report.html")


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def _view(row: Stored) -> Stored:
    """A stored row with each finding ready for the page: its rank, the image it is in, its paragraphs."""
    findings = []
    for f in row.findings:
        box = f.get("box")
        references = [{"cite": str(r.get("cite") or ""), "text": str(r.get("text") or ""),
                       "url": str(r.get("url") or "")} for r in f.get("references") or []]
        findings.append({**f, "rank": _rank(f), "references": references,
                         "image": int(box.get("image", 0)) if isinstance(box, dict) else None})
    return replace(row, findings=findings)


def _chart(counts: dict[tuple[int, str], int]) -> dict[str, Any] | None:
    """The stacked bars of findings by year and category, laid out for the page's SVG."""
    if not counts:
        return None
    years = sorted({year for year, _ in counts})
    categories = sorted({category for _, category in counts})
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    totals = {y: sum(n for (year, _), n in counts.items() if year == y) for y in years}
    peak = max(totals.values()) or 1
    bar, gap, height, left, top = 34, 14, 220, 44, 16
    columns = []
    for index, year in enumerate(years):
        x = left + index * (bar + gap)
        y = float(top + height)
        blocks = []
        for category in categories:
            n = counts.get((year, category), 0)
            if n:
                h = n / peak * height
                y -= h
                blocks.append({"y": y, "h": h, "n": n, "category": category, "colour": colour[category]})
        columns.append({"x": x, "middle": x + bar / 2, "year": year, "blocks": blocks, "top": y,
                        "total": totals[year]})
    return {"width": left + len(years) * (bar + gap) + 10, "height": height, "left": left, "top": top,
            "base": top + height, "bar": bar, "peak": peak, "columns": columns,
            "legend": [(c, colour[c]) for c in categories]}


def _excerpt(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _rank(finding: dict[str, Any]) -> int:
    severity = finding.get("severity")
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


def _highlight(text: str, findings: list[dict[str, Any]]) -> Markup:
    """The text, escaped, with each finding's span marked (overlaps take the highest severity)."""
    spans = [(int(f["start"]), int(f["end"]), _rank(f), str(f.get("code")), str(f.get("message")))
             for f in findings if isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
             and 0 <= f["start"] < f["end"] <= len(text)]
    if not spans:
        return escape(text)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out = Markup()
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = text[a:b]
        if covering:
            top = max(covering, key=lambda s: s[2])
            label = "; ".join(f"{s[3]}: {s[4]}" for s in covering)
            out += Markup('<mark class="{}" title="{}">{}</mark>').format(SEVERITIES[top[2]], label, piece)
        else:
            out += piece  # Markup escapes what is added to it
    return out
