"""The regression slice `make test` runs: about 150 blind cases from the tuning part, and the floor it keeps.

Which tuning cases belong to the slice is fixed by a hash of their id (eval/splits.py), so adding cases only
adds to it. The floor lives in eval/cases/floor.json and only ever rises: `python eval/eval_product.py
--raise-floor` moves it up to the slice's current pass rate, never down.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from harness import Case
from splits import fraction

FLOOR_FILE = Path(__file__).resolve().parent / "cases" / "floor.json"
SLICE_SHARE = 0.40  # of the tuning part: about 150 of 380 cases


def slice_cases(cases: Sequence[Case]) -> list[Case]:
    return [c for c in cases if c.part == "tuning" and fraction("regression-slice", c.id) < SLICE_SHARE]


def read_floor() -> float:
    return float(json.loads(FLOOR_FILE.read_text(encoding="utf-8"))["slice_pass_rate"])
