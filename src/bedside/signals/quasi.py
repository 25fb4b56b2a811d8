"""quasi: details about the patient that are harmless alone but identifying together.

`signals[QUASI]` -> list[Detail]: age or age band, sex, place (town, postcode district, hospital or
practice), time (today, a date, a season), condition (Disease Ontology names -> prevalence), occupation,
nationality / ethnicity / religion, family details, distinctive events and treatments (ECMO, transplant,
a storm), local roles and events the reader attributes to the patient ("the mayor's wife", "the Co-op
manager", "last night's crash on Ashby Road"), and explicit uniqueness ("the only", "first ever"). Each
detail carries its span and the share of people it leaves (or, for events, a yearly rate);
`signals[JIGSAW]` multiplies them out.

Tying details to the patient: details in the author's own self-description ("I'm a Muslim doctor",
"as a mum of three") or about a colleague ("my registrar, a keen cyclist") are dropped. The condition
lookup is one pass over word n-grams against a dictionary (data/conditions.json.gz), loaded once.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bedside.signals import Signal, Signals, extractor, geo
from bedside.signals.keys import CASE_SUBJECT, IDENTIFIERS, QUASI, READER
from bedside.signals.lexicons import (
    EVENTS,
    FAMILY,
    IDENTITY,
    LIFE_STAGES,
    LOCAL_ROLE_HOLDERS,
    LOCAL_ROLES,
    OCCUPATIONS,
    SEASONS,
)
from bedside.signals.reader import Mention

LOCAL_ROLE_READ = 0.3  # the reader's probability from which a local role or event counts as the patient's
TOWN_READ = 0.6  # ... from which a town the gazetteer lacks (a small town abroad, "Tenby") counts as a place
AGE_READ = 0.6  # ... from which a bare number read as the patient's age ("19, ruptured spleen") counts

_KEY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MAX_CONDITION_WORDS = 7
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
_POSSESSIVE = re.compile(r"\b(?:her|his|their|my|your|our)\s+$")
_LOOKBACK = 120  # characters of the same sentence searched for "I'm a", "my colleague"
_SEX = re.compile(
    r"\b(?P<m>man|men|male|gentleman|gent|gentlemen|boy|lad|bloke|chap|father|dad|husband|son|grandfather|"
    r"grandad|he|him|his)\b|\b(?P<f>woman|women|female|lady|ladies|girl|mother|mum|wife|daughter|grandmother|"
    r"granny|she|her|hers|pregnant)\b",
    re.IGNORECASE,
)
_SELF_OR_COLLEAGUE = re.compile(
    r"(?:\bI'm\b|\bI\s+am\b|\bas\s+an?\b|\bmy\s+(?:colleague|registrar|consultant|boss|friend|wife|husband|"
    r"partner|mentor|trainee|student|son|daughter|mum|dad|mother|father)|\bour\s+(?:registrar|consultant|"
    r"nurse|team|colleague)|\bcolleague\b|\bfellow\b)[^.;!?\n]{0,15}$",
    re.IGNORECASE,
)
_UNIQUE = re.compile(
    r"\b(?:the\s+only|only\s+(?:known\s+)?(?:person|patient|child|kid|one)\b(?=[^.!?\n]{0,40}\bwith\b)|"
    r"first\s+ever|youngest\s+ever|oldest\s+ever|only\s+(?:known\s+)?case|"
    r"one\s+of\s+only\s+(?:a\s+handful|two|three|a\s+few))\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"\b(?:a|an|the|this|one|our|my)\s+(?:[\w-]+\s+){0,3}?(?:case|patient|pt|man|woman|boy|girl|baby|child|lady|"
    r"gentleman|toddler|infant|fisherman|farmer)\b",
    re.IGNORECASE,
)


def condition_key(name: str) -> str:
    """How a condition name is stored and looked up: lower-case words and numbers, single spaces."""
    return " ".join(w.lower() for w in _KEY_WORD.findall(name.replace("’", "'")))


@dataclass(frozen=True)
class Detail:
    """One quasi-identifying detail about the patient.

    kind: age, sex, place, organisation, time, condition, occupation, identity, family, event, unique.
    share: the fraction of people it leaves (age, sex, condition, occupation, identity, family), or
    the yearly rate of the event; None when the population model works it out (place, age band).
    """

    kind: str
    start: int
    end: int
    text: str
    label: str
    share: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@functools.cache
def conditions() -> tuple[dict[str, str], frozenset[str]]:
    raw = (Path(__file__).resolve().parent.parent / "data" / "conditions.json.gz").read_bytes()
    table = dict(line.split("\t", 1) for line in gzip.decompress(raw).decode("utf-8").split("\n"))
    return table, frozenset(k.split(" ", 1)[0] for k in table)


def find_conditions(text: str) -> Iterator[Detail]:
    table, first_words = conditions()
    matches = list(_KEY_WORD.finditer(text))
    words = [m.group().lower().replace("’", "'") for m in matches]
    i = 0
    while i < len(words):
        if words[i] not in first_words:
            i += 1
            continue
        step = 1
        for n in range(min(_MAX_CONDITION_WORDS, len(words) - i), 0, -1):
            if n > 1 and not _adjacent(text, matches[i : i + n]):
                continue
            line = table.get(" ".join(words[i : i + n]))
            if line is not None:
                doid, name, low, high, basis, rare, phrase = json.loads(line)
                start, end = matches[i].start(), matches[i + n - 1].end()
                yield Detail("condition", start, end, text[start:end], name, high,
                             {"low": low, "high": high, "basis": basis, "rare": bool(rare), "doid": doid,
                              "general": phrase})
                step = n
                break
        i += step


def _adjacent(text: str, matches: list[re.Match[str]]) -> bool:
    return all(len(text[a.end() : b.start()]) <= 2 and "." not in text[a.end() : b.start()]
               for a, b in itertools.pairwise(matches))


def _about_someone_else(text: str, start: int) -> bool:
    """The detail sits in the author's self-description or a colleague's description."""
    window_start = max(0, start - _LOOKBACK)
    clause_start = max(text.rfind(c, window_start, start) for c in ".;!?\n")
    return bool(_SELF_OR_COLLEAGUE.search(text[max(clause_start + 1, window_start) : start]))


def _lexicon_details(text: str) -> Iterator[Detail]:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters grow when lower-cased ("İ"): keep offsets aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for kind, table in (("occupation", OCCUPATIONS), ("identity", IDENTITY), ("family", FAMILY),
                        ("event", EVENTS), ("age", LIFE_STAGES), ("time", SEASONS)):
        for match in table.pattern.finditer(lowered):
            if kind == "age" and _POSSESSIVE.search(lowered, max(0, match.start() - 8), match.start()):
                continue  # "her child", "their baby": someone else's age, not the patient's
            entry = table.lookup(match.group())
            yield Detail(kind, match.start(), match.end(), text[match.start() : match.end()], entry.label,
                         entry.share, {"general": entry.general, **entry.attrs})


def _identifier_details(found: list[Signal]) -> Iterator[Detail]:
    for s in found:
        if s.kind == "age":
            years = int(s.attrs.get("years", 0))
            low, high = s.attrs.get("band") or (years // 10 * 10, years // 10 * 10 + 9)
            yield Detail("age", s.start, s.end, s.text, f"age {low}-{high}", None,
                         {"low": low, "high": high, "general": _decade_phrase(low)})
            if s.attrs.get("sex"):
                yield Detail("sex", s.start, s.end, s.text, str(s.attrs["sex"]), None, {})
        elif s.kind == "postcode":  # a full postcode: about 15 households
            yield Detail("place", s.start, s.end, s.text, s.text, None, {"type": "postcode", **s.attrs})
        elif s.kind in ("relative-date", "date", "time"):
            yield Detail("time", s.start, s.end, s.text, s.text, None, {"window_days": _window(s.text)})


_DECADES = {20: "twenties", 30: "thirties", 40: "forties", 50: "fifties", 60: "sixties", 70: "seventies",
            80: "eighties", 90: "nineties"}


def _decade_phrase(low: int) -> str:
    if low < 10:
        return "a child"
    if low < 20:
        return "a teenager"
    return f"someone in their {_DECADES.get(low // 10 * 10, 'later years')}"


def _window(text: str) -> float:
    """Days of the time window a date or relative date pins an event to."""
    lowered = text.lower()
    if "year" in lowered or re.fullmatch(r"(?:19|20)\d\d", lowered.strip()):
        return 365.0
    if "month" in lowered or (_MONTH_NAME.search(lowered) and not re.search(r"\d", lowered)):
        return 30.0
    if "week" in lowered:
        return 7.0
    return 1.0


def _sex_detail(text: str, found: list[Detail]) -> Detail | None:
    if any(d.kind == "sex" for d in found):
        return None
    for match in _SEX.finditer(text):
        if _about_someone_else(text, match.start()):
            continue
        sex = "male" if match.group("m") else "female"
        return Detail("sex", match.start(), match.end(), match.group(), sex, None, {})
    return None


def _place_details(text: str, country: str) -> Iterator[Detail]:
    """Places and organisations straight from the gazetteer finders, so that a place the name finder
    also claims ("Mousehole") still counts as where the patient is from."""
    for s in (*geo.places(text, country), *geo.postcode_districts(text, country)):
        yield Detail(s.kind, s.start, s.end, s.text, s.text, None, dict(s.attrs))


def _local_roles(mentions: tuple[Mention, ...]) -> Iterator[Detail]:
    """A local role or event read as the patient's: how many people it points to (LOCAL_ROLES)."""
    for m in mentions:
        if m.type != "local-role" or m.role != "patient" or m.probability < LOCAL_ROLE_READ \
                or not any(c.isalpha() for c in m.text):
            continue  # not the patient's, or a piece of punctuation read as a role
        match = LOCAL_ROLES.pattern.search(m.text.lower())
        entry = LOCAL_ROLES.lookup(match.group()) if match else None
        words = " ".join(w for w in m.text.lower().split() if w not in ("a", "an", "the"))
        if entry is None and OCCUPATIONS.pattern.fullmatch(words):
            continue  # a bare job ("fisherman"), not a local role ("a teacher at the local school"): its share stands
        attrs = {"holders": LOCAL_ROLE_HOLDERS, "general": "someone local"} if entry is None else \
            {"general": entry.general, **entry.attrs}
        yield Detail("local-role", m.start, m.end, m.text, entry.label if entry else "a local role or event",
                     entry.share if entry else None, {**attrs, "read": m.probability})


_BARE_AGE = re.compile(r"(\d{1,3})(?:\s*(?:yo|y/o|yrs?|years?(?:\s+old)?))?")


def _read_details(mentions: tuple[Mention, ...], known: list[Detail]) -> Iterator[Detail]:
    """Towns and ages only the reader finds: a town too small for the gazetteer, an age written as a bare
    number. A detail the finders already have stays theirs."""
    def overlaps(m: Mention) -> bool:
        return any(d.start < m.end and m.start < d.end for d in known)

    for m in mentions:
        if m.type == "place" and m.role == "town" and m.probability >= TOWN_READ and not overlaps(m):
            yield Detail("place", m.start, m.end, m.text, m.text, None,
                         {"name": m.text, "type": "town", "population": None, "area": "", "read": m.probability})
        elif m.type == "age" and m.role == "patient" and m.probability >= AGE_READ and not overlaps(m):
            bare = _BARE_AGE.fullmatch(m.text.strip())
            if bare and 0 < int(bare.group(1)) < 110:
                low = int(bare.group(1)) // 10 * 10
                yield Detail("age", m.start, m.end, m.text, f"age {low}-{low + 9}", None,
                             {"low": low, "high": low + 9, "general": _decade_phrase(low), "read": m.probability})


def quasi_details(text: str, found: list[Signal], country: str = "GB",
                  mentions: tuple[Mention, ...] = ()) -> list[Detail]:
    details = list(_identifier_details(found))
    details.extend(_place_details(text, country))
    details.extend(list(_read_details(mentions, details)))
    roles = list(_local_roles(mentions))
    details.extend(d for d in _lexicon_details(text)  # a local role replaces the job it names
                   if not (d.kind == "occupation" and any(r.start < d.end and d.start < r.end for r in roles)))
    details.extend(roles)
    details.extend(find_conditions(text))
    details = [d for d in details if d.kind in ("time", "place", "organisation")
               or not _about_someone_else(text, d.start)]
    sex = _sex_detail(text, details)
    if sex is not None:
        details.append(sex)
    for match in _UNIQUE.finditer(text):
        details.append(Detail("unique", match.start(), match.end(), match.group(), match.group().lower(), None, {}))
    return _without_overlaps(details)


def _without_overlaps(details: list[Detail]) -> list[Detail]:
    """Keep the longer of two overlapping details of the same kind (an age inside "72F" stays once)."""
    kept: list[Detail] = []
    reached: dict[str, int] = {}  # kind -> end of the last kept detail of that kind
    for d in sorted(details, key=lambda d: (d.start, -(d.end - d.start))):
        if reached.get(d.kind, -1) > d.start:
            continue
        kept.append(d)
        reached[d.kind] = d.end
    return kept


def describes_a_case(text: str, details: list[Detail]) -> bool:
    """A person is described (a case, a patient, a man...) together with something that happened to them."""
    return bool(_SUBJECT.search(text)) and any(d.kind in ("event", "age", "sex") for d in details)


@extractor(CASE_SUBJECT)
def case_subject(signals: Signals) -> bool:
    """The text names a case or a person ("a case", "a man", "a child"): cheap, run before the model."""
    return bool(_SUBJECT.search(signals.post.text))


@extractor(QUASI)
def quasi(signals: Signals) -> list[Detail]:
    return quasi_details(signals.post.text, signals[IDENTIFIERS], signals.post.country,
                         signals[READER].mentions)
