"""What the product decides, on the tuning and the sealed part of every development set and blind case set.

Every post goes through the product (`check()`, the function behind `bedside scan --jsonl`) and only its
decision is scored: verdicts and categories for post-level sets, finding spans for the PHI sets. No figure
comes from a model's raw score. Figures are printed for both parts side by side, so overfitting shows as a
gap; docs/accuracy.md and the README's "Measured" table get them too, and the README quotes the sealed part.

Misses and false alarms of the *tuning* parts are written in full to eval/out/misses/ (git-ignored) for
reading. The sealed parts' individual misses are never written or printed: only their aggregate figures.

    python eval/eval_product.py [DATA] [--raise-floor]      (DATA defaults to ../shared/data)

--raise-floor records the regression slice's pass rate as the floor `make test` enforces, if it is higher.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "src"))

import datasets  # noqa: E402
from docs_section import write_block, write_section  # noqa: E402
from harness import (  # noqa: E402
    ABUSE,
    FAMILIES,
    Case,
    CaseScore,
    Decision,
    Detector,
    SpanScore,
    load_cases,
    macro_f1,
    product,
    recall_of,
    reported,
    score_cases,
    score_spans,
)
from regression_slice import FLOOR_FILE, read_floor, slice_cases  # noqa: E402

from bedside.model import CATEGORIES  # noqa: E402

CASES = ROOT / "cases"
OUT = ROOT / "out" / "misses"
PARTS = ("tuning", "sealed")


@dataclass
class Row:
    set: str
    measure: str
    tuning: str
    sealed: str
    target: str = ""
    n: str = ""


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def num(value: float) -> str:
    return f"{value:.3f}"


def by_part(records: Sequence[datasets.Record]) -> dict[str, list[datasets.Record]]:
    parts: dict[str, list[datasets.Record]] = {p: [] for p in PARTS}
    for record in records:
        parts[record.part].append(record)
    return parts


def sizes(parts: dict[str, list[datasets.Record]]) -> str:
    return " / ".join(f"{len(parts[p]):,}" for p in PARTS)


def write_misses(name: str, items: list[dict[str, object]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    slug = "-".join("".join(c if c.isalnum() else " " for c in name).split())
    with (OUT / f"{slug}.jsonl").open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


# --- the measurements --------------------------------------------------------------------------------------


def measure_cases(cases: list[Case], detect: Detector) -> tuple[list[Row], dict[str, CaseScore]]:
    decisions = detect([c.post for c in cases])
    scores = {p: score_cases([c for c in cases if c.part == p], [d for c, d in zip(cases, decisions, strict=True)
                                                                 if c.part == p]) for p in PARTS}
    write_misses("cases", scores["tuning"].misses)
    targets = {"confidentiality": "≥ 95%", "jigsaw": "≥ 90%", "conduct": "≥ 92%", "context": "≥ 92%"}
    rows = [Row("blind cases", "all families, pass", pct(scores["tuning"].rate()), pct(scores["sealed"].rate()),
                "", " / ".join(str(sum(scores[p].total.values())) for p in PARTS))]
    for family in FAMILIES:
        rows.append(Row("blind cases", f"{family}, pass",
                        *(pct(scores[p].rate(family) if scores[p].total[family] else None) for p in PARTS),
                        targets.get(family, ""),
                        " / ".join(str(scores[p].total[family]) for p in PARTS)))
    benign = {p: max(1, scores[p].total["benign"]) for p in PARTS}
    rows.append(Row("blind cases", "benign with a patient-identifier / personal-data finding above info",
                    *(pct(scores[p].benign_patient_alarm / benign[p]) for p in PARTS), "≤ 2%"))
    rows.append(Row("blind cases", "benign with a conduct or context finding above info",
                    *(pct(scores[p].benign_conduct_alarm / benign[p]) for p in PARTS), "≤ 2%"))
    return rows, scores


def measure_spans(name: str, records: list[datasets.Record], detect: Detector, targets: tuple[str, str],
                  required: set[str] | None = None) -> tuple[list[Row], dict[str, SpanScore]]:
    parts = by_part(records)
    scores = {}
    for part in PARTS:
        decisions = detect([r.post for r in parts[part]])
        scores[part] = score_spans([r.text for r in parts[part]], [r.spans for r in parts[part]], decisions, required)
    write_misses(name, scores["tuning"].misses)
    n = sizes(parts)
    return [Row(name, "PHI span recall", *(num(scores[p].recall()) for p in PARTS), targets[0], n),
            Row(name, "PHI span precision", *(num(scores[p].precision()) for p in PARTS), targets[1], n)], scores


def measure_binary(name: str, records: list[datasets.Record], detect: Detector, flags: Callable[[Decision], bool],
                   what: str, target: str) -> list[Row]:
    parts = by_part(records)
    f1: dict[str, float] = {}
    recall: dict[str, float] = {}
    for part in PARTS:
        decisions = detect([r.post for r in parts[part]])
        labels = [r.label for r in parts[part]]
        predicted = [flags(d) for d in decisions]
        f1[part], recall[part] = macro_f1(labels, predicted), recall_of(labels, predicted)
        if part == "tuning":
            write_misses(name, [{"key": r.key, "label": r.label, "flagged": p, "verdict": d.get("verdict"),
                                 "categories": sorted(reported(d)), "text": r.text}
                                for r, p, d in zip(parts[part], predicted, decisions, strict=True) if p != r.label])
    n = sizes(parts)
    return [Row(name, f"macro-F1 ({what})", *(num(f1[p]) for p in PARTS), target, n),
            Row(name, f"recall of the flagged class ({what})", *(num(recall[p]) for p in PARTS), "", n)]


def measure_real_news(records: list[datasets.Record], detect: Detector) -> list[Row]:
    """False alarms on real health-news posts (Constraint, label real): the whole verdict."""
    parts = by_part([r for r in records if not r.label])
    dnp: dict[str, float] = {}
    review: dict[str, float] = {}
    for part in PARTS:
        verdicts = [d.get("verdict") for d in detect([r.post for r in parts[part]])]
        dnp[part] = verdicts.count("do-not-post") / max(1, len(verdicts))
        review[part] = sum(v != "ok" for v in verdicts) / max(1, len(verdicts))
    n = sizes(parts)
    return [Row("constraint real posts", "verdict do-not-post", *(pct(dnp[p]) for p in PARTS), "≤ 0.5%", n),
            Row("constraint real posts", "verdict review or worse", *(pct(review[p]) for p in PARTS), "≤ 3%", n)]


def measure_identity(records: list[datasets.Record], detect: Detector) -> tuple[list[Row], dict[str, dict[str, float]]]:
    parts = by_part(records)
    per_term: dict[str, dict[str, float]] = {}
    for part in PARTS:
        flagged: dict[str, list[bool]] = defaultdict(list)
        for record, decision in zip(parts[part], detect([r.post for r in parts[part]]), strict=True):
            flagged[record.group].append(bool(reported(decision) & ABUSE))
        per_term[part] = {term: sum(v) / len(v) for term, v in flagged.items()}
    worst = {p: max(per_term[p].values(), default=0.0) for p in PARTS}
    return [Row("identity templates", "worst false-positive rate of one identity term (any abuse category)",
                *(pct(worst[p]) for p in PARTS), "≤ 2%", sizes(parts))], per_term


def measure_claims(records: list[datasets.Record], detect: Detector) -> list[Row]:
    parts = by_part(records)
    rates = {p: recall_of([True] * len(parts[p]), ["misinformation" in reported(d)
                                                   for d in detect([r.post for r in parts[p]])]) for p in PARTS}
    return [Row("covidlies claims", "share flagged misinformation", *(pct(rates[p]) for p in PARTS), "",
                sizes(parts))]


# --- the docs -----------------------------------------------------------------------------------------------


def table(rows: list[Row], with_n: bool = True) -> list[str]:
    head = "| set | measure | tuning | sealed | target |" + (" n (tuning / sealed) |" if with_n else "")
    lines = [head, "|---|---|---:|---:|---|" + ("---:|" if with_n else "")]
    for r in rows:
        tail = f" {r.n} |" if with_n else ""
        lines.append(f"| {r.set} | {r.measure} | {r.tuning} | {r.sealed} | {r.target} |{tail}")
    return lines


def span_table(scores: dict[str, SpanScore]) -> list[str]:
    lines = ["| labelled type | tuning recall | sealed recall | labelled (tuning / sealed) |", "|---|---:|---:|---:|"]
    for kind, _ in (scores["tuning"].gold + scores["sealed"].gold).most_common():
        cells = [f"{s.found[kind] / s.gold[kind]:.3f}" if s.gold[kind] else "-" for s in scores.values()]
        counts = f"{scores['tuning'].gold[kind]} / {scores['sealed'].gold[kind]}"
        lines.append(f"| {kind} | {cells[0]} | {cells[1]} | {counts} |")
    return lines


def miss_classes(score: CaseScore, examples: int = 2) -> list[str]:
    """Counts of each kind of problem on the tuning part, and a few of our own cases as examples."""
    classes: Counter[str] = Counter(p for miss in score.misses for p in miss["problems"])
    lines = ["| problem (tuning part) | cases |", "|---|---:|"]
    lines += [f"| {problem} | {n} |" for problem, n in classes.most_common(14)]
    lines += ["", "A few tuning-part misses (our own blind cases; all of them are in eval/out/misses/cases.jsonl):",
              ""]
    shown: Counter[str] = Counter()
    for miss in score.misses:
        if shown[miss["family"]] >= examples:
            continue
        shown[miss["family"]] += 1
        text = " ".join(str(miss["text"]).split())
        lines.append(f"- *{miss['family']}* — \"{text[:150]}\" → {miss['verdict']}: {'; '.join(miss['problems'])}")
    return lines


def stamp() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True)
    head = commit.stdout.strip() or "unknown"
    return f"{date.today().isoformat()}, commit {head}" + (" with uncommitted changes" if dirty.stdout.strip() else "")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]) if args else Path("../shared/data")
    data = data if data.is_absolute() else (ROOT.parent / data).resolve()
    started = time.perf_counter()
    detect = product

    cases = load_cases(CASES, CATEGORIES)
    rows, case_scores = measure_cases(cases, detect)
    print(f"blind cases ({len(cases)}): tuning {case_scores['tuning'].rate():.1%}, "
          f"sealed {case_scores['sealed'].rate():.1%}", flush=True)

    physio_rows, physio = measure_spans("physionet", datasets.physionet(data), detect, ("≥ 0.97", "≥ 0.90"))
    presidio_rows, presidio = measure_spans("presidio", datasets.presidio(data), detect, ("≥ 0.95", "≥ 0.95"),
                                            datasets.PRESIDIO_REQUIRED)
    rows += physio_rows + presidio_rows
    print("PHI sets done", flush=True)
    constraint = datasets.constraint(data)
    rows += measure_binary("tweeteval offensive", datasets.tweeteval(data, "offensive"), detect,
                           lambda d: bool(reported(d) & ABUSE), "any abuse category", "≥ 0.78")
    rows += measure_binary("tweeteval hate", datasets.tweeteval(data, "hate"), detect,
                           lambda d: "hate" in reported(d), "category hate", "≥ 0.60")
    rows += measure_binary("constraint", constraint, detect, lambda d: "misinformation" in reported(d),
                           "category misinformation", "≥ 0.95")
    rows += measure_binary("hatexplain", datasets.hatexplain(data, ("hatespeech",)), detect,
                           lambda d: "hate" in reported(d), "category hate", "")
    rows += measure_binary("hatexplain (hate or offensive)", datasets.hatexplain(data, ("hatespeech", "offensive")),
                           detect, lambda d: bool(reported(d) & ABUSE), "any abuse category", "")
    rows += measure_binary("jigsaw comments", datasets.jigsaw_comments(data), detect,
                           lambda d: bool(reported(d) & ABUSE), "any abuse category", "≥ 0.86")
    rows += measure_real_news(constraint, detect)
    rows += measure_claims(datasets.covidlies(data), detect)
    identity_rows, per_term = measure_identity(datasets.identity_templates(data), detect)
    rows += identity_rows
    elapsed = time.perf_counter() - started

    print()
    print("\n".join(table(rows)))
    tuning_slice = slice_cases(cases)
    slice_rate = score_cases(tuning_slice, detect([c.post for c in tuning_slice])).rate()
    floor = read_floor()
    print(f"\nregression slice ({len(tuning_slice)} tuning cases): pass {slice_rate:.1%}, floor {floor:.1%}")
    if "--raise-floor" in argv and slice_rate > floor:
        FLOOR_FILE.write_text(json.dumps({"slice_pass_rate": round(slice_rate - 0.0005, 3)}) + "\n", encoding="utf-8")
        print(f"floor raised to {slice_rate:.1%} in {FLOOR_FILE.relative_to(ROOT.parent)}")
    print(f"\n{elapsed:.0f} s; tuning-part misses in {OUT.relative_to(ROOT.parent)}/")

    when = stamp()
    worst_terms = sorted(per_term["sealed"].items(), key=lambda kv: -kv[1])[:5]
    write_section("accuracy.md", "product", "\n".join([
        "## What the product decides",
        "",
        f"Measured {when} by `make eval` (`python eval/eval_product.py`), in {elapsed:.0f} s on 2 cores. Every "
        "post goes through `check()` (what `bedside scan --jsonl` runs) with default settings; only the "
        "decision is scored. A category counts when one of its findings is at review or do-not-post; PHI spans "
        "count at any severity (every finding is shown and redacted). Each development set is split once "
        "(eval/splits.py: PhysioNet by patient, the others at random, 70 / 30); the blind cases are split in "
        "half by family (eval/cases/tuning, eval/cases/sealed). Rules and models may be tuned by reading misses "
        "of the tuning part only; nobody reads the sealed part's individual misses.",
        "",
        *table(rows),
        "",
        "### PhysioNet notes by PHI type",
        "",
        *span_table(physio),
        "",
        "### presidio-research sentences by type (person identifiers)",
        "",
        *span_table(presidio),
        "",
        "### Blind cases: what goes wrong",
        "",
        *miss_classes(case_scores["tuning"]),
        "",
        "Identity templates, the sealed part's five worst terms: "
        + ", ".join(f"{term} {rate:.1%}" for term, rate in worst_terms) + ".",
    ]))
    sealed = [r for r in rows if r.target or r.measure.endswith("pass")]
    write_block(ROOT.parent / "README.md", "measured", "\n".join([
        f"Product decisions on the sealed parts (figures from `make eval`, {when}; tuning-part figures and "
        "per-type tables in [docs/accuracy.md](docs/accuracy.md)):",
        "",
        "| set | measure | sealed | tuning | target |",
        "|---|---|---:|---:|---|",
        *(f"| {r.set} | {r.measure} | {r.sealed} | {r.tuning} | {r.target} |" for r in sealed),
    ]))
    print("wrote docs/accuracy.md (section product) and README.md (measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
