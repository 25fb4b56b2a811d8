"""CONF001: identifiers in the text of a post.

What counts: direct identifiers (names, numbers, addresses, contact details, a date of birth or of
admission, an age over 89) are do-not-post in a post about a patient; a place or an exact date alone is
review; times, relative dates and younger ages are quasi-identifiers, redacted but judged together by
the jigsaw rule (CONF002). Outside a post about a patient, identifiers of people are personal data:
info, or review for contact details and financial or identity numbers. A reply to a complaint or review that
confirms care ("re your smear result") names a patient: the person it answers. A post that says its picture shows a
patient's details ("ignore the sticker with his name and NHS number") is do-not-post, whatever else it says.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from bedside.model import Category, Finding, Severity
from bedside.rules import RuleContext, rule
from bedside.rules.about import about_a_patient
from bedside.signals import Signal
from bedside.signals.keys import ADDRESSEE, COMPLAINT, IDENTIFIERS, ORGANISATION_NAMED, PICTURED, READER, STATISTICS
from bedside.signals.reader import Mention, Reading
from bedside.signals.shape import id_shaped

# Numbers that exist only in health records: a post carrying one is about a patient whatever it says.
HEALTH_RECORD = frozenset({"nhs-number", "chi-number", "hc-number", "hospital-number"})
# A date of birth ("born 12/03/1946", "b. 12/03/1946") is judged like a labelled one: "DOB" is a patient cue
# (signals/patient.py), so the same date said in other words makes the post about a patient too.
RECORD_KINDS = HEALTH_RECORD | {"date-of-birth"}
DIRECT = frozenset(
    HEALTH_RECORD
    | {"name", "initials", "ni-number", "national-id", "date-of-birth", "address", "postcode", "postal-code", "phone",
       "email", "card-number", "iban", "ip-address", "handle"}
)
LOCATING = frozenset({"place", "organisation", "ward", "date"})
QUASI = frozenset({"time", "relative-date", "age"})
NOBODYS = frozenset({"url", "citation"})  # found so that no other finder takes them for identifiers
PUBLISHED = 0.4  # a date the reader reads as a publication's ("Smith et al. 1988") at least this likely
RECORD_REACH = 60  # characters: an identifier this close to one read as a dummy record's is that record's
BIRTH_YEARS = 16  # a whole date this many years back, in a post about a patient, reads as a date of birth
# Handles are usually the accounts of organisations and colleagues a post tags, not the patient's: review.
PUBLIC_ACCOUNTS = frozenset({"handle"})
SENSITIVE_OUTSIDE_CARE = frozenset({"phone", "email", "ni-number", "national-id", "card-number", "iban"})
OLDEST_SAFE_AGE = 89  # ages over 89 are identifying (HIPAA Safe Harbor, and few people are that old)
# A city or county this populous does not narrow a patient down on its own ("a UTI in London"): in a post about a
# patient it is shown at info and redacted (a record's "transferred from Boston" is still Safe Harbor PHI), and
# CONF002 weighs it with the post's other details.
CROWDED_PLACE = 250_000
# The reader's judgement of whose a mention is. Below these probabilities the finders' reading stands alone.
ABOUT_PATIENT = 0.7  # the post describes a real patient or their care
ROLE_TRUSTED = 0.7  # a mention's role overrides the post-level reading
# What the post-level reading alone makes a patient identifier. Phones, emails and handles in posts about
# care are mostly the service's own (helplines, tagged accounts): they need the reader to say they are the
# patient's.
READ_AS_PATIENT_KINDS = frozenset({"name", "initials", "date-of-birth", "address", "postcode", "postal-code",
                                   "national-id", "ni-number"})
QUIET_TRUSTED = 0.75  # silencing an identifier needs more certainty than flagging one (recall first)
# ... and a name as a public figure's more still: the reader reads any full name in a short plain sentence as one
# ("I want to add David Simpson as a beneficiary", 0.93; "Follow up with Sean Rajkovic in 2 months", 0.82).
PUBLIC_FIGURE_SURE = 0.95
# A mention read as the patient's counts when the post is about a patient (cues, or the reader's post-level
# reading at least this), or when the mention reading is itself this sure: case-count news ("Lagos-142
# Oyo-15") and retweeted accounts are not patients, though a word of them may read as one.
PATIENT_BACKED = 0.3
PATIENT_SURE = 0.9
WARD_SURE = 0.9  # a ward the reader is this sure of backs a patient reading of a name in the same post
NAME_WORD = 3  # characters: a person read in a word of a name this long or longer is read in the name
# A name no finder knew ("pt in 5 (Aziz)") counts at this reading when the reader is sure a patient is described.
NAMED_IN_A_CASE = 0.5
BED_AFTER, BED_BEFORE = 8, 3  # characters from a name to the bed it is in ("Destiny in L&D room 7", "bed 4 (Pym)")
UNFOUND_NUMBER_SURE = 0.95  # a number no finder knew, read as the patient's, outside a post with cues
BEDLESS_ROLES = frozenset({"staff", "dummy", "fictional", "public-figure", "cited-author"})  # no one's in a bed
PATIENT_ROLES = frozenset({"patient", "relative"})
QUIET_ROLES = frozenset({"public-figure", "cited-author", "fictional", "dummy", "organisation"})
# What each quiet role can own: an organisation has phones, addresses and bank details but never a payment
# card or an identity number; public figures, cited authors and programmes are names. A reading outside
# these is a misreading, and the identifier is judged as if unread (recall first). A dummy can be anything.
QUIET_KINDS = {
    "organisation": frozenset({"phone", "email", "address", "postcode", "postal-code", "handle", "url", "iban",
                               "ip-address"}),
    "public-figure": frozenset({"name", "handle"}),
    "cited-author": frozenset({"name"}),
    "fictional": frozenset({"name", "handle"}),
}
ACCOUNTS = frozenset({"handle", "url"})  # an organisation's account or page is its own whatever the post names
OWN_ROLES = frozenset({"staff", "author"})  # colleagues and the author: info, never a patient identifier
ROLE_WORDS = {
    "patient": "the patient's", "relative": "a patient's relative's", "staff": "a colleague's",
    "author": "the author's own", "public-figure": "a public figure's", "cited-author": "a cited author's",
    "fictional": "a fictional character's or programme's", "dummy": "a dummy record's",
    "organisation": "the organisation's own",
}

DESCRIPTIONS = {
    "name": "a person's name", "initials": "a person's initials", "nhs-number": "an NHS number",
    "chi-number": "a CHI number",
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


def _read_role(reading: Reading, signal: Signal) -> Mention | None:
    """The reader's most confident trusted mention over at least half of this span, if any: a reading of a
    piece of an email or number (the "." of a name) is not a reading of the whole."""
    half = (signal.end - signal.start) / 2
    trusted = [m for m in reading.roles_at(signal.start, signal.end) if m.probability >= ROLE_TRUSTED
               and (_overlap(m, signal) >= half or _a_word_of_the_name(m, signal))]
    return max(trusted, key=lambda m: m.probability, default=None)


def _overlap(mention: Mention, signal: Signal) -> int:
    return min(mention.end, signal.end) - max(mention.start, signal.start)


def _a_word_of_the_name(mention: Mention, signal: Signal) -> bool:
    """A patient read in one word of a longer name: "Morgan" of "Rhys Morgan's". Only to raise a name: a word
    read as a colleague's does not quiet the rest (recall first)."""
    return (signal.kind == "name" and mention.type == "person" and mention.role in PATIENT_ROLES
            and mention.end - mention.start >= NAME_WORD
            and _overlap(mention, signal) >= mention.end - mention.start)


def _in_dummy_record(reading: Reading, signal: Signal, read: Mention | None) -> bool:
    """Next to a mention the reader is sure is a test or dummy record's, and not itself read as a patient's."""
    if read is not None and read.role in PATIENT_ROLES:
        return False
    return any(m.role == "dummy" and m.probability >= QUIET_TRUSTED
               and max(m.start - signal.end, signal.start - m.end) <= RECORD_REACH for m in reading.mentions)


def _read_as_patients(reading: Reading, signal: Signal) -> bool:
    """In a post read as about a patient, is this identifier the patient's? A name must itself read as the
    patient's or a relative's (at any probability): posts about case counts read as about patients, and the
    states and officials they name are not. Handles are not judged so: health-news posts read as about patients
    and their tagged accounts as the patient's up to 0.73, as likely as a patient's own handle in a case."""
    if signal.kind not in READ_AS_PATIENT_KINDS:
        return False
    if signal.kind != "name":
        return True
    # The reader's likeliest reading of the name, at any probability: "Jacinda" read as a patient's (0.47) does not
    # outweigh "Ardern" read as a public figure's (0.59).
    people = [m for m in reading.roles_at(signal.start, signal.end) if m.type in ("person", "identifier")]
    return bool(people) and max(people, key=lambda m: m.probability).role in PATIENT_ROLES


def _backed(read: Mention, reading: Reading, about_patient: bool, kind: str = "") -> bool:
    """Is a patient-role reading of a mention backed by the post (see PATIENT_BACKED)? A handle needs a sure
    reading: accounts in posts are nearly always the ones being quoted or tagged."""
    if kind in PUBLIC_ACCOUNTS:
        return read.probability >= PATIENT_SURE
    return (about_patient or reading.about_patient >= PATIENT_BACKED or read.probability >= PATIENT_SURE
            or _on_a_ward(reading))


def _on_a_ward(reading: Reading) -> bool:
    """The post names a ward, bay, bed or side room the reader is sure of: a patient there is in care ("Happy
    100th birthday to Ivy on Cedar Ward")."""
    return any(m.type == "place" and m.role == "ward" and m.probability >= WARD_SURE for m in reading.mentions)


def _in_a_bed(start: int, end: int, found: list[Signal]) -> bool:
    """A name right beside a numbered bed, bay or room is whoever lies in it: a patient, whatever else the post
    reads as ("Shoutout to Kayla R. (Rm 620) for kicking leukemia's butt")."""
    return any(s.kind == "ward" and s.attrs.get("bed") and (0 <= s.start - end <= BED_AFTER
                                                            or 0 <= start - s.end <= BED_BEFORE) for s in found)


def _an_organisation_named(ctx: RuleContext, reading: Reading) -> bool:
    """Whose could an organisation's phone, email or address be? Only one the post names (a surgery, a helpline, a
    hospital the reader finds) or writes for (a reply to a complaint): "they're not answering at 785 8949" is a
    person's number, though the reader reads it as an organisation's. An account is its owner's whatever is named."""
    return (ctx.signals[ORGANISATION_NAMED] or ctx.signals[COMPLAINT] is not None
            or any(m.type == "place" and m.role == "hospital" for m in reading.mentions))


def _judge(ctx: RuleContext, signal: Signal, about_patient: bool, read: Mention | None,
           reading: Reading) -> tuple[Category, Severity] | None:
    """The (category, severity) of one identifier, weighing whose the reader says it is."""
    if _in_dummy_record(reading, signal, read):
        return None  # "Mr Tester Test, NHS number 999 999 9999, DOB 01/01/1900": the training record's date too
    if signal.kind == "date" and any(m.type == "date" and m.role == "publication" and m.probability >= PUBLISHED
                                     for m in reading.roles_at(signal.start, signal.end)):
        return None  # a paper's year, not a day in anyone's care
    if signal.attrs.get("role") == "own-family":
        return "personal-data", "info"  # "my daughter Ffion": the author's own family, theirs to name
    in_a_bed = signal.kind == "name" and signal.attrs.get("role") == "person" \
        and _in_a_bed(signal.start, signal.end, ctx.signals[IDENTIFIERS])
    if in_a_bed and (read is None or read.role not in BEDLESS_ROLES):
        return "patient-identifier", "do-not-post"  # "Kayla R. (Rm 620)": whoever lies in bed 4 is a patient
    if read is not None and signal.kind in DIRECT | LOCATING:
        owned = read.role != "organisation" or signal.kind in ACCOUNTS or _an_organisation_named(ctx, reading)
        if quiet_reading(signal.kind, read.role, read.probability) and owned:
            return None
        if read.role in QUIET_ROLES and read.probability >= QUIET_TRUSTED:
            return severity_of(signal.kind, signal.attrs, about_patient)  # a misreading: judged as if unread
        if read.role in OWN_ROLES:
            return "personal-data", "info"
        if (read.role in PATIENT_ROLES and read.type in ("person", "identifier") and signal.kind in DIRECT
                and _backed(read, reading, about_patient, signal.kind)):
            return "patient-identifier", "do-not-post"
        if read.type == "date" and read.role == "birth":
            return "patient-identifier", "do-not-post" if about_patient else "review"
    return severity_of(signal.kind, signal.attrs, about_patient)


def quiet_reading(kind: str, role: str, probability: float) -> bool:
    """Is an identifier the reader is sure belongs to a quiet role (a public figure, a cited author, a programme,
    a dummy record, the organisation) one that role can own, and so no finding?"""
    least = PUBLIC_FIGURE_SURE if role == "public-figure" else QUIET_TRUSTED
    return (role in QUIET_ROLES and probability >= least
            and kind in QUIET_KINDS.get(role, DIRECT | LOCATING))


def severity_of(kind: str, attrs: Mapping[str, Any], about_patient: bool,
                patient: Category = "patient-identifier") -> tuple[Category, Severity] | None:
    """CONF001's ladder: the (category, severity) of one identifier by its kind and attributes, or None when it is
    no finding on its own. The text of a post and the text read from an image share it; `patient` is the
    category of a finding about the patient (image-text for a picture)."""
    if kind == "age":
        too_old = int(attrs.get("years", 0) or 0) > OLDEST_SAFE_AGE
        return (patient, "do-not-post") if about_patient and too_old else None
    if kind in QUASI or kind in NOBODYS or attrs.get("mailbox") == "role" or attrs.get("test_range"):
        return None  # an organisation's shared inbox, and a number reserved for test systems, are nobody's
    if kind == "place" and float(attrs.get("population") or 0) >= CROWDED_PLACE:
        return (patient, "info") if about_patient else None
    if about_patient:
        if kind == "name" and attrs.get("role") == "clinician":
            return "personal-data", "info"
        if kind == "date" and (attrs.get("admission") or birth_like(kind, attrs)):
            return patient, "do-not-post"
        if kind in LOCATING or kind in PUBLIC_ACCOUNTS:
            return patient, "review"
        return patient, "do-not-post"
    if kind in LOCATING or attrs.get("internal"):
        return None  # a bleep or an extension outside a case is the hospital's, whoever carries it tonight
    return "personal-data", "review" if kind in SENSITIVE_OUTSIDE_CARE else "info"


def birth_like(kind: str, attrs: Mapping[str, Any]) -> bool:
    """A whole date far enough back to be a date of birth ("AB 12/06/52" in a handover)."""
    year = attrs.get("year")
    return kind == "date" and isinstance(year, int) and year <= datetime.now().year - BIRTH_YEARS


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@rule(
    code="CONF001",
    name="patient-identifier-in-text",
    category="patient-identifier",
    severity="do-not-post",
    summary="A name, number, address, contact detail or exact date that could identify a patient.",
    what=(
        "Direct identifiers in a post about a patient: names, NHS/CHI/H&C and hospital numbers, other "
        "identity numbers, dates of birth or admission, addresses and postcodes, phone numbers and emails, "
        "ages over 89, and a picture the post says shows a patient's details. A place (smaller than a city of "
        "250,000), ward or exact date alone is flagged for review; a bigger city is shown at info and "
        "redacted. A name beside a numbered bed, bay or room is the patient's in it. Outside a post about a "
        "patient, identifiers of people are reported as personal data."
    ),
    why=(
        "Patients are entitled to expect that what they tell you stays confidential. A single identifier "
        "is enough to link a case description to a person, and posts are copied, screenshotted and "
        "archived beyond your control, including from closed groups and private chats."
    ),
    example="Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952",
    fix="Remove the identifier or replace it with a generic description; bedside's redacted text does this.",
)
def patient_identifier_in_text(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.signals[IDENTIFIERS]
    reading = ctx.signals[READER]
    about_patient = about_a_patient(ctx) or any(s.kind in RECORD_KINDS and not s.attrs.get("test_range")
                                                for s in found)
    # The reader's sense that a real patient is described makes their names and numbers direct identifiers;
    # places and dates stay with the cue-based reading, since news and public-health posts are full of them.
    read_as_patient = reading.about_patient >= ABOUT_PATIENT
    greeted = ctx.signals[ADDRESSEE]
    # A reply to a complaint or review that confirms care names the person who received it: a patient's name.
    reply = ctx.signals[COMPLAINT]
    complainant = reply is not None and reply.to_review and bool(reply.confirms_care)
    for signal in found:
        if greeted is not None and signal.kind == "name" and greeted.start <= signal.start < greeted.end:
            continue  # a message to someone, greeting them: their own name discloses nothing to them
        read = _read_role(reading, signal)
        if (about_patient or signal.kind in DIRECT) and signal.kind != "citation":
            ctx.redact(signal.start, signal.end, signal.label or signal.kind.upper())
        patients = read_as_patient and (_read_as_patients(reading, signal) or birth_like(signal.kind, signal.attrs))
        if complainant and signal.kind == "name" and signal.attrs.get("role") != "clinician" \
                and (read is None or read.role in PATIENT_ROLES):
            patients = True
        judged = _judge(ctx, signal, about_patient or patients, read, reading)
        if judged is None:
            continue
        category, severity = judged
        yield _finding(ctx, signal.start, signal.end, DESCRIPTIONS.get(signal.kind, signal.kind), signal.label,
                       category, severity, read, signal.kind)
    yield from _unfound_patient_mentions(ctx, found, reading, about_patient, read_as_patient)
    for said in ctx.signals[PICTURED][:1]:
        yield ctx.finding("do-not-post", f'The post says its picture shows a patient\'s details ("{said.text}"): '
                          "the picture would identify them wherever the post goes.", start=said.start, end=said.end,
                          fix="Crop or cover the details in the picture (check it with bedside check --image), "
                              "or post without it.", category="patient-identifier",
                          details={"identifier": "pictured"})


def _unfound_patient_mentions(ctx: RuleContext, found: list[Signal], reading: Reading, about_patient: bool,
                              read_as_patient: bool) -> Iterator[Finding]:
    """What the reader reads as the patient's (a name, an identifier, a date of birth) that no finder found.
    A number needs the cues too, or a confident reading: counts and statistics are full of numbers. A name
    needs less in a post the reader is sure describes a patient (NAMED_IN_A_CASE)."""
    if ctx.signals[STATISTICS]:
        return  # a table of counts ("Lagos-142 Oyo-15 ... 10819 cases"): its words and numbers are no one's
    for mention in reading.mentions:
        least = NAMED_IN_A_CASE if read_as_patient and mention.type == "person" else ROLE_TRUSTED
        if mention.probability < least or any(s.start < mention.end and mention.start < s.end for s in found):
            continue
        if mention.type == "identifier" and not id_shaped(ctx.text, mention.start, mention.end):
            continue
        number_ok = mention.type != "identifier" or about_patient or mention.probability >= UNFOUND_NUMBER_SURE
        patient_person = (mention.type in ("person", "identifier") and mention.role in PATIENT_ROLES and number_ok
                          and _backed(mention, reading, about_patient)) or (
            mention.type == "person" and mention.role not in BEDLESS_ROLES
            and _in_a_bed(mention.start, mention.end, found))
        birth = mention.type == "date" and mention.role == "birth" and (about_patient or read_as_patient)
        if not (patient_person or birth) or len(mention.text.strip()) < 2:
            continue
        label = "DATE OF BIRTH" if birth else ("NAME" if mention.type == "person" else "IDENTIFIER")
        ctx.redact(mention.start, mention.end, label)
        what = "a date of birth" if birth else ("a name" if mention.type == "person" else "an identifier")
        yield _finding(ctx, mention.start, mention.end, what, label, "patient-identifier", "do-not-post", mention,
                       "date-of-birth" if birth else mention.type)


def _read_words(read: Mention) -> str:
    """'the patient's name', 'a colleague's name', 'a date of birth', 'a ward': what the reader read, in words."""
    if read.type in ("person", "identifier"):
        return f"{ROLE_WORDS.get(read.role, read.role)} {'name' if read.type == 'person' else 'identifier'}"
    if read.type == "date":
        return "a date of birth" if read.role == "birth" else f"a date ({read.role})"
    return f"a {read.type.replace('-', ' ')} ({read.role})"


def _finding(ctx: RuleContext, start: int, end: int, what: str, label: str, category: Category,
             severity: Severity, read: Mention | None, kind: str) -> Finding:
    said = f" Read as {_read_words(read)} ({read.probability:.2f})." if read else ""
    if category == "patient-identifier":
        message = f"{_upper_first(what)} in a post about a patient could identify them.{said}{_where(ctx)}"
        fix = f"Remove it or write it as [{label}]."
    else:
        message = f"{_upper_first(what)}: personal data of someone who may not have agreed to its posting.{said}"
        fix = "Check that the person agreed to this being posted, or remove it."
    return ctx.finding(severity, message, start=start, end=end, fix=fix, category=category,
                       details={"identifier": kind, **({"read_as": f"{read.type}:{read.role}"} if read else {})})
