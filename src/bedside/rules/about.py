"""Is the post about a patient? One judgement, from the cues and the reader, for the rules that ask it.

Strong cues ("my patient", "72F", "DOB", note shorthand) say so alone. Clinical vocabulary alone counts when
some of it is of someone's care ("bloods", "scan", "diagnosed"); words of the workplace alone ("GP",
"surgery", "ward", "nurse") are as common in a job advert or a teaching notice as in a case, and count only
when the reader also finds a real patient's care described, more likely than not. With no cue at all, the reader
alone says so when it is sure a patient's care is described *and* reads a name or handle the finders found as
the patient's ("@chloe_runs_melbs well done on your first 10k since the surgery"): its post-level probability
alone is as high for a strike-day notice or a health-news post, so it needs a patient in the post as well; and
not in a table of counts, nor the accounts a reply starts with (a reply chain's participants).
"""

from __future__ import annotations

from bedside.rules import RuleContext
from bedside.signals import Signal
from bedside.signals.keys import IDENTIFIERS, PATIENT, READER, STATISTICS
from bedside.signals.reader import Reading

VOCABULARY_AGREED = 0.5  # the reader's probability that a patient's care is described, for workplace words
CARE_DOUBTED = 0.02  # ... below which words of care alone are not a case ("Sepsis 6" teaching, "diagnosed at 9")
CARE_SURE = 0.9  # ... at or above which, with a name or handle read as the patient's, no cue is needed
DUMMY_SURE = 0.75  # a mention read as a test or dummy record's, as sure as CONF001 needs to quiet it
PATIENT_DOUBTED = 0.5  # ... and no mention read as a real patient's this likely
PATIENT_READ = 0.6  # the reader's probability that a mention is the patient's (a networking "Hi Oluwaseun" is 0.56)


def about_a_patient(ctx: RuleContext) -> bool:
    cues = ctx.signals[PATIENT]
    reading = ctx.signals[READER]
    if _only_a_dummy_record(reading):
        return False
    if cues.strong:
        return True
    read = reading.about_patient
    if read >= CARE_SURE and not ctx.signals[STATISTICS]:
        people = _people_found(ctx)
        if any(m.role == "patient" and m.probability >= PATIENT_READ and m.type in ("person", "identifier")
               and any(s.start < m.end and m.start < s.end for s in people) for m in reading.mentions):
            return True
    if cues.about_patient and cues.care:
        return read >= CARE_DOUBTED
    return cues.about_patient and read >= VOCABULARY_AGREED


def _people_found(ctx: RuleContext) -> list[Signal]:
    """The names and handles the finders found, less the run of two or more handles a reply starts with."""
    found = [s for s in ctx.signals[IDENTIFIERS] if s.kind in ("name", "handle")]
    leading: list[Signal] = []
    for signal in sorted(found, key=lambda s: s.start):
        before = ctx.text[leading[-1].end if leading else 0 : signal.start]
        if signal.kind != "handle" or before.strip():
            break
        leading.append(signal)
    return [s for s in found if len(leading) < 2 or s not in leading]


def _only_a_dummy_record(reading: Reading) -> bool:
    """The post's patient is a test record the reader is sure of ("Patient: John Doe (training), MRN 000-000-001"),
    and no one in it reads as a real patient."""
    return any(m.role == "dummy" and m.probability >= DUMMY_SURE for m in reading.mentions) and not any(
        m.role in ("patient", "relative") and m.probability >= PATIENT_DOUBTED for m in reading.mentions)
