"""How well bedside finds patient identifiers (PHI) in text, and how often it cries wolf.

Three measurements, all of the whole check (`bedside.check(Post(text=...))`, default settings):

1. PhysioNet deid nursing notes (ICU notes, surrogate PHI, mostly ALL CAPS): every labelled span counts
   for recall, including dates, hospital names (Location) and clinicians' names (HCPName).
2. presidio-research generated_large.json (synthetic, not about patients): recall over identifiers of a
   person (names, street addresses and postal codes, phones, emails, cards, IBANs, IPs, ID numbers);
   places, dates, ages, organisations, titles and web domains are not required.
3. False alarms on real posts of health agencies and news (constraint_covid_fake validation, label real):
   the share given do-not-post, and review or worse, by the whole check.

Scoring is span overlap, as deid.pl scores itself: a labelled span is found when any flagged span
overlaps it; a flagged span is correct when it overlaps any labelled span (of any type). Flagged spans
are those of findings in the patient-identifier and personal-data categories.

    python eval/eval_phi.py [DATA] [--misses N]    (DATA defaults to ../shared/data)
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from docs_section import write_section  # noqa: E402

from bedside import Post, check  # noqa: E402

CATEGORIES = {"patient-identifier", "personal-data"}
PRESIDIO_REQUIRED = {"PERSON", "ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE",
                     "IP_ADDRESS", "US_SSN", "US_DRIVER_LICENSE", "ZIP_CODE", "STREET_ADDRESS"}
TARGETS = {"physionet": (0.97, 0.85), "presidio": (0.92, 0.90)}
FALSE_ALARM_LIMITS = {"do-not-post": 0.01, "review-or-worse": 0.10}

Span = tuple[int, int]


@dataclass
class Doc:
    id: str
    text: str
    gold: list[tuple[int, int, str]]  # start, end, type


@dataclass
class Score:
    """Span-overlap counts, by gold type (recall) and by bedside identifier kind (precision)."""

    found: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # type, text, context
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)  # kind, text, context

    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.gold.values()))

    def precision(self) -> float:
        return sum(self.correct.values()) / max(1, sum(self.flagged.values()))


def _overlaps(a: Span, spans: Iterable[Span]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40) : start].split()) + " [" + text[start:end] + "] " + " ".join(
        text[end : end + 40].split())


def flagged_spans(text: str) -> list[tuple[int, int, str]]:
    report = check(Post(text=text))
    return [(f.start, f.end, str(f.details.get("identifier", f.category)))
            for f in report.findings
            if f.category in CATEGORIES and f.start is not None and f.end is not None]


def score(docs: Iterable[Doc], required: set[str] | None = None) -> Score:
    result = Score()
    for doc in docs:
        flagged = flagged_spans(doc.text)
        flagged_only = [(s, e) for s, e, _ in flagged]
        for start, end, kind in doc.gold:
            if required is not None and kind not in required:
                continue
            result.gold[kind] += 1
            if _overlaps((start, end), flagged_only):
                result.found[kind] += 1
            else:
                result.misses.append((kind, doc.text[start:end], _context(doc.text, start, end)))
        gold_spans = [(s, e) for s, e, _ in doc.gold]
        for start, end, kind in flagged:
            result.flagged[kind] += 1
            if _overlaps((start, end), gold_spans):
                result.correct[kind] += 1
            else:
                result.false_alarms.append((kind, doc.text[start:end], _context(doc.text, start, end)))
    return result


def physionet_docs(folder: Path) -> list[Doc]:
    raw = (folder / "id.text").read_text(encoding="utf-8", errors="replace")
    notes: dict[tuple[str, str], str] = {}
    for match in re.finditer(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", raw, re.S):
        notes[(match.group(1), match.group(2))] = match.group(3)
    gold: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for line in (folder / "id-phi.phrase").read_text(encoding="utf-8").splitlines():
        parts = line.split(" ", 5)
        if len(parts) >= 5:
            gold[(parts[0], parts[1])].append((int(parts[2]), int(parts[3]), parts[4]))
    return [Doc(f"{pid}-{n}", text, gold.get((pid, n), [])) for (pid, n), text in notes.items()]


def presidio_docs(path: Path) -> list[Doc]:
    items = json.loads(path.read_text(encoding="utf-8"))
    return [Doc(str(i), item["full_text"],
                [(s["start_position"], s["end_position"], s["entity_type"]) for s in item["spans"]])
            for i, item in enumerate(items)]


def false_alarms(path: Path) -> tuple[int, float, float, list[tuple[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["tweet"] for row in csv.DictReader(handle) if row["label"] == "real"]
    dnp = review = 0
    examples: list[tuple[str, str]] = []
    for text in texts:
        report = check(Post(text=text))
        if report.verdict == "do-not-post":
            dnp += 1
        if report.verdict != "ok":
            review += 1
            worst = [f for f in report.findings if f.severity == report.verdict]
            examples.append((report.verdict, "; ".join(f"{f.code}:{f.text or f.message[:40]}" for f in worst[:3])))
    return len(texts), dnp / max(1, len(texts)), review / max(1, len(texts)), examples


def table(result: Score) -> list[str]:
    lines = ["| labelled type | labelled | found | recall |", "|---|---:|---:|---:|"]
    for kind, n in result.gold.most_common():
        lines.append(f"| {kind} | {n} | {result.found[kind]} | {result.found[kind] / n:.3f} |")
    lines += ["", "| bedside kind | flagged | overlapping a label | precision |", "|---|---:|---:|---:|"]
    for kind, n in result.flagged.most_common():
        lines.append(f"| {kind} | {n} | {result.correct[kind]} | {result.correct[kind] / n:.3f} |")
    return lines


def show(name: str, result: Score, elapsed: float, n_misses: int) -> None:
    target_r, target_p = TARGETS[name]
    print(f"\n## {name}: recall {result.recall():.3f} (target {target_r}), precision {result.precision():.3f} "
          f"(target {target_p}); {sum(result.gold.values())} labelled, {sum(result.flagged.values())} flagged, "
          f"{elapsed:.1f} s")
    print("\n".join(table(result)))
    if n_misses:
        print(f"\n### {name} misses (first {n_misses})")
        for kind, text, ctx in result.misses[:n_misses]:
            print(f"  {kind:18} {text!r:28} {ctx}")
        print(f"\n### {name} false alarms (first {n_misses})")
        for kind, text, ctx in result.false_alarms[:n_misses]:
            print(f"  {kind:18} {text!r:28} {ctx}")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    n_misses = int(argv[argv.index("--misses") + 1]) if "--misses" in argv else 0
    if n_misses:
        args = [a for a in args if a != str(n_misses)]
    data = Path(args[0]) if args else Path("../shared/data")
    if not data.is_absolute():
        data = (ROOT / data).resolve()

    started = time.perf_counter()
    physio = score(physionet_docs(data / "physionet-deid-nursing"))
    physio_s = time.perf_counter() - started
    show("physionet", physio, physio_s, n_misses)

    started = time.perf_counter()
    presidio = score(presidio_docs(data / "presidio-research-synth" / "generated_large.json"), PRESIDIO_REQUIRED)
    presidio_s = time.perf_counter() - started
    show("presidio", presidio, presidio_s, n_misses)

    n_real, dnp_rate, review_rate, alarms = false_alarms(data / "constraint_covid_fake" / "Constraint_Val.csv")
    print(f"\n## false alarms on {n_real} real posts (constraint_covid_fake validation, label real)")
    print(f"do-not-post {dnp_rate:.2%} (limit {FALSE_ALARM_LIMITS['do-not-post']:.0%}); review or worse "
          f"{review_rate:.2%} (limit {FALSE_ALARM_LIMITS['review-or-worse']:.0%})")
    for verdict, what in alarms[: max(n_misses, 0)]:
        print(f"  {verdict:12} {what}")

    write_section("accuracy.md", "phi", report_markdown(physio, presidio, n_real, dnp_rate, review_rate))
    ok = (physio.recall() >= TARGETS["physionet"][0] and physio.precision() >= TARGETS["physionet"][1]
          and presidio.recall() >= TARGETS["presidio"][0] and presidio.precision() >= TARGETS["presidio"][1]
          and dnp_rate <= FALSE_ALARM_LIMITS["do-not-post"] and review_rate <= FALSE_ALARM_LIMITS["review-or-worse"])
    print("\nall PHI targets met" if ok else "\nsome PHI targets NOT met")
    return 0


def _classes(items: list[tuple[str, str, str]]) -> str:
    counts = Counter(kind for kind, _, _ in items)
    return ", ".join(f"{kind} {n}" for kind, n in counts.most_common(8)) or "none"


def report_markdown(physio: Score, presidio: Score, n_real: int, dnp: float, review: float) -> str:
    lines = [
        "## Patient identifiers in text (CONF001)",
        "",
        "Measured by `make eval` (`python eval/eval_phi.py ../shared/data`): the whole check with default "
        "settings, plain `Post(text=...)`. Span overlap as deid.pl scores itself: a labelled span is found "
        "when a flagged span overlaps it; a flagged span is correct when it overlaps any labelled span. "
        "Flagged = findings in the patient-identifier and personal-data categories.",
        "",
        "| data set | recall | precision | target |",
        "|---|---:|---:|---|",
        f"| PhysioNet deid nursing notes (odd patients, {sum(physio.gold.values())} spans) | "
        f"{physio.recall():.3f} | {physio.precision():.3f} | ≥ 0.97 / ≥ 0.85 (deid.pl 0.967 / 0.748) |",
        f"| presidio-research generated_large (person identifiers, {sum(presidio.gold.values())} spans) | "
        f"{presidio.recall():.3f} | {presidio.precision():.3f} | ≥ 0.92 / ≥ 0.90 (Presidio ≈ 0.77 / 0.89) |",
        "",
        f"False alarms on {n_real} real posts of health agencies and news (constraint_covid_fake validation): "
        f"do-not-post {dnp:.2%} (limit 1%), review or worse {review:.2%} (limit 10%).",
        "",
        "### PhysioNet by type",
        "",
        *table(physio),
        "",
        "### presidio-research by type",
        "",
        *table(presidio),
        "",
        "### What is missed and what is flagged wrongly",
        "",
        f"- PhysioNet misses by type: {_classes(physio.misses)}.",
        f"- PhysioNet false alarms by kind: {_classes(physio.false_alarms)}.",
        f"- presidio misses by type: {_classes(presidio.misses)}.",
        f"- presidio false alarms by kind: {_classes(presidio.false_alarms)}.",
        "",
        "What the classes are (from reading the misses and false alarms printed by `--misses N`):",
        "",
        "- Missed places: towns and regions written in lower case or capitals with no cue around them "
        "(\"from the EASTERN SHORE\", \"in DC\", \"in Balt\"), hospitals named by an ordinary word alone "
        "(\"Surgeon from Harbor\"), and employers (\"CEO of IBM\"). Towns after \"lives in\" / \"records from\" "
        "and names before hospital, hosp, rehab, memorial or med ctr are found.",
        "- Missed names: first names alone in running text with no cue (\"( LUCY IS ON VACA)\", \"suzette and ank\"), "
        "a credential followed by more words in lower-case notes (\"florencia cooke np into eval\"), and "
        "surnames that are clinical words (\"Foley\" is kept out of the name list because of the catheter).",
        "- Missed dates: bare day numbers (\"states 24\"), month-day with a hyphen (\"7-8\"), and dates in "
        "notes too short to be recognised as about a patient (a date alone is then no finding).",
        "- False alarms, dates: ventilator settings, pain scores and lab ratios written like dates "
        "(\"PSV 10/5\" is suppressed, \"on 5/5\" without the mode name is not), four-digit clock times "
        "read as years.",
        "- False alarms, names: drug and device names and section heads that look like surnames "
        "(\"Nipride\", \"Pulm:\"), census names used as words (\"Miller beer\", \"Brown soft stool\").",
        "- False alarms, organisations: units and plans after a verb of moving (\"transfer to vicu\", "
        "\"admitted to ortho service\"). Places come from the gazetteer (signals/geo.py).",
        "- presidio misses: all-lower-case sentences with surnames in lists (\"norberg and smith were\"), "
        "names that are English words (\"Guy\", \"Hill\"), Greek-script and \"corner of X and Y\" addresses, "
        "short local phone formats without a cue.",
        "- presidio false alarms: film and band names read as people (\"Zoolander\", \"Metallica\").",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
