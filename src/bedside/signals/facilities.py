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
from bedside.signals.identifiers import finder
from bedside.signals.names import lexicon, stop_word

_FACILITY_WORDS = (
    r"hospital|hospitals|hosp|hospiatal|medical\s+cent(?:er|re)|memorial|rehab|regional|infirmary|"
    r"nursing\s+home|house|health\s+cent(?:er|re)|campus|clinic|general|manor|hospice"
)
_NAME_THEN_FACILITY = re.compile(
    r"((?:[^\W\d_][\w'’.-]*[ \t]+){1,3}?)(?:" + _FACILITY_WORDS + r")\b", re.IGNORECASE
)
_MOVED = re.compile(
    r"\b(?:transferr?ed|transfer|trans|txr|admitted|adm|sent|came|taken|went|presented|arrived|referred|"
    r"d/c'?d|discharged|accepted|excepted|screened|go|going|return(?:ed)?|followed|seen|evaluated|bed)"
    r"\s+(?:back\s+)?(?:in\s+)?(?:to|from|into|at|by|@)\s+(?:the\s+)?"
    r"|\b(?:at|to|from|into)\s+(?:the\s+)?(?=[A-Z]{2,5}\b)",
    re.IGNORECASE,
)
# Words before a facility word that make it generic ("the hospital", "outside hospital").
_GENERIC = frozenset(
    "the this that a an our your their his her its same other another outside local previous prior referring "
    "home nursing psych psychiatric state community teaching general private any which what children's "
    "rehab acute floor nearest closer closest new old own day".split()
)
# Abbreviations of units and places inside a hospital: never a facility name.
_UNITS = frozenset(
    "icu micu sicu ccu csru cvicu pacu or er ew ed ct mri ir ep nh osh ecu pmicu fmicu tsicu nicu picu hdu itu "
    "ae eu floor home rehab cath lab bed room unit us them him her it pt ot rt sw vna tee ekg echo pm am hd "
    "ccu's micu's stepdown icu's ventilator vent surgery".split()
)


def _ok_word(word: str, mixed: bool) -> bool:
    lower = word.lower().strip(".,'’")
    if not lower or lower in _GENERIC or lower in _UNITS or stop_word(lower):
        return False
    if mixed:
        return word[0].isupper() or not lexicon().is_word(lower)
    return True


@finder(40)
def facilities(text: str, country: str) -> Iterator[Signal]:
    lowered = text.lower()
    mixed = any(c.islower() for c in text) and any(c.isupper() for c in text)
    if any(w in lowered for w in ("hosp", "memorial", "rehab", "regional", "infirmary", "house", "center", "centre",
                                  "campus", "clinic", "general", "manor", "hospice", "home")):
        for match in _NAME_THEN_FACILITY.finditer(text):
            words = match.group(1).split()
            kept: list[str] = []
            for word in reversed(words):
                if not _ok_word(word, mixed):
                    break
                kept.insert(0, word)
            if not kept:
                continue
            start = match.start(1) + match.group(1).rfind(kept[0]) if len(kept) < len(words) else match.start(1)
            start = text.find(kept[0], start)
            yield Signal("organisation", start, match.end(), text[start : match.end()], "HOSPITAL", 0.8,
                         {"source": "note"})
    for match in _MOVED.finditer(text):
        name = re.match(r"(?:st\.?\s+)?[^\W\d_][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*\.?)?", text[match.end() :], re.IGNORECASE)
        if not name:
            continue
        words = name.group().split()
        first = words[0].strip(".")
        lower = first.lower()
        if lower not in ("st", "saint") and (lower in _UNITS or lower in _GENERIC or stop_word(lower)):
            continue
        if lower in ("st", "saint"):
            if len(words) < 2:
                continue
        elif first.isupper() and len(first) <= 5:
            pass  # GH, GBMC: an abbreviation after "transferred to"
        elif lexicon().is_word(lower) and not (mixed and first[0].isupper()):
            continue
        elif mixed and not first[0].isupper() and lexicon().is_word(lower):
            continue
        end = match.end() + (name.end() if len(words) > 1 and (lower in ("st", "saint") or words[1][0].isupper())
                             else len(words[0]))
        start = match.end()
        yield Signal("organisation", start, end, text[start:end], "HOSPITAL", 0.7, {"source": "note"})
