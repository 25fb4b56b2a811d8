"""patient: is the post about a patient, and which words say so.

Cues are phrases that introduce or describe a patient or their care ("my patient", "pt", "a lady I saw
in clinic today", "72F", "presented with", "DOB"). Strong cues alone make a post about a patient; weak
cues (clinical vocabulary) need company. Rules use this for severity: an identifier in a case
description is a breach, the same identifier in a post about a conference is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.signals import Signals, extractor
from bedside.signals.keys import PATIENT

# "a test patient", "our training patient": a record for practice, nobody's care
_NOT_REAL = r"(?!(?:test|training|dummy|sim|simulated|simulation|fake|practice|mock|pretend|standardi[sz]ed)\s)"
_STRONG = re.compile(
    # "my patient", "this lady patient", "one of our patients"; not "all our patients" (a greeting, a notice)
    rf"\b(?:my|our|this|one)\s+{_NOT_REAL}(?:\w+\s+){{0,2}}?(?:patient|pt|case|client|service\s+user)\b"
    r"|\bone\s+of\s+(?:my|our|the)\s+(?:\w+\s+)?(?:patients|pts|cases|clients|service\s+users)\b"
    rf"|\b(?:a|the)\s+{_NOT_REAL}(?:\w+\s+)?(?:patient|pt)\b(?!s)|\binteresting\s+case\b"
    r"|\b(?:pt|pts|patient)\.?\s+(?:was|is|had|has|with|presented|admitted|came|seen|aged|who|remains|received|rested|"
    r"being|passed|expired|became|agrees|unresponsive|alert|assessment|having|denies|c/o|states|tolerat\w+|"
    r"required|requires|slept|sleeping|intubated|sedated|going|went|transferred|tolerated|tolerating)\b"
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
# The telegraphic style of clinical notes: section heads, abbreviations and vital signs. Several together
# mean a note about a patient even when it never says "patient".
_NOTE = re.compile(
    r"\b(?:pt|pt's|pts)\b\.?|\b(?:neuro|resp|cv|gi|gu|id|heme|endo|skin|social|dispo|a/p|assessment|plan)\s*[:=-]"
    r"|\b(?:npn|nsg|nursing\s+(?:progress\s+)?note|progress\s+note|resp(?:iratory)?\s+care|flowsheet|carevue)\b"
    r"|\b(?:intubated|extubated|vented|sedated|afebrile|afeb|a&ox3|aox3|oriented\s*x\s?\d|mae|npo|foley|"
    r"ett|ngt|ogt|picc|a-?line|gtt|ivf|abg|cxr|u/o|i&o|prbc|ffp|dnr|dni|full\s+code|mcg/kg(?:/min)?|cc/hr|"
    r"ml/hr|u/hr|\d+\s?(?:lnp|l\s?nc)|bs\+|sats?\s+\d+|hr\s+\d+|bp\s+\d+/\d+|rr\s+\d+|"
    r"spo2|sao2|o2\s+sats?|t\s?max|tm\s+\d+|k\s+\d\.\d|inr\s+\d|hct\s+\d+|tf'?s|tube\s+feed\w*|ng\s?tube|"
    r"satting|hemodynamic\w*|blood\s+cultures?|vent\s+settings|previous\s+shift|et\s+tube|bbs)\b",
    re.IGNORECASE,
)
# Clinical vocabulary, in two kinds: words of someone's care (a test, a diagnosis, a treatment), and words of
# the workplace, as common in a job advert or a rota as in a case.
_CARE = re.compile(
    r"\b(?:diagnosed|diagnosis|bloods|obs|sats|consultation|prescribed|discharge[ds]?|scan|x-?ray|ct|mri|"
    r"biopsy|tumour|tumor|fracture|overdose|sepsis)\b",
    re.IGNORECASE,
)
_WORKPLACE = re.compile(
    r"\b(?:ward|bay|bed|resus|a&e|icu|itu|clinic|surgery|on\s+shift|night\s+shift|gp|consultant|registrar|"
    r"nurse|paramedic|ambulance)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PatientContext:
    about_patient: bool
    strong: bool  # a strong cue or note shorthand says so alone; otherwise only clinical vocabulary does
    care: bool  # some of that vocabulary is of someone's care, not only of the workplace
    score: float
    cues: tuple[tuple[int, int], ...]  # spans of the words that say so


@lru_cache(maxsize=8)  # names and persons both ask, for the same text
def looks_like_clinical_note(text: str) -> bool:
    """Three kinds of note shorthand or more (section heads, 'pt', vital signs, drips): a clinical note."""
    cues = {m.group().lower()[:4] for m in _NOTE.finditer(text, 0, 20_000)}
    return len(cues) >= 3


def patient_context(text: str) -> PatientContext:
    strong = [m.span() for m in _STRONG.finditer(text)]
    care = [m.span() for m in _CARE.finditer(text)]
    weak = care + [m.span() for m in _WORKPLACE.finditer(text)]
    if not strong:
        note = [m.span() for m in _NOTE.finditer(text, 0, 20_000)]
        if len({text[a:b].lower()[:4] for a, b in note}) >= 2:
            strong = note
    score = len(strong) + 0.34 * len(weak)
    return PatientContext(bool(strong) or len(weak) >= 3, bool(strong), bool(care), score,
                          tuple(sorted(strong + weak)))


@extractor(PATIENT)
def patient(signals: Signals) -> PatientContext:
    return patient_context(signals.post.text)
