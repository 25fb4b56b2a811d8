"""Defamation triage for a practice or clinician criticised online: the questions a defence organisation
would ask first, and a structured summary of the answers.

The reasoning follows the Defamation Act 2013 (England and Wales): serious harm (s1; for a body trading
for profit, serious financial loss), and the defences of truth (s2), honest opinion (s3), publication on a
matter of public interest (s4) and privilege (absolute or qualified, s6-7 and common law). Other
countries' packs name their own law; the summary says when the English reasoning is only a guide. It is
triage, not advice: every summary ends by saying so.
"""

from __future__ import annotations

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


def _serious_harm(a: dict[str, str]) -> tuple[str, list[str]]:
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
    reach = {"small": 0, "moderate": 1, "wide": 2}[a["reach"]]
    score += reach
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
    """The triage summary for these answers, under the law that the pack names."""
    a = normalise(answers)
    harm, reasons = _serious_harm(a)
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
    )


def render(triage: Triage) -> str:
    """The summary as plain text."""
    lines = ["Defamation triage", "", f"Serious harm: {triage.serious_harm}"]
    lines += [f"  - {reason}" for reason in triage.serious_harm_reasons]
    lines += ["", "Defences the author may have:"]
    lines += [f"  - {name}: {d['status']}. {d['why']}" for name, d in triage.defences.items()]
    lines += ["", "What to do next:"]
    lines += [f"  {number}. {step}" for number, step in enumerate(triage.steps, start=1)]
    lines += ["", f"Law: {triage.law}"]
    lines += [f"Note: {note}" for note in triage.notes]
    lines += ["", triage.disclaimer]
    return "\n".join(lines)
