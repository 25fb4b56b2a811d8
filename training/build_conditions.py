"""Compile the condition dictionary that bedside ships: src/bedside/data/conditions.json.gz.

Usage: python training/build_conditions.py [DATA]   (DATA defaults to ../shared/data)

Sources: the Human Disease Ontology (names, exact synonyms, hierarchy, rare-disease slim; CC0 1.0) and
Orphadata rare-disease epidemiology (prevalence classes; CC BY 4.0, "Orphadata: Rare disease
epidemiology, www.orphadata.com"), plus the small table of common conditions below, written for bedside
from public UK figures (see docs/jigsaw.md).

Each name maps to [DOID, display name, low, high, basis, rare 0/1, generalised phrase]: the share of
people who have the condition (a range), where that range comes from, and how to say it vaguely.
Prevalence class choice, most trusted first: United Kingdom, then Europe, then elsewhere; point
prevalence, then prevalence at birth, then annual incidence x 10 (an assumed ten-year course, so an
incidence never makes a condition look rarer than it is). Names that are ordinary English words
("cold", "sore") and short ambiguous acronyms are left out: a missed condition only makes the
estimate larger, a wrong one would make it smaller.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bedside.signals.quasi import condition_key as normalise  # noqa: E402

OUT = REPO / "src" / "bedside" / "data" / "conditions.json.gz"
RARE_DEFAULT = (1 / 20_000, 1 / 2_000)  # EU definition of rare: fewer than 5 in 10,000
COMMON_DEFAULT = (1 / 1_000, 1 / 100)
CLASSES = {
    ">1 / 1000": (1 / 1000, 1 / 100),
    "6-9 / 10 000": (6 / 10_000, 9 / 10_000),
    "1-5 / 10 000": (1 / 10_000, 5 / 10_000),
    "1-9 / 100 000": (1 / 100_000, 9 / 100_000),
    "1-9 / 1 000 000": (1 / 1_000_000, 9 / 1_000_000),
    "<1 / 1 000 000": (1 / 10_000_000, 1 / 1_000_000),
}
AREA_RANK = {"United Kingdom": 0, "Europe": 1}
TYPE_RANK = {"Point prevalence": 0, "Prevalence at birth": 1, "Annual incidence": 2}
INCIDENCE_YEARS = 10
# Common conditions: share of the UK population living with them (or, for acute illness, having an
# episode in a year), rounded from public figures (NHS England QOF registers 2022/23, NICE CKS, UKHSA).
COMMON: dict[str, tuple[float, float, str]] = {
    "asthma": (0.06, 0.065, "QOF asthma register ~6.5%"),
    "diabetes mellitus": (0.07, 0.075, "QOF diabetes register ~7.5% of adults"),
    "type 2 diabetes mellitus": (0.06, 0.07, "QOF diabetes register, ~90% type 2"),
    "type 1 diabetes mellitus": (0.004, 0.006, "about 8% of people with diabetes"),
    "hypertension": (0.14, 0.15, "QOF hypertension register ~14%"),
    "chronic obstructive pulmonary disease": (0.018, 0.02, "QOF COPD register ~1.9%"),
    "atrial fibrillation": (0.02, 0.022, "QOF AF register ~2.1%"),
    "heart failure": (0.01, 0.012, "QOF heart failure register ~1.1%"),
    "coronary artery disease": (0.03, 0.031, "QOF CHD register ~3%"),
    "myocardial infarction": (0.001, 0.0015, "about 100,000 admissions a year"),
    "stroke": (0.018, 0.02, "QOF stroke/TIA register ~1.8%"),
    "dementia": (0.007, 0.008, "QOF dementia register ~0.7%"),
    "alzheimer's disease": (0.005, 0.006, "about 60% of dementia"),
    "epilepsy": (0.008, 0.009, "QOF epilepsy register ~0.8% of adults"),
    "chronic kidney disease": (0.04, 0.042, "QOF CKD register ~4% of adults"),
    "cancer": (0.033, 0.035, "QOF cancer register ~3.5%"),
    "breast cancer": (0.008, 0.01, "about 600,000 people living after breast cancer"),
    "prostate cancer": (0.004, 0.005, "about 300,000 men living after prostate cancer"),
    "lung cancer": (0.0005, 0.0008, "about 48,000 diagnoses a year"),
    "major depressive disorder": (0.1, 0.13, "QOF depression register ~13% of adults"),
    "depression": (0.1, 0.13, "QOF depression register ~13% of adults"),
    "schizophrenia": (0.008, 0.01, "QOF serious mental illness register ~0.95%"),
    "bipolar disorder": (0.005, 0.01, "QOF serious mental illness register"),
    "obesity": (0.25, 0.26, "Health Survey for England ~26% of adults"),
    "pneumonia": (0.005, 0.01, "community-acquired pneumonia, 5-10 per 1,000 adults a year"),
    "influenza": (0.02, 0.1, "seasonal influenza, 2-10% a season"),
    "covid-19": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "covid": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "covid19": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "coronavirus": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "sars-cov-2": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "severe acute respiratory syndrome coronavirus 2": (0.02, 0.1, "SARS-CoV-2 infection, several % a season"),
    "sepsis": (0.003, 0.004, "about 245,000 cases a year"),
    "appendicitis": (0.0007, 0.001, "about 50,000 appendicectomies a year"),
    "cellulitis": (0.003, 0.005, "NICE CKS: ~4 per 1,000 a year"),
    "pulmonary embolism": (0.0005, 0.001, "NICE CKS: ~0.6 per 1,000 a year"),
    "diabetic ketoacidosis": (0.0003, 0.0005, "about 20,000 admissions a year"),
    "urinary tract infection": (0.03, 0.05, "common: several % a year"),
    "migraine": (0.1, 0.15, "The Migraine Trust: ~1 in 7"),
    "osteoarthritis": (0.1, 0.15, "Versus Arthritis: ~10 million people"),
    "rheumatoid arthritis": (0.007, 0.01, "NICE CKS: ~0.8%"),
    "multiple sclerosis": (0.0019, 0.0022, "MS Society: ~1 in 500"),
    "parkinson's disease": (0.002, 0.0025, "Parkinson's UK: ~1 in 350 adults"),
    "crohn's disease": (0.002, 0.003, "Crohn's & Colitis UK"),
    "ulcerative colitis": (0.003, 0.004, "Crohn's & Colitis UK"),
    "psoriasis": (0.02, 0.03, "NICE CKS: ~2-3%"),
    "eczema": (0.05, 0.1, "NICE CKS: atopic eczema in 1 in 10 adults"),
    "atopic dermatitis": (0.05, 0.1, "NICE CKS"),
    "cystic fibrosis": (0.00015, 0.00016, "UK CF Registry: ~11,000 people"),
    "autism spectrum disorder": (0.01, 0.012, "NICE: ~1%"),
    "hip fracture": (0.001, 0.0012, "National Hip Fracture Database: ~70,000 a year"),
    "anorexia nervosa": (0.002, 0.004, "NICE"),
    "anxiety disorder": (0.05, 0.06, "Adult Psychiatric Morbidity Survey ~6%"),
    "hiv infection": (0.0015, 0.0017, "UKHSA: ~107,000 people"),
    "tuberculosis": (0.00007, 0.0001, "UKHSA: ~5,000 cases a year"),
    "meningitis": (0.00005, 0.0001, "Meningitis Research Foundation"),
    "motor neuron disease": (0.00008, 0.0001, "MND Association: ~5,000 people"),
    "amyotrophic lateral sclerosis": (0.00006, 0.00008, "MND Association"),
    "down syndrome": (0.0006, 0.0007, "Down's Syndrome Association: ~47,000 people"),
    "sickle cell anemia": (0.0002, 0.0002, "NHS: ~15,000 people"),
    "fractured neck of femur": (0.001, 0.0012, "National Hip Fracture Database: ~70,000 a year"),
    "neck of femur fracture": (0.001, 0.0012, "National Hip Fracture Database: ~70,000 a year"),
    "nstemi": (0.001, 0.0015, "about 100,000 heart attack admissions a year"),
    "dka": (0.0003, 0.0005, "about 20,000 admissions a year"),
    "copd": (0.018, 0.02, "QOF COPD register ~1.9%"),
    "diabetes": (0.07, 0.075, "QOF diabetes register ~7.5% of adults"),
    "type 1 diabetes": (0.004, 0.006, "about 8% of people with diabetes"),
    "type 2 diabetes": (0.06, 0.07, "QOF diabetes register, ~90% type 2"),
    "heart attack": (0.001, 0.0015, "about 100,000 admissions a year"),
    "broken hip": (0.001, 0.0012, "National Hip Fracture Database: ~70,000 a year"),
}
# Everyday words that DOID also lists as a disease name or synonym.
NOT_CONDITIONS = {
    "cold", "sore", "shock", "fever", "pain", "disease", "syndrome", "disorder", "stress", "fatigue",
    "cramp", "spasm", "injury", "sickness", "addiction", "ptsd", "burn", "wound", "lesion", "cyst",
    "abscess", "ulcer", "tumor", "tumour", "infection", "allergy", "sting", "colic", "crush", "rash", "flu",
    "tic", "tics", "stye", "corn", "bunion", "boil", "wart",
}
GROUPS = [  # DOID branch -> a vaguer way to say it, nearest branch first when walking up the tree
    ("cancer", "a cancer"),
    ("disease of metabolism", "a metabolic condition"),
    ("disease by infectious agent", "an infection"),
    ("disease of mental health", "a mental health condition"),
    ("cardiovascular system disease", "a heart or circulation condition"),
    ("nervous system disease", "a neurological condition"),
    ("respiratory system disease", "a lung condition"),
    ("musculoskeletal system disease", "a musculoskeletal condition"),
    ("immune system disease", "an immune condition"),
    ("endocrine system disease", "a hormonal condition"),
    ("gastrointestinal system disease", "a digestive condition"),
    ("urinary system disease", "a kidney or urinary condition"),
    ("integumentary system disease", "a skin condition"),
    ("hematopoietic system disease", "a blood condition"),
    ("reproductive system disease", "a reproductive health condition"),
    ("genetic disease", "a genetic condition"),
]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def prevalence(records: list[dict[str, str]]) -> tuple[float, float, str] | None:
    usable = [r for r in records if r["prevalence_class"] in CLASSES and r["prevalence_type"] in TYPE_RANK]
    if not usable:
        return None
    best = min(usable, key=lambda r: (r["validation_status"] != "Validated",
                                      AREA_RANK.get(r["geographic_area"], 2), TYPE_RANK[r["prevalence_type"]]))
    low, high = CLASSES[best["prevalence_class"]]
    factor = INCIDENCE_YEARS if best["prevalence_type"] == "Annual incidence" else 1
    basis = f"Orphanet: {best['prevalence_type'].lower()} {best['prevalence_class']} ({best['geographic_area']})"
    return low * factor, high * factor, basis


def ancestors_group(label: str, parents: dict[str, list[str]]) -> str:
    wanted = dict(GROUPS)
    frontier, seen = [label], set()
    while frontier:
        current = frontier.pop(0)
        if current in wanted:
            return wanted[current]
        seen.add(current)
        frontier.extend(p for p in parents.get(current, []) if p not in seen)
    return "a medical condition"


def spoken_names(key: str) -> list[str]:
    """How clinicians shorten a subtype's name: "niemann pick disease type c1" is also said "niemann pick
    type c1", "niemann pick disease type c" and "niemann pick type c"."""
    match = re.fullmatch(r"(.+?)((?: disease| syndrome)?) type ([ivx]+|\d+|[a-z])([a-z]|\d)?", key)
    if not match:
        return []
    stem, word, subtype, suffix = match.groups()
    names = {f"{stem} type {subtype}{suffix or ''}"}
    if suffix:
        names |= {f"{stem}{word} type {subtype}", f"{stem} type {subtype}"}
    return sorted(names - {key})


def usable_name(name: str, key: str, zipf: object) -> bool:
    if name.lower() in COMMON:
        return True
    if not key or key in NOT_CONDITIONS or len(key) < 4 or re.fullmatch(r"[\d\s]+", key):
        return False
    if re.search(r"\b(obsolete|by|caused|associated|due|type [ivx\d]+[a-z]?$)\b", key) and len(key.split()) > 6:
        return False
    if " " not in key:
        return zipf(key, "en") < 4.0  # type: ignore[operator]  # ordinary words are not diagnoses
    return True


def frequency(names: Iterable[str], rows: list[dict[str, str]] | None, rare_slim: bool
              ) -> tuple[float, float, str, bool]:
    """(low, high, basis, rare) of a condition: our common-condition figures for a name we know, else its
    Orphanet prevalence rows, else a default by whether the Disease Ontology's rare slim holds it."""
    common = next((COMMON[k] for k in (n.lower() for n in names) if k in COMMON), None)
    found = common or (prevalence(rows) if rows else None)
    if found:
        low, high, basis = found
        return low, high, basis, high <= 5 / 10_000
    low, high = RARE_DEFAULT if rare_slim else COMMON_DEFAULT
    basis = "default for a rare disease with no prevalence data" if rare_slim else "default for a condition"
    return low, high, basis, rare_slim


def main(data: Path) -> None:
    from wordfreq import zipf_frequency

    do = data / "disease_ontology_doid"
    orpha = data / "orphanet_prevalence_partial"
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    by_name: dict[str, str] = {}
    for row in read_tsv(orpha / "orphanet_prevalence_non_worldwide.tsv"):
        by_code[row["orpha_code"]].append(row)
        by_name[normalise(row["disease_name"])] = row["orpha_code"]
    ordo: dict[str, str] = {}
    for row in read_tsv(do / "allXREFinDO.tsv"):
        if row["xref"].startswith(("ORDO:", "Orphanet:", "ORPHA:")):
            ordo.setdefault(row["id"], row["xref"].split(":", 1)[1])
    parents: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv(do / "HumanDO_labels.tsv"):
        parents[row["label"]].append(row["subClassOf"])

    table: dict[str, list[object]] = {}
    for row in read_tsv(do / "doid_terms.tsv"):
        if row["is_obsolete"] == "true":
            continue
        names = [row["name"]] + [s.rsplit(" [", 1)[0] for s in row["synonyms"].split(" | ")
                                 if s.endswith("[EXACT]")]
        keys = {normalise(n): n for n in names if n}
        keys.update({alias: name for key, name in list(keys.items())
                     for alias in spoken_names(key) if alias not in keys})
        code = ordo.get(row["doid"]) or next((by_name[k] for k in keys if k in by_name), None)
        low, high, basis, rare = frequency(keys.values(), by_code[code] if code else None,
                                           "DO_rare_slim" in row["subsets"])
        phrase = ancestors_group(row["name"], parents)
        if rare:
            phrase = "a rare " + re.sub(r"^an? ", "", phrase)
        record = [row["doid"], row["name"], round(low, 9), round(high, 9), basis, int(rare), phrase]
        for key, name in keys.items():
            if usable_name(name, key, zipf_frequency) and (key not in table or key == normalise(row["name"])):
                table[key] = record
    for name, (low, high, basis) in COMMON.items():  # names people use that DOID spells differently
        table.setdefault(normalise(name), ["", name, low, high, basis, int(high <= 5 / 10_000), "a medical condition"])
    lines = "\n".join(f"{k}\t{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}"
                      for k, v in sorted(table.items()))
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(lines.encode("utf-8"))
    print(f"wrote {OUT.relative_to(REPO)}: {len(table)} condition names, {os.path.getsize(OUT) / 1e6:.2f} MB")


if __name__ == "__main__":
    argument = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    main(argument if argument.is_absolute() else (REPO / argument).resolve())
