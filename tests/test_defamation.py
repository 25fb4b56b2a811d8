"""`bedside defamation`: the triage's reasoning (serious harm, the four defences) and its three ways in:
options, a JSON answers file, and interactive prompts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedside.defamation import DISCLAIMER, QUESTIONS, assess, normalise, render
from bedside.model import InputError
from bedside.packs import select_pack
from cli_helpers import run_cli

GB = select_pack("GB", "doctor")
ANSWERS = Path(__file__).parent / "fixtures" / "defamation" / "answers.json"


def test_grave_wide_false_allegation_against_a_clinician_is_likely_serious_harm() -> None:
    triage = assess({"claimant": "individual", "kind": "fact", "gravity": "crime", "reach": "wide",
                     "harm": "some", "truth": "no"}, GB)
    assert triage.serious_harm == "likely"
    assert triage.defences["truth"]["status"] == "unlikely"
    assert triage.defences["honest opinion"]["status"] == "unlikely"
    assert triage.disclaimer == DISCLAIMER


def test_a_business_must_show_serious_financial_loss() -> None:
    triage = assess({"claimant": "business", "gravity": "competence", "reach": "wide", "harm": "some"}, GB)
    assert triage.serious_harm == "unlikely"
    assert any("serious financial loss" in reason for reason in triage.serious_harm_reasons)
    assert assess({"claimant": "business", "gravity": "crime", "reach": "wide", "harm": "loss"}, GB).serious_harm \
        == "likely"


def test_public_bodies_and_vulgar_abuse() -> None:
    assert assess({"claimant": "public-body"}, GB).serious_harm == "not applicable"
    assert assess({"claimant": "individual", "gravity": "insult", "reach": "wide"}, GB).serious_harm == "unlikely"


def test_an_experience_review_has_honest_opinion_and_privilege_is_recognised() -> None:
    triage = assess({"kind": "opinion", "basis": "yes", "privilege": "yes", "public_interest": "yes"}, GB)
    assert triage.defences["honest opinion"]["status"] == "likely available"
    assert triage.defences["privilege"]["status"] == "likely available"
    assert triage.defences["public interest"]["status"] == "may be available"


def test_limitation_and_other_countries_are_noted() -> None:
    assert any("one year" in note for note in assess({"months": "11"}, GB).notes)
    ireland = assess({}, select_pack("IE", "doctor"))
    assert "Defamation Act 2009" in ireland.law
    assert any("differs" in note for note in ireland.notes)


def test_bad_answers_are_refused() -> None:
    with pytest.raises(InputError, match="gravity must be one of"):
        normalise({"gravity": "terrible"})
    with pytest.raises(InputError, match="unknown answer"):
        normalise({"colour": "blue"})
    with pytest.raises(InputError, match="months"):
        normalise({"months": "soon"})


def test_render_has_every_section() -> None:
    text = render(assess({}, GB))
    for part in ("Serious harm:", "truth:", "honest opinion:", "public interest:", "privilege:",
                 "What to do next:", "not legal advice; contact your defence organisation"):
        assert part in text


def test_command_with_flags(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "defamation", "--claimant", "individual", "--gravity", "crime",
                     "--reach", "wide", "--kind", "fact", "--truth", "no", "--no-input")
    assert result.code == 0
    assert "Serious harm: likely" in result.out
    assert "This is not legal advice; contact your defence organisation." in result.out


def test_command_with_answers_file_as_json(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "defamation", "--answers", str(ANSWERS), "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["serious_harm"] == "likely"
    assert data["answers"]["public_interest"] == "yes"
    assert set(data["defences"]) == {"truth", "honest opinion", "public interest", "privilege"}
    assert data["disclaimer"] == DISCLAIMER


def test_command_interactive(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    answers = ["They said we killed a patient", "individual", "fact", "crime", "wide", "journalist", "some",
               "no", "no", "no", "no", "3"]
    assert len(answers) == len(QUESTIONS)
    result = run_cli(capsys, monkeypatch, "defamation", "--interactive",
                     stdin=("\n".join(answers) + "\n").encode())
    assert result.code == 0, result.err
    assert "Who is criticised?" in result.out and "Serious harm: likely" in result.out


def test_command_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "defamation", "--gravity", "awful", "--no-input")
    assert result.code == 2 and "gravity must be one of" in result.err
    broken = tmp_path / "answers.json"
    broken.write_text("[1, 2]")
    result = run_cli(capsys, monkeypatch, "defamation", "--answers", str(broken))
    assert result.code == 2 and "JSON object" in result.err
