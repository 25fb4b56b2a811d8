"""Places and health organisations: GB places, postcode districts, local authorities, regions,
countries, US states and world cities (kind "place"), and NHS trusts, hospitals and GP practices (kind
"organisation"), from the gazetteer compiled by training/build_geography.py (data/geo.json.gz).

Precision first: a place is a proper noun, so every word of it must be capitalised (lower-case matches
only for big multi-word places such as "milton keynes"). Names that are also ordinary words ("Bath",
"Reading", "Hope", "Street") need a locating word before them ("in Bath", "from Reading") and may not
start a sentence. In ALL-CAPS clinical notes capitals say nothing, so only distinctive names count
there. The lookup is one pass over the word n-grams of the text with dictionary look-ups, no regex per
entry; the gazetteer loads once, on the first text that has a capitalised word it knows.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bedside.signals import Signal
from bedside.signals.identifiers import finder

BANDS = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|&")
_JOIN = re.compile(r"[ \t]?-?[ \t]?|\.[ \t]?|[ \t]")  # what may sit between two words of one name
_MAX_WORDS = 6
_CAMEL_NAME = re.compile(r"(?:Mc|Mac|O'|D'|Fitz)[A-Z][a-z]")
# Small words that stay lower case inside a name: "Stoke-on-Trent", "Weston-super-Mare".
_CONNECTORS = frozenset({"on", "upon", "the", "le", "la", "in", "by", "under", "de", "of", "and", "next",
                         "sea", "super", "en", "y", "yr", "du", "des", "del", "am", "an", "der", "di", "&"})
_LOCATIVE = frozenset({"in", "from", "at", "near", "to", "around", "outside", "nr", "towards", "into",
                       "via", "visiting", "between"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "lady", "lord", "master", "dame",
                     "nurse", "sister", "rev", "saint"})
# First words of the big multi-word places that people type in lower case ("milton keynes").
_LOWER_STARTS = frozenset({"milton", "new", "north", "south", "east", "west", "great", "st", "stoke", "greater",
                           "san", "los", "las", "hong", "abu", "kuala", "buenos", "rio", "sao", "tel", "cape"})
_MAJOR_ELSEWHERE = 1_000_000  # "New York" is the city, not the hamlet in Lincolnshire
_CACHED_TEXT = 20_000  # characters: longer texts are not kept in the small cache
_CAPS_RATIO = 0.6  # above this share of upper-case letters, a text is treated as ALL CAPS
_DISTRICT = re.compile(r"(?<![\w-])([A-Z]{1,2}\d[A-Z\d]?)(?![\w-])(?!\s?\d[A-Z]{2}\b)")
_DISTRICT_CONTEXT = frozenset({"in", "from", "postcode", "district", "area", "near", "at"})


def normalise(name: str) -> str:
    """The key a name is stored under: lower-case words joined by single spaces ('&' reads 'and')."""
    words = _WORD.findall(name.replace("’", "'"))
    return " ".join("and" if w == "&" else w.lower() for w in words)


@functools.lru_cache(maxsize=4096)
def _parsed(line: str) -> Any:
    """A gazetteer record, parsed once however often the name comes up."""
    return json.loads(line)


_MINOR = frozenset({"hamlet", "village", "locality", "suburban-area", "other-settlement"})


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, str]  # key -> JSON list of records, parsed only when the key is met
    orgs: dict[str, str]
    districts: dict[str, list[Any]]
    las: dict[str, list[Any]]
    national: list[Any]
    countries: dict[str, list[Any]]  # ISO code -> [name, population]

    def place(self, key: str, country: str) -> list[Any] | None:
        """The record a name most likely means: the post's country, unless a major place elsewhere."""
        line = self.places.get(key)
        if line is None:
            return None
        records = _parsed(line)
        chosen = next((r for r in records if r[4] == country), records[0])
        if chosen[1] in _MINOR:
            chosen = next((r for r in records if r[2] >= _MAJOR_ELSEWHERE), chosen)
        record: list[Any] = chosen
        return record

    def org(self, key: str) -> list[Any] | None:
        line = self.orgs.get(key)
        return None if line is None else _parsed(line)

    def area(self, code: str) -> list[Any]:
        """[name, population, band shares, male shares] of a local authority, or of the UK."""
        return self.las.get(code) or self.national


@functools.cache
def gazetteer() -> Gazetteer:
    raw = (Path(__file__).resolve().parent.parent / "data" / "geo.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return Gazetteer(_table(data["places"]), _table(data["orgs"]), data["districts"], data["las"], data["national"],
                     data["countries"])


def known_place(name: str, country: str = "GB") -> bool:
    """Whether a name is in the gazetteer as a place (for other finders: "Mousehole" is not a surname)."""
    return gazetteer().place(normalise(name), country) is not None


def _table(lines: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in lines.split("\n"))


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;•-–"


def _caps_mode(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > _CAPS_RATIO


class _Tokens:
    """The words of a text with their spans; lower case and joins are worked out only where asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.words: list[str] = []
        for m in _WORD.finditer(text):
            self.spans.append(m.span())
            self.words.append(m.group())

    def low(self, i: int) -> str:
        word = self.words[i]
        return "and" if word == "&" else word.lower()

    def joined(self, j: int) -> bool:
        """Words j and j+1 may belong to one name (a space, a hyphen, "St. Ives")."""
        gap = self.text[self.spans[j][1] : self.spans[j + 1][0]]
        return gap == " " or _JOIN.fullmatch(gap) is not None

    def run_length(self, i: int, proper: bool) -> int:
        """How many words from i could form one name: joined, and proper nouns or connectors when the
        first word is capitalised (lower case only follows lower case)."""
        n = 1
        while n < _MAX_WORDS and i + n < len(self.words) and self.joined(i + n - 1):
            word = self.words[i + n]
            if proper and not word[0].isupper() and word.lower() not in _CONNECTORS:
                break
            n += 1
        return n

    def capitalised(self, i: int, n: int) -> bool:
        """Every word a proper noun's shape ("Truro", "TRURO", "McDonald"), small connectors aside;
        "PaCO" or "TIAs" is an abbreviation, not a name."""
        words = self.words[i : i + n]
        return _proper(words[0]) and all(_proper(w) or w.lower() in _CONNECTORS for w in words)

    def before(self, i: int) -> str:
        return self.low(i - 1) if i > 0 and self.joined(i - 1) else ""


def _proper(word: str) -> bool:
    if not word[0].isupper():
        return False
    rest = word[1:]
    return rest.islower() or word.isupper() or not rest or bool(_CAMEL_NAME.match(word))


def _place_ok(tokens: _Tokens, i: int, n: int, record: list[Any], caps: bool) -> bool:
    ambiguous = bool(record[5])
    words = tokens.words[i : i + n]
    if tokens.before(i) in _TITLES:
        return False
    if caps and all(w.isupper() for w in words if len(w) > 1):
        return not ambiguous and (n > 1 or len(words[0]) >= 5)
    if not tokens.capitalised(i, n):
        major = record[1] in ("country", "region", "us-state", "county", "local-authority", "city")
        return n > 1 and major and not ambiguous and all(w.islower() for w in words)
    if ambiguous:  # "in Bath": a capital (not ALL CAPS), a locating word, not the first word of a sentence
        start = tokens.spans[i][0]
        return (tokens.before(i) in _LOCATIVE and not _sentence_start(tokens.text, start)
                and not any(w.isupper() and len(w) > 1 for w in words))
    return True


def _place_signal(tokens: _Tokens, i: int, n: int, record: list[Any]) -> Signal:
    start, end = tokens.spans[i][0], tokens.spans[i + n - 1][1]
    attrs = {"name": record[0], "type": record[1], "population": record[2] or None, "area": record[3],
             "country": record[4]}
    return Signal("place", start, end, tokens.text[start:end], "PLACE", 0.9 if record[5] else 1.0, attrs)


def _org_signal(tokens: _Tokens, i: int, n: int, record: list[Any]) -> Signal:
    start, end = tokens.spans[i][0], tokens.spans[i + n - 1][1]
    attrs = {"name": record[0], "type": record[1], "area": record[2], "district": record[3],
             "homonyms": record[4]}
    return Signal("organisation", start, end, tokens.text[start:end], "ORGANISATION", 1.0, attrs)


@finder(45)
def places(text: str, country: str) -> Iterator[Signal]:
    """Places and organisations (kept for the last few short texts: the jigsaw model asks again)."""
    return iter(_places(text, country)) if len(text) <= _CACHED_TEXT else _find_places(text, country)


@functools.lru_cache(maxsize=16)
def _places(text: str, country: str) -> tuple[Signal, ...]:
    return tuple(_find_places(text, country))


def _find_places(text: str, country: str) -> Iterator[Signal]:
    tokens = _Tokens(text)
    gaz: Gazetteer | None = None
    caps = _caps_mode(text)
    i = 0
    while i < len(tokens.words):
        proper = tokens.words[i][0].isupper()
        if not proper and tokens.low(i) not in _LOWER_STARTS:
            i += 1
            continue
        gaz = gaz or gazetteer()
        step = 1
        length = tokens.run_length(i, proper)
        lowered = [tokens.low(j) for j in range(i, i + length)]
        for n in range(length, 0, -1):
            key = " ".join(lowered[:n])
            org = gaz.org(key)
            if org is not None and (tokens.capitalised(i, n) or caps):
                yield _org_signal(tokens, i, n, org)
                step = n
                break
            record = gaz.place(key, country)
            if record is not None and _place_ok(tokens, i, n, record, caps):
                yield _place_signal(tokens, i, n, record)
                step = n
                break
        i += step


_ANY_DIGIT = re.compile(r"\d")


@finder(45)
def postcode_districts(text: str, country: str) -> Iterator[Signal]:
    """A bare postcode district ("lives in TR19"): a known district after a locating word."""
    if country not in ("GB", "UK") or not _ANY_DIGIT.search(text):
        return
    for match in _DISTRICT.finditer(text):
        code = match.group(1)
        before = text[max(0, match.start() - 12) : match.start()].lower().split()
        context = bool(before) and before[-1] in _DISTRICT_CONTEXT
        if not context:  # "CO2", "PO2", "B12" are blood gases and vitamins long before they are postcodes
            continue
        entry = gazetteer().districts.get(code)
        if entry is None:
            continue
        attrs = {"name": code, "type": "postcode-district", "population": entry[1] or None, "area": entry[0],
                 "country": "GB"}
        yield Signal("place", match.start(), match.end(), code, "POSTCODE DISTRICT", 1.0, attrs)
