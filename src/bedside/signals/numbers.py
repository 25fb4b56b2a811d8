"""Identifier numbers, each validated where a check digit exists: a 10-digit number that fails the NHS
mod-11 check is not an NHS number, a 16-digit number that fails Luhn is not a card.

python-stdnum validates what it knows (NHS, IBAN, Luhn, IE PPS, ZA ID, MY NRIC, US SSN); the schemes it
lacks (CHI and H&C ranges, NINO, AU Medicare and IHI, NZ NHI, SG NRIC, HKID) are small public rules written
here.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
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
_HOSPITAL = re.compile(
    r"\b(?:hosp(?:ital)?\.?\s*(?:no|number|num|#)|mrn|medical\s+record\s+(?:no|number)|unit\s+(?:no|number)|"
    r"rxn|patient\s+(?:id|no|number)|case\s+(?:no|number)|record\s+(?:no|number)|ref(?:erence)?\s*(?:no|number|#))"
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


def _signal(kind: str, match: re.Match[str], label: str, group: int = 0, **attrs: object) -> Signal:
    start, end = match.span(group)
    return Signal(kind, start, end, match.group(group), label, 1.0, attrs)


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


@finder(10)
def uk_health_numbers(text: str, country: str) -> Iterator[Signal]:
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(match.groups())
        if country == "AU" and au_medicare_valid(digits):
            continue  # in Australia, a number that is both is a Medicare number (other_national_ids)
        kind = health_number_kind(digits)
        if kind:
            yield _signal(kind, match, _HEALTH_LABELS[kind])


@finder(10)
def national_insurance(text: str, country: str) -> Iterator[Signal]:
    for match in _NINO.finditer(text):
        if (country == "HK" or _HKID_LABEL.search(text, max(0, match.start() - 20), match.start())) and \
                hk_id_valid(match.group().replace(" ", "")):
            continue  # "AB123456A" in Hong Kong or after "HKID" is an identity card (see _hk_identity_cards)
        yield _signal("ni-number", match, "NI NUMBER")


@finder(10)
def payment_cards(text: str, country: str) -> Iterator[Signal]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 13 and _validates(idnr, digits):
            continue  # a South African ID number carries a Luhn check digit too
        if au_ihi_valid(digits):
            continue  # so does an Australian IHI
        if 13 <= len(digits) <= 19 and luhn.is_valid(digits) and len(set(digits)) > 2:
            yield _signal("card-number", match, "CARD NUMBER")


@finder(10)
def ibans(text: str, country: str) -> Iterator[Signal]:
    for match in _IBAN.finditer(text):
        if std_iban.is_valid(match.group().upper()):
            yield _signal("iban", match, "IBAN")


@finder(10)
def ip_addresses(text: str, country: str) -> Iterator[Signal]:
    if "." in text:
        for match in _IPV4.finditer(text):
            if _is_ip(match.group()):
                yield _signal("ip-address", match, "IP ADDRESS")
    if "::" in text or text.count(":") >= 5:
        for match in _IPV6.finditer(text):
            if match.group().count(":") >= 2 and _is_ip(match.group()):
                yield _signal("ip-address", match, "IP ADDRESS")


def _is_ip(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


@finder(20)
def hospital_numbers(text: str, country: str) -> Iterator[Signal]:
    for match in _HOSPITAL.finditer(text):
        group = 1 if match.group(1) else 2
        value = match.group(group)
        if group == 2 and value.isupper() is False and not value[:2].isupper():
            continue  # "abc123456" in running text is rarely a record number; "RCH123456" is
        yield _signal("hospital-number", match, "HOSPITAL NUMBER", group)


def _validates(validator: object, value: str) -> bool:
    try:
        validator.validate(value)  # type: ignore[attr-defined]
    except (ValidationError, ValueError):
        return False
    return True


# Schemes other than the US SSN and HKID, each its pattern, its check on the matched text, and the
# country and scheme it names, searched in this order (lambdas: some checks are defined further down).
_NATIONAL_IDS: tuple[tuple[re.Pattern[str], Callable[[str], bool], str, str], ...] = (
    (_PPS, lambda value: _validates(pps, value), "IE", "PPS"),
    (_ZA_ID, lambda value: _validates(idnr, value), "ZA", "ID"),
    (_MY_NRIC, lambda value: "-" in value and _validates(my_nric, value), "MY", "NRIC"),
    (_SG_NRIC, lambda value: sg_nric_valid(value), "SG", "NRIC"),
    (_NZ_NHI, lambda value: nz_nhi_valid(value), "NZ", "NHI"),
    (_AU_MEDICARE, lambda value: au_medicare_valid(value), "AU", "Medicare"),
    (_AU_IHI, lambda value: au_ihi_valid(re.sub(r"\D", "", value)), "AU", "IHI"),
)


@finder(30)
def other_national_ids(text: str, country: str) -> Iterator[Signal]:
    """Identity and health numbers of other countries, only where their check digit validates."""
    yield from _us_social_security_numbers(text)
    for pattern, valid, id_country, scheme in _NATIONAL_IDS:
        for match in pattern.finditer(text):
            if valid(match.group()):
                yield _signal("national-id", match, "ID NUMBER", country=id_country, scheme=scheme)
    yield from _hk_identity_cards(text, country)


def _us_social_security_numbers(text: str) -> Iterator[Signal]:
    """US SSNs: 123-45-6789 anywhere; nine bare digits only after "SSN" or "social security number"."""
    for match in _SSN.finditer(text):
        group = 1 if match.group(1) else 0
        if _validates(ssn, match.group(group)):
            yield _signal("national-id", match, "ID NUMBER", group, country="US", scheme="SSN")


def _hk_identity_cards(text: str, country: str) -> Iterator[Signal]:
    """HKID numbers. Unbracketed, "A1234563" is a code like many others and "AB123456A" may be a UK NI
    number: it is an HKID in Hong Kong or after a label, not elsewhere."""
    for match in _HK_ID.finditer(text):
        check = match.group(3) or match.group(4)
        if match.group(4) and country != "HK" and not _HKID_LABEL.search(text, max(0, match.start() - 20),
                                                                         match.start()):
            continue
        if hk_id_valid(match.group(1) + match.group(2) + check):
            yield _signal("national-id", match, "ID NUMBER", country="HK", scheme="HKID")


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
