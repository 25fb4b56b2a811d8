"""OCR's split and run-together words are mended before detectors read them, each character keeping its box."""

from __future__ import annotations

import pytest

from bedside.signals.images.ocr import _letter_o
from bedside.signals.images.words import mend


@pytest.mark.parametrize(("read", "mended"), [
    ("Discharge Sum mary", "Discharge Summary"),
    ("Dateofbirth: 04/02/1961", "Date of birth: 04/02/1961"),
    ("PatientName: JOAN WILLIAMSON", "Patient Name: JOAN WILLIAMSON"),
    ("Hospitalnumber RX123456", "Hospital number RX123456"),
])
def test_words_are_mended(read: str, mended: str) -> None:
    original = tuple((i, 0, i + 1, 10) for i in range(len(read)))
    text, boxes = mend(read, original)
    assert text == mended
    assert len(boxes) == len(text)
    letters = [box for ch, box in zip(read, original, strict=True) if ch != " "]
    assert [box for ch, box in zip(text, boxes, strict=True) if ch != " "] == letters


@pytest.mark.parametrize("kept", ["Sum Mary came in", "came in to see", "Johnson Smith", "Ward 7 Bay 3"])
def test_real_words_and_names_are_left_alone(kept: str) -> None:
    assert mend(kept, tuple((0, 0, 1, 1) for _ in kept))[0] == kept


@pytest.mark.parametrize(("read", "meant"), [
    ("HUGHES, J0AN", "HUGHES, JOAN"),  # a monospaced O read as zero: the patient's name must still be found
    ("D0B: 01/03/1945", "DOB: 01/03/1945"),
    ("J0hn", "John"),
    ("RCH966385", "RCH966385"),  # a record number keeps its digits
    ("Hb 10g, A0 and N0", "Hb 10g, A0 and N0"),
])
def test_a_zero_among_letters_reads_as_the_letter_o(read: str, meant: str) -> None:
    assert _letter_o(read) == meant
    assert len(_letter_o(read)) == len(read)  # one character for one: every box stays with its character
