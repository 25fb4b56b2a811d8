"""Audit a whole history: import an export, check every item fast, store results, report.

    from bedside.audit import run_audit, write_html
    summary = run_audit(Path("twitter.zip"), db=Path("audit.db"))
    write_html(Path("audit.db"), Path("audit.html"))
"""

from bedside.audit.report import write_csv, write_html, write_jsonl
from bedside.audit.runner import AuditOptions, AuditSummary, Cancelled, run_audit
from bedside.audit.store import open_store, purge

__all__ = ["AuditOptions", "AuditSummary", "Cancelled", "open_store", "purge", "run_audit", "write_csv", "write_html",
           "write_jsonl"]
