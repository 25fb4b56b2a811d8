"""Contact details: phone and pager numbers (phonenumbers), emails, web addresses, handles, UK postcodes,
other countries' postal codes, and ward / bay / bed numbers. Street addresses are in addresses.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from bedside.signals import Signal, Signals, extractor
from bedside.signals.identifiers import finder
from bedside.signals.keys import IDENTIFIERS, ORGANISATION_NAMED, WORDS

_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}\b")
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]{1,2000}|\bwww\.[\w-]{1,63}\.[^\s<>\"')\]]{1,2000}", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_]\w{2,29}\b")
# What a written phone number looks like: digits in groups with spaces, dots, hyphens or brackets, and
# perhaps an extension. Blood pressures (120/80), ranges (90-100) and lab series (7.4/40/100) are not.
_PHONE_SHAPE = re.compile(
    r"\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{1,5}\)?){1,5}(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?", re.IGNORECASE
)
_ID_LABEL = re.compile(r"\b(?:nhs|chi|h&c|mrn|hosp(?:ital)?|ssn|medicare|nhi|nric|pps|id|card|account|iban)\b"
                       r"(?:\s*(?:no|number|num)\.?)?\s*[:#]?\s*$", re.IGNORECASE)
# A stretch of digits and phone punctuation long enough for a phone number, with an extension.
_PHONE_WINDOW = re.compile(r"[+(]?\d[\d \t().-]{5,40}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?", re.IGNORECASE)
_PHONE_AFTER = re.compile(r"[ \t]*[-(]?[ \t]*(?i:office|fax|mobile|home|work|cell|tel|phone)\b")
_NANP = re.compile(r"(?:\(|(?<![\d/.(-]))\d{3}\)?[ .-]\d{3}[ .-]\d{4,5}(?![\d/-]|\.\d)")
_AREA_CODE = re.compile(r"\(\d{1,5}\)[ .-]?\d")  # "(03) 5327 5996", "(764)722-5949"
_PAIR = re.compile(r"^\(?\d{3,4}\)?[ -]\d{3,4}$")
_PHONE_WORD = re.compile(r"\b(?:call|ring|phone|tel|telephone|mobile|cell|ph|contact|number|no|fax|pager|bleep|"
                         r"answering|reach|text|dial)\b\W{0,4}(?:\w+\W{1,3}){0,2}$", re.IGNORECASE)
# Right after "call", "phone:" or "not answering at", a short local number in any grouping is a phone.
_CONTEXT_PHONE = re.compile(r"\b(?:call|phone|tel|telephone|mobile|cell|fax|answering\s+at|reach\s+(?:me|us)\s+at)"
                            r"\s*[:.]?\s*$", re.IGNORECASE)
_LOCAL_NUMBER = re.compile(r"\(?\d{2,4}\)?(?:[ .-]\d{2,4}){1,4}\b")
_RANGE = re.compile(r"^\d{2,3}-\d{2,3}$|^[1-9]\d{3,5}-[1-9]\d{3,5}$")  # 90-120; 10001-90000 (no leading 0)
_PAGER = re.compile(r"\b(?:pager|beeper|bleep|pg|ext|extension)\.?\s*(?:#|no\.?|number)?\s*:?\s*#?\s*(\d{4,6})\b",
                    re.IGNORECASE)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_US_ZIP = re.compile(
    r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|"
    r"V[TA]|W[AVIY]),?\s+(\d{5}(?:-\d{4})?)\b"
    r"|\b(?i:zip|zip\s*code|postal\s*code|post\s*code)\W{0,3}(?i:is\s+)?(\d{4,6}(?:-\d{4})?)\b",
)
# A numbered bed, bay or room in any case; a named ward only by its capital ("Cedar ward"), so that "the ward"
# and "on ward" are not wards. `bed`: a numbered bed, bay, room or cubicle, where one patient lies ("Aroha in rm 4").
_WARD = re.compile(
    r"(?P<bed>(?i:\b(?:bed|bay|side\s*room|room|rm|cubicle|resus\s+bay)\s+(?:no\.?\s*)?\d{1,3}[A-Za-z]?\b))"
    r"|(?i:\bward\s+(?:no\.?\s*)?\d{1,3}[A-Za-z]?\b)"
    r"|\b(?!(?:The|This|That|Our|My|Your|Their|His|Her|Each|Every|Any|No|On|Onto|To|A|Which|Whole|Same|Busy|"
    r"New|Next|Other)\s)[A-Z][a-z]+\s+[Ww]ard\b|\b(?!THE\s)[A-Z]{3,}\s+WARD\b"
)


def _signal(kind: str, match: re.Match[str], label: str, group: int = 0, **attrs: object) -> Signal:
    start, end = match.span(group)
    return Signal(kind, start, end, match.group(group), label, 1.0, attrs)


@finder(20)
def phones(text: str, country: str) -> Iterator[Signal]:
    """Phone numbers, parsed by phonenumbers only in the short stretches of text that could hold one."""
    if sum(map(str.isdigit, text)) < 6:
        return
    region = country if country in phonenumbers.SUPPORTED_REGIONS else "GB"
    for window in _PHONE_WINDOW.finditer(text):
        if _CONTEXT_PHONE.search(text, max(0, window.start() - 25), window.start()):
            local = _LOCAL_NUMBER.match(text, window.start())
            if local and 6 <= sum(ch.isdigit() for ch in local.group()) <= 15:
                yield Signal("phone", local.start(), local.end(), local.group(), "PHONE", 0.9, {"valid": False})
                continue
        if sum(ch.isdigit() for ch in window.group()) < 7:
            continue
        offset = max(0, window.start() - 1)
        chunk = text[offset : window.end() + 1]
        try:
            for match in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=phonenumbers.Leniency.POSSIBLE,
                                                         max_tries=50):
                start, end = offset + match.start, offset + match.end
                if _phone_shaped(text, start, end, match.raw_string):
                    if text[start] == "(" and ")" not in text[start:end]:
                        start += 1  # "(301 273 4516)": the bracket belongs to the sentence
                    yield Signal("phone", start, end, text[start:end], "PHONE", 1.0,
                                 {"valid": phonenumbers.is_valid_number(match.number)})
        except phonenumbers.NumberParseException:
            continue


def _phone_shaped(text: str, start: int, end: int, raw: str) -> bool:
    digits = re.sub(r"\D", "", raw.split("x")[0])
    # "(03) 5327 5996" and "(301 273 4516)" are phones; "(3942360)" is a count in brackets
    grouped = any(ch in "-.+" for ch in raw) or bool(_AREA_CODE.search(raw)) or ("(" in raw and " " in raw.strip("( )"))
    if not grouped and not raw.lstrip("(").startswith("0") and \
            not _PHONE_WORD.search(text, max(0, start - 25), start) and not _PHONE_AFTER.match(text, end):
        return False  # "120 140 1500": readings; a spaced phone starts with 0 or comes with a word like "call"
    if len(digits) < 7 or not _PHONE_SHAPE.fullmatch(raw) or _RANGE.match(raw):
        return False
    if "." in raw and not re.fullmatch(r"\(?\d{3}\)?\.\d{3}\.\d{4}(?:\s?x\d+)?", raw):
        return False  # 7.5 or 68.7: decimals; 833.719.3994 is a phone
    if _PAIR.match(raw) and not _PHONE_WORD.search(text, max(0, start - 25), start):
        return False  # 1900-0700 (a shift), 954-1183 (a range): two short groups need a word like "call"
    if _ID_LABEL.search(text, max(0, start - 20), start):
        return False  # "NHS 943 476 5918" that fails its check digit is a mistyped number, not a phone
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if before[-1:] in ("/", "%", "@", "_") or before[-1:].isalnum() or (before[-1:] == "." and before[:1].isdigit()):
        return False  # ... and digits inside a word or a handle ("@SamTurn02488701") are no phone
    return not (after[:1] in ("/", "%", "_") or after[:1].isalnum() or (after[:1] == "." and after[1:2].isdigit()))


@finder(20)
def grouped_numbers(text: str, country: str) -> Iterator[Signal]:
    """North-American style 3-3-4 numbers ("(301 273 4516)", "410-322-1419") that phonenumbers misses
    when the region is not the US; not when labelled as an identity number (a failed NHS number)."""
    for match in _NANP.finditer(text):
        spaced = not any(ch in "(-." for ch in match.group())  # "120 140 1500" is a run of readings
        if spaced and not _PHONE_WORD.search(text, max(0, match.start() - 25), match.start()):
            continue
        if not _ID_LABEL.search(text, max(0, match.start() - 20), match.start()) and \
                _phone_shaped(text, match.start(), match.end(), match.group()):
            start = match.start() + (1 if match.group()[0] == "(" and ")" not in match.group() else 0)
            yield Signal("phone", start, match.end(), text[start : match.end()], "PHONE", 0.9, {"valid": False})


@finder(20)
def pagers(text: str, country: str) -> Iterator[Signal]:
    """Pager and extension numbers of four to six digits, named as such ("Pager # 54321", "PG 33445"): a
    hospital's internal numbers, which reach whoever holds the bleep."""
    for match in _PAGER.finditer(text):
        yield _signal("phone", match, "PHONE", 1, internal=True)


# Local parts that name a job, not a person: an organisation's shared inbox ("recruitment@", "jobs@").
_ROLE_MAILBOX = re.compile(
    r"^(?:[a-z]+[._-])*(?:recruitment|recruit|jobs?|careers|vacancies|hr|info|enquiries|enquiry|inquiries|contact|"
    r"admin|office|reception|bookings?|appointments|referrals|team|hello|general|mail|kaimahi|practice|"
    r"pals|feedback|complaints|comms|communications|press|media|training|education|support|help|helpdesk)"
    r"(?:[._-][a-z0-9]+)*$")


def _mailbox(address: str) -> str:
    """ "role" for an organisation's shared inbox, "" for what may be a person's."""
    return "role" if _ROLE_MAILBOX.match(address.split("@")[0].lower()) else ""


@finder(20)
def emails_and_links(text: str, country: str) -> Iterator[Signal]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield _signal("email", match, "EMAIL", mailbox=_mailbox(match.group()))
        for match in _HANDLE.finditer(text):
            yield _signal("handle", match, "HANDLE")
    if "http" in text or "www." in text:
        for match in _URL.finditer(text):
            yield _signal("url", match, "URL")


@finder(20)
def postcodes(text: str, country: str) -> Iterator[Signal]:
    for match in _POSTCODE.finditer(text):
        yield _signal("postcode", match, "POSTCODE", district=match.group().split()[0].upper()
                      if " " in match.group() else match.group()[:-3].upper())


@finder(30)
def addresses(text: str, country: str) -> Iterator[Signal]:
    for match in _US_ZIP.finditer(text):
        group = 1 if match.group(1) else 2
        yield _signal("postal-code", match, "POSTAL CODE", group)


@finder(40)
def wards(text: str, country: str) -> Iterator[Signal]:
    for match in _WARD.finditer(text):
        yield _signal("ward", match, "WARD", bed=bool(match.group("bed")))


# Words that name a place of work or a service whose contact details a post may give: "call the surgery on ...".
_ORGANISATION_WORDS = frozenset(
    "surgery practice clinic hospital pharmacy reception office helpline service services team ward department "
    "trust board council centre center unit desk nhs gp switchboard admin booking bookings appointments "
    "company shop store".split()
)


@extractor(ORGANISATION_NAMED)
def organisation_named(signals: Signals) -> bool:
    """Does the post name an organisation or a service, whose own phone or address it may give? Without one, a
    number "they're not answering at" is someone's, whatever the reader says."""
    return bool(signals[WORDS] & _ORGANISATION_WORDS) or any(s.kind == "organisation" for s in signals[IDENTIFIERS])
