"""Text read from an image is judged by whose the reader says it is, as in a post's text."""

from __future__ import annotations

from types import SimpleNamespace

from bedside.rules.confidentiality.images import _text_severity


def _item(kind: str, read_as: str = "", probability: float = 0.0) -> SimpleNamespace:
    attrs = {"read_as": read_as, "read_probability": probability} if read_as else {}
    return SimpleNamespace(kind=kind, text="x", attrs=attrs)


def test_a_name_read_as_staff_is_personal_data_at_info_even_on_a_record() -> None:
    assert _text_severity(_item("name", "person:staff", 0.9), True) == ("personal-data", "info")


def test_a_dummy_record_or_the_organisations_number_stays_quiet() -> None:
    assert _text_severity(_item("name", "person:dummy", 0.9), True) is None
    assert _text_severity(_item("phone", "identifier:organisation", 0.9), True) is None


def test_a_name_read_as_the_patients_is_the_patients_whatever_the_picture() -> None:
    assert _text_severity(_item("name", "person:patient", 0.9), False) == ("image-text", "do-not-post")


def test_an_unsure_reading_leaves_the_finders_judgement() -> None:
    assert _text_severity(_item("name", "person:staff", 0.3), True) == ("image-text", "do-not-post")
    assert _text_severity(_item("name"), False) == ("personal-data", "info")


def test_a_date_after_admission_words_is_do_not_post_in_a_record_as_in_a_post() -> None:
    admitted = SimpleNamespace(kind="date", text="12/03/2024", attrs={"admission": True})
    plain = SimpleNamespace(kind="date", text="12/03/2024", attrs={"year": 2024})
    assert _text_severity(admitted, True) == ("image-text", "do-not-post")
    assert _text_severity(plain, True) == ("image-text", "review")
