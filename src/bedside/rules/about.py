"""Is the post about a patient? One judgement, from the cues and the reader, for the rules that ask it.

Strong cues ("my patient", "72F", "DOB", note shorthand) say so alone. Clinical vocabulary alone counts when
some of it is of someone's care ("bloods", "scan", "diagnosed"); words of the workplace alone ("GP",
"surgery", "ward", "nurse") are as common in a job advert or a teaching notice as in a case, and count only
when the reader also finds a real patient's care described, more likely than not.
"""

from __future__ import annotations

from bedside.rules import RuleContext
from bedside.signals.keys import PATIENT, READER

VOCABULARY_AGREED = 0.5  # the reader's probability that a patient's care is described, for workplace words
CARE_DOUBTED = 0.02  # ... below which words of care alone are not a case ("Sepsis 6" teaching, "diagnosed at 9")


def about_a_patient(ctx: RuleContext) -> bool:
    cues = ctx.signals[PATIENT]
    if cues.strong:
        return True
    read = ctx.signals[READER].about_patient
    if cues.about_patient and cues.care:
        return read >= CARE_DOUBTED
    return cues.about_patient and read >= VOCABULARY_AGREED
