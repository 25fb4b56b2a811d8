"""Conduct rules (PROF001-PROF005, MISI001): they fire on the right posts and stay quiet on the wrong ones.

Includes the clinical-context cases: anatomy in care is not a sexual remark, naming a religion or an
identity is not hate, and quoting abuse received is not giving it.
"""

from __future__ import annotations

import pytest

from bedside import Post, check
from bedside.rules import get_rule
from rule_helpers import judged

# Posts the post reading still misreads; strict, so a better model shows up as a pass to promote.
READING_LIMIT = pytest.mark.xfail(strict=True, reason="known limit of the post reading (docs/models/post-reading.md)")


def codes(text: str, **post: str) -> dict[str, str]:
    """Conduct finding codes of a post, each with its highest severity."""
    order = ("info", "review", "do-not-post")
    found: dict[str, str] = {}
    for f in check(Post(text=text, **post)).findings:  # type: ignore[arg-type]
        if f.code.startswith(("PROF", "MISI")) and order.index(f.severity) >= order.index(found.get(f.code, "info")):
            found[f.code] = f.severity
    return found


@pytest.mark.parametrize("code", ["PROF001", "PROF002", "PROF003", "PROF004", "PROF005", "MISI001"])
def test_rules_are_registered_with_docs(code: str) -> None:
    rule = get_rule(code)
    assert rule is not None
    assert rule.what and rule.why and rule.example and rule.fix
    assert rule.category in {"derogatory", "harassment", "offensive", "hate", "sexual", "misinformation"}


@pytest.mark.parametrize("code", ["PROF001", "PROF002", "PROF003", "PROF005", "MISI001"])
def test_each_rule_fires_on_its_own_example(code: str) -> None:
    rule = get_rule(code)
    assert rule is not None
    assert code in codes(rule.example)


# PROF001 derogatory about patients


@pytest.mark.parametrize("text", [
    "Another heartsink in clinic this morning.",
    "Three frequent flyers in majors before midnight, as usual",
    "Ward full of GOMERs again",
    "Can't discharge anyone, the bed blockers are winning",
    "Diagnosis: acopia. Again.",
    "Classic coffin dodger on the ward round today",
    "This patient is a complete moron",
])
def test_derogatory_slang_about_patients_is_flagged(text: str) -> None:
    assert codes(text).get("PROF001") == "review"


@pytest.mark.parametrize("text", [
    "Had apple crumble after a long shift",
    "Brush your teeth twice a day with fluoride toothpaste",
    "Bed occupancy is at 98% and discharges are delayed by a lack of social care.",
    "Patent foramen ovale (PFO) closure: new trial results out today",
    'Older patients deserve better than being called "bed blockers"',  # quoting the label to criticise it
])
def test_everyday_words_are_not_patient_slang(text: str) -> None:
    assert "PROF001" not in codes(text)


def test_slang_finding_carries_meaning_and_span() -> None:
    report = check("What a heartsink")
    finding = next(f for f in report.findings if f.code == "PROF001")
    assert finding.text == "heartsink"
    assert (finding.start, finding.end) == (7, 16)
    assert "dreads" in finding.message
    assert finding.category == "derogatory"


# PROF002 harassment


def test_insult_aimed_at_a_colleague_is_harassment() -> None:
    assert codes("My registrar is a useless idiot").get("PROF002") == "review"
    assert codes("@drsmith you are pathetic").get("PROF002") == "review"


def test_threat_is_do_not_post() -> None:
    assert codes("If the night nurse does that again I will kill her").get("PROF002") == "do-not-post"


def test_quiet_when_nobody_is_insulted() -> None:
    assert "PROF002" not in codes("My registrar taught me so much this week, brilliant teacher")


# PROF003 offensive language


def test_strong_swearing_is_review_and_mild_is_info() -> None:
    assert codes("Absolutely fucking shattered after that shift").get("PROF003") == "review"
    assert codes("What a bloody long day").get("PROF003") in (None, "info")


def test_quoting_abuse_received_is_not_giving_it() -> None:
    for text in (
        "A patient called me a stupid bitch today and I still finished the consultation.",
        'He shouted "you fucking useless cow" at our receptionist. Abuse of staff is never ok.',
    ):
        found = codes(text)
        assert not {"PROF002", "PROF003", "PROF004"} & set(found), (text, found)


# PROF004 hate


def test_slur_is_hate_do_not_post() -> None:
    assert codes("Another retard in the waiting room").get("PROF004") == "do-not-post"


@pytest.mark.parametrize("text", [
    "Muslim patients may fast during Ramadan: plan their insulin doses with them.",
    pytest.param("Our gay men's health clinic now offers PrEP on Saturdays.", marks=READING_LIMIT),
    "Proud to be a Jewish doctor working in the NHS.",
    "Black women are more likely to die in childbirth in the UK; we must close that gap.",
    "Deaf patients need interpreters booked in advance.",
    "Welcoming refugees and asylum seekers to our practice list.",
])
def test_naming_a_religion_or_identity_is_not_hate(text: str) -> None:
    found = codes(text)
    assert not {"PROF002", "PROF003", "PROF004"} & set(found), found


# PROF005 sexual


def test_sexual_remark_about_a_patient_is_do_not_post() -> None:
    assert codes("Phwoar, the lady in bed 4 has a nice rack").get("PROF005") == "do-not-post"
    assert codes("Hot patient in cubicle 3, would bang", audience="private").get("PROF005") == "do-not-post"


def test_sexual_remark_not_about_a_patient_is_review() -> None:
    assert codes("Feeling horny tonight").get("PROF005") == "review"


@pytest.mark.parametrize("text", [
    "Breast lump clinic was busy today: please check your breasts monthly.",
    "Rectal exam done with a chaperone present, as always.",
    "Penile discharge in a 24-year-old: think STI and test for gonorrhoea.",
    "Check your boobs! Breast cancer awareness month starts today.",
    "Testicular self-examination takes a minute in the shower.",
])
def test_clinical_words_are_not_sexual(text: str) -> None:
    assert "PROF005" not in codes(text)


# MISI001 misinformation


def test_false_claim_shows_the_nearest_documented_claim() -> None:
    report = check("COVID-19 was invented by the government to control us")
    finding = next(f for f in report.findings if f.code == "MISI001")
    assert finding.severity == "do-not-post"  # asserted, and a documented false claim restated
    assert finding.category == "misinformation"
    assert finding.details["claim"] == "covid-invented-government"
    assert finding.details["source"].startswith("https://")
    assert finding.details["similarity"] >= 0.5


@pytest.mark.parametrize("text", [
    "Vaccines cause autism, do your research",
    "5G masts are spreading the coronavirus",
    "Ivermectin cures covid, the doctors don't want you to know",
])
def test_common_myths_are_flagged(text: str) -> None:
    assert "MISI001" in codes(text)


@pytest.mark.parametrize("text", [
    "The claim that vaccines cause autism is a myth: large studies found no link.",
    "Please get your flu jab if you work in healthcare. It protects your patients and your family.",
    "Vaccines remain one of the safest and most effective things we have in medicine.",
    "COVID-19 cases rose by 4% this week according to the latest ONS survey.",
    "There is no evidence that 5G spreads the coronavirus.",
])
def test_accurate_or_debunking_posts_are_not_misinformation(text: str) -> None:
    assert "MISI001" not in codes(text)


@pytest.mark.parametrize("text", [
    "I'm not anti-vaccine AT ALL but isn't it odd nobody ever tells parents to read the HPV jab leaflet?? just saying",
    "Not anti-vax in the slightest, but funny how nobody mentions what's actually in the flu jab... makes you think",
])
def test_insinuation_behind_a_disclaimer_is_reviewed(text: str) -> None:
    # "Not anti-vax" is a disclaimer, not a debunking; the reading is sure this insinuates a false claim.
    finding = next(f for f in check(text).findings if f.code == "MISI001")
    assert finding.severity == "review"


@pytest.mark.parametrize("text", [
    "Does anyone know if the MMR can be given on the same day as the flu jab?",
    "Not anti-vax at all, just think parents deserve a proper chat about side effects before the MMR - leaflets help",
])
def test_honest_questions_about_vaccines_stay_quiet(text: str) -> None:
    assert "MISI001" not in codes(text)


def test_plain_clinical_post_is_clean() -> None:
    report = check("Great teaching session on sepsis this morning, thanks to everyone who came along!")
    assert report.verdict == "ok"
    assert not [f for f in report.findings if f.code.startswith(("PROF", "MISI"))]


def test_everyday_slang_counts_only_about_patients() -> None:
    assert codes("Another junkie patient in majors demanding codeine").get("PROF001") == "review"
    assert "PROF001" not in codes("Watched a documentary about a junkie musician last night")


def test_misinformation_span_is_the_sentence_that_matches() -> None:
    text = "Lovely day at clinic. Honestly, covid was invented by the government to control us! Wake up."
    finding = next(f for f in check(text).findings if f.code == "MISI001")
    assert finding.text == "Honestly, covid was invented by the government to control us!"
    assert text[finding.start : finding.end] == finding.text


@READING_LIMIT
def test_negated_claim_is_not_misinformation() -> None:
    assert "MISI001" not in codes("Children are not immune to coronavirus: keep them home if they are unwell.")


def test_a_false_claim_reading_needs_the_misinformation_head_to_agree() -> None:
    # Real health news read as false claims by the claim head alone; the head trained on fact-checked posts must agree.
    text = "Sunscreen blocks the vitamin D your body needs, so skip it this summer"
    reading = {"claim": {"none": 0.05, "false": 0.9, "asking": 0.0, "true": 0.05, "debunking": 0.0, "question": 0.0},
               "mention": {"false": 1.0, "true": 0.0}}
    unsure = judged("MISI001", text, reading, public={"offensive": 0.0, "hate": 0.0, "misinformation": 0.8})
    sure = judged("MISI001", text, reading, public={"offensive": 0.0, "hate": 0.0, "misinformation": 0.95})
    assert [f.severity for f in sure] == ["do-not-post"] and "asserts a false health claim" in sure[0].message
    assert not any("asserts" in f.message for f in unsure)  # at most the n-gram model's review remains
