"""The reader's annotated corpus is well-formed: every mention is found in its post, every role is one the
README lists, no post is there twice, and no post is one of the blind evaluation cases."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_helpers import assert_unique_and_no_blind_case

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training" / "corpus" / "reader"
ROLES = {
    "person": {"patient", "relative", "staff", "author", "public-figure", "cited-author", "fictional", "dummy"},
    "place": {"ward", "hospital", "school", "street", "town", "region"},
    "date": {"birth", "event", "publication", "other"},
    "identifier": {"patient", "author", "organisation", "dummy", "other-person"},
    "local-role": {"patient", "other"},
    "age": {"patient", "other"},
}


def _items() -> list[dict]:
    return [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_corpus_is_large_and_balanced() -> None:
    items = _items()
    assert len(items) >= 6000
    about = sum(bool(item["about_patient"]) for item in items) / len(items)
    assert 0.3 <= about <= 0.7


def test_every_mention_is_in_its_post_with_a_known_role() -> None:
    for item in _items():
        assert isinstance(item["about_patient"], bool), item["id"]
        for mention in item["mentions"]:
            assert mention["role"] in ROLES[mention["type"]], (item["id"], mention)
            occurrences = item["text"].count(mention["text"])
            assert occurrences >= int(mention.get("occurrence", 1)) >= 1, (item["id"], mention)


def test_ids_and_texts_are_unique_and_no_blind_case_is_training_data() -> None:
    assert_unique_and_no_blind_case(_items())
