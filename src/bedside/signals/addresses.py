"""Street addresses, in English and continental order, with the lines that follow them.

An address is found from an anchor (a house number before a street name that ends in a street type,
or a street name followed by its number in continental order; a flat, suite or PO box; a military
address) and then grown over what typically follows on the same lines: flat or suite, town, region,
country and postal code, stopping at ordinary English words. One span then covers the whole address,
so the redaction removes it all and no fragment is left to identify the house.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedside.signals import Signal
from bedside.signals.identifiers import finder
from bedside.signals.names import lexicon

_TYPES = (
    r"street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|crescent|cres|place|pl|court|ct|gardens|gdns|"
    r"terrace|grove|square|sq|hill|row|walk|mews|park|rise|parade|boulevard|blvd|highway|hwy|parkway|pkwy|"
    r"circle|cir|trail|plaza|view|green|vale|wharf|estate|cottages|villas|str"
)
_FULL_TYPES = frozenset("street road lane avenue close drive crescent gardens terrace grove square boulevard highway "
                        "parkway mews parade".split())
# Types that are also everyday words: in ALL-CAPS notes "4 LARGE THICK LIQ GREEN" is not an address.
_WEAK_TYPES = frozenset(
    "way place pl court ct hill row walk park rise view green vale estate circle trail st dr".split()
)
_WORD = r"(?!(?i:in|on|at|to|of|and|the|is|was|for|with|from|by|or)\b)[^\W\d_][\w'’.-]*"
_ENGLISH = re.compile(
    r"\b(\d{1,5}[A-Za-z]?(?:[ ,]\s*\d{1,5})?),?[ \t]+((?:" + _WORD + r"[ \t]+){1,4}?)(?i:(" + _TYPES + r"))\b\.?"
)
# Continental order: "Rua Forno 76", "ul. Franciszkańska 12", "Vesturgata 66", "Paul-Nevermann-Platz 47".
_NUMBER = re.compile(r"\b\d{1,5}[A-Za-z]?\b(?![.,:/-]?\d)(?:\.(?!\d))?")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*\.?$")
_HOUSE = re.compile(r"(?:^|(?<=[\s>:]))(\d{1,5})[ \t]+$")
_HOUSE_BEFORE = re.compile(r"(?<![\w.,/:-])\d{1,5}(?:[ \t]+\d{1,5})?[ \t]+$")
_PARTICLES = frozenset("de da das do dos di del della la le van der den von ul. r".split())
_STREET_ENDINGS = ("gata", "gatan", "vej", "weg", "straat", "strasse", "straße", "platz", "plaats", "laan", "katu",
                   "veien", "vegen")
_LEADING_TYPE = re.compile(
    r"\b\d{1,5}[ \t]+(?:(?i:rue|rua|calle|avenida|piazza|viale|carrer|chemin)|"
    r"Avenue|Av\.|Via|Corso|Boulevard|Plaza|ul\.)"
    r"(?:[ \t]+[^\W\d_][\w'’.-]*){1,5}"
)
_NAMED_STREET = re.compile(r"\b(?:[A-Z][\w'’-]+[ \t]+){1,3}(?:Street|Road|Avenue|Lane|Boulevard|Drive|Square)\b")
_STREET_WORDS = frozenset(
    "rua via rue calle avenida avenue av strasse straße gasse gata gatan gade vej vegen veien weg laan straat "
    "plaats tee utca út ul ulica platz baan steenweg tie katu allee allé piazza viale corso camino camiño "
    "carrer rambla chaussée chemin boulevard kuja iela gatve cesta ulice trg".split()
)
_UNIT = re.compile(
    r"\b(?:apt|apartment|suite|unit|flat|room|floor|box|p\.?\s?o\.?\s?box|po\s?box|psc|cmr)\.?\s*#?\s*\d{1,6}[A-Za-z]?"
    r"(?:,?\s*box\s+\d{1,6})?\b",
    re.IGNORECASE,
)
# "room 4", "unit 7" alone are wards or teams more often than addresses.
_BARE_UNIT = re.compile(r"(?i)(?:room|floor|unit|box|flat)\b")
_MILITARY = re.compile(
    r"\b(?:USNS|USNV|USS|USCGC)\s+[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?\s*\n?\s*[FAD]PO\s+A[AEP]\s+\d{5}\b"
    r"|\b[FAD]PO\s+A[AEP]\s+\d{5}\b",
    re.IGNORECASE,
)
_TAIL_STOP = frozenset(
    "for in at on to the this that is was it if with please last night my your i we me you can could would will "
    "thanks thank for of from by as but or so then when where who which what i'm i'd i'll it's st".split()
)
_TAIL_WORDS = re.compile(r"(?:[^\W\d_][\w'’.-]*[ \t]*){1,4}")
_ZIP_TAIL = re.compile(r"\d{4,6}(?:-\d{3,4})?\b")
_SEPARATOR = re.compile(r"(?:[ \t]*(?:[,>;\n]|\?\?\?)){0,4}[ \t]*")
_CONTEXT = re.compile(r"(?:address(?:\s+is)?|lives?\s+at|living\s+at|moved\s+to|sent\s+to|send\s+\w+\s+to|"
                      r"send\s+\w+\s+\w+\s+to|located\s+at|deliver\w*\s+to|return\s+to|meet\s+me\s+at|"
                      r"arrived\s+at|refers\s+to|shows\s+on)\W*$", re.IGNORECASE)


def _continental(text: str) -> Iterator[tuple[int, int]]:
    """Street name then number; accepted when it looks like a street, not "Apollo 11" or "Covid 19"."""
    lex = lexicon()
    for number in _NUMBER.finditer(text):
        floor = max(0, number.start() - 120)  # a street name is short: never look further back (linear time)
        line_start = max(text.rfind("\n", floor, number.start()), text.rfind(">", floor, number.start()),
                         floor - 1) + 1
        before = text[line_start : number.start()].split()
        words: list[str] = []
        for word in reversed(before[-4:]):
            if not _NAME_WORD.match(word) or word.lower() in ("and", "to", "at", "is", "in", "the", "of"):
                break
            words.insert(0, word)
        while words and words[0][0].islower() and lex.is_word(words[0].lower().strip(".")) and \
                words[0].lower().strip(".") not in _STREET_WORDS:
            words.pop(0)
        if not words:
            continue
        if text[number.end() : number.end() + 2].strip()[:1] in ("-", "–", "/", ":"):
            continue  # "Oyo- 8 Akwa Ibom-": a tally, not a street
        lowered = [w.lower().strip(".") for w in words]
        start = text.rfind(words[0], line_start, number.start())
        house = _HOUSE.search(text, max(0, start - 12), start)
        if any(w.isupper() and len(w) > 1 for w in words):
            continue  # ALL-CAPS runs are note headings and lab names, not streets
        titled = all(w[0].isupper() or w in _PARTICLES for w in words)
        streety = any(w in _STREET_WORDS or w.endswith(_STREET_ENDINGS) for w in lowered)
        unknown = not all(lex.is_word(w) for w in lowered)
        accepted = bool(streety and (titled or house))
        if house and not accepted and len(words) <= 3 and any(len(w) > 3 for w in words):
            gap = _SEPARATOR.match(text, number.end())
            cursor = gap.end() if gap else number.end()
            if _UNIT.match(text, cursor):
                accepted = titled or not any(c.isupper() for c in text)  # "59 Delta 116 Apt. 879"
            elif titled and unknown:  # "78 Untere Donaulände 33, Izsófalva" but not "2 Paracetamol 500 mg"
                accepted = not re.match(r"[ \t]+[a-z]", text[number.end() : number.end() + 3])
        if not accepted and not (titled and unknown and _CONTEXT.search(text[max(0, start - 30) : start])
                                 and not any(lex.is_word(w) for w in lowered)):
            continue
        yield (house.start(1) if house else start), number.end()


def _grow(text: str, end: int) -> int:
    """Extend an address over unit, town, region, country and postal code, up to ordinary words."""
    lex = lexicon()
    mixed = any(c.isupper() for c in text[max(0, end - 200) : end + 200])
    best = end
    position = end
    for _ in range(8):
        gap = _SEPARATOR.match(text, position)
        cursor = gap.end() if gap else position
        unit = _UNIT.match(text, cursor)
        if unit:
            position = best = unit.end()
            continue
        zipcode = _ZIP_TAIL.match(text, cursor)
        if zipcode:
            position = best = zipcode.end()
            continue
        words = _TAIL_WORDS.match(text, cursor)
        if not words:
            break
        tokens = words.group().split()
        kept = []
        for token in tokens:
            bare = token.strip(".,").lower()
            if bare in _TAIL_STOP or (mixed and lex.is_word(bare) and bare not in ("and", "nan")
                                      and not token[0].isupper()):
                break
            kept.append(token)
        if not kept:
            break
        consumed = len(" ".join(kept)) if len(kept) < len(tokens) else len(words.group().rstrip())
        position = best = cursor + consumed
        if len(kept) < len(tokens):
            break
    return best


def _has_name_word(words: list[str]) -> bool:
    """Whether a word is no English word: "Acacia Road" names a street, "The High Street" is any town's."""
    return not all(lexicon().is_word(w.lower()) for w in words)


def _english_street(match: re.Match[str], mixed: bool) -> bool:
    """Whether a house number, name words and street type (an _ENGLISH match) are an address, not a note line."""
    name_words = match.group(2).split()
    kind = match.group(3)
    if kind.lower() in _WEAK_TYPES and all(w.isupper() for w in [*name_words, kind]):
        return False  # "4 LARGE THICK LIQ GREEN": in ALL-CAPS notes a weak type is an everyday word
    if all(w[0].islower() for w in name_words) and mixed:
        return False  # lower-case words in mixed text: prose; in all-lower-case text the type word suffices
    if not mixed and (kind.lower() not in _FULL_TYPES or any(w.lower() in _TAIL_STOP for w in name_words)):
        return False  # one-case text has no capitals to tell a name: only a full type and no stop word
    if any(w.endswith((".", ",")) or "'" in w for w in name_words[:-1]) or name_words[-1].endswith(","):
        return False  # a sentence or list breaks inside: "152, coags improving. Hourly ct"
    # Abbreviated types only as written on addresses: "Rd", "St", not "ct" or "SQ".
    return kind.lower() in _FULL_TYPES or (kind[0].isupper() and kind[1:].islower())


def _anchors(text: str) -> list[tuple[int, int]]:
    """Where each address starts and where its anchor ends, in the order the anchors are searched for."""
    anchors = [m.span() for m in _NAMED_STREET.finditer(text) if _has_name_word(m.group().split()[:-1])]
    if not any(ch.isdigit() for ch in text):
        return anchors  # every other anchor holds a house, unit or postal number
    mixed = any(ch.isupper() for ch in text) and any(ch.islower() for ch in text)
    anchors += [m.span() for m in _ENGLISH.finditer(text) if _english_street(m, mixed)]
    anchors += _continental(text)
    anchors += [m.span() for m in _LEADING_TYPE.finditer(text)]
    for match in _UNIT.finditer(text):
        if anchors or not _BARE_UNIT.match(match.group()):  # a bare "room 4" only beside another address
            anchors.append(match.span())
    anchors += [m.span() for m in _MILITARY.finditer(text)]
    return anchors


@finder(30)
def street_addresses(text: str, country: str) -> Iterator[Signal]:
    for start, anchor_end in _anchors(text):
        end = _grow(text, anchor_end)
        house = _HOUSE_BEFORE.search(text, max(0, start - 14), start)
        start = house.start() if house else start  # "80 P.O. Box 15", "04 44 Rue ...": the number before goes too
        yield Signal("address", start, end, text[start:end], "ADDRESS")
