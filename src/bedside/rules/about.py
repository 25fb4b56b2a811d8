"""Is the post about a patient? One judgement, from the cues and the reader, for the rules that ask it.

Strong cues ("my patient", "72F", "DOB", note shorthand) say so alone. Clinical vocabulary alone counts when
some of it is of someone's care ("bloods", "scan", "diagnosed"); words of the workplace alone ("GP",
"surgery", "ward", "nurse") are as common in a job advert or a teaching notice as in a case, and count only
when the reader also finds a real patient's care described, more likely than not. With no cue at all, the reader
alone says so when it is sure a patient's care is described *and* reads someone in the post as the patient ("told
you the knee would hold up, @chloe_runs_melbs", "the Gundagai full forward in tonight, 19"): its post-level
probability alone is as high for a strike-day notice, so it needs a patient in the post as well.
"""

from __future__ import annotations

from bedside.rules import RuleContext
from bedside.signals.keys import PATIENT, READER

VOCABULARY_AGREED = 0.5  # the reader's probability that a patient's care is described, for workplace words
CARE_DOUBTED = 0.02  # ... below which words of care alone are not a case ("Sepsis 6" teaching, "diagnosed at 9")
CARE_SURE = 0.9  # ... at or above which, with a mention read as the patient's, no cue is needed
PATIENT_READ = 0.6  # the reader's probability that a mention is the patient's (a networking "Hi Oluwaseun" is 0.56)


def about_a_patient(ctx: RuleContext) -> bool:
    cues = ctx.signals[PATIENT]
    if cues.strong:
        return True
    reading = ctx.signals[READER]
    read = reading.about_patient
    if read >= CARE_SURE and any(m.role == "patient" and m.probability >= PATIENT_READ for m in reading.mentions):
        return True
    if cues.about_patient and cues.care:
        return read >= CARE_DOUBTED
    return cues.about_patient and read >= VOCABULARY_AGREED
