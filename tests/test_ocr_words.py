"""OCR's split and run-together words are mended before detectors read them, each character keeping its box."""

from __future__ import annotations

import pytest

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
