"""The context rules, each firing and staying quiet: identity (IDEN001, IDEN003), interests (IDEN002),
boundaries (BOUN001, BOUN002), complaint replies (COMP001-003), defamation (DEFM001), private channels
(CHAN001), venting (PROF006) and political or religious views (PROF007)."""

from __future__ import annotations

from typing import Any

import pytest

from bedside import Post, check
from bedside.config import Config
from bedside.model import Finding
from bedside.rules import get_rule
from rule_helpers import judged, mentioned

COMPLAINT = "1 star. Rude receptionist and I waited two hours for my appointment. Awful service."


def findings(text: str, code: str, **fields: Any) -> list[Finding]:
    report = check(Post(text=text, **fields), Config(select=(code,)))
    return [f for f in report.findings if f.code == code]


def fires(text: str, code: str, **fields: Any) -> Finding:
    found = findings(text, code, **fields)
    assert found, f"{code} should fire on {text!r} {fields}"
    assert found[0].references, "every finding cites guidance"
    return found[0]


def quiet(text: str, code: str, **fields: Any) -> None:
    found = findings(text, code, **fields)
    assert not found, f"{code} should stay quiet on {text!r}: {[f.message for f in found]}"


CODES = ("IDEN001", "IDEN002", "IDEN003", "BOUN001", "BOUN002", "COMP001", "COMP002", "COMP003", "DEFM001",
         "CHAN001", "PROF006", "PROF007")


@pytest.mark.parametrize("code", CODES)
def test_rule_has_docs(code: str) -> None:
    rule = get_rule(code)
    assert rule is not None
    assert all((rule.summary, rule.what, rule.why, rule.example, rule.fix))


# --- IDEN001 ------------------------------------------------------------------------------------------
HEALTH = "The new weight-loss jabs are safe for everyone, ask your GP."


@pytest.mark.parametrize("profile", ["NHS doctor. Views my own.", "FY1 | tired | coffee", "Consultant anaesthetist",
                                     "RN, MBBS, loves running", "Consultant Cardiologist at St Thomas' Hospital",
                                     "GP partner, Manchester. Love Running and Liverpool FC",
                                     "Night Owl | ICU nurse", "Captain Cannula, ED nurse", "Angry Medic | views my own",
                                     "Staff Nurse at St James", "Lead Nurse, Emergency Department, CHFT",
                                     "A&E nurse | Calderdale Royal Hospital", "Otley Surgery | GP partner"])
def test_iden001_fires_on_unnamed_clinician_profile(profile: str) -> None:
    finding = fires(HEALTH, "IDEN001", profile=profile)
    assert finding.severity == "review" and finding.category == "identity"


@pytest.mark.parametrize("profile", ["Dr Sarah Jones, GP in Leeds", "Sarah Jones | A&E nurse",
                                     "Tom K | FY2 | Bristol", "Mum of two, keen cyclist",
                                     # names the name lists miss, set out as profiles set out names (issue 15)
                                     "Sian Evans RN", "Roisin Quinn RN", "Orla Fitzgerald RGN | practice nurse",
                                     "Eilidh MacLeod | 5th yr med student", "Mere Paki, Nurse Manager",
                                     "Sister Nomvula Dlamini, TB focal nurse", "Pharmacy | Pharmacist Sunil Mistry",
                                     # a given name alone, set off as a profile's first word
                                     "Priya | GP 🩺 | Leicester", "Kwame - paramedic, Kumasi"])
def test_iden001_quiet_when_named_or_not_a_clinician(profile: str) -> None:
    quiet(HEALTH, "IDEN001", profile=profile)


def test_iden001_asks_a_name_only_of_the_professions_whose_guidance_asks_it() -> None:
    # The GMC asks doctors who say they are doctors to give their name; the NMC asks nurses to act responsibly
    # when they say they are nurses, not to name themselves (the pack's [identity] professions).
    assert fires(HEALTH, "IDEN001", profile="NHS doctor. Views my own.").severity == "review"
    nurse = fires(HEALTH, "IDEN001", profile="Practice nurse, Sparkbrook", profession="nurse")
    assert nurse.severity == "info" and "does not ask a nurse to give their name" in nurse.message
    assert fires(HEALTH, "IDEN001", profile="School nurse, HSE", profession="nurse", country="IE").severity == "info"
    assert fires(HEALTH, "IDEN001", profile="GP, Galway", country="IE").severity == "review"


def test_iden001_quiet_without_profile_or_off_topic() -> None:
    quiet(HEALTH, "IDEN001")
    quiet("Great match at the weekend, what a goal.", "IDEN001", profile="NHS doctor")


def test_iden001_is_advice_only_in_the_us_pack() -> None:
    assert fires(HEALTH, "IDEN001", profile="NHS doctor", country="US").severity == "info"


# --- IDEN003 ------------------------------------------------------------------------------------------
def test_iden003_fires_on_anonymous_account_about_patients() -> None:
    finding = fires("Saw a patient today who had swallowed a battery.", "IDEN003",
                    profile="The Secret Registrar (anon)")
    assert finding.severity == "review" and "traced" in finding.message


def test_iden003_fires_on_nameless_profile_about_patients() -> None:
    fires("My patient in bay 3 presented with chest pain.", "IDEN003", profile="night shift life")


def test_iden003_info_on_anonymous_health_comment() -> None:
    assert fires(HEALTH, "IDEN003", profile="anonymous medic").severity == "info"


def test_iden003_quiet() -> None:
    quiet("Saw a patient today who had swallowed a battery.", "IDEN003")  # no profile given
    quiet("Saw a patient today who had swallowed a battery.", "IDEN003", profile="Dr Sarah Jones, GP")
    quiet("Lovely walk along the coast.", "IDEN003", profile="anon")


# --- IDEN002 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I swear by these collagen gummies for my skin. Use code DRJESS20 for 20% off!",
    "Book your consultation at my clinic now, link in bio",
    "I've been using this vitamin D supplement all winter and I highly recommend it: amzn.to/3xYz",
    "My new course on minor surgery is out now, 30% off this week",
    "I'm speaking at the Pfizer symposium in Leeds tonight, come along",
])
def test_iden002_fires_on_undeclared_promotion(text: str) -> None:
    assert fires(text, "IDEN002").category == "conflict-of-interest"


@pytest.mark.parametrize("text", [
    "#ad I swear by these collagen gummies for my skin. Use code DRJESS20 for 20% off!",
    "Paid partnership with Acme: I recommend the Acme blood pressure monitor app.",
    "Book your consultation at my clinic now. Disclosure: I own the clinic.",
    "I receive fees from Acme Health for this course. Sign up to our course today.",
])
def test_iden002_silenced_by_disclosure(text: str) -> None:
    quiet(text, "IDEN002")


@pytest.mark.parametrize("text", [
    "I recommend everyone over 65 gets their flu jab this autumn.",
    "Code Blue called on the ward, everyone did brilliantly.",
    "New study: vitamin D supplements do not prevent fractures in older adults.",
    "We're an approved training practice (ODS code Y02756) with 2 ST3 posts from August.",
    "Coded as ICD-10 code J45 on discharge, which is right for this teaching example.",
])
def test_iden002_quiet_on_health_advice_and_news(text: str) -> None:
    quiet(text, "IDEN002")


def test_iden002_is_do_not_post_in_singapore() -> None:
    assert fires("Use code DRJ20 for 20% off my skincare range", "IDEN002", country="SG").severity == "do-not-post"


# --- BOUN001 ------------------------------------------------------------------------------------------
def test_boun001_friend_request_gets_a_polite_decline() -> None:
    finding = fires("Hi Dr Khan! You looked after my mum last month, add me?", "BOUN001", kind="friend-request")
    reply = finding.details["reply"]
    assert "I don't connect with patients on my personal accounts" in reply
    assert reply in finding.fix
    assert check(Post(text=reply, kind="message"), Config(ignore=("CHAN",))).verdict == "ok"


def test_boun001_personal_message_from_patient() -> None:
    fires("You were my midwife when I had Ellie, would love to catch up for coffee!", "BOUN001", kind="message")


@pytest.mark.parametrize(("text", "kind"), [
    ("so proud of you for the 6 month chip!! from your fav night nurse on the unit lol, followed u", "message"),
    ("@jen_runs well done on the 10k since the op!! told you the knee would hold — your physio", "post"),
    ("Hi, I was your midwife in 2019, hope you and the baby are well", "message"),
])
def test_boun001_a_clinician_writing_to_their_own_patient(text: str, kind: str) -> None:
    finding = fires(text, "BOUN001", kind=kind)
    assert "someone you treat or treated" in finding.message and "your" in finding.text


def test_boun001_professional_page_from_settings() -> None:
    config = Config(select=("BOUN001",), options={"professional_page": "@DrKhanGP"})
    report = check(Post(text="Add me?", kind="friend-request"), config)
    assert "@DrKhanGP" in report.findings[0].details["reply"]


def test_boun001_quiet() -> None:
    quiet("You were my midwife when I had Ellie!", "BOUN001")  # a public post, not contact
    quiet("Are you coming to the quiz on Friday?", "BOUN001", kind="message")
    quiet("Did your nurse check the dressing before you went home?", "BOUN001", kind="reply")
    quiet("Lovely to see you at the quiz, from your fav night nurse xx", "BOUN001")  # a public post to nobody


# --- BOUN002 ------------------------------------------------------------------------------------------
def test_boun002_question_about_own_care_in_reply_to() -> None:
    finding = fires("Hi, yes you should stop them", "BOUN002", kind="reply",
                    reply_to="Dr Sam, should I stop my blood pressure tablets? My results came back high?")
    assert "practice" in finding.details["reply"] and finding.start is None


def test_boun002_question_in_a_message() -> None:
    fires("Can you check my blood test results from Monday please?", "BOUN002", kind="message")


def test_boun002_quiet() -> None:
    quiet("Thanks for the lovely card!", "BOUN002", kind="reply", reply_to="Thank you for everything, doctor.")
    quiet("Should I stop my statins? Ask your GP first.", "BOUN002")  # a public post, no one is asking you


# --- COMP001..COMP003 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "We saw you on Tuesday and your blood results were normal.",
    "As your GP I can assure you that we take this seriously.",
    "Our records show that you missed two appointments.",
    "We cannot discuss your treatment here, please call us.",
    "We have no record of you attending that day.",
    "On Tuesday you were offered the first available slot.",
    "Your mother was seen promptly by the duty doctor.",
])
def test_comp001_fires_on_disclosure(text: str) -> None:
    finding = fires(text, "COMP001", kind="reply", reply_to=COMPLAINT)
    assert finding.severity == "do-not-post" and finding.category == "complaint-reply"


def test_comp001_redacts_the_care_detail() -> None:
    report = check(Post(text="We saw you on Tuesday.", kind="reply", reply_to=COMPLAINT))
    assert "[CARE DETAIL]" in report.redacted


@pytest.mark.parametrize("text", [
    "We're sorry to read this. We cannot discuss anyone's care in public because of confidentiality; "
    "please contact the practice manager so we can look into it.",
    "Thank you for your feedback. We never comment on individual cases online. Please call us.",
])
def test_comp001_quiet_on_reply_that_explains_confidentiality(text: str) -> None:
    report = check(Post(text=text, kind="reply", reply_to=COMPLAINT))
    assert report.verdict == "ok" and not report.findings


def test_comp001_quiet_outside_replies() -> None:
    quiet("Your results matter: get your blood pressure checked this week.", "COMP001")


@pytest.mark.parametrize("text", [
    "This review is simply not true.",
    "You were rude to our receptionist.",
    "You failed to attend and then complained.",
    "This is a fake review and our solicitors will be in touch.",
])
def test_comp002_fires_on_arguing(text: str) -> None:
    assert fires(text, "COMP002", kind="reply", reply_to=COMPLAINT).severity == "review"


def test_comp002_quiet_on_a_calm_reply() -> None:
    quiet("We're sorry you're unhappy; please contact us so we can look into it.", "COMP002", kind="reply",
          reply_to=COMPLAINT)


def test_comp003_missing_essentials_is_info() -> None:
    finding = fires("Sorry you feel that way.", "COMP003", kind="reply", reply_to=COMPLAINT)
    assert finding.severity == "info"
    assert set(finding.details["missing"]) == {"the duty of confidentiality", "a private contact route"}
    quiet("We can't discuss anyone's care in public; please contact the practice manager.", "COMP003",
          kind="reply", reply_to=COMPLAINT)
    quiet("Thanks, see you at the quiz!", "COMP003", kind="reply", reply_to="Quiz at the Red Lion tonight?")


# --- DEFM001 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Dr Alan Price is a fraud who falsified his patients' results.",
    "Riverside Surgery covers up mistakes and is negligent.",
    "@SmithPharmacy took bribes from the drug reps",
])
def test_defm001_fires_on_damaging_facts(text: str) -> None:
    finding = fires(text, "DEFM001")
    assert finding.severity == "review" and "Defamation Act 2013" in finding.details["reasoning"]


def test_defm001_opinion_is_quiet_and_reports_are_info() -> None:
    quiet("I think Dr Alan Price is incompetent.", "DEFM001")
    quiet("In my view Riverside Surgery is negligent about its waiting list.", "DEFM001")
    quiet("Dr Alan Price gave a brilliant talk on sepsis.", "DEFM001")
    report = fires("Dr Alan Price stole from patients, the court heard.", "DEFM001")
    assert report.severity == "info"


def test_defm001_names_the_local_law() -> None:
    finding = fires("Dr Alan Price is a liar.", "DEFM001", country="IE")
    assert "Defamation Act 2009" in finding.details["law"]


# --- CHAN001 ------------------------------------------------------------------------------------------
def test_chan001_group_post_about_a_patient_is_judged_as_public() -> None:
    finding = fires("Saw a patient in clinic today with the worst rash ever", "CHAN001", audience="group")
    assert "as if it were public" in finding.message and finding.category == "private-channel"


def test_chan001_private_words_in_a_group() -> None:
    finding = fires("Between us, my patient in bay 4 is the local headteacher.", "CHAN001",
                    platform="WhatsApp")
    assert finding.severity == "review"


def test_chan001_quiet() -> None:
    quiet("Saw a patient in clinic today with the worst rash ever", "CHAN001")  # public: CONF rules judge it
    quiet("Running late, see you at 8", "CHAN001", audience="private")


# --- PROF006 ------------------------------------------------------------------------------------------
def test_prof006_venting_about_patients_is_review() -> None:
    finding = fires("I am so sick of patients who turn up to A&E with a cold. #rant", "PROF006")
    assert finding.severity == "review" and finding.category == "venting"
    assert len(findings("I am so sick of patients who turn up to A&E with a cold. #rant", "PROF006")) == 1


def test_prof006_late_night_post_about_work_is_info() -> None:
    finding = fires("Long night on the ward, three admissions and no break.", "PROF006",
                    created_at="2025-03-02T02:40")
    assert finding.severity == "info"


def _vented(text: str, target: str) -> list[Finding]:
    """PROF006 on a post read as mostly letting off steam (0.8), aimed at `target`."""
    return judged("PROF006", text, {"venting": {"true": 0.8, "false": 0.2}, "target": {target: 0.7, "nobody": 0.3},
                                     "mention": {"true": 0.05, "false": 0.95}})


def test_prof006_venting_read_at_people_is_review_and_at_work_is_info() -> None:
    assert [f.severity for f in _vented("Honestly some of the people I see this week", "patients")] == ["review"]
    assert [f.severity for f in _vented("Honestly some of the people I work with", "colleague")] == ["review"]
    # A grumble about the canteen or a policy asks for a pause, not a review.
    assert [f.severity for f in _vented("Taco Tuesday on a Monday again", "nobody")] == ["info"]
    assert [f.severity for f in _vented("The recruitment embargo again", "organisation")] == ["info"]


def _alleged(text: str, people: list[tuple[str, str]]) -> list[Finding]:
    """DEFM001 on a post read as a hearsay allegation against a colleague, the reader finding `people`
    (text, role) in it."""
    mentions = mentioned(text, *((name, "person", role, 0.8) for name, role in people))
    return judged("DEFM001", text, {"target": {"colleague": 0.8, "nobody": 0.2},
                                     "stance": {"demeaning": 0.5, "neutral": 0.5},
                                     "allegation": {"hearsay": 0.7, "fact": 0.1, "none": 0.2}}, mentions)


def test_defm001_reads_no_reputation_in_a_fictional_character() -> None:
    text = "Strong opinions about Bandit's parenting, honestly he lets Bluey get away with anything"
    assert not _alleged(text, [("Bandit", "fictional"), ("Bluey", "fictional")])
    assert [f.severity for f in _alleged(text, [("Bandit", "staff")])] == ["review"]


def test_prof006_quiet() -> None:
    quiet("Long night on the ward, three admissions and no break.", "PROF006", created_at="2025-03-02T14:00")
    quiet("Nurses are furious about the pay offer, union says.", "PROF006")
    quiet("I love my job, brilliant team on the ward today.", "PROF006")


# --- PROF007 ------------------------------------------------------------------------------------------
def test_prof007_fires_only_for_clinician_accounts_and_is_advisory() -> None:
    text = "The Tories are destroying everything, never vote for them."
    finding = fires(text, "PROF007", profile="GP, Leeds")
    assert finding.severity == "info" and finding.category == "political-religious"
    fires("As a nurse I say: repent, sinners, before it is too late.", "PROF007")
    quiet(text, "PROF007")  # not identified as a clinician
    quiet(text, "PROF007", profile="Keen gardener")
    quiet("Election day: remember to bring photo ID to vote.", "PROF007", profile="GP, Leeds")


def test_defm001_quiet_on_victims_and_iden002_on_public_health_links() -> None:
    quiet("Doctor Vandana Tiwari, part of the COVID-19 team, was killed in the violence.", "DEFM001")
    quiet("Monitor the COVID risk in your community with our link in bio.", "IDEN002")
    quiet("Book your flu jab at our clinic this Saturday, walk-ins welcome.", "IDEN002")


def test_docs_describe_every_context_rule_with_each_packs_guidance() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[1] / "docs" / "rules-context.md").read_text(encoding="utf-8")
    for code in CODES:
        section = docs.split(f"### {code} ")[1].split("### ")[0]
        for pack in ("gmc", "nmc", "hcpc", "uk-practice", "mci", "ahpra", "mcnz", "hpcsa", "smc", "mchk", "us"):
            assert f"| `{pack}` |" in section, (code, pack)


def test_iden001_on_a_profile_checked_by_itself() -> None:
    fires("NHS doctor. Views my own. Tweets about medicine and running.", "IDEN001", kind="profile")
    quiet("Dr Priya Shah. NHS GP in Bristol.", "IDEN001", kind="profile")


def test_iden001_an_anonymous_clinician_persona_is_reviewed_even_where_no_name_is_asked() -> None:
    profile = "Pharmacist. Ask me anything about your meds. Anonymous so I can be honest."
    finding = fires(profile, "IDEN001", kind="profile", profession="allied-health")
    assert finding.severity == "review" and "an allied health professional" in finding.message
    named = fires("Physio | ACL rehab | views my own", "IDEN001", kind="profile", profession="allied-health")
    assert named.severity == "info"
