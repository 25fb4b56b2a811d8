"""The conduct reader's labelled corpus is well-formed: every field holds a value its README lists, no post is
there twice, about half are hard negatives, and no post is one of the blind evaluation cases."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_helpers import assert_unique_and_no_blind_case

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training" / "corpus" / "conduct"
VALUES = {
    "audience": {"public", "followers", "group", "private"},
    "target": {"patient", "patients", "colleague", "protected-group", "public-figure", "author", "organisation",
               "nobody"},
    "stance": {"demeaning", "hostile", "sexualised", "threatening", "profane", "neutral", "positive"},
    "claim": {"none", "true", "false", "asking", "debunking", "question"},
    "promotion": {"none", "undisclosed", "disclosed"},
    "advice": {"none", "individual", "by-message", "general"},
    "allegation": {"none", "fact", "opinion", "hearsay"},
}
GROUPS = {"religion", "ethnicity-nationality", "sex-gender", "sexuality", "disability", "age", "weight", "class"}


def _items() -> list[dict]:
    return [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _breach(item: dict) -> bool:
    """What the guidance would object to, on the labels alone (the mention of a slur or claim is not one)."""
    return not item["mention"] and (
        item["stance"] in {"demeaning", "hostile", "sexualised", "threatening"}
        or item["claim"] in {"false", "asking"} or item["promotion"] == "undisclosed"
        or item["advice"] in {"individual", "by-message"} or item["allegation"] in {"fact", "hearsay"})


def test_every_field_holds_a_listed_value() -> None:
    items = _items()
    assert len(items) >= 1000
    for item in items:
        for field, allowed in VALUES.items():
            assert item[field] in allowed, (item["id"], field, item[field])
        assert (item["group"] in GROUPS) == (item["target"] == "protected-group"), item["id"]
        assert isinstance(item["venting"], bool) and isinstance(item["mention"], bool), item["id"]
        assert item["text"].strip(), item["id"]


def test_about_half_are_hard_negatives() -> None:
    items = _items()
    share = sum(_breach(item) for item in items) / len(items)
    assert 0.3 <= share <= 0.7


def test_ids_and_texts_are_unique_and_no_blind_case_is_training_data() -> None:
    assert_unique_and_no_blind_case(_items())
