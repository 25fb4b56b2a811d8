"""Identifiers hidden by invisible or look-alike characters are found, and their redaction covers them whole;
dates of birth said in words are judged like labelled ones; HKID and Australian IHI numbers are told apart."""

from __future__ import annotations

import time

import pytest

from bedside.engine import check
from bedside.model import Post
from bedside.signals import reader
from bedside.signals.identifiers import find_identifiers
from bedside.signals.numbers import hk_id_valid
from bedside.signals.textview import text_view

NHS = "943 476 5919"  # mod-11 valid
HIDING = {
    "no-break space": "\u00a0", "zero-width space": "\u200b", "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d", "word joiner": "\u2060", "soft hyphen": "\u00ad", "byte order mark": "\ufeff",
    "narrow no-break space": "\u202f", "thin space": "\u2009", "en dash": "\u2013", "middle dot": "\u00b7",
    "dot": ".",
}


def _digits(table: str) -> str:
    """NHS with its digits written in another script (`table`: that script's 0-9)."""
    return NHS.translate(str.maketrans("0123456789", table))


HIDDEN_NUMBERS = {
    **{name: NHS.replace(" ", sep) for name, sep in HIDING.items()},
    "arabic-indic digits": _digits("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"),
    "extended arabic-indic digits": _digits("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"),
    "fullwidth digits": _digits("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"),
    "combining marks": "9\u03014\u03033 476 5919",
    "right-to-left override": "\u202e" + NHS[::-1] + "\u202c",
}


@pytest.mark.parametrize("hidden", HIDDEN_NUMBERS.values(), ids=HIDDEN_NUMBERS.keys())
def test_hidden_nhs_number_is_found_and_redacted_whole(hidden: str) -> None:
    report = check(f"NHS {hidden} on the form")
    assert report.verdict == "do-not-post"
    assert report.redacted == "NHS [NHS NUMBER] on the form"
    found = [s for s in find_identifiers(f"NHS {hidden} on the form") if s.kind == "nhs-number"]
    assert [(s.start, s.end) for s in found] == [(4, 4 + len(hidden))]


def test_name_split_by_zero_width_spaces_is_one_name_redacted_whole() -> None:
    text = "Mr Jo\u200bhn Sm\u200bith was admitted"
    names = [s for s in find_identifiers(text) if s.kind == "name"]
    assert [(s.text, text[s.start : s.end]) for s in names] == [("Mr John Smith", "Mr Jo\u200bhn Sm\u200bith")]
    assert check(text).redacted == "[NAME] was admitted"


def test_struck_through_name_leaves_no_marks_behind() -> None:
    assert check("Mr J\u0336o\u0336h\u0336n\u0336 Smith was admitted").redacted == "[NAME] was admitted"


def test_accented_name_keeps_its_letters_in_the_view() -> None:
    view = text_view("Mrs Zoe\u0308 Langley")  # e + combining diaeresis: NFKC makes one "ë"
    assert view.text == "Mrs Zo\u00eb Langley"
    assert view.span(4, 7) == (4, 8)


def test_spans_map_back_over_an_override() -> None:
    text = "ref \u202e321\u202c ok"
    view = text_view(text)
    assert view.text == "ref 123 ok"
    assert view.span(4, 7) == (4, 9)  # the override and its pop go with the number
    assert view.span(8, 10) == (10, 12)


def test_override_runs_to_the_end_of_its_line() -> None:
    assert text_view("a \u202ecba\nxyz").text == "a abc\nxyz"


def test_ascii_text_is_its_own_view_and_costs_nothing() -> None:
    text = "Lovely shift on the ward today, everyone was kind and the coffee was hot."
    view = text_view(text)
    assert view.text is text and view.starts is None and view.span(3, 9) == (3, 9)
    started = time.perf_counter()
    for _ in range(1000):
        text_view(text)
    assert (time.perf_counter() - started) / 1000 < 1e-4


def test_reader_spans_stay_on_the_original_text() -> None:
    text = "Saw Mr Jo\u200bhn Sm\u200bith in clinic today"
    for mention in reader.read(text).mentions:
        assert mention.text == text[mention.start : mention.end]


@pytest.mark.parametrize("label", ["born", "Born:", "born on the", "b.", "DOB", "d.o.b.", "date of birth"])
def test_date_after_a_birth_label_is_a_date_of_birth(label: str) -> None:
    found = find_identifiers(f"Patient {label} 12/03/1946")
    assert [(s.kind, s.text) for s in found if s.text == "12/03/1946"] == [("date-of-birth", "12/03/1946")]


@pytest.mark.parametrize("text", ["newborn 12/03/2024", "Hep B. 12/03/2024"])
def test_no_birth_label(text: str) -> None:
    assert [s.kind for s in find_identifiers(text) if s.text == "12/03/2024"] == ["date"]


@pytest.mark.parametrize("text", ["Patient born 12/03/1946", "Patient b. 12/03/1946", "DOB 12/03/1946"])
def test_date_of_birth_in_words_is_judged_like_a_labelled_one(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "_model", lambda: None)  # the finders' reading alone, without the model
    report = check(text)
    assert [(f.code, f.severity, f.details["identifier"]) for f in report.findings] == [
        ("CONF001", "do-not-post", "date-of-birth")]


@pytest.mark.parametrize("value", ["A123456(3)", "A1234563", "G123456(A)", "AB987654(3)", "AB987654 (3)"])
def test_hong_kong_identity_card_is_found(value: str) -> None:
    found = find_identifiers(f"HKID {value} on file", "GB")
    assert [(s.kind, s.text, dict(s.attrs)) for s in found] == [
        ("national-id", value, {"country": "HK", "scheme": "HKID"})]


def test_hkid_check_character() -> None:
    assert hk_id_valid("A1234563") and hk_id_valid("G123456A") and hk_id_valid("AB9876543")
    assert not hk_id_valid("A1234564") and not hk_id_valid("AB987654B") and not hk_id_valid("1234563")
    assert not find_identifiers("HKID A123456(4) on file", "HK")


def test_hkid_and_ni_number_are_told_apart_by_country() -> None:
    value = "AB987654A"  # HKID ends in a digit or A; so can a UK NI number
    assert hk_id_valid("AB987654A") is False  # (this one's check character is 3)
    nino_and_hkid = "JG100007A"
    assert hk_id_valid(nino_and_hkid)
    assert [s.kind for s in find_identifiers(f"number {nino_and_hkid}", "GB")] == ["ni-number"]
    assert [s.attrs.get("scheme") for s in find_identifiers(f"number {nino_and_hkid}", "HK")] == ["HKID"]
    assert [s.kind for s in find_identifiers(f"NI {value}", "HK")] == ["ni-number"]
    assert [s.attrs.get("scheme") for s in find_identifiers(f"HKID {nino_and_hkid}", "GB")] == ["HKID"]


def test_unbracketed_hkid_needs_hong_kong_or_a_label() -> None:
    assert not find_identifiers("code A1234563 shipped", "GB")
    assert [s.attrs.get("scheme") for s in find_identifiers("code A1234563 shipped", "HK")] == ["HKID"]
    assert [s.attrs.get("scheme") for s in find_identifiers("identity card no. A1234563", "GB")] == ["HKID"]


@pytest.mark.parametrize("value", ["8003 6012 3456 7894", "8003601234567894", "8003-6012-3456-7894"])
def test_australian_ihi_is_an_ihi_not_a_card(value: str) -> None:
    found = find_identifiers(f"IHI {value} noted", "AU")
    assert [(s.kind, s.text, dict(s.attrs)) for s in found] == [
        ("national-id", value, {"country": "AU", "scheme": "IHI"})]


def test_number_both_nhs_and_medicare_is_told_apart_by_country() -> None:
    both = "2000000029"
    assert [s.kind for s in find_identifiers(f"number {both}", "GB")] == ["nhs-number"]
    assert [s.attrs.get("scheme") for s in find_identifiers(f"number {both}", "AU")] == ["Medicare"]


def test_ihi_failing_luhn_is_nothing() -> None:
    assert not find_identifiers("IHI 8003 6012 3456 7895 noted", "AU")


def test_hidden_hkid_in_a_post_about_a_patient_is_redacted() -> None:
    report = check(Post(text="Saw my patient today, HKID A\u200b123456(3)", country="HK"))
    assert report.redacted.endswith("HKID [ID NUMBER]")
