"""DEFM001: a damaging statement of fact about an identifiable person or organisation."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.rules.reading import AIMED, CONTEMPT, READ, reading_of
from bedside.signals.keys import ALLEGATIONS, READER

DAMAGING = 0.15  # some contempt in the stance: an allegation hurts (praise and news of a death do not)
ENGLAND = (
    "Under the Defamation Act 2013 a statement is actionable if it caused or is likely to cause serious "
    "harm to the person's reputation (for a business, serious financial loss). You would need to prove it "
    "substantially true (s2), or show it is honest opinion with its basis indicated (s3), or a "
    "publication on a matter of public interest you reasonably believed was in the public interest (s4)."
)


def _only_fiction(ctx: RuleContext) -> bool:
    """Every person the reader finds is a fictional character (a cartoon dad's parenting): nobody's reputation."""
    people = [m for m in ctx.signals[READER].mentions if m.type == "person"]
    return bool(people) and all(m.role == "fictional" for m in people)


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
)
def defamation_risk(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.signals[ALLEGATIONS]
    law = ctx.pack.law.get("defamation", "")
    reading = reading_of(ctx)
    aimed = 0.0 if reading is None else reading.p("target", "colleague", "public-figure", "organisation", "patient")
    # An allegation damages: praise and news of a death are not (the allegation head alone read both as one).
    if not found and reading is not None and not _only_fiction(ctx) and aimed >= AIMED \
            and reading.p("stance", *CONTEMPT) >= DAMAGING \
            and (alleged := reading.p("allegation", "fact", "hearsay")) >= READ:
        how = "as hearsay" if reading.fields["allegation"]["hearsay"] > reading.fields["allegation"]["fact"] \
            else "as fact"
        yield ctx.finding(
            "review", f"The post reads as an allegation of wrongdoing against an identifiable person or organisation, "
            f"made {how} ({alleged:.2f}): if it is not provably true, that is a defamation risk.",
            details={"reasoning": ENGLAND, "law": law, "triage": "bedside defamation",
                     "probability": round(alleged, 2)},
        )
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
            amendment=ctx.sentence_amended(span.start, span.end),
        )
