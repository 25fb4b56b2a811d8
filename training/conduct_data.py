"""Readers for the shared data sets used to train and measure the conduct models, and their score.

Each reader returns parallel lists (texts, labels) with label 1 for the class we flag. Only train and
validation splits exist in the shared folder; the official test splits are held back.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
Texts = tuple[list[str], list[int]]


def data_dir(argv: list[str] | None = None) -> Path:
    """The shared data folder: argv[1] if given (relative to the repo root), else ../shared/data."""
    argv = sys.argv if argv is None else argv
    folder = Path(argv[1]) if len(argv) > 1 else Path("../shared/data")
    return folder if folder.is_absolute() else (ROOT / folder).resolve()


def tweeteval(data: Path, task: str, split: str) -> Texts:
    folder = data / "tweeteval" / task
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [int(x) for x in (folder / f"{split}_labels.txt").read_text(encoding="utf-8").split()]
    return texts, labels


def davidson(data: Path, positive: tuple[str, ...]) -> Texts:
    """Davidson tweets; `positive` names the classes counted as 1 ("0" hate, "1" offensive)."""
    with open(data / "davidson" / "labeled_data.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["tweet"] for r in rows], [int(r["class"] in positive) for r in rows]


def hatexplain(data: Path, split: str, positive: tuple[str, ...]) -> Texts:
    with open(data / "hatexplain" / "hatexplain_majority.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["split"] == split]
    return [r["text_mbib_preprocessed"] for r in rows], [int(r["label"] in positive) for r in rows]


def constraint(data: Path, split: str) -> Texts:
    name = {"train": "Constraint_Train.csv", "val": "Constraint_Val.csv"}[split]
    with open(data / "constraint_covid_fake" / name, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["tweet"] for r in rows], [int(r["label"] == "fake") for r in rows]


def coaid_claims(data: Path) -> Texts:
    """CoAID one-sentence claims and fake-news titles (1) against true claims (0), de-duplicated."""
    seen: dict[str, int] = {}
    for folder in sorted((data / "coaid").glob("*-2020")):
        for name, label in (("ClaimFakeCOVID-19.csv", 1), ("NewsFakeCOVID-19.csv", 1), ("ClaimRealCOVID-19.csv", 0)):
            path = folder / name
            if not path.exists():
                continue
            with open(path, encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    title = (row.get("title") or "").strip().strip('"')
                    if title:
                        seen.setdefault(title, label)
    return list(seen), list(seen.values())


def covidlies(data: Path) -> list[str]:
    """The expert-curated false COVID-19 claims (positives only)."""
    lines = (data / "covidlies" / "misconceptions.jsonl").read_text(encoding="utf-8").splitlines()
    return [v for line in lines if line.strip() for v in json.loads(line)["pos_variations"]]


def jigsaw_sample(data: Path) -> Texts:
    with open(data / "jigsaw_toxic_ibm_sample" / "test_examples.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = [int(any(r[k] == "1" for k in ("toxic", "severe_toxic", "obscene", "insult", "threat", "identity_hate")))
              for r in rows]
    return [r["comment_text"] for r in rows], labels


def identity_templates(data: Path) -> list[tuple[str, str, str]]:
    """(phrase, toxicity, identity term) for the Jigsaw bias templates."""
    with open(data / "jigsaw_bias_eval" / "en_sentence_templates.csv", encoding="utf-8") as handle:
        return [(r["phrase"], r["toxicity"], r["template"]) for r in csv.DictReader(handle)]


def macro_f1(labels: list[int], predicted: np.ndarray) -> float:
    """The mean of the F1 of the flagged class and of the other class, the figure the issue's targets use."""
    y = np.asarray(labels, dtype=bool)
    scores = []
    for positive in (True, False):
        tp = np.sum((predicted == positive) & (y == positive))
        fp = np.sum((predicted == positive) & (y != positive))
        fn = np.sum((predicted != positive) & (y == positive))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))
