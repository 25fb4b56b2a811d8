"""CHAN001: a closed group, chat or direct message is judged as if it were public."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.about import about_a_patient
from bedside.rules.reading import CONTEMPT, PEOPLE, reading_of, remark
from bedside.signals.keys import CHANNEL, IDENTIFIERS


@rule(
    code="CHAN001",
    name="private-channel",
    category="private-channel",
    severity="info",
    summary="Content in a closed group, WhatsApp or a DM is judged as if it were public.",
    what=(
        "A post to a closed group, a private chat or a direct message (`--audience group|private`, "
        "`--kind message`, or a messaging platform) that is about a patient or carries identifiers; or a "
        "post whose words treat it as private ('between us', 'don't share', 'off the record')."
    ),
    why=(
        "Members of groups and chats can screenshot, forward and leak what they read, and groups grow and "
        "change; many professional cases began in a 'private' chat. Guidance holds private channels to "
        "the standard of public posts, so bedside judges them the same way."
    ),
    example="(WhatsApp group) Between us, the man in bay 4 is the local headteacher.",
    fix="Write as if the whole world will read it. Share clinical information only through secure, "
        "approved systems, and only with people involved in the patient's care.",
)
def private_channel(ctx: RuleContext) -> Iterator[Finding]:
    channel = ctx.signals[CHANNEL]
    if not channel.closed and not channel.cues:
        return
    about_patient = about_a_patient(ctx)
    reading = reading_of(ctx)
    read = None if reading is None else remark(reading, (*CONTEMPT, "sexualised"), (*PEOPLE, "protected-group"))
    if channel.closed and not (about_patient or channel.cues or ctx.signals[IDENTIFIERS] or read):
        return
    first = channel.cues[0] if channel.cues else None
    where = {"group": "a closed group", "private": "a private chat", "message": "a direct message"}.get(
        channel.medium, channel.medium or "a space you treat as private")
    severity: Severity = "review" if (about_patient and first) or read else "info"
    said = f" It {read.words()}." if read else " It is about a patient." if about_patient else ""
    yield ctx.finding(
        severity,
        f"This is going to {where}: bedside judges it as if it were public, because members can "
        "screenshot and forward it." + said,
        start=first.start if first else None, end=first.end if first else None,
        details={"medium": channel.medium},
    )
