"""PROF006 (venting) and PROF007 (political or religious views from a clinician's account): advisory
findings, info or review, never do-not-post: they ask the author to pause, not forbid the post."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.reading import PEOPLE, TARGETS, VENTED, meant, reading_of
from bedside.signals.keys import BELIEFS, PROFILE, VENTING, VOICE

VENTED_AT_PEOPLE = frozenset({"patient", "patients", "colleague"})  # review; other targets (work, policy): info


@rule(
    code="PROF006",
    name="venting",
    category="venting",
    severity="info",
    summary="Strong negative emotion about work, patients or colleagues, or a late-night post: wait before posting.",
    what=(
        "First-person anger, contempt or exhaustion about work, patients or colleagues ('I'm sick of "
        "patients who …', 'fuming at management', '#rant'), or a post about work made late at night when "
        "the time is known (`--created-at`)."
    ),
    why=(
        "Posts written when tired or angry are the ones most often regretted and most often reported. "
        "Pausing costs nothing; a post cannot be unread."
    ),
    example="I am so sick of patients who turn up to A&E with a cold. #rant",
    fix="Wait until you have slept on it, or talk to a colleague or a support service instead.",
)
def venting(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.signals[VENTING]
    reading = reading_of(ctx)
    vented = 0.0 if reading is None or not meant(reading) else round(reading.p("venting", "true"), 2)
    if reading is not None and not found.spans and vented >= VENTED:
        at = reading.top("target")[0]
        whom = TARGETS[at] if at in PEOPLE else "work"
        # Anger at patients or colleagues is what gets reported; a grumble about the canteen, the rota or a
        # policy is only worth a pause, as the wording path below judges it too.
        read_severity: Severity = "review" if at in VENTED_AT_PEOPLE else "info"
        yield ctx.finding(
            read_severity, f"The post reads as letting off steam about {whom} ({vented:.2f}): consider waiting "
            "before you post this.", details={"about": "people" if at in PEOPLE else "work", "probability": vented},
        )
        return
    if found.spans:
        # One finding per post: the span about people if there is one, all of them listed in the details.
        span = next((s for s in found.spans if s.attrs.get("about") == "people"), found.spans[0])
        about = span.attrs.get("about")
        severity: Severity = "review" if about == "people" else "info"
        whom = {"people": "patients or colleagues", "work": "work"}.get(about or "", "how you feel")
        yield ctx.finding(
            severity, f"Strong feeling about {whom} ({span.text!r}): consider waiting before you post this.",
            start=span.start, end=span.end, details={"about": about or "", "words": [s.text for s in found.spans]},
        )
    if found.late_night and found.about_work and not found.spans:
        yield ctx.finding("info", "A post about work late at night: consider reading it again in the morning.",
                          details={"late_night": True})


@rule(
    code="PROF007",
    name="political-religious-views",
    category="political-religious",
    severity="info",
    summary="Strongly held political or religious views from an account that identifies as a clinician.",
    what=(
        "Strongly worded political or religious stances (party attacks, campaign hashtags, proselytising) "
        "from an account whose profile, or the post itself, says the author is a clinician."
    ),
    why=(
        "Clinicians may hold and share views, but patients who read strong views from their clinician may "
        "fear they will not be treated fairly, and the clinical title can lend the view an authority it "
        "does not have. This is advice, not a prohibition."
    ),
    example="Profile: 'GP, Leeds'.  Post: 'The Tories are destroying everything, never vote for them.'",
    fix="Consider whether patients reading this would still trust you to treat them fairly; keep the "
        "clinical title out of it, or post it from a personal account.",
)
def political_religious(ctx: RuleContext) -> Iterator[Finding]:
    stances = ctx.signals[BELIEFS]
    if not stances:
        return
    profile = ctx.signals[PROFILE]
    if not (profile and profile.clinician) and not ctx.signals[VOICE]:
        return
    for span in stances:
        yield ctx.finding(
            "info",
            f"A strongly held {span.attrs.get('kind', 'personal')} view ({span.text!r}) from an account that "
            "identifies as a clinician: consider how patients would read it.",
            start=span.start, end=span.end, details={"kind": span.attrs.get("kind", "")},
        )
