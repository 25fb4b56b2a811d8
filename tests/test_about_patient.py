"""Is a post about a patient: strong cues say so alone, and words of care; workplace words need the reader."""

from __future__ import annotations

import pytest

from bedside import Post, check
from bedside.config import Config
from bedside.signals import reader
from bedside.signals.patient import patient_context
from rule_helpers import judged, mentioned

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


def test_labelled_record_numbers_of_every_kind_are_found() -> None:
    from bedside.signals.identifiers import find_identifiers

    for text, number in (("URN 7654321 needs his bloods repeating", "7654321"),
                         ("UR no. A123456 to the ward", "A123456"),
                         ("NHS no. 485 777 3456 on the request", "485 777 3456")):  # the check digit fails
        found = [(s.kind, s.text) for s in find_identifiers(text)]
        assert ("hospital-number", number) in found, text
    assert not [s for s in find_identifiers("the tea urn 2 is broken again") if s.kind == "hospital-number"]


@needs_model
def test_the_identity_rule_asks_the_same_question() -> None:
    """IDEN003 (an account without a name posting about patients) uses the same judgement as CONF001."""
    def iden003(text: str) -> list[str]:
        report = check(Post(text=text, profile="Practice nurse, West Yorkshire"))
        return [f.severity for f in report.findings if f.code == "IDEN003"]

    assert "review" not in iden003(ADVERT)
    assert iden003("Saw a 72F in clinic today with a hot swollen knee, aspirated 40 ml") == ["review"]


@needs_model
def test_the_reader_alone_makes_a_post_about_a_patient_when_it_reads_someone_as_the_patient() -> None:
    # No cue word: "told you the wrist would heal" to a handle is a clinician telling a patient, in public.
    text = "@megan_rides_york so proud of you back on the bike 6 weeks after the op!! told you the wrist would heal 💪"
    assert [(f.text, f.severity) for f in check(Post(text=text)).findings if f.code == "CONF001"] == [
        ("@megan_rides_york", "review")]


@needs_model
def test_a_strike_notice_the_reader_calls_clinical_is_not_about_a_patient() -> None:
    text = "Strike days 14-18 Mar. Elective lists moved, emergencies covered. See you on the picket line."
    assert not [f for f in check(Post(text=text)).findings if f.code == "CONF001"]


def test_a_sure_reading_with_a_found_handle_as_the_patients_makes_a_case_but_not_in_a_reply_chain() -> None:
    alone = "@megan_rides so proud of you back on the bike!! told you the wrist would heal, @dr_jlee"

    def severities(text: str, about: float) -> list[str]:
        read = mentioned(text, ("@megan_rides", "identifier", "patient", 0.8))
        return [f.severity for f in judged("CONF001", text, mentions=read, about=about) if f.text == "@megan_rides"]

    assert severities(alone, 0.99) == ["review"]
    assert severities(alone, 0.5) == ["info"]  # not sure a patient's care is described
    # Replies start with the accounts of the conversation: the reader reads tagged accounts as patients' in news.
    reply = "@megan_rides @dr_jlee agree, the weekend figures were good news but testing is still patchy"
    assert severities(reply, 0.99) == ["info"]




@needs_model
def test_a_test_record_is_no_patient_though_its_record_number_is_a_strong_cue() -> None:
    text = ("Cerner training reminder: in the TRAIN domain always pick 'Patient: Jane Doe (test)', MRN 000-000-002, "
            "so nothing lands on a real chart.")
    assert patient_context(text).strong  # "MRN" says a case on its own
    group = Post(text=text, profile="Ward 7 nurses (staff group)", audience="group")
    assert check(group, Config(select=["IDEN003"])).findings == []  # no patient: an unnamed account is no matter
