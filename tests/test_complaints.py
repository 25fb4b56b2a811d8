"""COMP003: `bedside reply --complaint FILE` and `bedside.complaints.draft_reply` write a reply that
explains confidentiality, points to the complaints procedure and gives a contact route, and bedside's
own check of it, as a reply to that complaint, finds nothing, for every pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside import Post, check
from bedside.complaints import complaint_topics, draft_reply
from bedside.config import Config
from bedside.model import InputError
from bedside.packs import load_packs
from cli_helpers import run_cli

COMPLAINTS = (
    "1 star. Waited 2 hours past my appointment time on Tuesday and the receptionist was rude. Never again.",
    "Dr Patel refused my prescription and now I'm stuck without my meds. Disgusting service!!",
    "Five stars, Dr Jones saved my life after my heart attack last March, thank you all",
    "Charged me $300 for a 5 minute visit and the waiting room was filthy",
)


def _packs() -> list[tuple[str, str, str]]:
    return [(pack.id, pack.countries[0], pack.professions[0]) for pack in load_packs().values()]


@pytest.mark.parametrize(("pack_id", "country", "profession"), _packs())
@pytest.mark.parametrize("complaint", COMPLAINTS)
def test_draft_passes_bedsides_own_check_for_every_pack(pack_id: str, country: str, profession: str,
                                                        complaint: str) -> None:
    draft = draft_reply(complaint, country=country, profession=profession)
    report = check(Post(text=draft, kind="reply", reply_to=complaint, country=country,
                        profession=profession))  # type: ignore[arg-type]
    assert report.pack == pack_id
    assert report.findings == [], [f"{f.code}: {f.message}" for f in report.findings]
    pack = load_packs()[pack_id]
    assert pack.complaints["process"] in draft and pack.complaints["escalation"] in draft
    assert "confirm or discuss in public" in draft


def test_draft_never_repeats_the_complaints_details() -> None:
    complaint = (Path(__file__).parent / "fixtures" / "complaints" / "review.txt").read_text()
    draft = draft_reply(complaint, practice="Riverside Surgery")
    for detail in ("Tuesday", "Karen", "Patel", "results", "John", "Mill Lane", "2 hours"):
        assert detail not in draft
    assert draft.endswith("— Riverside Surgery")
    assert complaint_topics(complaint) == ["waiting times", "access to appointments"]


def test_draft_with_practice_and_contact_passes_with_them_allowed() -> None:
    contact = "our practice manager, Jo, on 01632 960 123 or hello@riverside.example"
    draft = draft_reply(COMPLAINTS[0], practice="Riverside Surgery", contact=contact)
    assert contact in draft
    report = check(Post(text=draft, kind="reply", reply_to=COMPLAINTS[0]),
                   Config(allow=("01632 960 123", "hello@riverside.example", "Riverside Surgery")))
    assert report.verdict == "ok"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 100_001])
def test_draft_refuses_empty_or_huge_complaints(bad: str) -> None:
    with pytest.raises(InputError):
        draft_reply(bad)


def test_reply_command_prints_only_the_reply(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(__file__).parent / "fixtures" / "complaints" / "review.txt"
    result = run_cli(capsys, monkeypatch, "reply", "--complaint", str(source), "--practice", "Riverside Surgery",
                     "--contact", "the practice manager on 01632 960 123")
    assert result.code == 0
    assert result.out == draft_reply(source.read_text(), practice="Riverside Surgery",
                                     contact="the practice manager on 01632 960 123") + "\n"
    assert result.err == ""  # its own check found nothing


def test_reply_command_reads_stdin_and_takes_a_country(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "reply", "--complaint", "-", "--country", "NZ",
                     stdin=COMPLAINTS[1].encode())
    assert result.code == 0 and "Health and Disability Commissioner" in result.out


def test_reply_command_bad_input_is_one_line(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "reply", "--complaint", "-", stdin=b"")
    assert result.code == 2 and "complaint is empty" in result.err and "Traceback" not in result.err


def test_replies_to_complaints_in_everyday_words_are_read_as_replies() -> None:
    # a complaint without the complaint words ("6 sessions later, no better and $540 poorer"), and replies that
    # give the patient away in everyday words ("your daughter got Panado on arrival")
    from bedside import Post, check

    def codes(text: str, reply_to: str) -> set[str]:
        return {f.code for f in check(Post(text=text, kind="reply", reply_to=reply_to)).findings}

    assert "COMP001" in codes("Sorry you feel that way. Looking back at your file you only did 2 of the 6 programmes.",
                              "Went to the physio for my shoulder. 6 sessions later, no better and $540 poorer.")
    assert "COMP001" in codes("Your daughter got paracetamol on arrival and her temperature was down within the hour.",
                              "Casualty ignored my daughter with a 39 fever for 3 hours.")
