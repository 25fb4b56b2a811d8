"""The bridge from a web audit job to bedside.audit: run it into the job's folder, then write the HTML
report and the results the page browses (results.json: flagged posts, worst first)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bedside.config import Config

SHOWN = 500  # flagged posts sent to the page; the downloaded report and the CLI's CSV hold the rest


@dataclass(frozen=True)
class Audit:
    source: Path
    folder: Path
    config: Config
    country: str = "GB"
    profession: str = "doctor"
    cancel: threading.Event | None = None  # set when the job is deleted or the server stops


def run(audit: Audit, progress: Callable[[int, int], None], status: Callable[[str], None]) -> dict[str, Any]:
    """Audit the upload with its results in the job's folder; returns the summary the page shows."""
    from bedside.audit import AuditOptions, open_store, run_audit, write_html

    db = audit.folder / "audit.sqlite"
    options = AuditOptions(config=audit.config, country=audit.country, profession=audit.profession)
    summary = run_audit(audit.source, db=db, options=options, progress=progress, status=status,
                        cancel=audit.cancel)
    write_html(db, audit.folder / "report.html", warnings=summary.warnings)
    store = open_store(db)
    try:
        items = [{"id": row.id, "date": row.date, "platform": row.platform, "audience": row.audience,
                  "url": _http(row.url), "text": row.text, "verdict": row.verdict, "findings": row.findings}
                 for row in store.results(flagged_only=True, worst_first=True, limit=SHOWN)]
    finally:
        store.close()
    (audit.folder / "results.json").write_text(json.dumps({"items": items}, ensure_ascii=False), encoding="utf-8")
    return {"posts": summary.total, "images": summary.images, "warnings": summary.warnings,
            "seconds": round(summary.seconds, 2), **{k: v for k, v in summary.counts.items() if k != "unchecked"}}


def _http(url: str | None) -> str | None:
    """Only http(s) links reach the page: an export's `javascript:` or `data:` URL must not be clickable."""
    return url if url and url.lower().startswith(("https://", "http://")) else None
