"""CONF002: details that identify a patient together (jigsaw identification).

The arithmetic lives in the `jigsaw` signal; this rule only judges it: expected matches of 1 or fewer
is do-not-post, fewer than the threshold is review (the settings' jigsaw_threshold, else the pack's
`[thresholds] jigsaw`, else 10).
The fix names the details whose generalisation brings the count back above the threshold, most
identifying first, each with a vaguer way to say it.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.about import about_a_patient
from bedside.signals.jigsaw import Estimate, Factor, approx
from bedside.signals.keys import CASE_SUBJECT, JIGSAW, QUASI, READER

DEFAULT_THRESHOLD = 10.0  # expected matching people below which a post is reviewed, unless settings or pack say
READ_ABOUT_PATIENT = 0.7  # the reader's probability that the post is about a real patient, as in CONF001
READ_LOCAL_PATIENT = 0.5  # ... that a local role or event is the patient's ("the Year 6 teacher"): a patient, then
_DROP_WORDS = {"place": "the place", "age": "the exact age", "sex": "the sex", "condition": "the condition",
               "occupation": "the job", "identity": "the nationality, ethnicity or religion",
               "family": "the family detail", "event": "the event", "time": "the timing",
               "local-role": "the local role or event"}


def _to_generalise(estimate: Estimate, threshold: float) -> list[int]:
    """Positions of factors to generalise, greedily, until the estimate reaches the threshold."""
    factors: list[Factor] = [estimate.base, *estimate.factors]
    chosen: set[int] = set()
    while estimate.without(chosen) < threshold and len(chosen) < len(factors):
        candidates = [i for i in range(len(factors)) if i not in chosen and factors[i].start >= 0]
        if not candidates:
            break
        chosen.add(max(candidates, key=lambda i: estimate.without(chosen | {i})))
    return sorted(chosen, key=lambda i: -estimate.without({i}))


def _rewrite(factors: list[Factor], picked: list[int]) -> str:
    """Vaguer wording for the picked details, plus the age band and the delay that always help."""
    kinds = {factors[i].kind: factors[i] for i in picked}
    kinds.update({f.kind: f for f in factors if f.kind in ("age", "time")})
    advice: list[str] = []
    sex = next((f for f in factors if f.kind == "sex"), None)
    if "age" in kinds and kinds["age"].general:
        general = kinds["age"].general
        if sex is not None and general.startswith("someone in their"):
            person = "a man" if sex.label.startswith("male") else "a woman"
            general = general.replace("someone", person).replace("their", "his" if person == "a man" else "her")
        advice.append(f'say "{general}"')
    for kind in ("place", "condition", "occupation", "local-role", "event", "identity", "family"):
        if kind in kinds and kinds[kind].general and kinds[kind].general != "(leave it out)":
            advice.append(f'say "{kinds[kind].general}" rather than "{kinds[kind].text}"')
    if "time" in kinds and kinds["time"].value >= 1:
        advice.append("post weeks later, not " + (kinds["time"].text or "today"))
    elif "time" in kinds:
        advice.append(f'say "{kinds["time"].general}" and post weeks later, not {kinds["time"].text}')
    return "; ".join(advice)


@rule(
    code="CONF002",
    name="jigsaw-identification",
    category="jigsaw",
    severity="review",
    summary="Details that are harmless alone but together fit very few people.",
    what=(
        "A post about a patient that combines quasi-identifiers (age, sex, place, hospital, time, "
        "condition, job, nationality or religion, family details, a distinctive event) so that few people "
        "match. bedside multiplies the people in the place by the share matching each detail and shows the "
        "arithmetic: 1 or fewer expected matches is do-not-post, fewer than the threshold (default 10) review."
    ),
    why=(
        "Guidance warns that details harmless on their own can identify a patient together, especially to "
        "neighbours, family and colleagues who already know part of the story. A rare condition in a small "
        "place on a named day can point to one person."
    ),
    example=("Fascinating presentation in A&E at Treliske today: 34yo fisherman from Mousehole with Fabry "
             "disease, came off his boat in the storm"),
    fix=("Generalise the most identifying details: a wider area instead of a village, an age band instead of "
         "an age, a class of condition instead of its name, and post weeks later rather than today."),
)
def jigsaw_identification(ctx: RuleContext) -> Iterator[Finding]:
    about_patient = (about_a_patient(ctx) or ctx.signals[READER].about_patient >= READ_ABOUT_PATIENT
                     or any(d.kind == "local-role" and d.attrs.get("read", 0.0) >= READ_LOCAL_PATIENT
                            for d in ctx.signals[QUASI]))
    if not about_patient and not ctx.signals[CASE_SUBJECT]:
        return  # most posts: no patient, no person described, no model to run
    estimate = ctx.signals[JIGSAW]
    if estimate is None or not (about_patient or estimate.case):
        return
    threshold = ctx.config.jigsaw_threshold or ctx.pack.jigsaw_threshold or DEFAULT_THRESHOLD
    if estimate.expected >= threshold:
        return
    severity: Severity = "do-not-post" if estimate.expected <= 1 else "review"
    factors = [estimate.base, *estimate.factors]
    picked = _to_generalise(estimate, threshold)
    drop = " or ".join(_DROP_WORDS[factors[i].kind] for i in picked[:3])
    rewrite = _rewrite(factors, picked)
    if estimate.unique is not None:
        rewrite = f'do not say "{estimate.unique.text}"' + (f"; {rewrite}" if rewrite else "")
    fix = f"drop {drop}" + (f"; {rewrite}." if rewrite else ".")
    people = "person" if estimate.expected < 1.5 else "people"
    expected = approx(estimate.expected)
    message = (f"these details together fit about {approx(max(estimate.expected, 1.0))[1:]} {people}: "
               f"{estimate.breakdown()} -> expected matches {expected} "
               f"(threshold {threshold:g})")
    spans = [f for f in factors if f.start >= 0]
    first = min(spans, key=lambda f: f.start) if spans else None
    details = {
        "expected_matches": estimate.expected,
        "threshold": threshold,
        "factors": [{"kind": f.kind, "label": f.label, "value": f.value, "start": f.start if f.start >= 0 else None,
                     "end": f.end if f.end >= 0 else None, "text": f.text} for f in factors],
        "generalise": [factors[i].kind for i in picked],
    }
    yield ctx.finding(severity, message, start=first.start if first else None,
                      end=max(f.end for f in spans) if spans else None, fix=fix, details=details)
