"""Score what the product decides: verdicts, categories and finding spans, never a model's raw score.

A *detector* takes a batch of posts (dicts of `Post` fields) and returns, for each, the decision that
`bedside scan --jsonl` prints: `{"verdict": ..., "findings": [{"category", "severity", "start", "end", ...}]}`,
or `{"error": message}` when the product refuses the input. `product` is the real one (the engine's
`check()`, the function behind `bedside scan`); tests pass fake detectors to show that the scoring is right.

A category is *reported* when a finding of that category has severity review or do-not-post: info-level
findings are shown to the user but do not flag a post.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

Decision = dict[str, Any]
Detector = Callable[[Sequence[dict[str, Any]]], list[Decision]]

VERDICTS = ("ok", "review", "do-not-post")
FAMILIES = ("benign", "confidentiality", "jigsaw", "conduct", "context")
POST_FIELDS = ("text", "kind", "audience", "platform", "profile", "reply_to", "country", "profession")
EXPECTATION_FIELDS = ("expect_all", "expect_any", "forbid", "min_verdict", "max_verdict")
PATIENT = frozenset({"patient-identifier", "personal-data", "jigsaw"})
ABUSE = frozenset({"derogatory", "offensive", "harassment", "hate", "sexual"})
CONDUCT = ABUSE | {"misinformation", "political-religious", "venting"}
CONTEXT = frozenset({"identity", "conflict-of-interest", "boundaries", "complaint-reply", "defamation",
                     "private-channel"})


# --- the product ------------------------------------------------------------------------------------------


def decide_one(fields: dict[str, Any]) -> Decision:
    """The product's decision on one post, in the shape `bedside scan --jsonl` prints."""
    from bedside import InputError, Post, check

    try:
        report = check(Post(**fields))
    except (InputError, TypeError) as error:
        return {"error": str(error).splitlines()[0]}
    return {"verdict": report.verdict,
            "findings": [{"code": f.code, "category": f.category, "severity": f.severity, "start": f.start,
                          "end": f.end, "text": f.text, "identifier": f.details.get("identifier")}
                         for f in report.findings]}


_POOL: Pool | None = None


def product(posts: Sequence[dict[str, Any]]) -> list[Decision]:
    """Every post through the product, on all cores. The worker pool is made once, before this process has
    loaded any model (forking a loaded ONNX session is unsafe), and each worker loads the models lazily."""
    global _POOL
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2:
        return [decide_one(p) for p in posts]
    if _POOL is None:
        _POOL = multiprocessing.get_context("fork").Pool(workers)
        atexit.register(_POOL.terminate)
    return _POOL.map(decide_one, posts, chunksize=16)


def reported(decision: Decision) -> set[str]:
    return {f["category"] for f in decision.get("findings", []) if f["severity"] != "info"}


# --- blind cases ------------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    family: str
    post: dict[str, Any]
    expect_all: list[str] = field(default_factory=list)
    expect_any: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    min_verdict: str | None = None
    max_verdict: str | None = None
    why: str = ""
    part: str = "tuning"


class CaseError(ValueError):
    """A case file line that is not a valid case."""


def parse_case(data: dict[str, Any], part: str, categories: Iterable[str]) -> Case:
    known = set(categories)
    case_id = str(data.get("id", ""))
    if not case_id or data.get("family") not in FAMILIES or not str(data.get("text", "")).strip():
        raise CaseError(f"case {case_id or '?'}: needs an id, a family in {FAMILIES} and a text")
    for name in ("expect_all", "expect_any", "forbid"):
        unknown = set(data.get(name) or []) - known
        if unknown:
            raise CaseError(f"case {case_id}: {name} names unknown categories {sorted(unknown)}")
    for name in ("min_verdict", "max_verdict"):
        if data.get(name) is not None and data[name] not in VERDICTS:
            raise CaseError(f"case {case_id}: {name} must be one of {VERDICTS}")
    if not any(data.get(name) for name in EXPECTATION_FIELDS):
        raise CaseError(f"case {case_id}: no expectation")
    post = {name: data[name] for name in POST_FIELDS if data.get(name) is not None}
    return Case(id=case_id, family=data["family"], post=post, expect_all=list(data.get("expect_all") or []),
                expect_any=list(data.get("expect_any") or []), forbid=list(data.get("forbid") or []),
                min_verdict=data.get("min_verdict"), max_verdict=data.get("max_verdict"),
                why=str(data.get("why", "")), part=part)


def load_cases(folder: Path, categories: Iterable[str]) -> list[Case]:
    """Every case under folder/tuning/*.jsonl and folder/sealed/*.jsonl; ids must be unique."""
    categories = tuple(categories)
    cases: list[Case] = []
    for part in ("tuning", "sealed"):
        for path in sorted((folder / part).glob("*.jsonl")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    try:
                        cases.append(parse_case(json.loads(line), part, categories))
                    except (json.JSONDecodeError, CaseError) as error:
                        raise CaseError(f"{path.name}:{number}: {error}") from error
    duplicates = [i for i, n in Counter(c.id for c in cases).items() if n > 1]
    if duplicates:
        raise CaseError(f"duplicate case ids: {duplicates[:5]}")
    return cases


def failures(case: Case, decision: Decision) -> list[str]:
    """Why the product's decision does not meet the case's expectations (empty when it passes)."""
    if "error" in decision:
        return [f"refused: {decision['error']}"]
    got = reported(decision)
    rank = VERDICTS.index(decision["verdict"])
    problems = [f"missing {c}" for c in case.expect_all if c not in got]
    if case.expect_any and not got & set(case.expect_any):
        problems.append(f"none of {'/'.join(case.expect_any)}")
    problems += [f"false alarm {c}" for c in case.forbid if c in got]
    if case.min_verdict and rank < VERDICTS.index(case.min_verdict):
        problems.append(f"verdict {decision['verdict']} below {case.min_verdict}")
    if case.max_verdict and rank > VERDICTS.index(case.max_verdict):
        problems.append(f"verdict {decision['verdict']} above {case.max_verdict}")
    return problems


@dataclass
class CaseScore:
    passed: Counter[str] = field(default_factory=Counter)  # by family
    total: Counter[str] = field(default_factory=Counter)
    benign_patient_alarm: int = 0  # benign cases with a patient-identifier / personal-data / jigsaw finding
    benign_conduct_alarm: int = 0  # benign cases with a conduct or context finding
    misses: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, family: str | None = None) -> float:
        if family is None:
            return sum(self.passed.values()) / max(1, sum(self.total.values()))
        return self.passed[family] / max(1, self.total[family])


def score_cases(cases: Sequence[Case], decisions: Sequence[Decision]) -> CaseScore:
    result = CaseScore()
    for case, decision in zip(cases, decisions, strict=True):
        result.total[case.family] += 1
        problems = failures(case, decision)
        if problems:
            result.misses.append({"id": case.id, "family": case.family, "why": case.why, "problems": problems,
                                  **case.post, "verdict": decision.get("verdict"),
                                  "findings": decision.get("findings", [])})
        else:
            result.passed[case.family] += 1
        if case.family == "benign":
            got = reported(decision)
            result.benign_patient_alarm += bool(got & {"patient-identifier", "personal-data"})
            result.benign_conduct_alarm += bool(got & (CONDUCT | CONTEXT))
    return result


# --- post-level labelled sets ----------------------------------------------------------------------------


def macro_f1(labels: Sequence[bool], predicted: Sequence[bool]) -> float:
    """The mean of the F1 of the flagged class and of the other class."""
    scores = []
    for positive in (True, False):
        tp = sum(p == positive and y == positive for y, p in zip(labels, predicted, strict=True))
        fp = sum(p == positive and y != positive for y, p in zip(labels, predicted, strict=True))
        fn = sum(p != positive and y == positive for y, p in zip(labels, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 2


def recall_of(labels: Sequence[bool], predicted: Sequence[bool]) -> float:
    hits = [p for y, p in zip(labels, predicted, strict=True) if y]
    return sum(hits) / max(1, len(hits))


# --- span-labelled sets -----------------------------------------------------------------------------------

Span = tuple[int, int]


@dataclass
class SpanScore:
    """Span overlap, as deid.pl scores itself: a labelled span is found when any flagged span overlaps it;
    a flagged span is correct when it overlaps any labelled span (of any type)."""

    found: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    misses: list[dict[str, str]] = field(default_factory=list)

    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.gold.values()))

    def precision(self) -> float:
        return sum(self.correct.values()) / max(1, sum(self.flagged.values()))


def _overlaps(a: Span, spans: Iterable[Span]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _context(text: str, start: int, end: int) -> str:
    return (" ".join(text[max(0, start - 40):start].split()) + " [" + text[start:end] + "] "
            + " ".join(text[end:end + 40].split()))


def flagged_spans(decision: Decision, categories: frozenset[str]) -> list[tuple[int, int, str]]:
    """Spans of findings in these categories, at any severity (an info finding is still shown and redacted)."""
    return [(f["start"], f["end"], f.get("identifier") or f["category"]) for f in decision.get("findings", [])
            if f["category"] in categories and f.get("start") is not None and f.get("end") is not None]


def score_spans(texts: Sequence[str], gold: Sequence[Sequence[tuple[int, int, str]]],
                decisions: Sequence[Decision], required: set[str] | None = None,
                categories: frozenset[str] = frozenset({"patient-identifier", "personal-data"})) -> SpanScore:
    result = SpanScore()
    for text, labels, decision in zip(texts, gold, decisions, strict=True):
        flagged = flagged_spans(decision, categories)
        flagged_only = [(s, e) for s, e, _ in flagged]
        for start, end, kind in labels:
            if required is not None and kind not in required:
                continue
            result.gold[kind] += 1
            if _overlaps((start, end), flagged_only):
                result.found[kind] += 1
            else:
                result.misses.append({"kind": "miss", "type": kind, "text": text[start:end],
                                      "context": _context(text, start, end)})
        all_gold = [(s, e) for s, e, _ in labels]
        for start, end, kind in flagged:
            result.flagged[kind] += 1
            if _overlaps((start, end), all_gold):
                result.correct[kind] += 1
            else:
                result.misses.append({"kind": "false alarm", "type": kind, "text": text[start:end],
                                      "context": _context(text, start, end)})
    return result
