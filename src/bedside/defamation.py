"""Defamation triage for a practice or clinician criticised online: the questions a defence organisation
would ask first, and a structured summary of the answers.

The reasoning follows the Defamation Act 2013 (England and Wales): serious harm (s1; for a body trading
for profit, serious financial loss), and the defences of truth (s2), honest opinion (s3), publication on a
matter of public interest (s4) and privilege (absolute or qualified, s6-7 and common law). Other
countries' packs name their own law; the summary says when the English reasoning is only a guide. It is
triage, not advice: every summary ends by saying so.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bedside.model import InputError
from bedside.packs import Pack

DISCLAIMER = "This is not legal advice; contact your defence organisation."
LIMITATION_MONTHS = 12  # England and Wales: one year from first publication (Limitation Act 1980, s4A)


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    choices: dict[str, str]  # answer -> what it means; empty for free text
    default: str = "unknown"


QUESTIONS: tuple[Question, ...] = (
    Question("statement", "What was said? Paste it, or leave blank", {}, ""),
    Question("claimant", "Who is criticised?", {
        "individual": "a named clinician or member of staff",
        "business": "a practice, clinic or company that trades for profit",
        "public-body": "an NHS trust, health board or other public authority",
    }, "business"),
    Question("kind", "Is it presented as fact, or as opinion or comment?", {
        "fact": "a statement of fact that could be proved true or false",
        "opinion": "an opinion, comment or review of an experience",
        "unknown": "not sure",
    }),
    Question("gravity", "What does it accuse you of?", {
        "crime": "a crime or dishonesty (fraud, theft, assault, lying)",
        "competence": "incompetence, negligence or harming patients",
        "service": "poor service: rudeness, waiting, access",
        "insult": "insults or vulgar abuse with no real allegation",
    }, "service"),
    Question("reach", "How widely was it published?", {
        "small": "a handful of people (a small group, a private message)",
        "moderate": "a review site, a local group, a few hundred readers",
        "wide": "widely shared, the press, or many thousands of readers",
    }, "moderate"),
    Question("author", "Who published it?", {
        "patient": "a patient, relative or carer",
        "anonymous": "an anonymous account",
        "journalist": "a journalist or publication",
        "colleague": "a colleague or competitor",
    }, "patient"),
    Question("harm", "Is there evidence of actual harm?", {
        "none": "none so far",
        "some": "some: enquiries, comments, people mentioning it",
        "loss": "lost patients, income or contracts that can be shown",
    }, "none"),
    Question("truth", "Could the author show it is substantially true?", {
        "yes": "yes, or largely", "no": "no", "unknown": "not sure"}),
    Question("basis", "Does it say, even broadly, what the opinion is based on?", {
        "yes": "yes (for example an account of their visit)", "no": "no", "unknown": "not sure"}),
    Question("public_interest", "Is it about a matter of public interest (patient safety, public money)?", {
        "yes": "yes", "no": "no", "unknown": "not sure"}),
    Question("privilege", "Was it said in a protected setting (a complaint to you, a regulator, an ombudsman or a "
             "court, or a fair report of such proceedings)?", {"yes": "yes", "no": "no", "unknown": "not sure"}),
    Question("months", "How many months ago was it first published?", {}, ""),
)
_BY_KEY = {q.key: q for q in QUESTIONS}
TOPICS = {  # what each answer decides, for saying what could not be judged without it
    "claimant": "who is criticised (a person, a business or a public body)",
    "kind": "whether it is put as fact or as opinion",
    "gravity": "what it accuses you of",
    "reach": "how widely it was published",
    "author": "who published it",
    "harm": "whether there is evidence of actual harm",
    "truth": "whether it could be shown to be true",
    "basis": "whether an opinion says what it is based on",
    "public_interest": "whether it is on a matter of public interest",
    "privilege": "whether it was said in a protected setting",
    "months": "how long ago it was first published (the time limit)",
}


@dataclass(frozen=True)
class Reading:
    """An answer read from the statement itself, and what in it shows that."""

    value: str
    why: str


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_ROLES = ("dr", "doctor", "gp", "nurse", "sister", "matron", "midwife", "surgeon", "consultant", "dentist",
          "pharmacist", "physio", "physiotherapist", "paramedic", "prof", "professor", "mr", "mrs", "ms", "miss")
_NAMED = re.compile(r"\b(?i:" + "|".join(_ROLES) + r")\.?\s+[A-Z][\w'-]+")  # Dr Patel, Nurse Jones
_ROLE = _words(r"(?:the|my|our|that|this|her|his) (?:" + "|".join(_ROLES[1:12]) + ")")
_BUSINESS = _words(r"(?:the|this|that|our) (?:surgery|practice|clinic|pharmacy|chemist|dental practice)",
                   "receptionists?")
_PUBLIC_BODY = _words(r"(?:the|this|that) (?:hospital|trust|health board)", "nhs trust")
_MURDER = _words(r"murder\w*")
_DEATH = _words(r"kill(?:ed|s|ing|er)?", r"let (?:him|her|them|my \w+) die", r"caused (?:his|her|their|the) death",
                r"died because", r"responsible for (?:his|her|their|the|my \w+'s) death")
_CRIME = _words(r"fraud\w*", "stole", r"steal\w*", "theft", "thief", "liar", "lied", r"assault\w*",
                r"abus(?:e|ed|er|ive)", r"molest\w*", r"scam\w*", "drunk", r"brib\w*", "forged")
_COMPETENCE = _words(r"butcher\w*", "incompetent", r"negligen\w*", "quack", r"botch\w*", r"misdiagnos\w*",
                     "dangerous", "harmed", "unqualified", "should be struck off")
_SERVICE = _words("rude", "waited", "waiting", "on hold", r"receptionists?", "unhelpful", r"never (?:answer|call)\w*",
                  r"(?:no|an?) appointments?")
_RELATIVE = _words(r"my (?:mum|mom|mother|dad|father|son|daughter|wife|husband|partner|child|baby|gran|granny|grandma|"
                   r"grandmother|grandad|grandpa|grandfather|nan|nana|brother|sister|auntie|aunt|uncle|family)")
_PATIENT = _words(r"I was (?:seen|treated|prescribed)", "treated me", "saw me",
                  r"my (?:appointment|treatment|operation|prescription|gp|doctor|dentist)")
_OPINION = _words("I think", "I feel", "I felt", r"in my (?:opinion|view|experience)", "imo")


def read_statement(statement: str) -> dict[str, Reading]:
    """What the statement itself shows about who is criticised, what it alleges, who wrote it and how it is
    put: the answers the triage would otherwise have to assume."""
    read: dict[str, Reading] = {}
    text = statement.strip()
    if not text:
        return read
    if found := _NAMED.search(text) or _ROLE.search(text):
        read["claimant"] = Reading("individual", f"it is about a clinician ({found.group(0)!r})")
    elif found := _BUSINESS.search(text):
        read["claimant"] = Reading("business", f"it is about a practice or its staff ({found.group(0)!r})")
    elif found := _PUBLIC_BODY.search(text):
        read["claimant"] = Reading("public-body", f"it is about a public body ({found.group(0)!r})")
    if found := _MURDER.search(text) or _CRIME.search(text):
        read["gravity"] = Reading("crime", f"it alleges a crime or dishonesty ({found.group(0)!r})")
    elif found := _DEATH.search(text):
        read["gravity"] = Reading("competence",
                                  f"it alleges that a patient died because of the clinician ({found.group(0)!r})")
    elif found := _COMPETENCE.search(text):
        read["gravity"] = Reading("competence", f"it alleges incompetence or harm ({found.group(0)!r})")
    elif found := _SERVICE.search(text):
        read["gravity"] = Reading("service", f"it complains about service ({found.group(0)!r})")
    if found := _RELATIVE.search(text):
        read["author"] = Reading("patient", f"a relative writes about a family member's care ({found.group(0)!r})")
    elif found := _PATIENT.search(text):
        read["author"] = Reading("patient", f"a patient writes about their own care ({found.group(0)!r})")
    if found := _OPINION.search(text):
        read["kind"] = Reading("opinion", f"it is put as the author's view ({found.group(0)!r})")
    return read


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


@dataclass
class Triage:
    """The structured summary: serious harm, each defence, next steps, and the disclaimer."""

    answers: dict[str, str]
    serious_harm: str  # likely / possible / unlikely / not applicable
    serious_harm_reasons: list[str]
    defences: dict[str, dict[str, str]]  # name -> {"status": ..., "why": ...}
    steps: list[str]
    law: str
    advice: str
    disclaimer: str = DISCLAIMER
    notes: list[str] = field(default_factory=list)
    read_from_statement: dict[str, str] = field(default_factory=dict)  # answer -> "value: what shows it"
    not_judged: list[str] = field(default_factory=list)  # what no answer (and not the statement) said

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise(answers: dict[str, Any]) -> dict[str, str]:
    """Answers checked against the questions, with defaults for those not given."""
    unknown = sorted(set(answers) - set(_BY_KEY))
    if unknown:
        raise InputError(f"unknown answer(s): {', '.join(unknown)}; expected {', '.join(_BY_KEY)}")
    result: dict[str, str] = {}
    for question in QUESTIONS:
        value = answers.get(question.key)
        value = question.default if value is None or str(value).strip() == "" else str(value).strip()
        if question.choices and value.lower() not in question.choices and value != question.default:
            raise InputError(f"{question.key} must be one of {', '.join(question.choices)}; got {value!r}")
        if question.key == "months" and value and not value.isdigit():
            raise InputError(f"months must be a whole number; got {value!r}")
        result[question.key] = value.lower() if question.choices else value
    return result


def _serious_harm(a: dict[str, str], death: bool = False, assumed: frozenset[str] = frozenset()) \
        -> tuple[str, list[str]]:
    """The verdict and its reasons; `death` when the statement says a patient died because of the clinician,
    `assumed` the answers that were not given (their defaults are said to be assumptions)."""
    reasons: list[str] = []
    if a["claimant"] == "public-body":
        return "not applicable", ["A public authority cannot sue for defamation (Derbyshire CC v Times "
                                  "Newspapers, 1993); a named individual within it may be able to."]
    if a["gravity"] == "insult":
        return "unlikely", ["Vulgar abuse that no reasonable reader takes as a factual allegation is rarely "
                            "defamatory."]
    score = {"crime": 3, "competence": 2, "service": 1}[a["gravity"]]
    reasons.append({3: "Allegations of crime or dishonesty are the gravest kind (gravity).",
                    2: "Allegations of incompetence or harm to patients are serious for a clinician or "
                       "practice (gravity).",
                    1: "Complaints about service are of limited gravity."}[score])
    if death and a["gravity"] == "competence":
        score += 1
        reasons.append("Saying that a patient died because of a clinician is among the gravest allegations (gravity).")
    reach = {"small": 0, "moderate": 1, "wide": 2}[a["reach"]]
    score += reach
    if "reach" in assumed:
        reasons.append("How widely it was published is not known; moderate publication is assumed (extent of "
                       "publication).")
    else:
        reasons.append(("Publication was limited", "Publication was moderate", "Publication was wide")[reach]
                       + " (extent of publication).")
    harm = {"none": 0, "some": 1, "loss": 2}[a["harm"]]
    score += harm
    if a["author"] in ("journalist", "colleague"):
        score += 1
        reasons.append("Readers may give a journalist's or colleague's claim more weight (position of the author).")
    elif a["author"] == "anonymous":
        reasons.append("An anonymous author may carry less weight, but is harder to reach (position of the author).")
    if a["claimant"] == "business" and a["harm"] != "loss":
        reasons.append("A body trading for profit must show serious financial loss (s1(2)); none is shown yet.")
        return "unlikely", reasons
    if "harm" in assumed:
        reasons.append("Whether there is actual harm is not known; none is assumed (actual harm).")
    else:
        reasons.append(("No actual harm is evidenced yet", "Some effect is evidenced",
                        "Loss can be evidenced")[harm] + " (actual harm).")
    verdict = "likely" if score >= 5 else "possible" if score >= 3 else "unlikely"
    return verdict, reasons


def _defences(a: dict[str, str]) -> dict[str, dict[str, str]]:
    def status(value: str, yes: str, no: str) -> str:
        return {"yes": yes, "no": no}.get(value, "unclear")

    opinion = a["kind"] == "opinion"
    return {
        "truth": {"status": status(a["truth"], "likely available", "unlikely"),
                  "why": "A defence if the imputation is substantially true (s2); the author must prove it."},
        "honest opinion": {
            "status": ("likely available" if opinion and a["basis"] == "yes" else
                       "unlikely" if a["kind"] == "fact" or a["basis"] == "no" else "unclear"),
            "why": "A defence for an opinion that indicates its basis and that an honest person could hold (s3); "
                   "a review of a person's own experience often qualifies."},
        "public interest": {
            "status": status(a["public_interest"], "may be available", "unlikely"),
            "why": "A defence if the statement is on a matter of public interest and the author reasonably "
                   "believed publishing it was in the public interest (s4)."},
        "privilege": {
            "status": status(a["privilege"], "likely available", "unlikely"),
            "why": "Complaints to a regulator or ombudsman, court proceedings and fair reports of them are "
                   "protected by absolute or qualified privilege."},
    }


def assess(answers: dict[str, Any], pack: Pack) -> Triage:
    """The triage summary for these answers, under the law that the pack names. Answers not given are read
    from the statement where it shows them; the rest are assumed, and the summary says which."""
    read = {key: r for key, r in read_statement(str(answers.get("statement") or "")).items()
            if _blank(answers.get(key))}
    a = normalise({**answers, **{key: r.value for key, r in read.items()}})
    unanswered = [key for key in TOPICS if _blank(answers.get(key)) and key not in read]
    death = "gravity" in read and "died" in read["gravity"].why
    harm, reasons = _serious_harm(a, death, frozenset(unanswered))
    steps = [
        "Do not reply in anger, and never use anything about the person or their care to rebut it; "
        "if you reply at all, use a short, confidential reply (`bedside reply --complaint FILE`).",
        "Keep evidence now: screenshots with the date, the web address, and how many saw or shared it.",
        "Ask the platform to remove content that breaks its rules, or use the website operator's "
        "complaint route (Defamation Act 2013, s5).",
        "Invite the person to raise their concern through the complaints procedure.",
        f"Before any letter or legal step, talk to your adviser: {pack.advice}",
    ]
    notes: list[str] = []
    months = a["months"]
    if months and int(months) >= LIMITATION_MONTHS - 2:
        notes.append("In England and Wales a claim must start within one year of first publication; "
                     "time may be short or have run out.")
    if "GB" not in pack.countries:
        notes.append("The serious-harm and defence reasoning is that of England and Wales; the law named "
                     "above applies where you are, and differs.")
    return Triage(
        answers=a, serious_harm=harm, serious_harm_reasons=reasons, defences=_defences(a), steps=steps,
        law=pack.law.get("defamation", "the defamation law of your country"), advice=pack.advice, notes=notes,
        read_from_statement={key: f"{r.value}: {r.why}" for key, r in read.items()},
        not_judged=[TOPICS[key] for key in unanswered],
    )


def render(triage: Triage) -> str:
    """The summary as plain text."""
    lines = ["Defamation triage", ""]
    if triage.read_from_statement:
        lines += ["Read from the statement:"]
        lines += [f"  - {key.replace('_', ' ')}: {reading}" for key, reading in triage.read_from_statement.items()]
        lines += [""]
    lines += [f"Serious harm: {triage.serious_harm}"]
    lines += [f"  - {reason}" for reason in triage.serious_harm_reasons]
    lines += ["", "Defences the author may have:"]
    lines += [f"  - {name}: {d['status']}. {d['why']}" for name, d in triage.defences.items()]
    lines += ["", "What to do next:"]
    lines += [f"  {number}. {step}" for number, step in enumerate(triage.steps, start=1)]
    if triage.not_judged:
        lines += ["", "Not answered, so not judged (give the answers as options, or run it in a terminal to be "
                      "asked):"]
        lines += [f"  - {topic}" for topic in triage.not_judged]
    lines += ["", f"Law: {triage.law}"]
    lines += [f"Note: {note}" for note in triage.notes]
    lines += ["", triage.disclaimer]
    return "\n".join(lines)
