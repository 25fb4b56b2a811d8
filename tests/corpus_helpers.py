"""Checks every training corpus shares: unique ids and texts, and no blind evaluation case among them."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def assert_unique_and_no_blind_case(items: list[dict]) -> None:
    assert len({item["id"] for item in items}) == len(items)
    texts = [" ".join(item["text"].lower().split()) for item in items]
    assert len(set(texts)) == len(texts)
    cases = {" ".join(json.loads(line)["text"].lower().split())
             for path in (ROOT / "eval" / "cases").glob("*/*.jsonl")
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not cases & set(texts)
