"""Places and health organisations from the shipped gazetteer: proper nouns only, context for common words."""

from __future__ import annotations

import pytest

from bedside.signals.geo import normalise, places, postcode_districts


def found(text: str, country: str = "GB") -> dict[str, dict[str, object]]:
    return {s.text: {"kind": s.kind, **s.attrs} for s in [*places(text, country), *postcode_districts(text, country)]}


def test_villages_towns_and_cities_are_places_with_their_data() -> None:
    hits = found("A fisherman from Mousehole, seen in Truro, whose sister lives in London")
    assert hits["Mousehole"]["type"] == "village" and hits["Mousehole"]["area"] == "E06000052"  # Cornwall
    assert hits["Truro"]["population"] and int(hits["Truro"]["population"]) > 15_000  # type: ignore[call-overload]
    assert hits["London"]["kind"] == "place" and int(hits["London"]["population"]) > 8_000_000  # type: ignore[call-overload]


@pytest.mark.parametrize("text", [
    "Reading the new guidance on sepsis tonight.",
    "Bath time for the kids, then bed.",
    "Hope you are all well.",
    "Sale starts in March.",
    "Street food is the best food.",
    "The Wells score was 4 so we scanned her.",
    "reading and bath and march and hope, all in lower case",
])
def test_common_words_that_are_also_places_stay_quiet(text: str) -> None:
    assert found(text) == {}


@pytest.mark.parametrize(("text", "place"), [
    ("She moved here from Reading last year.", "Reading"),
    ("A lovely man who lives in Bath.", "Bath"),
    ("Brought in from Wells by ambulance.", "Wells"),
])
def test_common_word_places_count_with_a_capital_and_a_locating_word(text: str, place: str) -> None:
    assert place in found(text)


def test_lower_case_only_for_big_multiword_places() -> None:
    assert "milton keynes" in found("just moved to milton keynes")
    assert found("a new town feel to the place") == {}


def test_titles_make_a_person_not_a_place() -> None:
    assert "Chester" not in found("Dr Chester was on call")


def test_all_caps_notes_need_distinctive_names() -> None:
    hits = found("58 YEAR OLD FEMALE TRANSFERRED FROM TRURO; FALL AT HOME, NEG FOR BLEED, SON IN READING")
    assert set(hits) == {"TRURO"}


def test_nhs_trusts_hospitals_and_gp_practices() -> None:
    hits = found("Transferred to the Royal Cornwall Hospital from the Densham Surgery")
    assert hits["Royal Cornwall Hospital"]["kind"] == "organisation"
    assert hits["Royal Cornwall Hospital"]["area"] == "E06000052"
    assert hits["Densham Surgery"]["type"] == "gp"


def test_postcode_districts_need_a_known_code_and_context_for_short_ones() -> None:
    assert found("lives in TR19, right at the end of the line")["TR19"]["area"] == "E06000052"
    assert found("B12 deficiency on the M4 corridor") == {}
    assert found("ABG pH 7.32 CO2 41 PO2 109, Foley in situ, Swan removed") == {}
    assert "M4" in found("a flat in M4 near the station")


def test_world_places_and_the_post_country() -> None:
    hits = found("Back from Wuhan via Texas and New York")
    assert hits["Wuhan"]["country"] == "CN"
    assert hits["Texas"]["type"] == "us-state"
    assert hits["New York"]["country"] == "US"  # the city, not the hamlet in Lincolnshire


def test_normalise_is_the_shared_key() -> None:
    assert normalise("Stoke-on-Trent") == "stoke on trent"
    assert normalise("Bishop’s Stortford") == "bishop's stortford"
    assert normalise("Brighton & Hove") == "brighton and hove"


def test_known_place_helps_other_finders() -> None:
    from bedside.signals.geo import known_place

    assert known_place("Mousehole") and known_place("stoke-on-trent")
    assert not known_place("Langleyshire Fields")
