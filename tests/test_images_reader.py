"""Text read from an image is judged by whose the reader says it is, as in a post's text."""

from __future__ import annotations

from types import SimpleNamespace

from bedside.rules.confidentiality.images import _text_severity

ANALYSIS = SimpleNamespace(text="Consultant: Dr Priya Raman\nDOB 04/02/1961")


def _item(kind: str, read_as: str = "", probability: float = 0.0) -> SimpleNamespace:
    attrs = {"read_as": read_as, "read_probability": probability} if read_as else {}
    return SimpleNamespace(kind=kind, text="x", attrs=attrs)


def test_a_name_read_as_staff_is_personal_data_at_info_even_on_a_record() -> None:
    assert _text_severity(_item("name", "person:staff", 0.9), ANALYSIS, True) == ("personal-data", "info")


def test_a_dummy_record_or_the_organisations_number_stays_quiet() -> None:
    assert _text_severity(_item("name", "person:dummy", 0.9), ANALYSIS, True) is None
    assert _text_severity(_item("phone", "identifier:organisation", 0.9), ANALYSIS, True) is None


def test_a_name_read_as_the_patients_is_the_patients_whatever_the_picture() -> None:
    assert _text_severity(_item("name", "person:patient", 0.9), ANALYSIS, False) == ("image-text", "do-not-post")


def test_an_unsure_reading_leaves_the_finders_judgement() -> None:
    assert _text_severity(_item("name", "person:staff", 0.3), ANALYSIS, True) == ("image-text", "do-not-post")
    assert _text_severity(_item("name"), ANALYSIS, False) == ("personal-data", "info")
