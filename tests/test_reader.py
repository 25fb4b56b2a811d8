"""The mention reader: whose a mention is, as plain data, and CONF001 judging it."""

from __future__ import annotations

import pytest

from bedside import Post, check
from bedside.signals import reader

needs_model = pytest.mark.skipif(reader._model() is None, reason="the reader model is not built")


def test_an_empty_post_reads_as_nothing() -> None:
    reading = reader.read("   ")
    assert reading.mentions == () and reading.about_patient == 0.0


@needs_model
def test_a_patient_named_without_a_cue_word_is_read_as_the_patient() -> None:
    text = "Mrs Pym in bed 4 has had a fall again, can someone review?"
    reading = reader.read(text)
    assert reading.about_patient > 0.5
    roles = {(m.type, m.role) for m in reading.roles_at(0, len("Mrs Pym"))}
    assert ("person", "patient") in roles


@needs_model
def test_mentions_carry_offsets_into_the_text_as_given() -> None:
    text = "x" * 700 + " Lovely card from the family of Mrs Dorothy Pym on Ward 7 today"
    for mention in reader.read(text).mentions:
        assert text[mention.start : mention.end] == mention.text
        assert 0.0 < mention.probability <= 1.0


@needs_model
def test_conf001_says_what_was_read() -> None:
    report = check(Post(text="Mrs Pym in bed 4 has had a fall again, can someone review?"))
    assert report.verdict == "do-not-post"
    finding = next(f for f in report.findings if f.category == "patient-identifier" and "Pym" in f.text)
    assert "Read as the patient's name (0." in finding.message
    assert "Pym" not in report.redacted
