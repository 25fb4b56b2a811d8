"""The command line: `bedside check`, `redact`, `scan`, `rules`, `rule`, and the commands that modules in
`bedside.commands` add (each defines `register(app)`).

Exit codes: 0 when nothing is at or above --fail-on, 1 when something is, 2 on bad input (one line on
stderr, never a traceback; set BEDSIDE_DEBUG=1 to see one).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from bedside import __version__, commands
from bedside.commands._common import err, load_config, load_settings, out, read_text
from bedside.engine import check as run_check
from bedside.engine import exit_code
from bedside.model import SEVERITY_RANK, InputError, Post, Report
from bedside.packs import known_countries, require_country, select_pack
from bedside.parallel import check_stream
from bedside.render import RENDERERS
from bedside.rules import get_rule, selected_rules

app = typer.Typer(
    name="bedside",
    help="A second pair of eyes before you post: patient confidentiality and professional standards, offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


TextArg = Annotated[str, typer.Argument(help="The text, '-' to read standard input, or a file to read.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
KindOpt = Annotated[str, typer.Option(help="post, reply, message, friend-request or profile.")]
AudienceOpt = Annotated[str, typer.Option(help="public, followers, group or private.")]
PlatformOpt = Annotated[str | None, typer.Option(help="Where it will be posted (x, facebook, whatsapp…).")]
CountryOpt = Annotated[str, typer.Option(help="Country whose guidance applies (GB, IE, AU, NZ, ZA, SG, HK, US…).")]
ProfessionOpt = Annotated[str, typer.Option(help="doctor, nurse, midwife, allied-health (paramedic, physiotherapist…), "
                                                 "pharmacist, dentist, student, practice-manager.")]
ProfileOpt = Annotated[str | None, typer.Option(help="The author's profile text, or a file holding it.")]
ReplyToOpt = Annotated[str | None, typer.Option("--reply-to", help="The text this replies to, or a file.")]
CreatedOpt = Annotated[str | None, typer.Option("--created-at", help="When it is (or was) posted, ISO 8601.")]
ImageOpt = Annotated[list[Path] | None, typer.Option("--image", "-i", help="An image to check (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes or prefixes.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Never these rule codes or prefixes.")]
AllowOpt = Annotated[list[str] | None, typer.Option("--allow", help="Your own name, practice or phone: never flagged.")]
FailOnOpt = Annotated[str | None, typer.Option("--fail-on", help="Exit 1 at or above: info, review, do-not-post.")]


def make_post(text: str, *, kind: str = "post", audience: str = "public", platform: str | None = None,
              country: str = "GB", profession: str = "doctor", profile: str | None = None,
              reply_to: str | None = None, created_at: str | None = None,
              images: list[Path] | None = None) -> Post:
    created = None
    if created_at:
        try:
            created = datetime.fromisoformat(created_at)
        except ValueError as error:
            raise InputError(f"--created-at is not an ISO date or date-time: {created_at!r}") from error
    for image in images or []:
        if not image.is_file():
            raise InputError(f"image not found: {image}")
    return Post(
        text=text, kind=kind, audience=audience, platform=platform,  # type: ignore[arg-type]
        country=country, profession=profession,  # type: ignore[arg-type]
        profile=read_text(profile)[0] if profile else None,
        reply_to=read_text(reply_to)[0] if reply_to else None,
        created_at=created, images=list(images or []),
    )


def emit(report: Report, fmt: str) -> None:
    render = RENDERERS.get(fmt)
    if render is None:
        raise InputError(f"--format must be {' or '.join(RENDERERS)}; got {fmt!r}")
    render(report, sys.stdout)


@app.command()
def check(
    text: TextArg = "",
    format: FormatOpt = "text",
    kind: KindOpt = "post",
    audience: AudienceOpt = "public",
    platform: PlatformOpt = None,
    country: CountryOpt = "GB",
    profession: ProfessionOpt = "doctor",
    profile: ProfileOpt = None,
    reply_to: ReplyToOpt = None,
    created_at: CreatedOpt = None,
    image: ImageOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    allow: AllowOpt = None,
    fail_on: FailOnOpt = None,
    jigsaw_threshold: Annotated[float | None, typer.Option(help="Expected matches below which to review.")] = None,
) -> None:
    """Check a post before you publish it: what could identify a patient or breach professional standards."""
    config = load_config(select, ignore, allow, fail_on, jigsaw_threshold=jigsaw_threshold)
    country = require_country(country, config.packs)
    body, warnings = read_text(text)
    if not body and not image:
        raise InputError("nothing to check: give text, '-' for standard input, a file, or --image")
    post = make_post(body, kind=kind, audience=audience, platform=platform, country=country,
                     profession=profession, profile=profile, reply_to=reply_to, created_at=created_at,
                     images=image)
    report = run_check(post, config)
    report.warnings[:0] = warnings
    emit(report, format)
    raise typer.Exit(exit_code(report, config.fail_on))


@app.command()
def redact(
    text: TextArg = "",
    image: Annotated[Path | None, typer.Option("--image", "-i", help="An image or DICOM file to redact.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write the redacted image.")] = None,
    header_only: Annotated[bool, typer.Option(
        "--header-only", help="DICOM whose pixels cannot be decoded: write a copy with only its header cleaned.",
    )] = False,
    country: CountryOpt = "GB",
    allow: AllowOpt = None,
) -> None:
    """Print the text with identifiers replaced ([NAME], [NHS NUMBER], [DATE] …), or redact an image."""
    config = load_config(None, None, allow, None)
    country = require_country(country, config.packs)
    if image is not None:
        if output is None:
            raise InputError("--image needs --output (-o): where to write the redacted copy")
        from bedside.redaction.images import redact_to

        report, written = redact_to(image, output, config, header_only=header_only)
        for warning in report.warnings:
            err.print(escape(warning))
        err.print(f"wrote {escape(str(written))}: {len(report.findings)} item(s) removed")
        return
    body, _ = read_text(text)
    out.print(run_check(Post(text=body, country=country), config).redacted, markup=False)


@app.command()
def scan(
    jsonl: Annotated[bool, typer.Option("--jsonl/--no-jsonl",
                                        help="JSON lines in from stdin and out: scan's only format.")] = True,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    allow: AllowOpt = None,
    fail_on: FailOnOpt = None,
) -> None:
    """Check many posts: one JSON object a line in ({"id","text",…Post fields}), one a line out."""
    if not jsonl:
        raise InputError("scan reads and writes JSON lines only; to read one post as text, use bedside check")
    config = load_config(select, ignore, allow, fail_on)
    countries = set(known_countries(config.packs))
    worst = 0
    lines: deque[tuple[int, Any]] = deque()  # (line number, id) of each item read and not yet answered

    def items() -> Iterator[Post | InputError]:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            item: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise InputError("each line must be a JSON object")
                post = Post(**{k: v for k, v in item.items() if k in Post.__dataclass_fields__})
                if post.country not in countries:
                    raise InputError(f"no guidance pack for country {post.country!r}; known: "
                                     f"{', '.join(sorted(countries))}")
            except (json.JSONDecodeError, InputError, TypeError, AttributeError) as error:
                lines.append((number, item.get("id") if isinstance(item, dict) else None))
                bad_json = isinstance(error, json.JSONDecodeError)
                yield InputError(f"not valid JSON ({error})" if bad_json else str(error))
                continue
            lines.append((number, item.get("id")))
            yield post

    threshold = SEVERITY_RANK[config.fail_on]
    for answer in check_stream(items(), config, render=_scan_line):
        number, key = lines.popleft()
        if isinstance(answer, InputError):
            # The error takes the line's place in the output, so the answers stay aligned with the input.
            message = str(answer).splitlines()[0]
            print(json.dumps({"id": key, "line": number, "error": message}, ensure_ascii=False))
            err.print(f"[red]line {number}:[/] {escape(message)}")
            worst = 2
            continue
        line, severity = answer
        print(f'{{"id": {json.dumps(key, ensure_ascii=False)}, {line}')
        worst = max(worst, int(severity >= threshold))
    raise typer.Exit(worst)


SCAN_FIELDS = ("code", "category", "severity", "start", "end", "text", "message")  # a scan line's, compact


def _scan_line(report: Report) -> tuple[str, int]:
    """A scan answer's JSON after its id (rendered in the worker), and its worst severity (-1 when none)."""
    findings = [f.to_dict(only=SCAN_FIELDS) for f in report.findings]
    line = json.dumps({"verdict": report.verdict, "findings": findings}, ensure_ascii=False)[1:]
    return line, max((SEVERITY_RANK[f.severity] for f in report.findings), default=-1)


@app.command("rules")
def list_rules(
    country: Annotated[str | None, typer.Option(help="Show the guidance that applies in this country.")] = None,
    profession: ProfessionOpt = "doctor",
    format: FormatOpt = "text",
) -> None:
    """Every rule: code, name, category, one line."""
    config = load_settings()
    pack = select_pack(require_country(country or "GB", config.packs), profession, config.packs)
    rules = selected_rules(config)
    if format == "json":
        data = [{"code": r.code, "name": r.name, "category": r.category,
                 "severity": pack.severity_for(r.code, r.severity), "summary": r.summary,
                 "references": [x.cite() for x in pack.references(r.code)]} for r in rules]
        out.print(json.dumps({"pack": pack.id, "rules": data}, indent=2), markup=False)
        return
    table = Table(title=f"bedside rules · {pack.name}", title_justify="left")
    for column in ("code", "name", "category", "severity", "summary"):
        table.add_column(column)
    if country:
        table.add_column("guidance")
    for r in rules:
        row = [r.code, r.name, r.category, pack.severity_for(r.code, r.severity), r.summary]
        if country:
            row.append("; ".join(x.cite() for x in pack.references(r.code)) or "-")
        table.add_row(*(escape(c) for c in row))
    out.print(table)


@app.command("rule")
def show_rule(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. CONF001.")],
    country: CountryOpt = "GB",
    profession: ProfessionOpt = "doctor",
) -> None:
    """What a rule flags, why it matters (with the guidance), an example and the fix."""
    found = get_rule(code)
    if found is None:
        raise InputError(f"no rule {code!r}; `bedside rules` lists them")
    packs = load_settings().packs
    pack = select_pack(require_country(country, packs), profession, packs)
    out.print(f"[bold]{found.code}[/] {escape(found.name)}  [dim]{found.category} · "
              f"{pack.severity_for(found.code, found.severity)}[/]")
    out.print(escape(found.summary))
    for title, body in (("What it flags", found.what), ("Why it matters", found.why),
                        ("Example", found.example), ("Fix", found.fix)):
        out.print(f"\n[bold]{title}[/]\n{escape(body)}")
    references = pack.references(found.code)
    out.print(f"\n[bold]Guidance[/] [dim]({escape(pack.name)})[/]")
    for reference in references:
        out.print(f"- {escape(reference.cite())}: {escape(reference.text)}")
        if reference.url:
            out.print(f"  [dim]{escape(reference.url)}[/]")
    if not references:
        out.print("- no paragraph of this pack is mapped to this rule")
    out.print(f"\n[bold]Advice[/]\n{escape(pack.advice)}")


def _version(value: bool) -> None:
    if value:
        out.print(f"bedside {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """bedside checks what you are about to post, on your own machine."""


def _register_commands() -> None:
    for module in pkgutil.iter_modules(commands.__path__):
        if module.name.startswith("_"):  # _common: what the commands share, not a command
            continue
        importlib.import_module(f"{commands.__name__}.{module.name}").register(app)


_register_commands()


def main() -> None:
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except InputError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        sys.exit(2)
    except (KeyboardInterrupt, BrokenPipeError, typer.Abort):
        sys.exit(130)
    except typer.TyperException as error:  # a usage mistake: what is wrong, in words, and where to look
        _usage_error(error)
        sys.exit(2)
    except Exception as error:  # a bug must still not show a user a traceback
        if os.environ.get("BEDSIDE_DEBUG"):
            raise
        err.print(f"[red]error:[/] {type(error).__name__}: {escape(str(error))} (BEDSIDE_DEBUG=1 shows more)")
        sys.exit(2)


def _usage_error(error: typer.TyperException) -> None:
    """One plain line for a usage mistake (a missing argument, an unknown command or option), never the
    exception's class name. Plain `bedside` has already printed the help: nothing more is said."""
    if type(error).__name__ == "NoArgsIsHelpError":  # typer's own test: the class is not public
        return
    ctx = getattr(error, "ctx", None)
    message = error.format_message().strip().rstrip(".")
    if ctx is None:
        hint = "bedside --help lists the commands"
    elif message.startswith("No such command"):
        hint = "commands: " + ", ".join(ctx.command.list_commands(ctx))
    else:
        hint = f"{ctx.command_path} --help shows how to use it"
    err.print(f"[red]error:[/] {escape(message)}; {escape(hint)}")
