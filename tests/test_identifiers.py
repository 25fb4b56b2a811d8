"""Identifier signals: every kind found where it is, and not found where it is not (check digits included)."""

from __future__ import annotations

import time

import pytest

from bedside import check
from bedside.signals.identifiers import find_identifiers
from bedside.signals.numbers import au_medicare_valid, health_number_kind, nz_nhi_valid, sg_nric_valid
from bedside.signals.patient import patient_context
from bedside.signals.persons import needs_model


def kinds(text: str, country: str = "GB") -> dict[str, str]:
    """Matched text -> kind, for every identifier found."""
    return {s.text: s.kind for s in find_identifiers(text, country)}


def kind_of(text: str, value: str, country: str = "GB") -> str | None:
    return kinds(text, country).get(value)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("NHS 943 476 5919 today", "943 476 5919", "nhs-number"),
        ("CHI 1506821006 on the form", "1506821006", "chi-number"),
        ("H&C 3200000007 noted", "3200000007", "hc-number"),
        ("NI number AB123456C", "AB123456C", "ni-number"),
        ("hosp no RCH123456 please", "RCH123456", "hospital-number"),
        ("MRN: 00123456 on the wristband", "00123456", "hospital-number"),
        ("card 4539 1488 0343 6467 expired", "4539 1488 0343 6467", "card-number"),
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "GB82 WEST 1234 5698 7654 32", "iban"),
        ("from 86.231.85.193 at noon", "86.231.85.193", "ip-address"),
        ("v6 d80:e4b5:79da:6cf6:71f3:51f7:9161:c319 logged", "d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", "ip-address"),
        ("PPS 6433435F on file", "6433435F", "national-id"),
        ("Medicare 2123 45670 1 card", "2123 45670 1", "national-id"),
        ("NHI ZZZ0016 recorded", "ZZZ0016", "national-id"),
        ("NHI ZZZ00AC recorded", "ZZZ00AC", "national-id"),
        ("ID 7503305044089 shown", "7503305044089", "national-id"),
        ("NRIC S1234567D shown", "S1234567D", "national-id"),
        ("IC 770305-02-1234 shown", "770305-02-1234", "national-id"),
        ("SSN 536-90-4399 given", "536-90-4399", "national-id"),
        ("lives at TR1 3LJ now", "TR1 3LJ", "postcode"),
        ("call 07700 900123 tonight", "07700 900123", "phone"),
        ("call 204-943-1045 now", "204-943-1045", "phone"),
        ("Pager # 54321 for queries", "54321", "phone"),
        ("email edith.langley@example.com today", "edith.langley@example.com", "email"),
        ("DOB 03/04/1952 noted", "03/04/1952", "date-of-birth"),
        ("seen on 3rd April 2024", "3rd April 2024", "date"),
        ("admitted 7/22 from home", "7/22", "date"),
        ("s/p MI '92 and CABG", "92", "date"),
        ("found on the 11th by staff", "11th", "date"),
        ("came in last Tuesday", "last Tuesday", "relative-date"),
        ("fell on Christmas Eve", "on Christmas Eve", "relative-date"),
        ("arrived at 14:30 by car", "14:30", "time"),
        ("a 72yo man", "72yo", "age"),
        ("72F with chest pain", "72F", "age"),
        ("a lady in her 80s", "in her 80s", "age"),
        ("lives at 19 Clover Street, Lansdowne", "19 Clover Street, Lansdowne", "address"),
        ("Saw Mrs Edith Langley today", "Mrs Edith Langley", "name"),
        ("DR SWACKHAMER AWARE OF K", "DR SWACKHAMER", "name"),
        ("followed at gh by dr healey. she arrived", "dr healey", "name"),
        ("SOCIAL: DAUGHTER EMILY IN THIS EVENING", "EMILY", "name"),
        ("daughter Emily Canvan, to offer support", "Emily Canvan", "name"),
        ("MOnitor lab results\nMarie Munroe, RN\n", "Marie Munroe", "name"),
        ("WELL AT THIS TIME. Q. LANDER RRT", "Q. LANDER", "name"),
        ("They had 6: Malon, Mark, Kaylee and Brandi.", "Malon", "name"),
        ("My name is Nunzia", "Nunzia", "name"),
        ("ADMITTED IN TRANSFER FROM CALVERT HOSPITAL FOR", "CALVERT HOSPITAL", "organisation"),
        ("pt is followed at gh by the team", "gh", "organisation"),
        ("Was accepted by St. Agnes but cannot leave", "St. Agnes", "organisation"),
        ("She moved to 07 Rua Forno 76, Lisbon", "07 Rua Forno 76, Lisbon", "address"),
        ("Please send it to 59 Delta 116 Apt. 879 Huizen", "59 Delta 116 Apt. 879 Huizen", "address"),
        ("My zip code is 35649", "35649", "postal-code"),
        ("HUSBAND CEO OF IBM. SMOKER", "IBM", "organisation"),
        ("pt married, lives in catonsville , husband", "catonsville", "place"),
        ("should arrive this morning (ref # 8336652).", "8336652", "hospital-number"),
        ("son visited today.(301 273 4516) both", "301 273 4516", "phone"),
        ("They're not answering at 785 8949", "785 8949", "phone"),
        ("( LUCY IS ON VACA) AND", "LUCY", "name"),
        ("ask to page Hank Przybylo (son) cell# 450", "Hank Przybylo", "name"),
        ("FAMILY ARRIVED FROM THE EASTERN SHORE", "EASTERN SHORE", "place"),
    ],
)
def test_identifier_found(text: str, value: str, kind: str) -> None:
    assert kind_of(text, value) == kind, kinds(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("NHS 943 476 5918 today", "943 476 5918"),  # fails mod 11
        ("NI number BG123456C", "BG123456C"),  # BG is never issued
        ("NI number QQ123456C", "QQ123456C"),
        ("card 4539 1488 0343 6468 expired", "4539 1488 0343 6468"),  # fails Luhn
        ("IBAN GB82 WEST 1234 5698 7654 33 thanks", "GB82 WEST 1234 5698 7654 33"),  # fails mod 97
        ("ip 999.1.1.1 is not one", "999.1.1.1"),
        ("PPS 6433435E on file", "6433435E"),
        ("Medicare 2123 45671 1 card", "2123 45671 1"),
        ("NHI ZZZ0017 recorded", "ZZZ0017"),
        ("NHI ZZZ00AD recorded", "ZZZ00AD"),
        ("NRIC S1234567A shown", "S1234567A"),
        ("SSN 000-12-3456 given", "000-12-3456"),
        ("bp 90-100/40 on dopamine", "90-100/40"),
        ("CO/CI/SVR 7.5/3.5/437 after", "7.5/3.5/437"),
        ("rales 1/3 up bilaterally", "1/3"),
        ("on PS 10/5 overnight", "10/5"),
        ("pain 8/10 in the chest", "8/10"),
        ("gave 2020 mg of it", "2020"),
        ("WHITE SPUTUM, BROWN STOOL, FOLEY IN PLACE", "WHITE"),
        ("GU: 3 WAY FOLEY IN PLACE", "3 WAY FOLEY IN PLACE"),
        ("MS CONT TO IMPROVE", "MS CONT"),
        ("DAUGHTER IN TO VISIT", "IN"),
        ("Apollo 11 launched in 1969", "Apollo 11"),
        ("ADMITTED TO CCU @2330 AND", "@2330"),
        ("TRANSFERRED TO CCU FOR MONITORING", "CCU"),
        ("Outside hospital records reviewed", "Outside hospital"),
        ("took 2 Paracetamol 500 mg at night", "2 Paracetamol 500"),
        ("In 2019 Covid 19 cases rose", "2019 Covid 19"),
        ("Bernard: BP 1900-0700 stable", "1900-0700"),
        ("PT AWAITING REHAB PLACEMENT", "AWAITING REHAB"),
        ("bp 120 140 1500 today", "120 140 1500"),
        ("URINE AMBER IN COLOUR, WHITE SPUTUM", "AMBER"),
        ("PLACED ON PSV 10/5 OVERNIGHT", "10/5"),
        ("CPAP/PSV 12/10/40 % drawing tidal volumes", "12/10/40"),
        ("vent settings now 20/5/40% and stable", "20/5/40"),
        ("c/o 3/10 back pain", "3/10"),
        ("BP 84/40 at 2000, then up", "2000"),
        ("bleed into the 4th ventricle", "4th"),
    ],
)
def test_identifier_not_found(text: str, absent: str) -> None:
    found = kinds(text)
    assert absent not in found, found


def test_model_runs_only_behind_its_gate() -> None:
    # Typical posts, clinical notes and single-case text never load the NER model.
    assert not needs_model("Great teaching session on sepsis this morning, thanks everyone!")
    assert not needs_model("A lady I saw this morning from Truro with Guillain-Barre syndrome")
    assert not needs_model("NEURO: A&OX3. RESP: LS CLEAR. SPOKE WITH KOVALEV RE PLAN")
    assert not needs_model("Dr Kovalev reviewed the patient")  # the rules already found the name
    # A capitalised word that is neither English nor a known name, unexplained by the rules, does.
    assert needs_model("The brainchild of our founders, with Kovalev leading the build")


def test_model_finds_people_the_rules_cannot() -> None:
    found = kinds("The film was directed by James Koumura and starring Zsófia Mikolčić last year")
    assert found.get("James Koumura") == "name" or found.get("Koumura") == "name"


def test_health_number_kinds_and_check_digits() -> None:
    assert health_number_kind("9434765919") == "nhs-number"
    assert health_number_kind("9434765918") is None
    assert health_number_kind("1506821006") == "chi-number"  # 15/06/82 + valid mod 11
    assert health_number_kind("3200000007") == "hc-number"


def test_hand_written_checksums_against_published_examples() -> None:
    # NZ Ministry of Health test NHIs (old and new format) and their one-off neighbours.
    assert nz_nhi_valid("ZZZ0016") and nz_nhi_valid("ZZZ0024") and nz_nhi_valid("ZZZ00AC")
    assert not nz_nhi_valid("ZZZ0017") and not nz_nhi_valid("ZZZ00AB")
    assert not nz_nhi_valid("IZZ0016")  # I and O are never used
    # Singapore: S1234567D and F1234567N are the usual worked examples.
    assert sg_nric_valid("S1234567D") and sg_nric_valid("F1234567N") and sg_nric_valid("T1234567J")
    assert not sg_nric_valid("S1234567A") and not sg_nric_valid("F1234567D")
    assert au_medicare_valid("2123456701") and not au_medicare_valid("2123456711")
    assert not au_medicare_valid("7123456701")  # first digit 2-6 only


@pytest.mark.parametrize(
    "text",
    [
        "Saw a 72F in clinic today with chest pain",
        "My patient was admitted with sepsis",
        "One of our patients brought the whole ward a cake today",
        "O: 58 YEAR OLD FEMALE. NEURO: ALERT. RESP: LS CLEAR. PT INTUBATED, SATS 95, HR 80, BP 120/70",
    ],
)
def test_about_a_patient(text: str) -> None:
    assert patient_context(text).about_patient


@pytest.mark.parametrize(
    "text",
    [
        "Great teaching session on sepsis this morning, thanks all!",
        "The number of patients in hospital with COVID-19 fell again this week.",
        "New cases reported today across the country, says the health ministry.",
        "Kung hei fat choi! Wishing all our patients a healthy Year of the Snake",  # patients together: nobody
    ],
)
def test_not_about_a_patient(text: str) -> None:
    assert not patient_context(text).about_patient


PLAIN = "The ward round ran late again today and the coffee machine broke, but the team kept going well. "
PROSE = ("The ward round ran late again today and the coffee machine broke, but the team kept going. Saw Mrs "
         "Edith Langley (NHS 943 476 5919) from Truro, DOB 03/04/1952, tel 07700 900123. ")


@pytest.mark.parametrize(
    "text",
    ["9" * 100_000, "." * 100_000, "-/" * 50_000, "1/" * 50_000, "Dr " * 30_000, "a1 " * 30_000,
     "@" * 100_000, "Street 1 " * 10_000, ((PLAIN * 9 + PROSE) * 1_000)[:1_000_000]],
)
def test_linear_time_on_pathological_input(text: str) -> None:
    # Growth, not a wall-clock limit (which fails on a loaded machine): ten times the text may cost at most
    # fifteen times the time; quadratic behaviour would cost a hundred.
    # CPU time of this process, not wall time: other work on the machine does not count against it.
    # The best of a few runs each (as timeit does): a busy machine slows one run, never all of them.
    find_identifiers("Warm up: Dr Kovalev met Mrs Mikolčić on 3/4/2020.")  # lexicons and the model load once
    small = _best_cpu_time(text[: len(text) // 10], runs=3)
    assert _best_cpu_time(text, runs=2) < 15 * max(small, 0.02)


def _best_cpu_time(text: str, runs: int) -> float:
    times = []
    for skip in range(runs):  # a character fewer each time: the same work, but no cached answer
        started = time.process_time()
        find_identifiers(text[skip:])
        times.append(time.process_time() - started)
    return min(times)


def test_time_grows_linearly_with_length() -> None:
    find_identifiers(PROSE)
    started = time.process_time()
    find_identifiers(PROSE * 100)
    small = time.process_time() - started
    started = time.process_time()
    find_identifiers(PROSE * 1_000)
    large = time.process_time() - started
    assert large < 25 * small + 0.5  # ten times the text: about ten times the time, never a hundred


@pytest.mark.parametrize(("text", "admission"), [
    ("Admitted 12/03/2024 with chest pain", True),
    ("DOA 4th March, seen by the reg", True),
    ("She attended ED on 12/03/2024", True),
    ("The audit ran from 12/03/2024 to May", False),
])
def test_a_date_after_admission_words_carries_the_admission_attribute(text: str, admission: bool) -> None:
    dates = [s for s in find_identifiers(text, "GB") if s.kind == "date"]
    assert dates
    assert bool(dates[0].attrs.get("admission")) is admission


@pytest.mark.parametrize(("text", "name"), [
    ("Spoke to her, my name is Nunzia", "Nunzia"),  # introduced
    ("PT RESTING. ( LUCY IS ON VACA) VSS", "LUCY"),  # said, in an all-capitals note
    ("Seen with Grace Okonkwo this morning", "Grace Okonkwo"),  # paired with a surname-like word
    ("Pt comfortable. Maureen phoned for update", "Maureen"),  # visited or phoned
    ("Nunzia was here earlier", "Nunzia"),  # opening a sentence, then a verb
])
def test_each_cue_of_a_lone_name_finds_it(text: str, name: str) -> None:
    assert [s.text for s in find_identifiers(text, "GB") if s.kind == "name"] == [name]


@pytest.mark.parametrize("text", ["Ms Okafor, I've tried ringing you three times", "Dear Sam, I’m so sorry",
                                  "Thanks Priya, we're all set, can't wait"])
def test_a_pronoun_with_its_contraction_is_no_name_in_a_list_of_names(text: str) -> None:
    names = [s.text for s in find_identifiers(text, "GB") if s.kind == "name"]
    assert len(names) == 1 and "'" not in names[0] and "’" not in names[0]


def test_a_known_place_after_from_is_no_name() -> None:
    assert not [s for s in find_identifiers("Lives alone, from Barnsley originally", "GB") if s.kind == "name"]


def test_numbers_reserved_for_test_systems_are_marked_and_are_no_finding() -> None:
    found = {s.text: s.attrs.get("test_range") for s in find_identifiers(
        "NHS 999 999 9999 and NHI ZZZ0016 in the training system; real ones 943 476 5919, NHI ALU7658", "NZ")}
    assert found["999 999 9999"] and found["ZZZ0016"]
    assert not found["943 476 5919"]
    # A test number does not make a post about a patient, and is nobody's; a real one still is a patient's.
    assert all(f.code != "CONF001" for f in check("Use NHS number 999 999 9999 in the PLAY system.").findings)
    assert any(f.code == "CONF001" and f.severity == "do-not-post"
               for f in check("Use NHS number 943 476 5919 in the PLAY system.").findings)


def test_a_bleep_outside_a_case_is_the_hospitals_and_in_a_case_is_redacted() -> None:
    teaching = check("Paed dosing sanity check: 15mg/kg QDS, max 4g. Ask a pharmacist, I'm on bleep 4472 till 2am")
    assert all(f.code != "CONF001" for f in teaching.findings)
    case = check("Pt in bed 4, Mr Jones, son on pager 54321 if he deteriorates")
    assert any(f.code == "CONF001" and f.text == "54321" for f in case.findings)


def test_a_numbered_bed_bay_or_room_is_a_bed_and_a_ward_is_not() -> None:
    beds = {s.text: s.attrs["bed"] for s in find_identifiers("Aroha in rm 4, Pym in bed 12, then Ward 9", "GB")
            if s.kind == "ward"}
    assert beds == {"rm 4": True, "bed 12": True, "Ward 9": False}


def test_a_labelled_driving_licence_or_passport_number_is_an_identity_number() -> None:
    found = [(s.kind, s.text) for s in find_identifiers("Her driving licence number is MORGA753116SM9IJ", "GB")]
    assert found == [("national-id", "MORGA753116SM9IJ")]
    assert find_identifiers("passport photos needed; her driving licence was suspended", "GB") == []


def test_a_count_in_brackets_or_the_digits_of_a_handle_are_no_phone() -> None:
    for text in ("Cured/Discharged/Migrated (3942360) ▶️19.84% Active cases (995933)",
                 "@SamTurn02488701 Hi, the Ministry is using several facilities", "@04051952n this card is valid"):
        assert "phone" not in [s.kind for s in find_identifiers(text, "GB")], text
    for text, phone in (("not answering at (03) 5327 5996", "(03) 5327 5996"),
                        ("call (01632) 960123", "(01632) 960123"),
                        ("son visited today.(301 273 4516) both", "301 273 4516")):
        assert phone in [s.text for s in find_identifiers(text, "GB") if s.kind == "phone"], text
