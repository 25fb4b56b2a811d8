"""How precise the place and organisation finder is, and how often CONF002 fires where it should not.

1. Places and organisations (kinds "place", "organisation", from bedside.signals.geo) on the PhysioNet
   nursing notes and the presidio-research synthetic sentences: a span is correct when it overlaps any
   labelled span (span overlap, as eval_phi scores); Location recall is shown for reference.
2. CONF002 on the real posts of constraint_covid_fake (validation, label real): do-not-post and review rates.
3. Worked cases: expected matches for posts written for bedside, to compare with hand arithmetic.
Writes its figures to docs/accuracy.md (section "jigsaw").

    python eval/eval_jigsaw.py [DATA]      (DATA defaults to ../shared/data)
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from docs_section import write_section  # noqa: E402

from bedside import Post, check  # noqa: E402
from bedside.config import Config  # noqa: E402
from bedside.signals.geo import places, postcode_districts  # noqa: E402
from bedside.signals.identifiers import find_identifiers  # noqa: E402
from bedside.signals.jigsaw import approx, estimate  # noqa: E402
from bedside.signals.quasi import quasi_details  # noqa: E402

WORKED = [
    "Fascinating presentation in A&E at Treliske today: 34yo fisherman from Mousehole with Fabry disease, "
    "came off his boat in the storm",
    "the only paediatric ECMO case in Truro this week",
    "Saw a 34-year-old man from London with asthma in clinic today",
    "Saw a 72F in clinic today from Penzance with pneumonia",
    "My patient, a Polish farmer in his 40s from Bodmin with cystic fibrosis",
    "A 45-year-old woman from Manchester with type 2 diabetes",
    "Lovely lady in her 80s from Leeds with heart failure, admitted last night",
]
Span = tuple[int, int, str]


def geo_spans(text: str) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.kind, s.text) for s in (*places(text, "GB"), *postcode_districts(text, "GB"))]


def score(docs: list[tuple[str, list[Span]]], location_types: set[str]) -> dict[str, object]:
    flagged = correct = located = labelled = 0
    wrong: Counter[str] = Counter()
    for text, gold in docs:
        found = geo_spans(text)
        for start, end, _, span in found:
            flagged += 1
            if any(a < end and start < b for a, b, _ in gold):
                correct += 1
            else:
                wrong[span] += 1
        for a, b, kind in gold:
            if kind in location_types:
                labelled += 1
                located += any(start < b and a < end for start, end, _, _ in found)
    return {"flagged": flagged, "precision": correct / flagged if flagged else 1.0,
            "location_recall": located / labelled if labelled else 0.0, "labelled": labelled,
            "false_alarms": wrong.most_common(8)}


def physionet(data: Path) -> list[tuple[str, list[Span]]]:
    folder = data / "physionet-deid-nursing"
    text = (folder / "id.text").read_text(encoding="utf-8", errors="replace")
    notes = {(m.group(1), m.group(2)): m.group(3) for m in re.finditer(
        r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", text, re.S)}
    gold: dict[tuple[str, str], list[Span]] = {}
    for line in (folder / "id-phi.phrase").read_text(encoding="utf-8").splitlines():
        parts = line.split(None, 5)
        gold.setdefault((parts[0], parts[1]), []).append((int(parts[2]), int(parts[3]), parts[4]))
    return [(body, gold.get(key, [])) for key, body in notes.items()]


def presidio(data: Path) -> list[tuple[str, list[Span]]]:
    rows = json.loads((data / "presidio-research-synth" / "generated_large.json").read_text(encoding="utf-8"))
    return [(r["full_text"], [(s["start_position"], s["end_position"], s["entity_type"]) for s in r["spans"]])
            for r in rows]


def covid_rates(data: Path) -> tuple[int, Counter[str]]:
    path = data / "constraint_covid_fake" / "Constraint_Val.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        posts = [r["tweet"] for r in csv.DictReader(handle) if r["label"] == "real"]
    config = Config(select=("CONF002",))
    verdicts = Counter(check(Post(text=p), config).verdict for p in posts)
    return len(posts), verdicts


def worked() -> list[tuple[str, str, str]]:
    rows = []
    for text in WORKED:
        result = estimate(quasi_details(text, find_identifiers(text, "GB")), text)
        verdict = check(Post(text=text), Config(select=("CONF002",))).verdict
        rows.append((text, approx(result.expected) if result else "(fewer than two details)", verdict))
    return rows


def main(data: Path) -> None:
    lines = ["## Jigsaw (CONF002) and the place / organisation finder", "",
             "Produced by `python eval/eval_jigsaw.py` (part of `make eval`).", "",
             "| data set | place/organisation spans | precision | Location recall (reference) |",
             "|---|---:|---:|---:|"]
    for name, docs, types in (("PhysioNet nursing notes", physionet(data), {"Location"}),
                              ("presidio-research synthetic", presidio(data), {"LOCATION", "GPE"})):
        result = score(docs, types)
        print(f"{name}: {result}")
        lines.append(f"| {name} | {result['flagged']} | {result['precision']:.3f} | "
                     f"{result['location_recall']:.3f} of {result['labelled']} |")
    total, verdicts = covid_rates(data)
    dnp, review = verdicts["do-not-post"] / total, verdicts["review"] / total
    print(f"CONF002 on {total} real COVID posts: do-not-post {dnp:.2%}, review {review:.2%}")
    lines += ["", f"CONF002 alone on {total} real posts (constraint_covid_fake validation, label real): "
                  f"do-not-post {dnp:.2%}, review {review:.2%}.", "",
              "| worked case | expected matches | CONF002 verdict |", "|---|---:|---|"]
    for text, expected, verdict in worked():
        print(f"{expected:>12}  {verdict:12}  {text}")
        lines.append(f"| {text} | {expected} | {verdict} |")
    write_section("accuracy.md", "jigsaw", "\n".join(lines))


if __name__ == "__main__":
    argument = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    main(argument if argument.is_absolute() else (ROOT / argument).resolve())
