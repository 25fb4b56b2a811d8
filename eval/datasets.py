"""Readers for the development sets in shared data, each record tagged with its part (eval/splits.py).

Only train/validation/dev material is in shared data (the official test splits are held back). Each reader
returns records of one set; a record's key is what the split hashes (PhysioNet: the patient).
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from splits import part_of

# presidio-research types that are identifiers of a person; places, dates, ages, organisations, titles and
# web domains are not required (they identify nobody on their own in generated sentences).
PRESIDIO_REQUIRED = {"PERSON", "ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE",
                     "IP_ADDRESS", "US_SSN", "US_DRIVER_LICENSE", "ZIP_CODE", "STREET_ADDRESS"}
IDENTITY_TERMS = (
    "african american", "middle eastern", "lesbian", "gay", "bisexual", "transgender", "trans", "queer", "lgbt",
    "lgbtq", "homosexual", "straight", "heterosexual", "male", "female", "nonbinary", "african", "black", "white",
    "european", "hispanic", "latino", "latina", "latinx", "mexican", "canadian", "american", "asian", "indian",
    "chinese", "japanese", "christian", "muslim", "jewish", "buddhist", "catholic", "protestant", "sikh", "taoist",
    "old", "older", "young", "younger", "teenage", "millenial", "middle aged", "elderly", "blind", "deaf",
    "paralyzed",
)


@dataclass
class Record:
    key: str
    part: str
    text: str
    label: bool = False  # post-level sets: the class we flag
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # span sets: start, end, type
    group: str = ""  # identity templates: the identity term

    @property
    def post(self) -> dict[str, Any]:
        return {"text": self.text}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def physionet(data: Path) -> list[Record]:
    """PhysioNet deid nursing notes (odd patients), split by patient."""
    folder = data / "physionet-deid-nursing"
    raw = (folder / "id.text").read_text(encoding="utf-8", errors="replace")
    gold: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for line in (folder / "id-phi.phrase").read_text(encoding="utf-8").splitlines():
        parts = line.split(" ", 5)
        if len(parts) >= 5:
            gold[(parts[0], parts[1])].append((int(parts[2]), int(parts[3]), parts[4]))
    pattern = re.compile(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S)
    return [Record(f"{m.group(1)}-{m.group(2)}", part_of("physionet", m.group(1)), m.group(3),
                   spans=gold.get((m.group(1), m.group(2)), []))
            for m in pattern.finditer(raw)]


def presidio(data: Path) -> list[Record]:
    items = json.loads((data / "presidio-research-synth" / "generated_large.json").read_text(encoding="utf-8"))
    return [Record(str(i), part_of("presidio", str(i)), item["full_text"],
                   spans=[(s["start_position"], s["end_position"], s["entity_type"]) for s in item["spans"]])
            for i, item in enumerate(items)]


def tweeteval(data: Path, task: str) -> list[Record]:
    folder = data / "tweeteval" / task
    texts = (folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / "val_labels.txt").read_text(encoding="utf-8").split()
    return [Record(str(i), part_of(f"tweeteval-{task}", str(i)), text, label=label == "1")
            for i, (text, label) in enumerate(zip(texts, labels, strict=True))]


def constraint(data: Path) -> list[Record]:
    rows = _rows(data / "constraint_covid_fake" / "Constraint_Val.csv")
    return [Record(r["id"], part_of("constraint", r["id"]), r["tweet"], label=r["label"] == "fake") for r in rows]


def jigsaw_comments(data: Path) -> list[Record]:
    rows = _rows(data / "jigsaw_toxic_ibm_sample" / "test_examples.csv")
    toxic = ("toxic", "severe_toxic", "obscene", "insult", "threat", "identity_hate")
    return [Record(str(i), part_of("jigsaw-comments", str(i)), r["comment_text"],
                   label=any(r[k] == "1" for k in toxic)) for i, r in enumerate(rows)]


def covidlies(data: Path) -> list[Record]:
    """The expert-curated false COVID-19 claims (positives only), split by misconception."""
    records = []
    lines = (data / "covidlies" / "misconceptions.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(x for x in lines if x.strip()):
        item = json.loads(line)
        part = part_of("covidlies", str(item.get("id", number)))
        records += [Record(f"{number}-{i}", part, text, label=True) for i, text in enumerate(item["pos_variations"])]
    return records


def identity_term(phrase: str) -> str:
    lowered = phrase.lower()
    found = [t for t in IDENTITY_TERMS if re.search(rf"\b{re.escape(t)}\b", lowered)]
    return max(found, key=len) if found else ""


def identity_templates(data: Path) -> list[Record]:
    """The non-toxic Jigsaw bias templates that name an identity (every flag is a false positive)."""
    records = []
    for i, row in enumerate(_rows(data / "jigsaw_bias_eval" / "en_sentence_templates.csv")):
        term = identity_term(row["phrase"])
        if row["toxicity"] == "nontoxic" and term:
            records.append(Record(str(i), part_of("identity-templates", str(i)), row["phrase"], group=term))
    return records


def hatexplain(data: Path, positive: tuple[str, ...]) -> list[Record]:
    """HateXplain validation posts (punctuation stripped upstream); `positive` names the labels we flag."""
    rows = [r for r in _rows(data / "hatexplain" / "hatexplain_majority.csv") if r["split"] == "val"]
    return [Record(r["post_id"], part_of("hatexplain", r["post_id"]), r["text_mbib_preprocessed"],
                   label=r["label"] in positive) for r in rows]
