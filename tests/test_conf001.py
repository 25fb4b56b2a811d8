"""CONF001 severities: about a patient or not, closed groups, old ages, places and dates alone, quasi-identifiers."""

from __future__ import annotations

from bedside import Post, check
from bedside.config import Config
from rule_helpers import judged, mentioned

ONLY = Config(select=["CONF001"])


def conf(text: str, **fields: object) -> list[tuple[str, str, str]]:
    """(matched text, category, severity) of every CONF001 finding."""
    report = check(Post(text=text, **fields), ONLY)  # type: ignore[arg-type]
    return [(f.text, f.category, f.severity) for f in report.findings if f.code == "CONF001"]


def severity_of(text: str, value: str, **fields: object) -> str | None:
    return next((sev for found, _, sev in conf(text, **fields) if value in found), None)


def test_direct_identifiers_in_a_post_about_a_patient_are_do_not_post() -> None:
    text = "Saw Mrs Edith Langley (NHS 943 476 5919) in clinic today, DOB 03/04/1952, tel 07700 900123."
    found = conf(text)
    assert ("Mrs Edith Langley", "patient-identifier", "do-not-post") in found
    assert ("943 476 5919", "patient-identifier", "do-not-post") in found
    assert ("03/04/1952", "patient-identifier", "do-not-post") in found
    assert ("07700 900123", "patient-identifier", "do-not-post") in found
    assert check(Post(text=text), ONLY).verdict == "do-not-post"


def test_health_record_number_makes_any_post_about_a_patient() -> None:
    assert severity_of("Can anyone read this? 943 476 5919", "943 476 5919") == "do-not-post"


def test_closed_group_and_private_chat_are_still_publication() -> None:
    text = "My patient John Smith was admitted with sepsis"
    for audience in ("group", "private"):
        report = check(Post(text=text, audience=audience), ONLY)  # type: ignore[arg-type]
        name = next(f for f in report.findings if "John Smith" in f.text)
        assert name.severity == "do-not-post"
        assert "closed group" in name.message


def test_age_over_89_is_identifying_but_younger_ages_are_quasi_identifiers() -> None:
    report = check(Post(text="Saw a 93yo man in clinic today with a fracture"), ONLY)
    assert [f.severity for f in report.findings if f.text == "93yo"] == ["do-not-post"]
    report = check(Post(text="Saw a 72yo man in clinic today with a fracture"), ONLY)
    assert not [f for f in report.findings if f.text == "72yo"]
    assert "[AGE]" in report.redacted  # no finding, but redacted


def test_place_or_exact_date_alone_is_review_in_a_post_about_a_patient() -> None:
    assert severity_of("My patient had chest pain on 3rd April 2024", "3rd April 2024") == "review"
    assert severity_of("My patient was transferred to Calvert Hospital overnight", "Calvert Hospital") == "review"


def test_admission_date_is_do_not_post() -> None:
    assert severity_of("My patient, admitted 03/04/2024 with pneumonia", "03/04/2024") == "do-not-post"
    assert severity_of("Saw a lady in clinic today, admitted on the 4th with chest pain", "4th") == "do-not-post"


def test_part_of_a_date_in_a_case_is_an_identifier_as_hipaa_counts_one() -> None:
    # Safe Harbor counts every element of a date but the year: "on the 11th", "in Sept" in a note are PHI.
    assert severity_of("My patient's cultures were drawn from the A-line on the 11th", "11th") == "review"


def test_quasi_identifiers_give_no_finding_but_are_redacted() -> None:
    text = "Saw a lady in clinic today at 14:30, she came in last Tuesday"
    report = check(Post(text=text), ONLY)
    assert report.findings == []
    assert "[TIME]" in report.redacted and "[DATE]" in report.redacted


def test_outside_care_people_are_personal_data() -> None:
    found = conf("Great talk by Dr Priya Patel at the conference, slides from priya.patel@example.com")
    assert ("Dr Priya Patel", "personal-data", "info") in found
    # a speaker's email: personal data, info when the reader reads it as a colleague's or the author's own
    assert any(text == "priya.patel@example.com" and category == "personal-data" for text, category, _ in found)


def test_outside_care_places_dates_and_ages_give_no_finding() -> None:
    assert conf("Conference in Manchester on 3rd April 2024, open to all aged 18 and over") == []


def test_clinician_names_in_a_case_are_info() -> None:
    assert severity_of("My patient was reviewed by Dr Healey on the ward", "Dr Healey") == "info"


def test_clinical_notes_are_recognised_as_about_a_patient() -> None:
    note = "PT IS A 69 YO F. NEURO: A&OX3. RESP: LS CLEAR, SATS 95. DAUGHTER EMILY IN TO VISIT. TRANSFERRED TO GH 7/23."
    found = conf(note)
    assert ("EMILY", "patient-identifier", "do-not-post") in found
    assert ("7/23", "patient-identifier", "review") in found
    assert any(text == "GH" and sev == "review" for text, _, sev in found)


def test_ordinary_posts_stay_quiet() -> None:
    for text in ("Really proud of our team today. Hard shift but everyone pulled together. #NHS",
                 "New guidance on sepsis is out - worth a read before your next on-call.",
                 "The number of patients in hospital with COVID-19 fell again this week, says @NHSEngland"):
        assert check(Post(text=text), ONLY).verdict == "ok", text


def test_a_quiet_role_silences_only_what_it_can_own() -> None:
    # Card numbers belong to people: read as an organisation's, they are still personal data and redacted.
    for text in ("Please charge my credit card. Number is 5307962233613678",
                 "What is the limit for card 5466317045020405 ?"):
        report = check(text)
        assert [f.category for f in report.findings if f.code == "CONF001"] == ["personal-data"], text
        assert "5307962233613678" not in report.redacted and "5466317045020405" not in report.redacted
    # A practice's own phone number in its own notice stays quiet.
    assert check("Call the surgery on 01632 960123 to book your flu jab").verdict == "ok"



def test_a_name_is_a_public_figures_only_when_the_reader_is_sure() -> None:
    text = "Follow up with Sean Rakovic in 2 months about the results"
    sure = judged("CONF001", text, mentions=mentioned(text, ("Sean Rakovic", "person", "public-figure", 0.97)))
    assert sure == []
    unsure = judged("CONF001", text, mentions=mentioned(text, ("Sean Rakovic", "person", "public-figure", 0.85)))
    assert [f.text for f in unsure] == ["Sean Rakovic"]


def test_a_number_is_an_organisations_only_in_a_post_that_names_one() -> None:
    def phones(text: str) -> list[str]:
        read = mentioned(text, ("01632 960123", "identifier", "organisation", 0.9))
        return [f.text for f in judged("CONF001", text, mentions=read)]

    assert phones("Call the surgery on 01632 960123 to book your flu jab") == []
    assert phones("They're still not answering at 01632 960123, I've tried all morning") == ["01632 960123"]

def test_references_to_published_work_are_nobodys_identifiers() -> None:
    # issue 14: a citation year and a DOI suffix read as patient identifiers in a journal-club post
    text = ("Journal club on hip fracture rehab: Smith et al. 1988, 'Early mobilisation after hip fracture', plus "
            "the Cochrane update (doi 10.1002/14651858.CD001704.pub3, PMID 12345678)")
    assert conf(text) == []
    assert "10.1002/14651858.CD001704.pub3" in check(text).redacted  # nothing of it is redacted either
    # an author, a quoted title and the journal's year in brackets: the author is nobody's patient
    reading_list = ("Balint group reading: O'Dowd, 'Five years of heartsink patients in general practice' (BMJ 1988); "
                    "Groves, 'Taking care of the hateful patient' (NEJM 1978); (Patel and Shah, 2021)")
    assert conf(reading_list) == []
    # the patient's own details beside a citation are still found, and a name with a year is no reference
    assert severity_of("Mrs Pym (1952) in bed 4 fell again", "Pym") == "do-not-post"
    found = conf("Saw Mrs Edith Langley (NHS 943 476 5919) today, admitted 03/04/2023, as in PMID 12345678")
    assert {value for value, _, _ in found} >= {"Mrs Edith Langley", "943 476 5919", "03/04/2023"}


def test_a_dummy_record_is_quiet_field_by_field() -> None:
    # issue 14: a clearly labelled training record at do-not-post
    text = ("Reminder for EMIS training on Thursday: please ONLY practise on the test patient — Mr Tester Test, "
            "NHS number 999 999 9999, DOB 01/01/1900. Do not open real records during the session.")
    assert [sev for _, _, sev in conf(text) if sev != "info"] == []
    # a real patient's record is not quieted by the word "training" alone
    real = "Training the new FY1s today. Saw Mrs Edith Langley (NHS 943 476 5919), DOB 03/04/1952, on the ward."
    assert severity_of(real, "03/04/1952") == "do-not-post"


def test_an_organisations_shared_inbox_is_nobodys_personal_data() -> None:
    # issue 14: the organisation's own contacts stay quiet
    assert conf("We're recruiting ED nurses, Band 5 and 6! Open day Sat 8 June. Email chft.recruitment@nhs.net") == []
    assert conf("Questions about the clinic? Write to info@ashgrovesurgery.nhs.uk") == []
    # someone else's address is still personal data; the author's own ("email me at") is theirs to give
    assert severity_of("Email Jane at jane.smith@gmail.com if you want the slides", "jane.smith@gmail.com") == "review"
    assert severity_of("Email me at jane.smith@gmail.com if you want the slides", "jane.smith@gmail.com") == "info"


def test_a_message_greeting_its_recipient_does_not_disclose_their_name() -> None:
    text = "Hi Oluwaseun, great to meet you at the ASM in Harrogate. Would be good to compare notes on our pathway."
    assert not any(v == "Oluwaseun" for v, _, _ in conf(text, kind="message", audience="private"))
    # in a public post the same words name someone to everyone
    public = "Hi Oluwaseun, sorry to hear about your fall on the ward last night, hope the hip feels better"
    assert any(v == "Oluwaseun" for v, _, _ in conf(public))


def test_handover_initials_and_a_birth_like_date_are_the_patients() -> None:
    # issue 14: "unlabelled dates of birth next to initials ('AB 12/06/52')" were missed
    assert severity_of("pls r/v AB 12/06/52 ?sepsis NEWS 7, on abx, lactate 4.1, reg aware", "12/06/52") == \
        "do-not-post"
    assert severity_of("JH bay 3 bed 2 needs a cannula + U&Es, tried x3 both arms anyone free??", "JH") == \
        "do-not-post"
    found = {value for value, _, _ in conf("ICU bed 4 is free and the GP in bay 2 has gone home")}
    assert not found & {"ICU", "GP"}  # acronyms are not initials


def test_the_authors_own_family_named_as_such_is_info_a_patients_family_is_not() -> None:
    own = "My daughter Ffion (7) had her tonsils out at Glan Clwyd yesterday. The play specialist was a star"
    assert severity_of(own, "Ffion") == "info"
    assert severity_of("Took our youngest son Alfie to A&E last night with croup, he's fine now", "Alfie") == "info"
    case = "Saw my patient Mrs Jones today, her daughter Ffion (7) was with her"
    assert severity_of(case, "Ffion") == "do-not-post"


def _read_as(text: str, mentions: list[tuple[str, str, str, float]], about: float = 0.1) -> list[tuple[str, str]]:
    """(matched text, severity) of CONF001's findings when the reader reads `mentions` (text, type, role,
    probability) in the post and the post as about a patient with probability `about`."""
    return [(f.text, f.severity) for f in judged("CONF001", text, mentions=mentioned(text, *mentions), about=about)]


def test_a_patient_on_a_ward_the_reader_is_sure_of_is_in_care() -> None:
    text = "Happy 100th birthday to Ivy on Cedar Ward!!! Banana cake went down a storm"
    ward = ("Cedar Ward", "place", "ward", 0.98)
    assert ("Ivy", "do-not-post") in _read_as(text, [("Ivy", "person", "patient", 0.83), ward])
    # Without the ward, a patient reading this unsure, in a post not read as about care, stays unbacked.
    assert ("Ivy", "do-not-post") not in _read_as(text, [("Ivy", "person", "patient", 0.83)])


def test_a_patient_read_in_one_word_of_a_name_is_read_in_the_name() -> None:
    text = "Who's covering Rhys Morgan's 11am physio on Tues? He's the one post-ACL"
    assert ("Rhys Morgan's", "do-not-post") in _read_as(text, [("Morgan", "person", "patient", 0.95)])
    # A word read as a colleague's does not quiet the name (recall first).
    assert _read_as(text, [("Morgan", "person", "staff", 0.95)]) == _read_as(text, [])


def test_a_reply_to_a_complaint_that_confirms_care_names_a_patient() -> None:
    reply = "Ms Okafor, I've tried ringing three times re your smear result - please call the surgery back today"
    post = Post(text=reply, kind="reply", reply_to="Been waiting 2 weeks for results, disgusting service")
    names = [f for f in check(post, Config(select=("CONF001",))).findings if f.text == "Ms Okafor"]
    assert [(f.category, f.severity) for f in names] == [("patient-identifier", "do-not-post")]
    thanks = Post(text="Hi George, thanks for the kind words, we'll pass them on", kind="reply",
                  reply_to="Great service, thank you")
    assert {f.severity for f in check(thanks, Config(select=("CONF001",))).findings} <= {"info"}


def test_a_picture_said_to_show_a_patients_details_is_do_not_post() -> None:
    said = "Snapped my first ECG with a delta wave!! (ignore the sticker with his name and NHS number, so excited)"
    findings = [f for f in check(Post(text=said), Config(select=("CONF001",))).findings
                if f.details.get("identifier") == "pictured"]
    assert [(f.severity, f.text) for f in findings] == [("do-not-post", "his name and NHS number")]
    for quiet in ("Remember to crop out the patient's name before sharing any image",
                  "Cropped his name and DOB off the x-ray, here's the fracture", "Lovely photo of her with the team"):
        assert not [f for f in check(Post(text=quiet), Config(select=("CONF001",))).findings
                    if f.details.get("identifier") == "pictured"], quiet


def test_a_name_is_the_patients_only_when_that_is_its_likeliest_reading() -> None:
    text = "When Jacinda Ardern said she had nothing left in the tank it hit home for a lot of us in nursing"
    public = mentioned(text, ("Jacinda", "person", "patient", 0.47), ("Ardern", "person", "public-figure", 0.59))
    assert {f.severity for f in judged("CONF001", text, mentions=public, about=0.8)} <= {"info"}
    patient = mentioned(text, ("Jacinda", "person", "patient", 0.59), ("Ardern", "person", "public-figure", 0.47))
    assert "do-not-post" in {f.severity for f in judged("CONF001", text, mentions=patient, about=0.8)}


def test_a_big_city_in_a_case_is_shown_at_info_and_redacted() -> None:
    text = "Saw a 34-year-old man from Manchester in clinic today, daughter with him, bloods and a scan next week"
    assert severity_of(text, "Manchester") == "info"
    report = check(Post(text=text), ONLY)
    assert report.verdict == "ok" and "Manchester" not in report.redacted
    assert severity_of("Saw a 34-year-old man from London with a UTI in clinic today", "London") == "info"
    assert severity_of("Saw a 34-year-old man from Kendal with a UTI in clinic today", "Kendal") == "review"



def test_a_name_beside_a_numbered_bed_or_room_is_the_patient_in_it() -> None:
    text = "Huge well done to Marcus T. (Rm 412) for finishing his last round of chemo today!! 🔔"
    assert severity_of(text, "Marcus") == "do-not-post"


def test_a_training_record_in_a_bed_is_still_a_dummy() -> None:
    text = "Practise on Tester Smith in bed 12 on the training system"
    dummy = judged("CONF001", text, mentions=mentioned(text, ("Tester Smith", "person", "dummy", 0.9)))
    assert "do-not-post" not in [f.severity for f in dummy]


def test_a_clinician_in_a_clinic_room_or_a_colleague_on_a_ward_is_not_a_patient() -> None:
    assert severity_of("Clinic moved: Dr Patel in room 3 today, nurse clinics in room 5.", "Dr Patel") == "info"
    assert severity_of("Welcome to Jo who starts on Ward 9 on Monday!", "Jo") in (None, "info")
