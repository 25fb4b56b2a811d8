"""The regression slice: about 150 blind cases of the tuning part, through the product. The build fails when the
pass rate drops below the floor recorded in eval/cases/floor.json (which `make eval --raise-floor` only raises)."""

from __future__ import annotations

import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "eval"
sys.path.insert(0, str(EVAL))

from harness import decide_one, load_cases, score_cases  # noqa: E402
from regression_slice import read_floor, slice_cases  # noqa: E402

from bedside.model import CATEGORIES  # noqa: E402


def test_the_slice_pass_rate_stays_above_the_floor() -> None:
    cases = slice_cases(load_cases(EVAL / "cases", CATEGORIES))
    assert 120 <= len(cases) <= 200
    score = score_cases(cases, [decide_one(c.post) for c in cases])
    failed = ", ".join(m["id"] for m in score.misses[:20])
    assert score.rate() >= read_floor(), f"slice pass rate {score.rate():.1%} below the floor; failed: {failed}"
