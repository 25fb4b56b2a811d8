"""DEFM001: a damaging statement of fact about an identifiable person or organisation."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.signals import Signal

ENGLAND = (
    "Under the Defamation Act 2013 a statement is actionable if it caused or is likely to cause serious "
    "harm to the person's reputation (for a business, serious financial loss). You would need to prove it "
    "substantially true (s2), or show it is honest opinion with its basis indicated (s3), or a "
    "publication on a matter of public interest you reasonably believed was in the public interest (s4)."
)


@rule(
    code="DEFM001",
    name="defamation-risk",
    category="defamation",
    severity="review",
    summary="A damaging statement of fact (not opinion) about an identifiable person or organisation.",
    what=(
        "A statement presented as fact that a named person, practice, hospital or @account is a fraud, "
        "negligent, corrupt, a liar, drunk on duty, covered something up, harmed or killed someone. Framed "
        "as opinion ('I think', 'in my view') it is not flagged; reporting proceedings is noted as info."
    ),
    why=(
        "Allegations of dishonesty, crime or incompetence about an identifiable person can cause serious "
        "harm to their reputation. Unless you can prove them true or another defence applies, they expose "
        "you to a claim, and to a complaint that you failed to treat colleagues fairly."
    ),
    example="Dr Alan Price is a fraud who falsified his patients' results.",
    fix="Stick to what you can prove, frame comment as opinion with its basis, or raise concerns through "
        "the proper channel (your employer, the regulator) rather than in public.",
    needs=("allegations",),
)
def defamation_risk(ctx: RuleContext) -> Iterator[Finding]:
    found: tuple[Signal, ...] = ctx.signals["allegations"]
    law = ctx.pack.law.get("defamation", "")
    for span in found:
        if span.attrs.get("opinion"):
            continue
        reported = bool(span.attrs.get("reported"))
        target, claim = span.attrs.get("target", ""), span.attrs.get("claim", "")
        message = (
            f"This states as fact that {target} {claim}: if it is not provably true, that is a defamation risk."
            if not reported else
            f"This reports that {target} {claim}: reporting proceedings or allegations fairly is usually "
            "defensible, but check that it is accurate and attributed."
        )
        yield ctx.finding(
            "info" if reported else "review", message, start=span.start, end=span.end,
            details={"target": target, "claim": claim, "reasoning": ENGLAND, "law": law,
                     "triage": "bedside defamation"},
        )
