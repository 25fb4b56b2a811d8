"""Professional conduct: PROF001-PROF005 (derogatory, harassment, offensive, hate, sexual) and MISI001.

Severities follow what a regulator would expect a clinician to accept: swearing and misinformation are
for review (context can excuse them), slurs and sexual remarks about patients are do-not-post. Words
inside quotation marks or reported speech ("a patient called me ...") are abuse received, not given,
and raise nothing here. Classifier scores alone raise review only when they are high and the post also
names someone they could be aimed at; otherwise they stay at info, so health news stays clean.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.signals import Signal

ABUSIVE_GROUPS = frozenset({"insult", "expletive", "gender-slur", "slur", "disability-slur", "crude"})
HATE_GROUPS = frozenset({"slur", "disability-slur", "gender-slur"})
HATE_SEVERITY = 2.5  # slurs below this ("bitch", "slag") are offensive rather than hate
OFFENSIVE_REVIEW = 1.5  # milder swearing ("crap", "bloody") is info
CLASSIFIER_REVIEW = 0.9
CLAIM_MATCH = 0.6  # similarity at which a post restates a documented false claim
CLAIM_SUPPORTED = 0.2  # a lower similarity counts when the classifier is nearly sure of misinformation
MISINFORMATION_SCORE = 0.95
ASK_ENCODER = 0.8  # below this the first pass decides: averaged with the encoder it cannot reach 0.9


def _given(hits: list[Signal]) -> list[Signal]:
    """Hits the author says, not ones they quote or report."""
    return [h for h in hits if not h.attrs.get("reported")]


def _in_sentence(ctx: RuleContext, hit: Signal, spans: list[tuple[int, int]]) -> bool:
    left, right = ctx.signals["conduct_context"].sentence(hit.start, hit.end)
    return any(left <= a and b <= right for a, b in spans)


def _about_patient(ctx: RuleContext, hit: Signal) -> bool:
    return _in_sentence(ctx, hit, list(ctx.signals["conduct_context"].patients)) or bool(
        ctx.signals["patient"].about_patient
    )


def _at_person(ctx: RuleContext, hit: Signal) -> bool:
    people = ctx.signals["conduct_context"].people
    return _in_sentence(ctx, hit, [(p.start, p.end) for p in people])


def _abusive(hit: Signal) -> bool:
    return hit.kind in ("insult", "disability-slur", "threat") or (
        hit.kind == "profanity" and hit.attrs["group"] in ABUSIVE_GROUPS
    )


def _aimed(ctx: RuleContext, hit: Signal) -> str:
    """Who an abusive word is aimed at: "patient", "person" or "" (nobody in particular)."""
    if not _abusive(hit):
        return ""
    if _in_sentence(ctx, hit, list(ctx.signals["conduct_context"].patients)):
        return "patient"
    if _at_person(ctx, hit):
        return "person"
    return ""


def _offensive(ctx: RuleContext) -> float:
    """The offensive score: the cheap first pass, refined by the encoder only when it could matter."""
    first = float(ctx.signals["conduct_scores"]["offensive"])
    return first if first < ASK_ENCODER else float(ctx.signals["conduct_refined"]["offensive"])


def _quote(hit: Signal) -> str:
    return f"\u201c{hit.text}\u201d"


@rule(
    code="PROF001",
    name="derogatory-about-patients",
    category="derogatory",
    severity="review",
    summary="Slang or remarks that hold patients in contempt (heartsink, GOMER, bed blocker ...).",
    what=(
        "Medical slang used with contempt for patients (heartsink, frequent flyer, GOMER, bed blocker, acopia, "
        "coffin dodger ...) and insults in a sentence about a patient: mocking their body, intelligence, "
        "class or culture."
    ),
    why=(
        "Patients who read it, or recognise themselves, lose trust in you and in the profession; regulators "
        "treat contempt for patients online as a matter of professionalism even when no one is named."
    ),
    example="Another heartsink frequent flyer in resus tonight, total GOMER.",
    fix="Describe the situation, not the person: say what was difficult about the care, without labels.",
    needs=("conduct_terms", "conduct_context", "patient"),
)
def derogatory_about_patients(ctx: RuleContext) -> Iterator[Finding]:
    for hit in _given(ctx.signals["conduct_terms"]):
        if hit.kind == "patient-slang":
            if hit.attrs.get("when") == "patient" and not _about_patient(ctx, hit):
                continue
            yield ctx.finding(
                "review", f"{_quote(hit)} is slang for {hit.attrs['meaning']}.", start=hit.start, end=hit.end,
                details={"source": hit.attrs["source"]},
            )
        elif _aimed(ctx, hit) == "patient":
            severity: Severity = "do-not-post" if hit.attrs["severity"] >= HATE_SEVERITY else "review"
            yield ctx.finding(severity, f"{_quote(hit)} is a contemptuous word in a sentence about a patient.",
                              start=hit.start, end=hit.end)


@rule(
    code="PROF002",
    name="harassment",
    category="harassment",
    severity="review",
    summary="Insults, threats or gratuitous comments aimed at an identifiable colleague or person.",
    what=(
        "Abusive words or threats in a sentence that names or addresses someone: a colleague (my registrar, "
        "the night nurse, Dr Patel), an @handle, or \u201cyou\u201d. Threats are do-not-post."
    ),
    why=(
        "Bullying and harassing colleagues online is a conduct matter in its own right, and a public insult "
        "about an identifiable person can also be defamatory."
    ),
    example="@drjones you are a useless idiot and everyone on the ward knows it",
    fix="Raise the problem with the person directly or through your organisation's procedures, not online.",
    needs=("conduct_terms", "conduct_context", "conduct_scores", "conduct_refined"),
)
def harassment(ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for hit in _given(ctx.signals["conduct_terms"]):
        if _aimed(ctx, hit) != "person":
            continue
        found = True
        if hit.kind == "threat":
            yield ctx.finding("do-not-post", f"{_quote(hit)} reads as a threat against a person.",
                              start=hit.start, end=hit.end)
        else:
            yield ctx.finding("review", f"{_quote(hit)} is aimed at an identifiable person.",
                              start=hit.start, end=hit.end)
    quoting = any(h.attrs.get("reported") for h in ctx.signals["conduct_terms"])  # abuse received, reported
    people = () if found or quoting else ctx.signals["conduct_context"].people
    if people and (score := _offensive(ctx)) >= CLASSIFIER_REVIEW:
        target = people[0]
        yield ctx.finding("review", f"The post reads as abusive (score {score:.2f}) and is aimed at {target.text}.",
                          start=target.start, end=target.end, details={"offensive": round(score, 3)})


@rule(
    code="PROF003",
    name="offensive-language",
    category="offensive",
    severity="review",
    summary="Swearing or abusive language that is not aimed at anyone in particular.",
    what=(
        "Strong swearing and crude or abusive words (review); mild swearing (info). Words aimed at a patient or "
        "person are PROF001/PROF002; abusive posts without listed words are PROF002 when aimed at someone."
    ),
    why=(
        "The public's trust in the profession rests partly on how its members speak in public; posts are "
        "read out of context, screenshotted and linked to your registration."
    ),
    example="Absolutely fucking shattered after that shift",
    fix="Rephrase without the swearing; the point usually survives.",
    needs=("conduct_terms",),
)
def offensive_language(ctx: RuleContext) -> Iterator[Finding]:
    for hit in _given(ctx.signals["conduct_terms"]):
        if hit.kind != "profanity" or hit.attrs["group"] not in ABUSIVE_GROUPS or _aimed(ctx, hit):
            continue
        if hit.attrs["group"] in HATE_GROUPS and hit.attrs["severity"] >= HATE_SEVERITY:
            continue  # PROF004
        severity: Severity = "review" if hit.attrs["severity"] >= OFFENSIVE_REVIEW else "info"
        yield ctx.finding(severity, f"{_quote(hit)} is offensive language.", start=hit.start, end=hit.end,
                          details={"severity": hit.attrs["severity"]})


@rule(
    code="PROF004",
    name="hate",
    category="hate",
    severity="do-not-post",
    summary="Attacks on people for religion, belief, race, sex, sexuality, disability or nationality.",
    what=(
        "Slurs for a group of people (do-not-post), and posts that the hate classifier scores high and that "
        "name a group (review). Naming a religion or identity is not hate: \u201cMuslim patients\u201d, "
        "\u201cgay men's health\u201d raise nothing."
    ),
    why=(
        "Discriminatory remarks undermine the trust of every patient in that group and breach the duty to "
        "treat patients and colleagues fairly; they are among the posts regulators sanction most often."
    ),
    example="Sick of these [slur] clogging up our waiting room",
    fix="Do not post it. If you are reacting to something that happened, describe the behaviour, not a group.",
    needs=("conduct_terms", "conduct_context", "conduct_scores", "conduct_refined"),
)
def hate(ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for hit in _given(ctx.signals["conduct_terms"]):
        if hit.kind in ("profanity", "disability-slur") and hit.attrs["group"] in HATE_GROUPS \
                and hit.attrs["severity"] >= HATE_SEVERITY:
            found = True
            yield ctx.finding("do-not-post", f"{_quote(hit)} is a slur.", start=hit.start, end=hit.end)
    identities = () if found else ctx.signals["conduct_context"].identities
    if not identities:
        return
    score = float(ctx.signals["conduct_scores"]["hate"])
    if score >= CLASSIFIER_REVIEW and _offensive(ctx) >= 0.5:
        group = identities[0]
        yield ctx.finding(
            "review", f"The post reads as an attack on a group (hate score {score:.2f}), naming "
            f"{_quote(group)}.", start=group.start, end=group.end,
            details={"hate": round(score, 3), "group": group.attrs["group"]},
        )


@rule(
    code="PROF005",
    name="sexual-remarks",
    category="sexual",
    severity="do-not-post",
    summary="Sexual remarks, above all about patients (do-not-post).",
    what=(
        "Sexual words and remarks on someone's body or sexual appeal. About a patient: do-not-post; otherwise "
        "review. Clinical words (breast, rectal exam, penile) are not flagged, and mild slang in a clinical "
        "context (\u201ccheck your boobs\u201d) is not either."
    ),
    why=(
        "Sexualised comments about patients breach the trust at the heart of the clinical relationship; "
        "regulators have struck off clinicians for such remarks in \u201cprivate\u201d chats that were shared."
    ),
    example="Phwoar, the lady in bed 4 has a nice rack",
    fix="Do not post it.",
    needs=("conduct_terms", "conduct_context", "patient"),
)
def sexual_remarks(ctx: RuleContext) -> Iterator[Finding]:
    clinical = ctx.signals["conduct_context"].clinical
    for hit in _given(ctx.signals["conduct_terms"]):
        sexualising = hit.kind == "sexualising"
        if not sexualising and not (hit.kind == "profanity" and hit.attrs["group"] == "sexual"):
            continue
        if not sexualising and clinical and hit.attrs["severity"] < 2:
            continue
        if _about_patient(ctx, hit) or "patient" in hit.text.lower():
            yield ctx.finding("do-not-post", f"{_quote(hit)} is a sexual remark in a post about a patient.",
                              start=hit.start, end=hit.end)
        else:
            yield ctx.finding("review", f"{_quote(hit)} is a sexual remark.", start=hit.start, end=hit.end)


@rule(
    code="MISI001",
    name="health-misinformation",
    category="misinformation",
    severity="review",
    summary="A health claim that matches a documented false claim (shown as evidence).",
    what=(
        "Posts that restate a documented false health claim (COVID-19, vaccines, cancer cures and other "
        "common myths), found by similarity to bedside's claim index and a classifier trained on COVID-19 "
        "fact-checked posts. The finding names the nearest false claim and a page that explains it. Posts "
        "that discuss a myth as a myth (\u201cthis is false\u201d, \u201cno evidence\u201d) are not flagged."
    ),
    why=(
        "Patients give weight to what clinicians say; sharing claims that contradict the evidence can harm "
        "them, and regulators expect you to be honest and base health information on evidence."
    ),
    example="COVID-19 was invented by the government to control us",
    fix="Check the claim against the linked source; share the evidence, or do not post it.",
    needs=("false_claim", "conduct_scores", "conduct_context"),
)
def health_misinformation(ctx: RuleContext) -> Iterator[Finding]:
    match = ctx.signals["false_claim"]
    if match is None or match.negated or match.similarity < CLAIM_SUPPORTED or ctx.signals["conduct_context"].debunking:
        return
    quoted = f"\u201c{match.claim}\u201d (similarity {match.similarity:.2f})"
    score = float(ctx.signals["conduct_scores"]["misinformation"])
    if match.similarity >= CLAIM_MATCH:
        message = f"This matches a documented false claim: {quoted}."
    else:  # a loose match: only with the classifier nearly sure (the encoder's band stops at 0.8, so not asked)
        if score < MISINFORMATION_SCORE:
            return
        message = f"This reads as health misinformation (score {score:.2f}); nearest documented false claim: {quoted}."
    yield ctx.finding(
        "review", message, start=match.start, end=match.end, fix=f"Check it against {match.source} before posting.",
        details={"claim": match.id, "claim_text": match.claim, "source": match.source,
                 "similarity": match.similarity, "score": round(score, 3)},
    )
