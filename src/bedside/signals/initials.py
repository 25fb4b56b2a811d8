"""initials: a patient's initials where handovers put them, beside a bed or a date ("JH bay 3 bed 2",
"pls r/v AB 12/06/52", "bed 14 - MK"). Two or three capitals anywhere else are acronyms (GP, ED, ICU), so
only these places count, and known acronyms never do."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_PLACE = r"(?:bay|bed|rm|room|side\s*room|sr|cubicle|cubby|cot|pod)"
_INITIALS = re.compile(
    r"\b(?P<before>[A-Z]{2,3})\b(?=\s*[-:,(]?\s*(?:in\s+)?" + _PLACE + r"\s*\d)"  # JH bay 3
    r"|\b(?P<dated>[A-Z]{2})\b(?=\s+\d{1,2}/\d{1,2}/\d{2,4}\b)"  # AB 12/06/52
    r"|(?i:\b" + _PLACE + r")\s*\d{1,3}[a-z]?\s*[-:,(]?\s*(?P<after>[A-Z]{2,3})\b(?![a-z])",  # bed 14 - MK
)
# Capitals that handovers use for other things: units, teams, tests, routes, and words typed in capitals.
_ACRONYMS = frozenset(
    "GP GPS ED AE AMU AAU MAU SAU CDU CCU HDU ICU ITU NICU PICU SCBU SDEC OPD ENT ANP ACP HCA RN RGN RMN SHO "
    "FY FY1 FY2 ST CT MRI ECG ECHO CXR AXR ABG VBG GCS NEWS EWS BP HR RR IV IM SC PO PR NG NJ OK PM AM UK US "
    "NHS DNR DNAR TTO TTA TTOS OT PT SLT SALT MDT OOH NBM NIL DKA PE MI AKI UTI COPD CAP HAP TB HIV CPR ROSC "
    "LP CT BM CBG FBC UE LFT CRP INR APTT PRN TDS QDS BD OD STAT ASAP FYI ETA RIP LOL OMG TBH IMO DM PLS PTS "
    "AND THE FOR ARE NOT BUT YES NO "
    # and the abbreviations of nursing notes: rhythms, ventilation, lines, labs, exam findings
    "MS CP SOB NAD RA LA GA CO PEA VF VT AF SR NSR SB ST ABX IVF PCA NPO DNI ETT OGT NGT CVP PA ART SVR RUL RLL "
    "LLL LUL NS LR KCL MG CA FFP PRBC PLT HCT WBC HGB PTT NIF PS PEEP CPAP NC FM NRB VS ICP CPP EVD LOC AMS MAE "
    "CTA BS RRR HOB OOB DVT GI GU PVC PAC SQ TF TPN PN UO FOL IO EKG ABD LE UE RN LPN CNA MD DO NP PA".split()
)


@finder(40)
def initials(text: str, country: str) -> Iterator[Signal]:
    if not re.search(r"[A-Z]{2}", text):
        return
    for match in _INITIALS.finditer(text):
        group = next(name for name in ("before", "dated", "after") if match.group(name))
        value = match.group(group)
        if value not in _ACRONYMS:
            yield Signal("initials", match.start(group), match.end(group), value, "INITIALS")
