"""CONF001: identifiers in the text of a post.

What counts: direct identifiers (names, numbers, addresses, contact details, a date of birth or of
admission, an age over 89) are do-not-post in a post about a patient; a place or an exact date alone is
review; times, relative dates and younger ages are quasi-identifiers, redacted but judged together by
the jigsaw rule (CONF002). Outside a post about a patient, identifiers of people are personal data:
info, or review for contact details and financial or identity numbers.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Category, Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.signals import Signal

# Numbers that exist only in health records: a post carrying one is about a patient whatever it says.
HEALTH_RECORD = frozenset({"nhs-number", "chi-number", "hc-number", "hospital-number"})
DIRECT = frozenset(
    HEALTH_RECORD
    | {"name", "ni-number", "national-id", "date-of-birth", "address", "postcode", "postal-code", "phone",
       "email", "card-number", "iban", "ip-address", "handle"}
)
LOCATING = frozenset({"place", "organisation", "ward", "date"})
QUASI = frozenset({"time", "relative-date", "age"})
# Handles are usually the accounts of organisations and colleagues a post tags, not the patient's: review.
PUBLIC_ACCOUNTS = frozenset({"handle"})
SENSITIVE_OUTSIDE_CARE = frozenset({"phone", "email", "ni-number", "national-id", "card-number", "iban"})
_ADMISSION_WORDS = ("admit", "admission", "doa", "seen on", "attended on", "discharged on", "born on")
OLDEST_SAFE_AGE = 89  # ages over 89 are identifying (HIPAA Safe Harbor, and few people are that old)

DESCRIPTIONS = {
    "name": "a person's name", "nhs-number": "an NHS number", "chi-number": "a CHI number",
    "hc-number": "a Health and Care number", "ni-number": "a National Insurance number",
    "hospital-number": "a hospital or record number", "national-id": "an identity number",
    "date-of-birth": "a date of birth", "date": "an exact date", "address": "a street address",
    "postcode": "a postcode", "postal-code": "a postal code", "phone": "a phone number",
    "email": "an email address", "card-number": "a payment card number", "iban": "a bank account (IBAN)",
    "ip-address": "an IP address", "handle": "a social media handle", "place": "a place name",
    "organisation": "a hospital or practice name", "ward": "a ward, bay or bed", "age": "an age",
}


def _where(ctx: RuleContext) -> str:
    if ctx.post.audience in ("group", "private"):
        return " A closed group or private chat is still publication: members can screenshot and share."
    return ""


def _severity(ctx: RuleContext, signal: Signal, about_patient: bool) -> tuple[Category, Severity] | None:
    """The (category, severity) of one identifier, or None when it is no finding on its own."""
    kind = signal.kind
    if kind == "age":
        too_old = int(signal.attrs.get("years", 0)) > OLDEST_SAFE_AGE
        return ("patient-identifier", "do-not-post") if about_patient and too_old else None
    if kind in QUASI or kind == "url":
        return None
    if about_patient:
        if kind == "name" and signal.attrs.get("role") == "clinician":
            return "personal-data", "info"
        if kind == "date" and _admission_context(ctx.text, signal.start):
            return "patient-identifier", "do-not-post"
        if kind in LOCATING or kind in PUBLIC_ACCOUNTS:
            return "patient-identifier", "review"
        return "patient-identifier", "do-not-post"
    if kind in LOCATING:
        return None
    return "personal-data", "review" if kind in SENSITIVE_OUTSIDE_CARE else "info"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _admission_context(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].lower()
    return any(word in before for word in _ADMISSION_WORDS)


@rule(
    code="CONF001",
    name="patient-identifier-in-text",
    category="patient-identifier",
    severity="do-not-post",
    summary="A name, number, address, contact detail or exact date that could identify a patient.",
    what=(
        "Direct identifiers in a post about a patient: names, NHS/CHI/H&C and hospital numbers, other "
        "identity numbers, dates of birth or admission, addresses and postcodes, phone numbers and emails, "
        "ages over 89. A place, ward or exact date alone is flagged for review. Outside a post about a "
        "patient, identifiers of people are reported as personal data."
    ),
    why=(
        "Patients are entitled to expect that what they tell you stays confidential. A single identifier "
        "is enough to link a case description to a person, and posts are copied, screenshotted and "
        "archived beyond your control, including from closed groups and private chats."
    ),
    example="Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952",
    fix="Remove the identifier or replace it with a generic description; bedside's redacted text does this.",
    needs=("identifiers", "patient"),
)
def patient_identifier_in_text(ctx: RuleContext) -> Iterator[Finding]:
    found: list[Signal] = ctx.signals["identifiers"]
    if not found:
        return
    about_patient = ctx.signals["patient"].about_patient or any(s.kind in HEALTH_RECORD for s in found)
    for signal in found:
        if about_patient or signal.kind in DIRECT:
            ctx.redact(signal.start, signal.end, signal.label or signal.kind.upper())
        judged = _severity(ctx, signal, about_patient)
        if judged is None:
            continue
        category, severity = judged
        what = DESCRIPTIONS.get(signal.kind, signal.kind)
        if category == "patient-identifier":
            message = f"{_upper_first(what)} in a post about a patient could identify them.{_where(ctx)}"
            fix = f"Remove it or write it as [{signal.label}]."
        else:
            message = f"{_upper_first(what)}: personal data of someone who may not have agreed to its posting."
            fix = "Check that the person agreed to this being posted, or remove it."
        yield ctx.finding(severity, message, start=signal.start, end=signal.end, fix=fix,
                          category=category, details={"identifier": signal.kind})
