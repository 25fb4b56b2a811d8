"""Hospitals and other care facilities as clinical notes name them: "CALVERT HOSPITAL", "kernan hosp",
"Sacred Heart Memorial", "transferred to GH", "accepted by St. Agnes", "LIVES AT KEELEY HOUSE".

The NHS organisation list (signals/geo.py) knows the official names; notes use short local names and
abbreviations instead, so this finder reads the words around them: a facility word after a name, or a
name after a verb of moving a patient ("transferred to", "admitted from", "sent to"). Units of the same
hospital (ICU, CCU, the floor) are not places and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedside.signals import Signal
from bedside.signals.geo import known_place
from bedside.signals.identifiers import finder
from bedside.signals.names import lexicon, stop_word

_FACILITY_WORDS = (
    r"hospital|hospitals|hosp|hospiatal|medical\s+cent(?:er|re)|med\s+ctr|memorial|rehab|regional|infirmary|"
    r"nursing\s+home|house(?!\s+(?:staff|officer|md|doctor))|health\s+cent(?:er|re)|campus|clinic|manor|hospice"
)
_FACILITY = re.compile(r"\b(?:" + _FACILITY_WORDS + r")\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)[ \t]+$")
# "QUARTERMAIN 2", "Quartermain 3": a building or block name and its floor, after a move or "on".
_NAME_THEN_WARD = re.compile(r"\b(?i:to|from|on|transfer|plan:|or)\s+([^\W\d_]{5,})\s?\d\b(?![\d/:]|\.\d)")
_NAME_AND_ER = re.compile(r"\b([A-Z]{2,5})\s+(?:EW|ER|ED)\b|\b(?:from|to|at)\s+([a-z]{4,12})\s+(?:ew|er)\b")
# Where someone lives or came from, in notes that write town names in lower case or capitals.
_RESIDENCE = re.compile(
    r"\b(?:lives?|living|lived|resides?|residing|staying|vacation(?:ing)?|moved|relocated|records|return(?:ed|s)?|"
    r"called|visiting|flew|drove)\s+(?:nearby\s+|alone\s+|back\s+|here\s+)?(?:in|at|to|near|from)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}")
_MOVED_NAME = re.compile(r"(?i:st\.?\s+)?[^\W\d_][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*\.?)?")
# Facility words that name a place on their own; the weaker ones (rehab, house, regional) need a name
# that is no English word before them ("KEELEY HOUSE", not "TOLERATING HOUSE diet").
_STRONG_FACILITY = re.compile(r"hosp|medical|med\s|memorial|infirmary|hospice", re.IGNORECASE)
_MOVED = re.compile(
    r"\b(?:transferr?ed|transfer|trans|txr|admitted|adm|sent|came|taken|went|presented|arrived|referred|"
    r"d/c'?d|discharged|accepted|excepted|screened|bed|go|going|goes)"
    r"\s+(?:back\s+)?(?:in\s+)?(?:to|from|into|at|by|@)\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "at GH", "from GBMC": a short abbreviation after a preposition, when it is no English word.
# Hospital abbreviations end in H, MC or HC by convention (GH, MGH, GBMC, UMMC).
_ABBREVIATION = re.compile(
    r"\b(?i:at|to|from|into|@|by)\s+(?i:the\s+)?([A-Z]{1,4}(?:H|MC|HC)|[a-z]{0,2}(?:gh|mc))\b(?!['’])"
)
# A cheap first test: the facility-word search runs only on texts that hold one of these.
_FACILITY_HINTS = ("hosp", "memorial", "rehab", "regional", "infirmary", "house", "center", "ctr", "centre", "campus",
                   "clinic", "general", "manor", "hospice", "home")
_SAINT = ("st", "saint")
# Words before a facility word that make it generic ("the hospital", "outside hospital").
_GENERIC = frozenset(
    "the this that a an our your their his her its same other another outside local previous prior referring "
    "home nursing psych psychiatric state community teaching general private any which what children's "
    "rehab acute floor nearest closer closest new old own day leave left back need prev awaiting begin con't "
    "tolerating regular concerning district cottage county city mental children's women's nhs specialist "
    "receiving sending transferring admitting".split()
)
# Abbreviations of units and places inside a hospital: never a facility name.
_UNITS = frozenset(
    "icu micu sicu ccu csru cvicu pacu or er ew ed ct mri ir ep nh osh ecu pmicu fmicu tsicu nicu picu hdu itu "
    "ae eu floor home rehab cath lab bed room unit us them him her it pt ot rt sw vna tee ekg echo pm am hd "
    "ccu's micu's stepdown icu's ventilator vent surgery ch mn bilat amb tol md's mds hs noc pcp gi gu id ent "
    "nsr afib ps cpap bipap ac simv ett ng og iv po sq sc im prn".split()
)


def _ok_word(word: str, mixed: bool, strong: bool = False) -> bool:
    if word.endswith((".", ",")) and word.lower() not in ("st.", "mt."):
        return False  # a sentence or list ends there
    lower = word.lower().strip(".,'’")
    if lower in ("memorial", "university", "medical", "regional", "heart", "cross", "st", "saint"):
        return True  # part of the name: "Sacred Heart Memorial", "Memorial Hospital", "St. Mary Hospital"
    if strong and word.isupper() and 2 <= len(lower) <= 5 and lower in ("md", "dc", "va"):
        return True  # "MD Hospital": a state's name abbreviated
    if not lower or lower in _GENERIC or lower in _UNITS or stop_word(lower):
        return False
    if mixed and not strong:
        return word[0].isupper() or not lexicon().is_word(lower) or known_place(lower)
    return True


@finder(40)
def facilities(text: str, country: str) -> Iterator[Signal]:
    lowered = text.lower()
    mixed = any(c.islower() for c in text) and any(c.isupper() for c in text)
    if any(w in lowered for w in _FACILITY_HINTS):
        yield from _named_facilities(text, mixed)
    yield from _abbreviated_facilities(text)
    yield from _moved_to_facilities(text, mixed)


def _named_facilities(text: str, mixed: bool) -> Iterator[Signal]:
    """A facility word and the name before it: "CALVERT HOSPITAL", "Sacred Heart Memorial"."""
    for match in _FACILITY.finditer(text):
        strong = bool(_STRONG_FACILITY.match(match.group()))
        kept = _name_before(text, match.start(), mixed, strong)
        if _names_a_facility(kept, mixed, strong):
            start = kept[0].start()
            yield Signal("organisation", start, match.end(), text[start : match.end()], "HOSPITAL", 0.8,
                         {"source": "note"})


def _name_before(text: str, cursor: int, mixed: bool, strong: bool) -> list[re.Match[str]]:
    """Up to three name words before a facility word, back to the first that cannot be part of a name."""
    kept: list[re.Match[str]] = []
    for _ in range(3):
        before = _WORD_BEFORE.search(text, max(0, cursor - 40), cursor)
        if not before or not _ok_word(before.group(1), mixed, strong):
            break
        kept.insert(0, before)
        cursor = before.start()
    return kept


def _names_a_facility(kept: list[re.Match[str]], mixed: bool, strong: bool) -> bool:
    """Whether the words before a facility word name it: a weak facility word needs two words, or one
    that is no English word or is a known place."""
    if not kept:
        return False
    words = [m.group(1).lower().strip(".,'’") for m in kept]
    if strong:
        # "sent to clinic hospital"-like lower-case words need a second word: "holy cross"
        return not (mixed and len(kept) == 1 and kept[0].group(1)[:1].islower() and lexicon().is_word(words[0]))
    return len(words) >= 2 or not all(lexicon().is_word(w) for w in words) or known_place(" ".join(words))


def _abbreviated_facilities(text: str) -> Iterator[Signal]:
    """Short names by a preposition, an ER or a floor ("at GH", "CALVERT ER", "to QUARTERMAIN 2") when they
    are neither a unit nor an English word."""
    for match in [*_ABBREVIATION.finditer(text), *_NAME_AND_ER.finditer(text), *_NAME_THEN_WARD.finditer(text)]:
        group = 1 if match.group(1) else 2
        lower = match.group(group).lower()
        if lower not in _UNITS and not stop_word(lower) and not lexicon().is_word(lower) and \
                not lexicon().is_word(lower.rstrip("x")):
            yield Signal("organisation", match.start(group), match.end(group), match.group(group), "HOSPITAL", 0.6,
                         {"source": "note"})


def _moved_to_facilities(text: str, mixed: bool) -> Iterator[Signal]:
    """A name after a verb of moving a patient: "transferred to GH", "accepted by St. Agnes"."""
    for match in _MOVED.finditer(text):
        name = _MOVED_NAME.match(text, match.end())
        if not name:
            continue
        words = name.group().split()
        saint = words[0].strip(".").lower() in _SAINT
        if not _moved_to_name(words, mixed, going=match.group().lower().startswith("go")):
            continue
        start = match.end()
        whole = len(words) > 1 and (saint or words[1][0].isupper())
        end = name.end() if whole else start + len(words[0])
        yield Signal("organisation", start, end, text[start:end], "HOSPITAL", 0.7, {"source": "note"})


def _moved_to_name(words: list[str], mixed: bool, going: bool) -> bool:
    """Whether the words after a verb of moving start a place's name, not a unit or an ordinary word."""
    first = words[0].strip(".")
    lower = first.lower()
    if lower in _SAINT:
        return len(words) >= 2  # "St." alone names nothing
    if lower in _UNITS or lower in _GENERIC or stop_word(lower):
        return False
    if mixed and first[0].isupper() and not first.isupper():
        return True  # a capitalised name in mixed-case text
    # After "go to", only a capitalised name: "going into JUNCTIONAL RHYTHM" is no place.
    return not (lexicon().is_word(lower) or len(first) < 4 or (mixed and first.isupper()) or going)


@finder(40)
def residences(text: str, country: str) -> Iterator[Signal]:
    """'lives in catonsville', 'RECORDS FROM ANNAPOLIS': a town after words of living or coming from."""
    for match in _RESIDENCE.finditer(text):
        words = _PLACE_WORDS.match(text, match.end())
        if not words:
            continue
        parts = words.group().split()
        for n in range(len(parts), 0, -1):
            name = " ".join(parts[:n])
            lower = parts[0].lower()
            if known_place(name, country) or (n == 1 and len(lower) > 3 and lexicon().possible(lower)
                                              and not lexicon().is_word(lower) and lower not in _UNITS):
                end = text.find(parts[n - 1], match.end()) + len(parts[n - 1])
                yield Signal("place", match.end(), end, text[match.end() : end], "PLACE", 0.7,
                             {"source": "note-context"})
                break


_REGION = re.compile(r"\b(?i:the)\s+((?:[A-Z][a-z]+|[A-Z]{3,})\s+(?:Shore|Coast|Valley|Heights|Hills|Lakes?|Bay|Dales|"
                     r"Moors?|SHORE|COAST|VALLEY|HEIGHTS|HILLS|LAKES?|BAY|DALES|MOORS?))\b")


@finder(40)
def regions(text: str, country: str) -> Iterator[Signal]:
    """'the Eastern Shore', 'the Lake District'-like regions: a capitalised name and a landform."""
    for match in _REGION.finditer(text):
        yield Signal("place", match.start(1), match.end(1), match.group(1), "PLACE", 0.6, {"source": "note-context"})


_EMPLOYER = re.compile(r"\b(?i:ceo|cfo|president|director|manager|works?|worked|working|employed|employee|retired)\s+"
                       r"(?i:of|at|for|by|from|with)\s+(?:the\s+)?([A-Z][A-Za-z&]+(?:[ \t]+[A-Z][A-Za-z&]+){0,2})")


@finder(40)
def employers(text: str, country: str) -> Iterator[Signal]:
    """'HUSBAND CEO OF IBM', 'works at Tesco': where someone works narrows down who they are."""
    for match in _EMPLOYER.finditer(text):
        name = match.group(1)
        lower = name.lower()
        if lower in _UNITS or stop_word(lower.split()[0]) or lower.split()[0] in _GENERIC:
            continue
        yield Signal("organisation", match.start(1), match.end(1), name, "ORGANISATION", 0.6, {"source": "employer"})
