"""Issue 15, point 3: where redaction cannot make a post safe, a neutral rewrite where a safe one exists, checked
again, and never a silent pass."""

from __future__ import annotations

from bedside import check, rewrite
from bedside.model import Amendment, Finding, Redaction, Report


def _finding(code: str, start: int, end: int, amendment: Amendment | None, severity: str = "review") -> Finding:
    return Finding(code=code, name=code.lower(), category="derogatory", severity=severity,  # type: ignore[arg-type]
                   message="m", start=start, end=end, amendment=amendment)


def _report(findings: list[Finding], redactions: list[Redaction] | None = None) -> Report:
    return Report(verdict="review", findings=findings, redacted="", redactions=redactions or [])


def _clean(text: str) -> Report:
    return _report([])


def test_the_layer_applies_amendments_and_redactions_and_fixes_the_article() -> None:
    text = "Saw Mrs Ann Lee, an alky from the estate, again today."
    alky = text.index("alky")
    report = _report([_finding("PROF001", alky, alky + 4, Amendment(alky, alky + 4, "person with alcohol dependence"))],
                     [Redaction(4, 15, "NAME", ("CONF001",))])
    suggestion = rewrite.suggest(text, report, _clean)
    assert suggestion is not None
    assert suggestion.text == "Saw [NAME], a person with alcohol dependence from the estate, again today."
    assert suggestion.codes == ("PROF001",)


def test_two_labels_side_by_side_become_one() -> None:
    text = "Another heartsink frequent flyer in clinic, back again."
    a, b = text.index("heartsink"), text.index("frequent")
    report = _report([_finding("PROF001", a, a + 9, Amendment(a, a + 9, "patient")),
                      _finding("PROF001", b, b + 14, Amendment(b, b + 14, "frequent attender"))])
    suggestion = rewrite.suggest(text, report, _clean)
    assert suggestion is not None and suggestion.text == "Another frequent attender in clinic, back again."


def test_a_dropped_sentence_takes_the_name_in_it_and_leaves_no_seam() -> None:
    text = "Dr Hale is a butcher. The clinic ran late today, sorry to everyone waiting."
    report = _report([_finding("DEFM001", 0, 20, Amendment(0, 21))], [Redaction(0, 7, "NAME", ("CONF001",))])
    suggestion = rewrite.suggest(text, report, _clean)
    assert suggestion is not None and suggestion.text == "The clinic ran late today, sorry to everyone waiting."


def test_no_suggestion_when_the_second_check_still_finds_something_or_too_little_is_left() -> None:
    text = "What an idiot. Busy shift on the ward today."
    report = _report([_finding("PROF002", 8, 13, Amendment(0, 14))])
    assert rewrite.suggest(text, report, lambda again: report) is None  # still flagged
    short = "Total idiot. Ugh."
    assert rewrite.suggest(short, _report([_finding("PROF002", 6, 11, Amendment(0, 12))]), _clean) is None
    # a finding that says nothing of how to amend it (a reading of the whole post, a missing declaration): no
    # guess at a rewrite, even beside one that can be amended
    whole = _report([_finding("PROF002", 8, 13, Amendment(0, 14)), _finding("IDEN001", 0, 4, None)])
    assert rewrite.suggest(text, whole, _clean) is None


def test_a_label_in_a_description_gets_neutral_words_and_identifiers_stay_replaced() -> None:
    report = check("Mrs Edith Langley (NHS 943 476 5919) was admitted with acopia again, lovely lady")
    assert [f.code for f in report.rewrite_needed] == ["PROF001"]
    assert report.suggestion is not None
    assert report.suggestion.text == ("[NAME] (NHS [NHS NUMBER]) was admitted with difficulty coping at home again, "
                                      "lovely lady")


def test_a_false_claim_gives_way_to_where_the_evidence_is() -> None:
    report = check("COVID-19 was invented by the government to control us. Stay safe everyone and wash your hands.")
    assert report.suggestion is not None
    assert "invented" not in report.suggestion.text  # the myth is not restated, even to deny it
    assert report.suggestion.text.startswith("For the evidence on COVID-19 origin, see https://www.who.int/")
    assert report.suggestion.text.endswith("Stay safe everyone and wash your hands.")


def test_every_suggestion_is_itself_clean_and_a_label_used_as_an_insult_gets_none() -> None:
    posts = ["Another heartsink frequent flyer in resus tonight, total GOMER.",
             "Mrs Edith Langley (NHS 943 476 5919) is a total heartsink",
             "Absolutely fucking shattered after that shift",
             "Two crumblies with acopia in the department tonight, lovely ladies both",
             "Vaccines cause autism, the evidence is clear and doctors are paid to hide it. Stay safe all."]
    for post in posts:
        report = check(post)
        assert report.rewrite_needed, post
        if report.suggestion is not None:
            assert not check(report.suggestion.text).rewrite_needed, report.suggestion
    assert check("Mrs Edith Langley (NHS 943 476 5919) is a total heartsink").suggestion is None


def test_suggestions_only_where_a_rewrite_is_needed_and_when_asked() -> None:
    assert check("Saw Mrs Edith Langley (NHS 943 476 5919) on the ward today").suggestion is None  # redaction fixes it
    assert check("Absolutely fucking shattered after that shift", suggest=False).suggestion is None
    data = check("Absolutely fucking shattered after that shift").to_dict()
    assert data["suggestion"] == {"text": "Absolutely shattered after that shift", "codes": ["PROF003"]}
