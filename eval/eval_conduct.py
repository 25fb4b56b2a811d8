"""Accuracy of the conduct stage on the validation splits; writes section "conduct" of docs/accuracy.md.

    .venv/bin/python eval/eval_conduct.py [DATA]      # DATA defaults to ../shared/data

Prints, against the targets of the conduct issue:
  - TweetEval offensive and hate, validation: macro-F1 of the classifier scores (threshold 0.5);
  - the Jigsaw comment sample (Wikipedia talk pages, a second domain): macro-F1 of the offensive score,
    and of "any conduct finding at review or worse" from the whole check;
  - Constraint COVID-19 validation: macro-F1 of the misinformation score, MISI001's rate on real and fake
    posts, and the whole check's verdicts on the real posts (false-alarm limits: <= 1% do-not-post,
    <= 10% review or worse);
  - COVIDLies' 62 expert-curated false claims (not used in training): share flagged by MISI001;
  - Jigsaw identity templates: false-positive rate per identity term on the non-toxic templates, for the
    classifiers (offensive or hate >= 0.5) and for the check (a conduct finding at review or worse).
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT / "training"))
import conduct_data as cd  # noqa: E402
from conduct_data import macro_f1  # noqa: E402
from docs_section import write_section  # noqa: E402

from bedside import check  # noqa: E402
from bedside.signals.conduct import cascade_scores  # noqa: E402

CONDUCT = frozenset({"derogatory", "harassment", "offensive", "hate", "sexual", "misinformation"})
TARGETS = {"offensive": 0.80, "hate": 0.60, "constraint": 0.95, "identity_fpr": 0.05}
IDENTITY_TERMS = (
    "african american", "middle eastern", "lesbian", "gay", "bisexual", "transgender", "trans", "queer", "lgbt",
    "lgbtq", "homosexual", "straight", "heterosexual", "male", "female", "nonbinary", "african", "black", "white",
    "european", "hispanic", "latino", "latina", "latinx", "mexican", "canadian", "american", "asian", "indian",
    "chinese", "japanese", "christian", "muslim", "jewish", "buddhist", "catholic", "protestant", "sikh", "taoist",
    "old", "older", "young", "younger", "teenage", "millenial", "middle aged", "elderly", "blind", "deaf",
    "paralyzed",
)


def scores_of(texts: list[str], head: str) -> np.ndarray:
    return np.array([cascade_scores(t)[head] for t in texts])


def conduct_flagged(text: str) -> tuple[bool, str]:
    report = check(text)
    flagged = [f for f in report.findings if f.category in CONDUCT and f.severity != "info"]
    return bool(flagged), report.verdict


def identity_of(phrase: str) -> str:
    lowered = phrase.lower()
    found = [t for t in IDENTITY_TERMS if re.search(rf"\b{re.escape(t)}\b", lowered)]
    return max(found, key=len) if found else ""


def main() -> None:
    data = cd.data_dir()
    started = time.time()
    lines: list[str] = []
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, value: float, target: float | None, note: str = "") -> None:
        met = "" if target is None else ("yes" if value >= target else "NO")
        rows.append((name, f"{value:.3f}", "" if target is None else f">= {target:.2f}", met + note))
        print(f"{name}: {value:.3f}" + ("" if target is None else f" (target >= {target:.2f}: {met})"), flush=True)

    for task in ("offensive", "hate"):
        texts, labels = cd.tweeteval(data, task, "val")
        row(f"TweetEval {task}, validation ({len(texts):,}), macro-F1", macro_f1(labels, scores_of(texts, task) >= 0.5),
            TARGETS[task])

    texts, labels = cd.jigsaw_sample(data)
    row(f"Jigsaw comment sample ({len(texts)}), offensive score, macro-F1",
        macro_f1(labels, scores_of(texts, "offensive") >= 0.5), None)
    row(f"Jigsaw comment sample ({len(texts)}), conduct finding from the check, macro-F1",
        macro_f1(labels, np.array([conduct_flagged(t)[0] for t in texts])), None)

    texts, labels = cd.constraint(data, "val")
    row(f"Constraint validation ({len(texts):,}), misinformation score, macro-F1",
        macro_f1(labels, scores_of(texts, "misinformation") >= 0.5), TARGETS["constraint"])
    verdicts = []
    misi = []
    for text in texts:
        report = check(text)
        verdicts.append(report.verdict)
        misi.append(any(f.code == "MISI001" for f in report.findings))
    y = np.array(labels, dtype=bool)
    v = np.array(verdicts)
    m = np.array(misi)
    real_dnp = float(np.mean(v[~y] == "do-not-post"))
    real_review = float(np.mean(v[~y] != "ok"))
    lines.append(
        f"- Constraint validation, MISI001 fires on {np.mean(m[y]):.1%} of fake and {np.mean(m[~y]):.1%} of real "
        "posts.\n"
        f"- Whole check on the {int((~y).sum()):,} real posts: do-not-post {real_dnp:.1%} (limit 1%), review or worse "
        f"{real_review:.1%} (limit 10%)."
    )
    print(lines[-1], flush=True)

    lies = cd.covidlies(data)
    caught = np.mean([any(f.code == "MISI001" for f in check(t).findings) for t in lies])
    lines.append(f"- COVIDLies false claims ({len(lies)}, not used in training): MISI001 flags {caught:.1%}.")
    print(lines[-1], flush=True)

    per_term: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for phrase, toxicity, _ in cd.identity_templates(data):
        if toxicity != "nontoxic":
            continue
        term = identity_of(phrase)
        if not term:
            continue
        scores = cascade_scores(phrase)
        per_term[term].append((scores["offensive"] >= 0.5 or scores["hate"] >= 0.5, conduct_flagged(phrase)[0]))
    table = ["| identity term | templates | classifier FPR | check FPR |", "|---|---:|---:|---:|"]
    worst_model = worst_check = 0.0
    for term in sorted(per_term):
        results = np.array(per_term[term])
        model_fpr, check_fpr = results.mean(axis=0)
        worst_model, worst_check = max(worst_model, model_fpr), max(worst_check, check_fpr)
        table.append(f"| {term} | {len(results):,} | {model_fpr:.1%} | {check_fpr:.1%} |")
    print(f"identity templates: worst classifier FPR {worst_model:.1%}, worst check FPR {worst_check:.1%} "
          f"(target <= 5% per term)", flush=True)

    summary = ["| measure | value | target | met |", "|---|---:|---|---|"]
    summary += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    markdown = "\n".join([
        "## Professional conduct (PROF001-PROF005, MISI001)",
        "",
        f"Measured by `python eval/eval_conduct.py` in {time.time() - started:.0f} s. Scores are from the shipped "
        "models (see docs/conduct.md and docs/models/). Classifier thresholds are 0.5; the cascade band, the data "
        "weights of the offensive head and MISI001's similarity thresholds were chosen while looking at these "
        "validation figures, so they are somewhat optimistic (the official test splits are held back).",
        "",
        *summary,
        "",
        *lines,
        "",
        f"Identity templates (Jigsaw, non-toxic only): worst classifier FPR {worst_model:.1%}, worst check FPR "
        f"{worst_check:.1%}; target <= 5% for every identity term.",
        "",
        *table,
    ])
    write_section("accuracy.md", "conduct", markdown)
    print("wrote docs/accuracy.md (section conduct)")


if __name__ == "__main__":
    main()
