"""Contact details and addresses: phone numbers (phonenumbers), emails, web addresses, handles, UK
postcodes, street addresses, other countries' postal codes, and ward / bay / bed numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}\b")
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]{1,2000}|\bwww\.[\w-]{1,63}\.[^\s<>\"')\]]{1,2000}", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,30}\b")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_STREET_TYPES = (
    r"street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|crescent|cres|place|pl|court|ct|gardens|gdns|"
    r"terrace|grove|square|sq|hill|row|walk|mews|park|rise|parade|boulevard|blvd|highway|hwy|parkway|pkwy|"
    r"circle|cir|trail|plaza|view|green|vale|wharf|estate|cottages|villas"
)
_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z'-]+\s+){1,3}(?:" + _STREET_TYPES + r")\b\.?"
    r"(?:,?\s+(?:apt|apartment|suite|unit|flat)\.?\s*#?\s*\d{1,5}[A-Za-z]?)?",
    re.IGNORECASE,
)
_FLAT = re.compile(r"\b(?:flat|apartment|apt)\.?\s+\d{1,4}[A-Za-z]?\b", re.IGNORECASE)
_US_ZIP = re.compile(
    r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|"
    r"V[TA]|W[AVIY]),?\s+(\d{5}(?:-\d{4})?)\b"
    r"|\b(?:zip|zip\s*code|postal\s*code|postcode)\W{0,3}(\d{4,6}(?:-\d{4})?)\b",
)
_WARD = re.compile(
    r"\b(?:bed|bay|side\s*room|room|cubicle|cubicle|resus\s+bay|ward)\s+(?:no\.?\s*)?\d{1,3}[A-Za-z]?\b"
    r"|\b[A-Z][a-z]+\s+ward\b",
    re.IGNORECASE,
)


def _signal(kind: str, match: re.Match[str], label: str, group: int = 0, **attrs: object) -> Signal:
    start, end = match.span(group)
    return Signal(kind, start, end, match.group(group), label, 1.0, attrs)


@finder(20)
def phones(text: str, country: str) -> Iterator[Signal]:
    if sum(ch.isdigit() for ch in text) < 7:
        return
    region = country if country in phonenumbers.SUPPORTED_REGIONS else "GB"
    try:
        matches = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE,
                                                  max_tries=10_000)
        for match in matches:
            digits = re.sub(r"\D", "", match.raw_string)
            if len(digits) >= 7:
                yield Signal("phone", match.start, match.end, match.raw_string, "PHONE", 1.0,
                             {"valid": phonenumbers.is_valid_number(match.number)})
    except phonenumbers.NumberParseException:
        return


@finder(20)
def emails_and_links(text: str, country: str) -> Iterator[Signal]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield _signal("email", match, "EMAIL")
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
    for match in _ADDRESS.finditer(text):
        yield _signal("address", match, "ADDRESS")
    for match in _FLAT.finditer(text):
        yield _signal("address", match, "ADDRESS")
    for match in _US_ZIP.finditer(text):
        group = 1 if match.group(1) else 2
        yield _signal("postal-code", match, "POSTAL CODE", group)


@finder(40)
def wards(text: str, country: str) -> Iterator[Signal]:
    for match in _WARD.finditer(text):
        yield _signal("ward", match, "WARD")
