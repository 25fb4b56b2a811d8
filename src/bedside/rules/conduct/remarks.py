"""Professional conduct: PROF001-PROF005 (derogatory, harassment, offensive, hate, sexual).

Severities follow what a regulator would expect a clinician to accept: swearing is for review (context can
excuse it), slurs and sexual remarks about patients are do-not-post (misinformation is MISI001, in
rules/misinformation.py). Words inside quotation marks or reported speech ("a patient called me ...") are
abuse received, not given, and raise nothing here. Beside the lexicons, each rule judges the post reading
(rules/reading.py): who a remark is aimed at, in what stance, and whether the words are meant or quoted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bedside.model import Amendment, Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.reading import CONTEMPT, READ, SEXUAL, STRONG, meant, reading_of, remark
from bedside.signals import Signal
from bedside.signals.keys import CONDUCT_CONTEXT, CONDUCT_TERMS, PATIENT

ABUSIVE_GROUPS = frozenset({"insult", "expletive", "gender-slur", "slur", "disability-slur", "crude"})
HATE_GROUPS = frozenset({"slur", "disability-slur", "gender-slur"})
HATE_SEVERITY = 2.5  # slurs below this ("bitch", "slag") are offensive rather than hate
OFFENSIVE_REVIEW = 1.5  # milder swearing ("crap", "bloody") is info


def _given(ctx: RuleContext) -> list[Signal]:
    """Lexicon hits the author says, not ones they quote or report, nor words the reading finds discussed or
    taught ("please stop writing 'acopia'", a reading list on heartsink patients)."""
    reading = reading_of(ctx)
    if reading is not None and not meant(reading):
        return []
    return [h for h in ctx.signals[CONDUCT_TERMS] if not h.attrs.get("reported")]


def _in_sentence(ctx: RuleContext, hit: Signal, spans: list[tuple[int, int]]) -> bool:
    left, right = ctx.signals[CONDUCT_CONTEXT].sentence(hit.start, hit.end)
    return any(left <= a and b <= right for a, b in spans)


def _about_patient(ctx: RuleContext, hit: Signal) -> bool:
    return _in_sentence(ctx, hit, list(ctx.signals[CONDUCT_CONTEXT].patients)) or bool(
        ctx.signals[PATIENT].about_patient
    )


def _at_person(ctx: RuleContext, hit: Signal) -> bool:
    people = ctx.signals[CONDUCT_CONTEXT].people
    return _in_sentence(ctx, hit, [(p.start, p.end) for p in people])


def _abusive(hit: Signal) -> bool:
    return hit.kind in ("insult", "disability-slur", "threat") or (
        hit.kind == "profanity" and hit.attrs["group"] in ABUSIVE_GROUPS
    )


def _aimed(ctx: RuleContext, hit: Signal) -> str:
    """Who an abusive word is aimed at: "patient", "person" or "" (nobody in particular)."""
    if not _abusive(hit):
        return ""
    if _in_sentence(ctx, hit, list(ctx.signals[CONDUCT_CONTEXT].patients)):
        return "patient"
    if _at_person(ctx, hit):
        return "person"
    return ""


def _first(spans: Sequence[tuple[int, int]]) -> tuple[int | None, int | None]:
    """Where a reading points: the first of `spans` (words naming its target), or nowhere (the whole post)."""
    return spans[0] if spans else (None, None)


def _quote(hit: Signal) -> str:
    return f"\u201c{hit.text}\u201d"


# Words before a label that make it an insult ("a total heartsink"): neutral words in its place would read as
# one too ("a total patient"), so the sentence goes.
INTENSIFIERS = frozenset({"total", "complete", "absolute", "utter", "proper", "real", "right", "massive", "bloody",
                          "such", "what", "typical", "classic", "another", "yet"})


def _neutral(ctx: RuleContext, hit: Signal) -> Amendment:
    """A label in a description ("admitted with acopia") gives way to neutral words; one used as an insult, or
    without neutral words, takes its sentence with it."""
    before = ctx.text[max(0, hit.start - 30) : hit.start].lower().split()
    if not hit.attrs["neutral"] or any(word.strip(",") in INTENSIFIERS for word in before[-2:]):
        return _drop(ctx, hit)
    return Amendment(hit.start, hit.end, hit.attrs["neutral"])


def _unsworn(ctx: RuleContext, hit: Signal) -> Amendment:
    """A swear word used as an intensifier ("absolutely fucking shattered") can go alone; one used as a verb
    or a noun ("f*** this rota") leaves no sentence behind, so the sentence goes."""
    intensifier = hit.text.lower().endswith(("ing", "ed", "y", "in'", "in"))
    return Amendment(hit.start, hit.end) if intensifier else _drop(ctx, hit)


def _drop(ctx: RuleContext, hit: Signal) -> Amendment:
    """An insult, slur or sexual remark has no safe wording: a rewrite drops its sentence."""
    return ctx.sentence_amended(hit.start, hit.end)


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
)
def derogatory_about_patients(ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for hit in _given(ctx):
        if hit.kind == "patient-slang":
            if hit.attrs.get("when") == "patient" and not _about_patient(ctx, hit):
                continue
            found = True
            yield ctx.finding(
                "review", f"{_quote(hit)} is slang for {hit.attrs['meaning']}.", start=hit.start, end=hit.end,
                details={"source": hit.attrs["source"]},
                amendment=_neutral(ctx, hit),
            )
        elif _aimed(ctx, hit) == "patient":
            found = True
            severity: Severity = "do-not-post" if hit.attrs["severity"] >= HATE_SEVERITY else "review"
            yield ctx.finding(severity, f"{_quote(hit)} is a contemptuous word in a sentence about a patient.",
                              start=hit.start, end=hit.end, amendment=_drop(ctx, hit))
    reading = reading_of(ctx)
    read = None if reading is None else remark(reading, CONTEMPT, ("patient", "patients"))
    if read is not None and not found:
        strong = read.probability >= STRONG or read.stance != "demeaning"
        start, end = _first(ctx.signals[CONDUCT_CONTEXT].patients)
        yield ctx.finding("do-not-post" if strong else "review", f"The post {read.words()}.", start=start, end=end,
                          details={"reading": read.stance, "target": read.target, "probability": read.probability})


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
)
def harassment(ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for hit in _given(ctx):
        if _aimed(ctx, hit) != "person":
            continue
        found = True
        if hit.kind == "threat":
            yield ctx.finding("do-not-post", f"{_quote(hit)} reads as a threat against a person.",
                              start=hit.start, end=hit.end, amendment=_drop(ctx, hit))
        else:
            yield ctx.finding("review", f"{_quote(hit)} is aimed at an identifiable person.",
                              start=hit.start, end=hit.end, amendment=_drop(ctx, hit))
    reading = reading_of(ctx)
    read = None if reading is None or found else remark(reading, CONTEMPT, ("colleague",)) or remark(
        reading, ("threatening",), ("public-figure", "colleague"))  # fair criticism of public figures is not
    if read is not None and reading is not None:
        threat = reading.p("stance", "threatening") >= READ
        people = ctx.signals[CONDUCT_CONTEXT].people
        start, end = _first([(p.start, p.end) for p in people])
        yield ctx.finding("do-not-post" if threat else "review", f"The post {read.words()}.", start=start, end=end,
                          details={"reading": read.stance, "target": read.target, "probability": read.probability})


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
)
def offensive_language(ctx: RuleContext) -> Iterator[Finding]:
    for hit in _given(ctx):
        if hit.kind != "profanity" or hit.attrs["group"] not in ABUSIVE_GROUPS or _aimed(ctx, hit):
            continue
        if hit.attrs["group"] in HATE_GROUPS and hit.attrs["severity"] >= HATE_SEVERITY:
            continue  # PROF004
        severity: Severity = "review" if hit.attrs["severity"] >= OFFENSIVE_REVIEW else "info"
        yield ctx.finding(severity, f"{_quote(hit)} is offensive language.", start=hit.start, end=hit.end,
                          details={"severity": hit.attrs["severity"]}, amendment=_unsworn(ctx, hit))


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
)
def hate(ctx: RuleContext) -> Iterator[Finding]:
    found = False
    for hit in _given(ctx):
        if hit.kind in ("profanity", "disability-slur") and hit.attrs["group"] in HATE_GROUPS \
                and hit.attrs["severity"] >= HATE_SEVERITY:
            found = True
            yield ctx.finding("do-not-post", f"{_quote(hit)} is a slur.", start=hit.start, end=hit.end,
                              amendment=_drop(ctx, hit))
    reading = reading_of(ctx)
    read = None if reading is None or found else remark(reading, CONTEMPT, ("protected-group",))
    if read is None:
        return
    identities = ctx.signals[CONDUCT_CONTEXT].identities
    start, end = _first([(i.start, i.end) for i in identities])
    yield ctx.finding("do-not-post", f"The post {read.words()}.", start=start, end=end,
                      details={"reading": read.stance, "group": read.group, "probability": read.probability})


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
)
def sexual_remarks(ctx: RuleContext) -> Iterator[Finding]:
    clinical = ctx.signals[CONDUCT_CONTEXT].clinical
    found = False
    for hit in _given(ctx):
        sexualising = hit.kind == "sexualising"
        if not sexualising and not (hit.kind == "profanity" and hit.attrs["group"] == "sexual"):
            continue
        if not sexualising and clinical and hit.attrs["severity"] < 2:
            continue
        found = True
        if _about_patient(ctx, hit) or "patient" in hit.text.lower():
            yield ctx.finding("do-not-post", f"{_quote(hit)} is a sexual remark in a post about a patient.",
                              start=hit.start, end=hit.end, amendment=_drop(ctx, hit))
        else:
            yield ctx.finding("review", f"{_quote(hit)} is a sexual remark.", start=hit.start, end=hit.end,
                              amendment=_drop(ctx, hit))
    reading = reading_of(ctx)
    read = None if reading is None or found else remark(
        reading, ("sexualised",), ("patient", "patients", "colleague", "public-figure", "author"), SEXUAL)
    if read is not None:
        at_person = read.target in ("patient", "patients", "colleague")
        start, end = _first(ctx.signals[CONDUCT_CONTEXT].patients)
        yield ctx.finding("do-not-post" if at_person else "review", f"The post {read.words()}.", start=start, end=end,
                          details={"reading": read.stance, "target": read.target, "probability": read.probability})
