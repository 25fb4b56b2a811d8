"""`bedside audit EXPORT`: check a whole history (an X, Facebook, Instagram, LinkedIn, WhatsApp, Mastodon,
Bluesky or Reddit export, or a CSV / JSON lines / text file) and report the posts to delete first.

stdout carries only the `--format` output (csv, json lines); progress and the summary go to stderr.
Exit codes as `check`: 0 nothing at or above --fail-on, 1 something is, 2 bad or damaged input (a
partial report of what could be read is still written).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from bedside.audit import AuditSummary


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    source: Annotated[Path | None, typer.Argument(help="The export: a zip, a folder, or one file.")] = None,
    report: Annotated[Path | None, typer.Option("--report", "-r", help="Write the HTML report here.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text (summary only), csv or json (to stdout).")
                      ] = "text",
    db: Annotated[str | None, typer.Option("--db", help="The results store: a file (default: beside the "
                                           "report) or a postgresql:// URL.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Carry on from the store: nothing is checked twice.")
                      ] = False,
    purge: Annotated[str | None, typer.Option("--purge", help="Delete this store and exit.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="A Dask scheduler address (tcp://…).")
                         ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local processes (default: one per core).")
                       ] = None,
    all_authors: Annotated[bool, typer.Option("--all-authors", help="In chats, judge everyone's messages.")
                           ] = False,
    me: Annotated[list[str] | None, typer.Option("--me", help="Your name or handle in chats (repeatable).")] = None,
    images: Annotated[bool, typer.Option("--images/--no-images", help="Check the images in the export.")] = True,
    country: Annotated[str, typer.Option(help="Country whose guidance applies.")] = "GB",
    profession: Annotated[str, typer.Option(help="doctor, nurse, midwife, allied-health, student…")] = "doctor",
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes or prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Never these rule codes or prefixes.")] = None,
    allow: Annotated[list[str] | None, typer.Option("--allow", help="Your own name, practice or phone.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="Exit 1 at or above: info, review, "
                                                "do-not-post.")] = None,
) -> None:
    """Audit a history: import an export, check every post, report the ones to delete first."""
    from rich.markup import escape

    from bedside.audit import AuditOptions, run_audit
    from bedside.commands._common import err, load_config
    from bedside.model import SEVERITY_RANK, InputError

    if purge:
        _purge(purge)
        return
    if source is None:
        raise InputError("name an export to audit (a zip, a folder or a file), or --purge DB")
    if format not in ("text", "csv", "json"):
        raise InputError(f"--format must be text, csv or json; got {format!r}")
    config = load_config(select, ignore, allow, fail_on)
    if report is None and format == "text":
        report = Path(f"{source.name.split('.')[0] or 'export'}-audit.html")
    store = db or str((report or Path(f"{source.name.split('.')[0] or 'export'}-audit.html")).with_suffix(".db"))
    progress = _Progress(err)
    try:
        options = AuditOptions(config=config, all_authors=all_authors, me=tuple(me or ()), resume=resume,
                               workers=workers, scheduler=scheduler, images=images, country=country,
                               profession=profession)
        summary = run_audit(source, db=store, options=options, progress=progress.update,
                            status=lambda line: err.print(f" {escape(line)}"))
    except KeyboardInterrupt:
        progress.stop()
        err.print(f" interrupted: what was checked is kept in {escape(store)}; add --resume to carry on")
        raise
    finally:
        progress.stop()
    for warning in summary.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    _write(summary, report, format)
    _say_summary(summary, report)
    if summary.total == 0:
        raise InputError("; ".join(summary.warnings) or f"no posts or messages found in {source}")
    if summary.damaged:
        raise typer.Exit(2)
    raise typer.Exit(int(summary.worst >= SEVERITY_RANK[config.fail_on]))


def _purge(db: str) -> None:
    from rich.markup import escape

    from bedside.audit import purge as purge_store
    from bedside.commands._common import err

    for removed in purge_store(db):
        err.print(f"deleted {escape(removed)}")
    for line in _purge_report(db):
        err.print(line)


def _write(summary: AuditSummary, report: Path | None, format: str) -> None:
    """The HTML report, where one was asked for (or by default), and the findings as CSV or JSON on stdout."""
    from bedside.audit import write_csv, write_html, write_jsonl
    from bedside.model import InputError

    if report is not None:
        try:
            write_html(summary.db, report, warnings=summary.warnings)
        except OSError as error:
            raise InputError(f"could not write the report {report}: {error.strerror or error}; nothing was "
                             f"written there (the results are kept in {summary.db})") from error
    if format == "csv":
        write_csv(summary.db, sys.stdout)
    elif format == "json":
        write_jsonl(summary.db, sys.stdout)


def _say_summary(summary: AuditSummary, report: Path | None) -> None:
    from rich.markup import escape

    from bedside.commands._common import err

    counts = summary.counts
    err.print(f" [bold red]do-not-post {counts.get('do-not-post', 0):,}[/] · [yellow]review "
              f"{counts.get('review', 0):,}[/] · [green]ok {counts.get('ok', 0):,}[/]"
              + (f"   report: {escape(str(report))}" if report else "") + f"   store: {escape(summary.db)}")
    if summary.checked:
        err.print(f" checked {summary.checked:,} items in {summary.check_seconds:.1f} s ({summary.rate:,.0f} items/s;"
                  f" {summary.seconds:.1f} s in all, with the import and loading the models)"
                  + (f"; {summary.resumed:,} were already checked" if summary.resumed else ""))


def _purge_report(db: str) -> list[str]:
    """The report beside a purged store holds the same patient data. Under its default name (the store's
    name with .html, as `bedside audit` writes them) it is deleted when it is a bedside report; a report
    written anywhere else can only be named by the user."""
    from rich.markup import escape

    from bedside.audit.store import is_url

    lines = []
    if not is_url(db):
        beside = Path(db).with_suffix(".html")
        if _is_report(beside):
            beside.unlink()
            lines.append(f"deleted {escape(str(beside))} (the report written beside the store)")
        elif beside.exists():
            lines.append(f"[yellow]note:[/] left {escape(str(beside))} alone: it is not a bedside report")
    lines.append("[yellow]note:[/] a report written elsewhere (--report PATH) holds the same patient data: "
                 "delete it yourself")
    return lines


def _is_report(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b'<meta name="generator" content="bedside audit">' in head


class _Progress:
    """A Rich progress bar (rate and ETA) on stderr, started at the first update (after the worker pool)."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn(" Checking"), BarColumn(), TaskProgressColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TimeRemainingColumn(),
                                TextColumn("{task.fields[rate]}"), console=self.console, transient=False)
            self.bar.start()
            self.task = self.bar.add_task("check", total=total, completed=done, rate="")
            self.start = (done, _now())
            return
        first_done, first_time = self.start
        elapsed = _now() - first_time
        rate = f"{(done - first_done) / elapsed:,.0f} items/s" if elapsed > 0 else ""
        self.bar.update(self.task, completed=done, total=total, rate=rate)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _now() -> float:
    import time

    return time.perf_counter()
