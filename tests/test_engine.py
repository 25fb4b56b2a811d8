"""The check engine's contract: Post in, Report out, verdicts, redaction, settings, packs."""

from __future__ import annotations

import json

import pytest

from bedside import Config, InputError, Post, check, redact
from bedside.engine import apply_redactions, exit_code
from bedside.model import CATEGORIES, verdict_of
from bedside.rules import Redaction, all_rules, get_rule

CASE = "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952"


def test_a_case_with_direct_identifiers_is_do_not_post() -> None:
    report = check(CASE)
    assert report.verdict == "do-not-post"
    texts = {f.text for f in report.findings}
    assert "943 476 5919" in texts
    assert "03/04/1952" in texts
    for finding in report.findings:
        assert finding.code and finding.name and finding.message and finding.fix
        assert finding.category in CATEGORIES
        assert finding.start is not None and finding.end is not None
        assert CASE[finding.start : finding.end] == finding.text
        assert finding.references, "every finding cites guidance"


def test_redacted_text_drops_every_identifier() -> None:
    redacted = check(CASE).redacted
    for secret in ("Langley", "943 476 5919", "03/04/1952"):
        assert secret not in redacted
    assert "[NHS NUMBER]" in redacted
    assert "[DATE OF BIRTH]" in redacted
    assert redact(CASE) == redacted


def test_a_post_with_nothing_identifying_is_ok() -> None:
    report = check("Great teaching session on sepsis recognition this morning. Thanks to all who came!")
    assert report.verdict == "ok"
    assert report.redacted == "Great teaching session on sepsis recognition this morning. Thanks to all who came!"


def test_empty_text_gives_an_ok_report() -> None:
    report = check("")
    assert report.verdict == "ok" and report.findings == [] and report.redacted == ""


def test_spans_are_code_point_offsets_into_the_text_as_given() -> None:
    text = "😀 é pt NHS no 943 476 5919"
    finding = next(f for f in check(text).findings if f.text == "943 476 5919")
    assert text[finding.start : finding.end] == "943 476 5919"


def test_verdict_is_the_highest_severity_with_info_counting_as_ok() -> None:
    assert verdict_of([]) == "ok"
    report = check("Email our rota coordinator on rota@example.org for shift swaps.")
    assert all(f.severity != "do-not-post" for f in report.findings)


def test_json_is_the_same_data() -> None:
    report = check(CASE)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["verdict"] == report.verdict
    assert [f["code"] for f in data["findings"]] == [f.code for f in report.findings]
    assert {"code", "name", "category", "severity", "message", "start", "end", "text", "references", "fix"} <= set(
        data["findings"][0]
    )


def test_allow_list_never_flags_the_users_own_details() -> None:
    text = "Patient seen today; call me on 01872 250000 if worried"
    assert "01872 250000" not in check(text).redacted  # a phone in a post about a patient is taken out
    allowed = check(text, Config(allow=("01872250000",)))
    assert not any(f.text == "01872 250000" for f in allowed.findings)
    assert "01872 250000" in allowed.redacted


def test_select_and_ignore_choose_rules_by_code_or_prefix() -> None:
    assert check(CASE, Config(ignore=("CONF",))).findings == []
    selected = check(CASE, Config(select=("CONF001",)))
    assert {f.code for f in selected.findings} == {"CONF001"}


def test_exit_code_follows_fail_on() -> None:
    report = check(CASE)
    assert exit_code(report, "review") == 1
    assert exit_code(check("Lovely sunny day"), "review") == 0


def test_overlapping_redactions_merge() -> None:
    text = "abcdefghij"
    merged = apply_redactions(text, [Redaction(1, 4, "A"), Redaction(2, 8, "B"), Redaction(9, 10, "C")])
    assert merged == "a[B]i[C]"


def test_bad_post_fields_are_input_errors() -> None:
    with pytest.raises(InputError):
        Post(text="x", audience="everyone")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Post(text="x", kind="tweet")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        check(Post(text="x" * 5_000_001))


def test_every_rule_is_documented() -> None:
    rules = all_rules()
    assert rules, "the registry is not empty"
    for rule in rules:
        assert rule.code[:4].isalpha() and rule.code[4:].isdigit()
        assert rule.category in CATEGORIES
        for text in (rule.name, rule.summary, rule.what, rule.why, rule.example, rule.fix):
            assert text.strip()
    assert get_rule("conf001") is not None


def test_non_english_text_is_checked_for_identifiers_only_with_a_warning() -> None:
    text = "Hoy he visto a la señora en la consulta, su número es 943 476 5919 y vive en la calle mayor de la ciudad"
    report = check(text)
    assert any("English" in w for w in report.warnings)
    assert {f.category for f in report.findings} <= {"patient-identifier", "personal-data", "jigsaw"}
