"""Identifier numbers, each validated where a check digit exists: a 10-digit number that fails the NHS
mod-11 check is not an NHS number, a 16-digit number that fails Luhn is not a card.

python-stdnum validates what it knows (NHS, IBAN, Luhn, IE PPS, ZA ID, MY NRIC, US SSN); the schemes it
lacks (CHI and H&C ranges, NINO, AU Medicare and IHI, NZ NHI, SG NRIC, HKID) are small public rules written
here.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.gb import nhs
from stdnum.ie import pps
from stdnum.my import nric as my_nric
from stdnum.us import ssn
from stdnum.za import idnr

from bedside.signals import Signal
from bedside.signals.identifiers import finder

# 943 476 5919, 943-476-5919, 943.476.5919 (not inside a longer run of digits, nor a decimal)
_TEN_DIGITS = re.compile(r"(?<![\d-])(?<!\d\.)(\d{3})[ .-]?(\d{3})[ .-]?(\d{4})(?![\d-])(?!\.\d)")
_NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)
_CARD = re.compile(r"(?<![\d-])\d{4}(?:[ -]?\d{3,4}){2,3}(?:[ -]?\d{1,3})?(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.IGNORECASE)
# A driving licence or passport number, after its label: no check digit, so only there.
_DOCUMENT = re.compile(r"\b(?:(?:driver'?s?|driving)\s+licen[cs]e\s*(?:no|number|num|#)?|"
                       r"passport\s*(?:no|number|num|#))\.?\s*(?:is\s+)?[:#]?\s*([A-Z0-9]{5,16})\b", re.IGNORECASE)
_HOSPITAL = re.compile(
    r"\b(?:hosp(?:ital)?\.?\s*(?:no|number|num|#)|mrn|medical\s+record\s+(?:no|number)|unit\s+(?:no|number)|"
    r"rxn|patient\s+(?:id|no|number)|case\s+(?:no|number)|record\s+(?:no|number)|ref(?:erence)?\s*(?:no|number|#)|"
    # Australia's unit record number; an NHS number whose check digit fails (a slip, or made up for the post)
    r"urn|ur\s*(?:no|number)|unit\s+record\s+(?:no|number)|nhs\s*(?:no|number|#))"
    r"\.?\s*[:#]?\s*"
    r"([A-Z]{0,4}\d[\d -]{3,11}\d[A-Z]?)\b"
    r"|\b([A-Z]{2,4}\d{6,8})\b",
    re.IGNORECASE,
)
_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])|\b(?:ssn|social\s+security\s+(?:no|number))\W{0,3}(\d{9})\b",
                  re.IGNORECASE)
_PPS = re.compile(r"\b\d{7}[A-W][ABWTXZ]?\b", re.IGNORECASE)
_ZA_ID = re.compile(r"(?<!\d)\d{13}(?!\d)")
_MY_NRIC = re.compile(r"(?<!\d)\d{6}-?\d{2}-?\d{4}(?!\d)")
_SG_NRIC = re.compile(r"\b[STFGM]\d{7}[A-Z]\b", re.IGNORECASE)
_NZ_NHI = re.compile(r"\b[A-HJ-NP-Z]{3}\d{4}\b|\b[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}\b")
_AU_MEDICARE = re.compile(r"(?<!\d)[2-6]\d{3} ?\d{5} ?\d(?:[ -/]?\d)?(?!\d)")
# Australian Individual Healthcare Identifier: 16 digits from 800360 (ISO 7812 health issuer), Luhn checked.
_AU_IHI = re.compile(r"(?<![\d-])8003[ -]?60\d{2}(?:[ -]?\d{4}){2}(?![\d-])")
# Hong Kong identity card: one or two letters, six digits, a check character, in brackets or not.
_HKID_LABEL = re.compile(r"\b(?:hkid|hkic|(?:hk|hong\s+kong)\s+id|identity\s+card)(?:\s*(?:no|number))?\W{0,3}$",
                         re.IGNORECASE)
_HK_ID = re.compile(r"\b([A-Z]{1,2})(\d{6})(?: ?\(([0-9A])\)|([0-9A])\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """What a pattern matched, and where: what a recogniser's check reads."""

    value: str  # the matched group
    match: re.Match[str]
    group: int
    text: str
    country: str

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.value)

    def labelled(self, label: re.Pattern[str], reach: int = 20) -> bool:
        """Does `label` end within `reach` characters before the match ("HKID: A123456(3)")?"""
        return bool(label.search(self.text, max(0, self.match.start() - reach), self.match.start()))


def _whole(match: re.Match[str]) -> int:
    return 0


def _always(text: str) -> bool:
    return True


@dataclass(frozen=True)
class Recogniser:
    """One kind of number, as Presidio's recognisers describe one: a pattern, the check a match must pass (a
    checksum, a range, the label before it), and the signal it makes. `kind_of`, where given, says which kind a
    valid match is and its label (an NHS, CHI or H&C number share a shape); `gate` is a cheap test of the whole
    text."""

    kind: str
    label: str
    pattern: re.Pattern[str]
    check: Callable[[Candidate], bool]
    group: Callable[[re.Match[str]], int] = _whole
    attrs: Mapping[str, object] = field(default_factory=dict)
    gate: Callable[[str], bool] = _always
    kind_of: Callable[[Candidate], tuple[str, str] | None] | None = None


def _valid_ddmmyy(digits: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    try:
        date(2000 + year, month, day)
    except ValueError:
        return False
    return True


def health_number_kind(digits: str) -> str | None:
    """Which UK health number a mod-11-valid 10-digit number is: NHS, CHI (Scotland) or H&C (N. Ireland)."""
    if not nhs.is_valid(digits):
        return None
    if 320_000_000 <= int(digits[:9]) <= 399_999_999:
        return "hc-number"
    if digits[0] in "0123" and _valid_ddmmyy(digits):
        return "chi-number"
    return "nhs-number"


_HEALTH_LABELS = {"nhs-number": "NHS NUMBER", "chi-number": "CHI NUMBER", "hc-number": "H&C NUMBER"}


def _health_number(found: Candidate) -> tuple[str, str] | None:
    kind = health_number_kind(found.digits)
    return (kind, _HEALTH_LABELS[kind]) if kind else None


def _validates(validator: object, value: str) -> bool:
    try:
        validator.validate(value)  # type: ignore[attr-defined]
    except (ValidationError, ValueError):
        return False
    return True


def _is_ip(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


def not_medicare_in_australia(found: Candidate) -> bool:
    """In Australia, a 10-digit number that is both is a Medicare number (found with the national IDs)."""
    return not (found.country == "AU" and au_medicare_valid(found.digits))


def not_an_hkid(found: Candidate) -> bool:
    """"AB123456A" in Hong Kong or after "HKID" is an identity card, not a UK NI number."""
    return not ((found.country == "HK" or found.labelled(_HKID_LABEL)) and hk_id_valid(found.value.replace(" ", "")))


def payment_card_valid(found: Candidate) -> bool:
    """Luhn over 13 to 19 digits, not all the same two; South African IDs and Australian IHIs carry a Luhn check
    digit too, and are theirs."""
    digits = found.digits
    if (len(digits) == 13 and _validates(idnr, digits)) or au_ihi_valid(digits):
        return False
    return 13 <= len(digits) <= 19 and luhn.is_valid(digits) and len(set(digits)) > 2


def record_number_shaped(found: Candidate) -> bool:
    """After a label ("MRN", "hosp no") any number; bare, capital letters first: "abc123456" in running text is
    rarely a record number, "RCH123456" is."""
    return not (found.group == 2 and found.value.isupper() is False and not found.value[:2].isupper())


def hkid_valid_here(found: Candidate) -> bool:
    """HKID numbers. Unbracketed, "A1234563" is a code like many others and "AB123456A" may be a UK NI number: it
    is an HKID in Hong Kong or after a label, not elsewhere."""
    match = found.match
    check = match.group(3) or match.group(4)
    if match.group(4) and found.country != "HK" and not found.labelled(_HKID_LABEL):
        return False
    return hk_id_valid(match.group(1) + match.group(2) + check)


def _national_id(country: str, scheme: str, pattern: re.Pattern[str], check: Callable[[Candidate], bool],
                 group: Callable[[re.Match[str]], int] = _whole) -> Recogniser:
    return Recogniser("national-id", "ID NUMBER", pattern, check, group, {"country": country, "scheme": scheme})


# In the order they are searched. UK numbers and those with a universal check first; record numbers; then
# identity and health numbers of other countries, only where their check digit validates.
UK_AND_UNIVERSAL = (
    Recogniser("nhs-number", "NHS NUMBER", _TEN_DIGITS, not_medicare_in_australia, kind_of=_health_number),
    Recogniser("ni-number", "NI NUMBER", _NINO, not_an_hkid),
    Recogniser("card-number", "CARD NUMBER", _CARD, payment_card_valid),
    Recogniser("iban", "IBAN", _IBAN, lambda found: std_iban.is_valid(found.value.upper())),
    Recogniser("ip-address", "IP ADDRESS", _IPV4, lambda found: _is_ip(found.value), gate=lambda text: "." in text),
    Recogniser("ip-address", "IP ADDRESS", _IPV6, lambda found: found.value.count(":") >= 2 and _is_ip(found.value),
               gate=lambda text: "::" in text or text.count(":") >= 5),
)
RECORD_NUMBERS = (
    Recogniser("hospital-number", "HOSPITAL NUMBER", _HOSPITAL, record_number_shaped,
               group=lambda match: 1 if match.group(1) else 2),
    Recogniser("national-id", "ID NUMBER", _DOCUMENT, lambda found: len(found.digits) >= 4,
               group=lambda match: 1, attrs={"country": "", "scheme": "licence or passport"}),
)
OTHER_COUNTRIES = (
    # 123-45-6789 anywhere; nine bare digits only after "SSN" or "social security number"
    _national_id("US", "SSN", _SSN, lambda found: _validates(ssn, found.value),
                 group=lambda match: 1 if match.group(1) else 0),
    _national_id("IE", "PPS", _PPS, lambda found: _validates(pps, found.value)),
    _national_id("ZA", "ID", _ZA_ID, lambda found: _validates(idnr, found.value)),
    _national_id("MY", "NRIC", _MY_NRIC, lambda found: "-" in found.value and _validates(my_nric, found.value)),
    _national_id("SG", "NRIC", _SG_NRIC, lambda found: sg_nric_valid(found.value)),
    _national_id("NZ", "NHI", _NZ_NHI, lambda found: nz_nhi_valid(found.value)),
    _national_id("AU", "Medicare", _AU_MEDICARE, lambda found: au_medicare_valid(found.value)),
    _national_id("AU", "IHI", _AU_IHI, lambda found: au_ihi_valid(found.digits)),
    _national_id("HK", "HKID", _HK_ID, hkid_valid_here),
)


def recognise(recognisers: Sequence[Recogniser], text: str, country: str) -> Iterator[Signal]:
    """The signals of every match that passes its recogniser's check, recogniser by recogniser."""
    for recogniser in recognisers:
        if not recogniser.gate(text):
            continue
        for match in recogniser.pattern.finditer(text):
            group = recogniser.group(match)
            found = Candidate(match.group(group), match, group, text, country)
            if not recogniser.check(found):
                continue
            named = recogniser.kind_of(found) if recogniser.kind_of else (recogniser.kind, recogniser.label)
            if named is None:
                continue
            kind, label = named
            start, end = match.span(group)
            attrs = dict(recogniser.attrs)
            if in_test_range(kind, attrs.get("scheme"), found):
                attrs["test_range"] = True
            yield Signal(kind, start, end, found.value, label, 1.0, attrs)


def in_test_range(kind: str, scheme: object, found: Candidate) -> bool:
    """Numbers the issuer reserves for test systems, never a person's: NHS numbers 999 000 0000 to
    999 999 9999, and New Zealand NHIs beginning with Z."""
    if kind == "nhs-number":
        return found.digits.startswith("999")
    return kind == "national-id" and scheme == "NHI" and found.value.upper().startswith("Z")


@finder(10)
def uk_and_universal_numbers(text: str, country: str) -> Iterator[Signal]:
    return recognise(UK_AND_UNIVERSAL, text, country)


@finder(20)
def hospital_numbers(text: str, country: str) -> Iterator[Signal]:
    return recognise(RECORD_NUMBERS, text, country)


@finder(30)
def other_national_ids(text: str, country: str) -> Iterator[Signal]:
    return recognise(OTHER_COUNTRIES, text, country)


def sg_nric_valid(value: str) -> bool:
    """Singapore NRIC/FIN: weights 2,7,6,5,4,3,2 over the digits, offset by the prefix letter."""
    value = value.upper()
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(value[1:8], weights, strict=True))
    prefix = value[0]
    total += {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}[prefix]
    remainder = total % 11
    if prefix in "ST":
        letters = "JZIHGFEDCBA"
    elif prefix in "FG":
        letters = "XWUTRQPNMLK"
    else:
        letters = "KLJNPQRTUWX"
        return value[8] == letters[10 - remainder]
    return value[8] == letters[remainder]


_NHI_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O


def nz_nhi_valid(value: str) -> bool:
    """New Zealand NHI: old format AAANNNC (mod 11), new format AAANNAX (mod 23)."""
    value = value.upper()
    if any(ch not in _NHI_ALPHABET for ch in value[:3]):
        return False
    letters = [(_NHI_ALPHABET.index(ch) + 1) * (7 - i) for i, ch in enumerate(value[:3])]
    if value[3:].isdigit():
        total = sum(letters) + sum(int(d) * (4 - i) for i, d in enumerate(value[3:6]))
        if total % 11 == 0:
            return False  # HISO 10046: a checksum of 0 is never issued
        return (11 - total % 11) % 10 == int(value[6])  # a check digit of 10 is written 0
    if value[3:5].isdigit() and value[5] in _NHI_ALPHABET and value[6] in _NHI_ALPHABET:
        total = sum(letters) + int(value[3]) * 4 + int(value[4]) * 3 + (_NHI_ALPHABET.index(value[5]) + 1) * 2
        return value[6] == _NHI_ALPHABET[23 - total % 23 - 1]
    return False


def au_ihi_valid(digits: str) -> bool:
    return len(digits) == 16 and digits.startswith("800360") and luhn.is_valid(digits)


def hk_id_valid(value: str) -> bool:
    """Hong Kong identity card: letters A-Z count 10-35 and a missing first letter 36; weights 9 down to 2
    over the letters and six digits; the check character makes the sum 0 mod 11, 10 written "A"."""
    value = value.upper()
    body, check = value[:-1].rjust(8), value[-1]
    if not re.fullmatch(r" ?[A-Z]{1,2}\d{6}", body) or check not in "0123456789A":
        return False
    values = [36 if ch == " " else int(ch, 36) for ch in body]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    return (-total) % 11 == (10 if check == "A" else int(check))


def au_medicare_valid(value: str) -> bool:
    """Australian Medicare card number: first 8 digits weighted 1,3,7,9,1,3,7,9; the 9th is the sum mod 10."""
    digits = re.sub(r"\D", "", value)
    if len(digits) not in (10, 11) or digits[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return total % 10 == int(digits[8])
