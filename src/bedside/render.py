"""Renderers: a report as text for a terminal (Rich) or as JSON. Both show the same data.

A renderer is a function that writes a report to a stream; `RENDERERS` names them, and `--format` of
`bedside check` offers every name in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from bedside.model import Finding, Report

SEVERITY_STYLE = {"do-not-post": "bold red", "review": "yellow", "info": "cyan"}
VERDICT_STYLE = {"do-not-post": "bold white on red", "review": "bold black on yellow", "ok": "bold white on green"}


def write_json(report: Report, stream: TextIO, **extra: Any) -> None:
    """The report as indented JSON (as json.dumps would write it), a finding at a time: a long note dense
    with identifiers has tens of thousands of findings, each citing its guidance, and the whole document
    need never be one string."""
    data = {**report.to_dict(), **extra}
    findings = data["findings"]
    data["findings"] = []
    head, tail = json.dumps(data, ensure_ascii=False, indent=2).split('"findings": []', 1)
    stream.write(head + '"findings": [')
    for i, finding in enumerate(findings):
        body = json.dumps(finding, ensure_ascii=False, indent=2)
        stream.write(("," if i else "") + "\n    " + body.replace("\n", "\n    "))
    stream.write(("\n  ]" if findings else "]") + tail + "\n")


def write_text(report: Report, stream: TextIO) -> None:
    """The report for a terminal: verdict, each finding with its guidance, the redacted text."""
    print_report(report, Console(file=stream, highlight=False, soft_wrap=True))


def print_report(report: Report, console: Console, *, show_redacted: bool = True) -> None:
    style = VERDICT_STYLE[report.verdict]
    console.print(Text(f" {report.verdict.upper()} ", style=style), f"{len(report.findings)} finding(s)",
                  f"[dim]· guidance pack: {escape(report.pack)}[/]")
    for finding in report.findings:
        console.print()
        _print_finding(finding, console)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")
    if not show_redacted:
        return
    if report.rewrite_needed:  # redaction fixes identifiers, not what the post says: no clean-looking text
        _print_rewrite(report, console)
    elif report.findings and report.redacted:
        console.print()
        console.print("[bold]Redacted:[/]", escape(report.redacted))


def _print_finding(finding: Finding, console: Console) -> None:
    where = ""
    if finding.start is not None:
        where = f" [dim]{finding.start}-{finding.end}[/]"
    elif finding.box is not None:
        b = finding.box
        where = f" [dim]image {b.image + 1} box {b.x},{b.y} {b.width}x{b.height}[/]"
    console.print(f"[bold]{finding.code}[/] {escape(finding.category)} "
                  f"[{SEVERITY_STYLE[finding.severity]}]{finding.severity}[/]{where}"
                  + (f"  [bold]{escape(_short(finding.text))!r}[/]" if finding.text else ""))
    console.print(f"  {escape(finding.message)}")
    if finding.references:  # the first paragraph in full; the JSON output carries them all
        first, *more = finding.references
        console.print(f"  [dim]guidance: {escape(first.cite())}: {escape(first.text)}[/]")
        if more:
            console.print(f"  [dim]see also: {escape('; '.join(r.cite() for r in more))}[/]")
    if finding.fix:
        console.print(f"  [green]fix:[/] {escape(finding.fix)}")


def _print_rewrite(report: Report, console: Console) -> None:
    """What redaction cannot fix, by rule, and the neutral rewrite where a safe one was found."""
    console.print()
    console.print("[bold]Rewrite needed:[/] replacing identifiers does not fix these.")
    by_code: dict[str, list[Finding]] = {}
    for finding in report.rewrite_needed:
        by_code.setdefault(finding.code, []).append(finding)
    for code, found in by_code.items():
        quoted = ", ".join(repr(_short(f.text, 40)) for f in found if f.text)
        console.print(f"  {escape(code)}{' ' + escape(quoted) if quoted else ''}: "
                      f"{escape(found[0].fix or found[0].message)}")
    if report.suggestion is not None:
        console.print("[bold]A neutral rewrite[/] [dim](checked again: nothing in it needs rewriting)[/]:",
                      escape(report.suggestion.text))
        return
    console.print("  bedside found no safe rewrite: rewrite it yourself.")
    if report.redactions:
        console.print("[bold]Identifiers replaced (still needs the rewrite):[/]", escape(report.redacted))


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RENDERERS: dict[str, Callable[[Report, TextIO], None]] = {"text": write_text, "json": write_json}
