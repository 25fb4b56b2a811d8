"""CONF002: the population model's arithmetic, checked by hand, and the rule both ways."""

from __future__ import annotations

import math

import pytest

from bedside import Post, check
from bedside.config import Config
from bedside.signals.geo import gazetteer
from bedside.signals.identifiers import find_identifiers
from bedside.signals.jigsaw import DAYS_PER_YEAR, SETTLEMENT_DEFAULTS, Estimate, approx, estimate
from bedside.signals.quasi import quasi_details
from bedside.signals.reader import Mention
from rule_helpers import judged, mentioned

MOUSEHOLE = ("Fascinating presentation in A&E at Treliske today: 34yo fisherman from Mousehole with Fabry "
             "disease, came off his boat in the storm")
TRURO_ECMO = "the only paediatric ECMO case in Truro this week"
LONDON_ASTHMA = "Saw a 34-year-old man from London with asthma in clinic today"


def model(text: str) -> Estimate | None:
    return estimate(quasi_details(text, find_identifiers(text, "GB")), text)


def conf002(text: str, **config: object) -> list:  # type: ignore[type-arg]
    """CONF002's findings alone (the other rules are other tests' business)."""
    settings = Config(select=("CONF002",), **config)  # type: ignore[arg-type]
    return [f for f in check(Post(text=text), settings).findings if f.code == "CONF002"]


def test_mousehole_by_hand() -> None:
    cornwall = gazetteer().las["E06000052"]
    age_30s, male_working_age = cornwall[2][3], cornwall[3][1]
    hand = (SETTLEMENT_DEFAULTS["village"] * age_30s * male_working_age * 9e-6  # Fabry: Orphanet UK 1-9/1,000,000
            * 1e-3  # fisherman (floor for jobs that cluster)
            * 1e-5  # an accident at sea, a year
            * 1 / DAYS_PER_YEAR)  # today
    result = model(MOUSEHOLE)
    assert result is not None
    assert result.base.text == "Mousehole" and result.base.value == 1_000
    assert math.isclose(result.expected, hand, rel_tol=1e-9)
    kinds = [f.kind for f in result.factors]
    assert kinds == ["age", "sex", "condition", "occupation", "event", "time"]
    for factor in [result.base, *result.factors]:  # one span per contributing detail
        assert MOUSEHOLE[factor.start : factor.end] == factor.text


def test_mousehole_is_do_not_post_with_its_arithmetic_and_fix() -> None:
    [finding] = conf002(MOUSEHOLE)
    assert finding.severity == "do-not-post" and finding.category == "jigsaw"
    for part in ("Mousehole (pop. ~1,000, default)", "age 30-39", "male", "Fabry disease", "fisherman",
                 "today", "expected matches <0.001", "threshold 10"):
        assert part in finding.message
    assert "a man in his thirties" in finding.fix
    assert "a rare metabolic condition" in finding.fix
    assert "post weeks later" in finding.fix
    assert "condition" in finding.details["generalise"]


def test_truro_ecmo_is_one_person() -> None:
    result = model(TRURO_ECMO)
    assert result is not None and result.unique is not None
    children = _age_0_15(gazetteer().las["E06000052"])
    by_hand = result.base.value * children * 1.8e-5 * 7 / DAYS_PER_YEAR
    assert math.isclose(result.expected, min(1.0, by_hand), rel_tol=1e-9)
    [finding] = conf002(TRURO_ECMO)
    assert finding.severity == "do-not-post"
    assert "ECMO" in finding.message and '"the only" (at most 1)' in finding.message


def _age_0_15(profile: list) -> float:  # type: ignore[type-arg]
    return profile[2][0] + profile[2][1] * 6 / 10


def test_a_34_year_old_man_from_london_with_asthma_is_many_people() -> None:
    result = model(LONDON_ASTHMA)
    assert result is not None
    national = gazetteer().national
    hand = 8_961_989 * national[2][3] * national[3][1] * 0.065  # London uses the UK profile
    assert math.isclose(result.expected, hand, rel_tol=1e-6)
    assert result.expected > 10_000
    assert conf002(LONDON_ASTHMA) == []


def test_threshold_is_configurable_and_review_sits_between_one_and_it() -> None:
    text = "Saw a 72F in clinic today from Penzance with pneumonia"
    result = model(text)
    assert result is not None and 1 < result.expected < 100
    assert conf002(text) == [] if result.expected >= 10 else conf002(text)
    [finding] = conf002(text, jigsaw_threshold=100.0)
    assert finding.severity == "review"


@pytest.mark.parametrize("text", [
    "Great teaching session on asthma in Truro this morning!",
    "New cases of COVID-19 reported in Kent today.",
    "I'm a Polish doctor in my 40s working in Bodmin.",
    "A 45-year-old woman from Manchester with diabetes.",
])
def test_common_or_self_descriptions_stay_quiet(text: str) -> None:
    assert conf002(text) == []


def test_the_authors_self_description_is_not_the_patient() -> None:
    details = quasi_details("As a Muslim GP I saw a lady today with asthma", [])
    assert "identity" not in {d.kind for d in details}
    assert "condition" in {d.kind for d in details}


def test_one_quasi_identifier_is_not_enough_for_the_model() -> None:
    assert model("Lovely walk in Mousehole") is None


def test_approx_never_uses_scientific_notation() -> None:
    assert approx(1234) == "~1,200" and approx(0.0042) == "~0.004" and approx(3e-9) == "<0.001"
    assert approx(5.0) == "~5"


@pytest.mark.parametrize(("text", "absent"), [
    ("72M with black stools, a cytokine storm and shooting pain in a pilot study", {"identity", "event", "occupation"}),
    ("her child has asthma", {"age"}),
    ("I'm a Muslim GP and a mum of two", {"identity"}),
])
def test_clinical_words_and_other_peoples_details_are_not_the_patients(text: str, absent: set[str]) -> None:
    assert not absent & {d.kind for d in quasi_details(text, [])}


def test_a_year_or_month_is_a_wider_window_than_a_day() -> None:
    today, spring = model("a child from Truro had ECMO today"), model("a child from Truro had ECMO in April")
    assert today is not None and spring is not None
    assert math.isclose(spring.expected / today.expected, 30.0)


def test_with_no_place_the_base_is_the_posts_country() -> None:
    text = "Saw a 34-year-old man with Fabry disease in clinic today"
    uk = estimate(quasi_details(text, find_identifiers(text, "GB")), text, "GB")
    us = estimate(quasi_details(text, find_identifiers(text, "US"), "US"), text, "US")
    assert uk is not None and us is not None
    assert uk.base.label.startswith("the UK") and us.base.label.startswith("United States")
    assert math.isclose(us.expected / uk.expected, us.base.value / uk.base.value)


KAIKOURA = "Only person I know of with Niemann-Pick type C — 14, lives in Kaikōura. Presented her at grand rounds"


def test_a_town_and_a_bare_age_only_the_reader_finds_count_with_their_default() -> None:
    read = mentioned(KAIKOURA, ("Kaikōura", "place", "town", 0.9), ("14", "age", "patient", 0.8))
    found = model_with(KAIKOURA, read)
    assert found is not None
    assert found.base.label == "Kaikōura (pop. ~20,000, default)"
    assert any(f.kind == "age" and f.text == "14" and f.label.startswith("age 10-19") for f in found.factors)
    assert any(f.kind == "condition" and f.text == "Niemann-Pick type C" for f in found.factors)
    unsure = mentioned(KAIKOURA, ("Kaikōura", "place", "town", 0.4), ("14", "age", "other", 0.9))
    assert {d.kind for d in quasi_details(KAIKOURA, [], "NZ", unsure)} == {"condition", "sex", "unique"}


def test_a_local_role_read_as_the_patients_makes_the_post_a_patients() -> None:
    text = "Worst bit of rural GP: telling the Tregaron primary's Year 6 teacher her lump is what we feared"
    role = "Tregaron primary's Year 6 teacher"
    assert [f.severity for f in judged("CONF002", text, mentions=mentioned(text, (role, "local-role", "patient", 0.6)))
            ] == ["review"]
    assert judged("CONF002", text, mentions=mentioned(text, (role, "local-role", "other", 0.6))) == []


def model_with(text: str, mentions: tuple[Mention, ...]) -> Estimate | None:
    return estimate(quasi_details(text, find_identifiers(text, "NZ"), "NZ", mentions), text, "NZ")


def test_an_overdose_on_a_known_night_is_a_distinctive_event() -> None:
    result = model("Saw a 16 year old lad from Whitby in A&E last night after an overdose, parents in bits")
    assert result is not None and result.expected < 1
    assert [f.kind for f in result.factors if f.kind in ("event", "time")] == ["event", "time"]
    once_daily = model("Omeprazole 20 mg OD for a 16 year old lad from Whitby, seen last night")
    assert once_daily is None or "event" not in [f.kind for f in once_daily.factors]
