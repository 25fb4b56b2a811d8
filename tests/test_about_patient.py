"""Is a post about a patient: strong cues say so alone, and words of care; workplace words need the reader."""

from __future__ import annotations

import pytest

from bedside import Post, check
from bedside.signals import reader
from bedside.signals.patient import patient_context

needs_model = pytest.mark.skipif(reader._model() is None, reason="the reader model is not built")

ADVERT = ("Salaried GP wanted at Brookvale Surgery, 3 Station Road, Hebden Bridge HX7 8AD. Friendly nurses, "
          "newly refurbished clinic rooms, no ward cover. Closing date 30/06/2026.")
CASE = "Hilda Crane back on the ward again, bloods still off, scan tomorrow and a GP letter to write"


def test_vocabulary_alone_is_not_a_strong_cue() -> None:
    cues = patient_context(ADVERT)
    assert cues.about_patient and not cues.strong and not cues.care
    assert patient_context(CASE).care
    assert patient_context("Saw a 72F in clinic today").strong


@needs_model
def test_a_job_advert_full_of_clinical_words_names_no_patient() -> None:
    report = check(Post(text=ADVERT))
    assert not [f for f in report.findings if f.category == "patient-identifier"]
    assert report.verdict != "do-not-post"


@needs_model
def test_words_of_care_still_make_a_case_the_reader_misses() -> None:
    report = check(Post(text=CASE))
    names = [f for f in report.findings if f.category == "patient-identifier" and f.text == "Hilda Crane"]
    assert names and names[0].severity == "do-not-post"
