"""The evaluation harness scores what it claims: a detector that flags nothing, one that flags everything and a
perfect one get the figures they must, and the case files and splits are what the docs say they are."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

EVAL = Path(__file__).resolve().parent.parent / "eval"
sys.path.insert(0, str(EVAL))

import harness  # noqa: E402
from harness import Case, CaseError, failures, load_cases, macro_f1, parse_case, score_cases, score_spans  # noqa: E402
from splits import part_of  # noqa: E402

from bedside.model import CATEGORIES  # noqa: E402

CASES = [
    Case("leak", "confidentiality", {"text": "Mrs Pym in bed 4 fell again"}, expect_any=["patient-identifier"],
         min_verdict="do-not-post"),
    Case("teach", "benign", {"text": "Check K+ before IV furosemide"}, forbid=["patient-identifier", "offensive"],
         max_verdict="ok"),
    Case("hate", "conduct", {"text": "some slur"}, expect_all=["hate"], min_verdict="review"),
]


def nothing(posts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"verdict": "ok", "findings": []} for _ in posts]


def everything(posts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"verdict": "do-not-post",
             "findings": [{"category": c, "severity": "do-not-post", "start": 0, "end": len(p["text"])}
                          for c in CATEGORIES]} for p in posts]


def perfect_for(case: Case) -> dict[str, Any]:
    wanted = set(case.expect_all) | set(case.expect_any[:1])
    verdict = case.min_verdict or "ok"
    return {"verdict": verdict, "findings": [{"category": c, "severity": "review" if verdict == "ok" else verdict,
                                              "start": None, "end": None} for c in wanted]}


def test_nothing_passes_only_the_quiet_cases() -> None:
    score = score_cases(CASES, nothing([c.post for c in CASES]))
    assert score.rate("benign") == 1.0
    assert score.rate("confidentiality") == 0.0 and score.rate("conduct") == 0.0
    assert score.rate() == pytest.approx(1 / 3)
    assert {m["id"] for m in score.misses} == {"leak", "hate"}


def test_everything_fails_the_quiet_cases_and_counts_the_alarms() -> None:
    score = score_cases(CASES, everything([c.post for c in CASES]))
    assert score.rate("benign") == 0.0 and score.rate("confidentiality") == 1.0 and score.rate("conduct") == 1.0
    assert score.benign_patient_alarm == 1 and score.benign_conduct_alarm == 1
    assert "false alarm patient-identifier" in failures(CASES[1], everything([CASES[1].post])[0])


def test_a_perfect_detector_passes_every_case() -> None:
    assert score_cases(CASES, [perfect_for(c) for c in CASES]).rate() == 1.0


def test_info_findings_do_not_flag_and_refusals_fail() -> None:
    info = {"verdict": "ok", "findings": [{"category": "patient-identifier", "severity": "info"}]}
    assert failures(CASES[1], info) == []
    assert failures(CASES[0], info) == ["none of patient-identifier", "verdict ok below do-not-post"]
    assert failures(CASES[1], {"error": "profession must be one of ..."})[0].startswith("refused")


def test_macro_f1_of_the_three_detectors() -> None:
    labels = [True, False, True, False]
    assert macro_f1(labels, labels) == 1.0
    assert macro_f1(labels, [False] * 4) == pytest.approx(1 / 3)  # F1 of the other class 2/3, flagged 0
    assert macro_f1(labels, [True] * 4) == pytest.approx(1 / 3)


def test_span_scores_of_the_three_detectors() -> None:
    texts = ["Seen by Dr Ames on 7/22 at CALVERT", "nothing here"]
    gold = [[(8, 15, "HCPName"), (19, 23, "Date"), (27, 34, "Location")], []]
    none = score_spans(texts, gold, nothing([{"text": t} for t in texts]))
    assert none.recall() == 0.0 and none.precision() == 0.0 and len(none.misses) == 3
    every = score_spans(texts, gold, everything([{"text": t} for t in texts]))
    assert every.recall() == 1.0 and every.precision() == pytest.approx(0.5)  # the span over "nothing here" is wrong
    exact = [{"findings": [{"category": "patient-identifier", "severity": "review", "start": s, "end": e}
                           for s, e, _ in spans]} for spans in gold]
    perfect = score_spans(texts, gold, exact)
    assert perfect.recall() == 1.0 and perfect.precision() == 1.0
    assert score_spans(texts, gold, exact, required={"Date"}).gold == Counter({"Date": 1})


def test_the_product_detector_reports_what_check_decides() -> None:
    post = {"text": "Mrs Dorothy Pym, NHS 943 476 5919, DOB 12/06/1952"}
    decision = harness.decide_one(post)
    assert decision["verdict"] == "do-not-post"
    assert "patient-identifier" in harness.reported(decision)
    assert harness.decide_one({"text": "hi", "profession": "wizard"})["error"].startswith("profession")


def test_case_lines_are_validated() -> None:
    with pytest.raises(CaseError, match="unknown categories"):
        parse_case({"id": "x", "family": "benign", "text": "t", "forbid": ["patient-id"]}, "tuning", CATEGORIES)
    with pytest.raises(CaseError, match="no expectation"):
        parse_case({"id": "x", "family": "benign", "text": "t"}, "tuning", CATEGORIES)
    with pytest.raises(CaseError, match="family"):
        parse_case({"id": "x", "family": "funny", "text": "t", "max_verdict": "ok"}, "tuning", CATEGORIES)


def test_the_case_files_hold_the_promised_mix() -> None:
    cases = load_cases(EVAL / "cases", CATEGORIES)
    families = Counter(c.family for c in cases)
    assert len(cases) >= 700
    minimum = {"benign": 280, "confidentiality": 140, "jigsaw": 70, "conduct": 120, "context": 90}
    assert all(families[f] >= n for f, n in minimum.items()), families
    for family in minimum:  # half of each family is sealed
        sealed = sum(c.part == "sealed" and c.family == family for c in cases)
        assert abs(sealed - families[family] / 2) <= 1, family
    for line in (EVAL / "cases" / "tuning" / "benign.jsonl").read_text(encoding="utf-8").splitlines()[:5]:
        assert json.loads(line)["why"]


def test_the_split_is_fixed_and_about_seventy_thirty() -> None:
    parts = Counter(part_of("tweeteval-offensive", str(i)) for i in range(5000))
    assert 0.27 < parts["sealed"] / 5000 < 0.33
    assert part_of("physionet", "1") == part_of("physionet", "1")
