"""`bedside defamation`: guided triage for a practice or clinician criticised online. It asks the
questions interactively, or takes the answers as options or a JSON file (so it can be scripted and
tested), and prints a structured summary: serious harm, the defences, next steps, and that it is not
legal advice."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    app.command("defamation")(defamation)


def _option(help: str) -> Any:
    return typer.Option(help=help)


def defamation(
    answers: Annotated[Path | None, typer.Option("--answers", help="A JSON file of answers (keys as the options).")]
    = None,
    statement: Annotated[str | None, _option("What was said.")] = None,
    claimant: Annotated[str | None, _option("individual, business or public-body.")] = None,
    kind: Annotated[str | None, _option("fact, opinion or unknown.")] = None,
    gravity: Annotated[str | None, _option("crime, competence, service or insult.")] = None,
    reach: Annotated[str | None, _option("small, moderate or wide.")] = None,
    author: Annotated[str | None, _option("patient, anonymous, journalist or colleague.")] = None,
    harm: Annotated[str | None, _option("none, some or loss.")] = None,
    truth: Annotated[str | None, _option("Could it be shown true: yes, no or unknown.")] = None,
    basis: Annotated[str | None, _option("Does an opinion indicate its basis: yes, no or unknown.")] = None,
    public_interest: Annotated[str | None, typer.Option("--public-interest", help="yes, no or unknown.")] = None,
    privilege: Annotated[str | None, _option("Said in a protected setting: yes, no or unknown.")] = None,
    months: Annotated[int | None, _option("Months since it was first published.")] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-input",
                                                     help="Ask for missing answers (default: when a terminal).")]
    = None,
    country: Annotated[str, typer.Option(help="Country whose law and advice apply.")] = "GB",
    profession: Annotated[str, typer.Option(help="Your profession, for where to get advice.")] = "doctor",
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Triage a defamation worry: serious harm, defences, next steps (not legal advice)."""
    from bedside.commands._common import load_config, out
    from bedside.defamation import QUESTIONS, assess, read_statement, render
    from bedside.model import InputError
    from bedside.packs import require_country, select_pack

    if format not in ("text", "json"):
        raise InputError(f"--format must be text or json; got {format!r}")
    config = load_config(None, None, None, None)
    pack = select_pack(require_country(country, config.packs), profession, config.packs)  # before any question
    given: dict[str, Any] = _read_answers(answers) if answers else {}
    flags = {"statement": statement, "claimant": claimant, "kind": kind, "gravity": gravity, "reach": reach,
             "author": author, "harm": harm, "truth": truth, "basis": basis, "public_interest": public_interest,
             "privilege": privilege, "months": None if months is None else str(months)}
    given.update({k: v for k, v in flags.items() if v is not None})
    if interactive is None:
        interactive = sys.stdin.isatty() and not given
    if interactive:
        for question in QUESTIONS:
            if question.key in given:
                continue
            # what the statement already shows is offered as the answer to accept or change
            reading = read_statement(str(given.get("statement") or "")).get(question.key)
            if question.choices:
                out.print(f"\n[bold]{question.prompt}[/]")
                for value, meaning in question.choices.items():
                    out.print(f"  [cyan]{value}[/]: {meaning}")
                given[question.key] = typer.prompt("Answer", default=reading.value if reading else question.default)
            else:
                given[question.key] = typer.prompt(question.prompt, default=question.default, show_default=False)
    triage = assess(given, pack)
    if format == "json":
        print(json.dumps(triage.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render(triage))


def _read_answers(path: Path) -> dict[str, Any]:
    from bedside.model import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read answers from {path}: {error}") from error
    if not isinstance(data, dict):
        raise InputError(f"{path}: the answers must be a JSON object")
    return {str(k).replace("-", "_"): v for k, v in data.items()}
