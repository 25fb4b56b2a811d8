"""`bedside reply --complaint FILE`: draft a public reply to a complaint or review that keeps
confidentiality, for the chosen country's guidance. Only the reply goes to standard output, so it can be
piped or pasted; bedside then checks the draft as a reply to that complaint and says on standard error
if anything was found (it should not be)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("reply")(reply)


def reply(
    complaint: Annotated[str, typer.Option("--complaint", "-c", help="The complaint or review: file, '-' or text.")],
    country: Annotated[str, typer.Option(help="Country whose guidance applies (GB, IE, AU, NZ, ZA, SG, HK, US).")]
    = "GB",
    profession: Annotated[str, typer.Option(help="doctor, nurse, midwife, allied-health (paramedic, physiotherapist…), "
                                                 "pharmacist, dentist, student, practice-manager.")] = "doctor",
    practice: Annotated[str | None, typer.Option(help="The practice's name, to sign the reply.")] = None,
    contact: Annotated[str | None, typer.Option(help="Who to contact and how: 'our practice manager on 01632 960000'.")]
    = None,
) -> None:
    """Draft a confidential public reply to a complaint or review (prints only the reply)."""
    from bedside.commands._common import err, load_config, read_text
    from bedside.complaints import draft_reply
    from bedside.engine import check
    from bedside.model import Post, profession_of
    from bedside.packs import require_country
    from bedside.signals.identifiers import find_identifiers

    config = load_config(None, None, None, None)
    country = require_country(country, config.packs)
    profession = profession_of(profession)
    text, _ = read_text(complaint)
    draft = draft_reply(text, country=country, profession=profession, practice=practice, contact=contact,
                        extra_packs=config.packs)
    print(draft)
    # The practice's own name and contact details are the user's to publish.
    own = [value for value in (practice, contact) if value]
    own += [s.text for value in own for s in find_identifiers(value, country.upper())]
    post = Post(text=draft, kind="reply", reply_to=text, country=country,
                profession=profession)  # type: ignore[arg-type]
    report = check(post, config.with_overrides(allow=own))
    for finding in report.findings:
        err.print(f"bedside: check of the draft: {finding.code} {finding.severity}: {finding.message}",
                  markup=False)
