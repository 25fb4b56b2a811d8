"""patient: is the post about a patient, and which words say so.

Cues are phrases that introduce or describe a patient or their care ("my patient", "pt", "a lady I saw
in clinic today", "72F", "presented with", "DOB"). Strong cues alone make a post about a patient; weak
cues (clinical vocabulary) need company. Rules use this for severity: an identifier in a case
description is a breach, the same identifier in a post about a conference is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.signals import Signals, extractor

_STRONG = re.compile(
    r"\b(?:my|our|a|the|this|one)\s+(?:\w+\s+){0,2}?(?:patients?|pts?|cases?|clients?|service\s+users?)\b"
    r"|\b(?:pt|pts|patient)\s+(?:was|is|had|has|with|presented|admitted|came|seen|aged|who)\b"
    r"|\b(?:saw|seen|treated|admitted|discharged|examined|reviewed|intubated|resuscitated|delivered|"
    r"triaged|referred)\s+(?:a|an|this|the|mr|mrs|ms|miss|master|baby|her|him)\b"
    r"|\b(?:lady|gentleman|gent|man|woman|boy|girl|baby|child|toddler|teenager|chap|bloke|guy|mum|dad|"
    r"grandmother|grandfather|granny|grandad)\s+(?:\w+\s+){0,3}?(?:came|presented|admitted|brought|rolled|"
    r"arrived|attended|in\s+(?:a&e|resus|clinic|majors|the\s+ward|ed|icu|itu)|on\s+the\s+ward|with\s+a)\b"
    r"|\b\d{1,3}\s?(?:yo|y/o|y\.o\.|yrs?\s?old|year[- ]old)\b|\b\d{1,3}\s?(?:[mf])\b(?=[\s,.;:)]|$)"
    r"|\b(?:dob|d\.o\.b\.|date\s+of\s+birth|hosp(?:ital)?\s+no|mrn|nhs\s+(?:no|number))\b"
    r"|\b(?:pmh|hpi|c/o|h/o|o/e|s/p|pmhx|dx|ddx)\b"
    r"|\b(?:presented|presenting|admitted|attended)\s+(?:with|to|for|after|following)\b"
    r"|\b(?:in\s+(?:clinic|surgery|resus|majors|a&e|theatre)\s+(?:today|tonight|this\s+morning|yesterday))\b",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"\b(?:diagnosed|diagnosis|bloods|obs|sats|ward|bay|bed|resus|a&e|icu|itu|clinic|surgery|consultation|"
    r"prescribed|discharge[ds]?|scan|x-?ray|ct|mri|biopsy|tumour|tumor|fracture|overdose|sepsis|"
    r"on\s+shift|night\s+shift|gp|consultant|registrar|nurse|paramedic|ambulance)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PatientContext:
    about_patient: bool
    score: float
    cues: tuple[tuple[int, int], ...]  # spans of the words that say so


def patient_context(text: str) -> PatientContext:
    strong = [m.span() for m in _STRONG.finditer(text)]
    weak = [m.span() for m in _WEAK.finditer(text)]
    score = len(strong) + 0.34 * len(weak)
    return PatientContext(bool(strong) or len(weak) >= 3, score, tuple(sorted(strong + weak)))


@extractor("patient")
def patient(signals: Signals) -> PatientContext:
    return patient_context(signals.post.text)
