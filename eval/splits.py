"""The one fixed split of every development set into a tuning part and a sealed part.

A record's part depends only on the set's name and the record's key (a PhysioNet patient, a tweet's line
number), never on the order or size of the set, so the split never moves when a reader changes. Rules and
models may be tuned by reading misses on the tuning part; only aggregate figures of the sealed part are
ever printed, and the docs quote the sealed figures.

The blind case sets are split differently: each case file already lives in `eval/cases/tuning/` or
`eval/cases/sealed/`, chosen once when the cases were written, so adding a case never moves another.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Part = Literal["tuning", "sealed"]
PARTS: tuple[Part, ...] = ("tuning", "sealed")
SEALED_SHARE = 0.30
SEED = "bedside-eval-2026-12"


def fraction(set_name: str, key: str) -> float:
    """A stable number in [0, 1) for this record of this set."""
    digest = hashlib.sha256(f"{SEED}:{set_name}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def part_of(set_name: str, key: str) -> Part:
    return "sealed" if fraction(set_name, key) < SEALED_SHARE else "tuning"
