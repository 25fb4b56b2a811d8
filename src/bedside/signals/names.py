"""Person names, in mixed case, ALL CAPS or all lower case (clinical notes are written all three ways).

Evidence, cheapest first:
- titles ("Mrs Edith Langley", "dr healey", "DR'S CAMARDA AND CLIFFORD");
- context: relatives and roles ("daughter Emily", "wife: HELEN"), verbs of contact ("spoke with Nancy"),
  and signatures before a credential ("Marie Munroe, RN", "Q. LANDER RRT");
- the census name lexicon with frequencies, weighed against how common the same string is as an
  English word, so "MARY" is a name and "WHITE" is a colour unless context says otherwise;
- an initial before a name-like word ("W. MAROTTA");
- in mixed-case text, capitalised words that are not English words; and, only when such words remain
  unexplained, the English NER model (signals/persons.py), so typical posts never pay for it.

`role` is "clinician" after Dr/Doctor/Nurse or before a clinical credential, else "person".
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_CLINICIAN_TITLES = {"dr", "drs", "dr's", "doctor", "prof", "professor", "nurse", "sister", "consultant"}
_PERSON_TITLES = {"mr", "mrs", "ms", "miss", "mx", "master", "mister", "madam"}
_WEAK_TITLES = {"ms", "mr", "miss", "master", "sister", "nurse", "consultant"}  # also words or abbreviations
_RELATIONS = frozenset(
    "wife husband son sons daughter daughters dtr dtrs sister sisters brother brothers mother father mom mum dad "
    "niece neice nephew grandaughter granddaughter grandson grandsons grandchildren aunt uncle cousin friend "
    "friends proxy hcp spokesperson fiance fiancee partner boyfriend girlfriend caseworker chaplain stepdaughter "
    "stepson sibling siblings named called".split()
)
_INTRODUCED = re.compile(
    r"\b(?:(?:my|his|her|their|maiden|first|last|full)\s+name\s+is|name\s*:|calls?\s+me|known\s+as|named|starring|"
    r"shouted\s+at|tribute\s+to|speak\s+to|talk\s+to|had\s+given|thanks?|dear|hi|hello)\s+$",
    re.IGNORECASE,
)
_VERBS = frozenset("spoke talked met discussed paged notified contacted informed updated called per seen "
                   "evaluated reviewed examined".split())
_CREDENTIALS = frozenset("rn rrt crt md np licsw lcsw licws msw rnc ccrn bsn cnm nnp rpt rph pharmd mph "
                         "phd lpn cna aprn pa".split())
_PARTICLES = frozenset("van der de da di del della von la le bin al ter den du dos das st".split())
# Function words and the vocabulary of clinical notes: never a name on their own.
_STOP = frozenset(
    """a an the and or but of to in on at for with from by is are was were be been has have had it its this that
    these those i you he she we they my your his her our their me him us them not no nor so as if all any some
    will would can could should may might must shall do does did done am pm up down out off over under again
    per via re w wo s o x q h d c n t m p v y also then than too very just only still well here there now when
    where who what which while after before until since about into onto upon also each every both either
    neither other another such same own few more most much many less least new old good bad
    pt pts patient patients pt's family families team teams md mds rn rns nurse nurses doc docs doctor staff
    attending resident residents intern interns fellow fellows house officer service services unit units
    aware notified paged called informed updated spoke talked visit visited visiting visits
    today tonight yesterday tomorrow morning afternoon evening night noc day days week weeks month months year
    years hour hours hr hrs min mins am pm noon midnight
    cont cont'd contd npo abg abgs gtt gtts sats sat ivf prn bid tid qid qd qhs qod po iv im sc sq npn nsg
    ccu micu sicu csru cvicu icu ew er ed pacu ot rt sw cm vna nh rehab osh floor
    hr bp rr sbp dbp map maps cvp pap paps pad pcwp co ci svr svo ett ngt ogt tf tfs ls bs bbs cxr ct mri
    ekg ecg echo tee cath picc tlc aline alines abx vanco levo dopa neo ntg hct wbc plt inr ptt
    k mg na ca cl bun cr glu fs riss ssi dnr dni cpr dvt pe mi cad chf copd htn dm cva tia afib aflutter vea
    pvc pvcs pac pacs nsr sb st avp ddd ppm aicd iabp lvad peep psv cpap bipap simv ac fio vt tv ps trach
    foley hickman swan ganz doppler coumadin heparin lasix ativan versed fentanyl propofol morphine mso
    dilaudid tylenol colace senna zantac protonix reglan insulin kcl nitro levophed neosynephrine dobutamine
    milrinone amiodarone vasopressin flagyl cipro zosyn albuterol atrovent combivent nystatin
    coli diff aureus pylori cepacia pneumoniae aeruginosa faecalis faecium albicans glabrata mrsa vre
    neuro resp cv gi gu id endo heme skin social dispo plan assessment impression note notes progress
    lungs abd ext extremities pulses edema stool urine sputum secretions
    general memorial university medical center hospital hosp clinic ward wards bay bed poss misc quentin wm
    rn rrt crt md np licsw lcsw licws msw rnc ccrn bsn cnm nnp tan neg ns nph asa intra post pre op
    anyone someone everyone nobody everybody somebody anything something everything nothing whoever whatever
    yes yeah ok okay please thanks thank hi hello dear congratulations congrats
    amber carevue quinton bair mae maes lue lle rue rle lima fick pearl vesta csurg cardic
    came went died brought met saw left told took gave got made said thought felt knew kept found held ran sat
    stood spoke wrote began begun tranfused transfused trached admitted during phoned
    """.split()
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str


class Lexicon:
    """Census names with frequencies, and English words (WordNet lemmas), loaded once on first use."""

    def __init__(self) -> None:
        data = resources.files("bedside") / "data"
        self.names: dict[str, tuple[float, float, float]] = {}
        for line in (data / "names.tsv").read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            name, first, last, word = line.split("\t")
            self.names[name] = (float(first), float(last), float(word))
        with gzip.open(str(data / "english_words.txt.gz"), "rt", encoding="utf-8") as handle:
            self.words = frozenset(handle.read().split())

    def is_word(self, lower: str) -> bool:
        if lower in self.words:
            return True
        for suffix, repl in (("'s", ""), ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                             ("ing", "e"), ("ly", ""), ("ies", "y"), ("ied", "y")):
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2 and lower[: -len(suffix)] + repl in self.words:
                return True
        return False

    def gap(self, lower: str) -> float:
        """How much more a name than a word: census Zipf minus English Zipf (-9 when not a census name)."""
        entry = self.names.get(lower)
        return max(entry[0], entry[1]) - entry[2] if entry else -9.0

    def namey(self, lower: str) -> bool:
        """A name even without context: a census name much commoner as a name than as a word."""
        return lower not in _STOP and self.gap(lower) >= 1.5

    def strong(self, lower: str) -> bool:
        """A common first name or surname that is rarely a word: a name wherever it stands."""
        entry = self.names.get(lower)
        return (entry is not None and lower not in _STOP and max(entry[0], entry[1]) >= 5.2
                and max(entry[0], entry[1]) - entry[2] >= 2.2)

    def possible(self, lower: str) -> bool:
        """Could be a name when context says so: not a function or clinical word, not a plain English word."""
        lower = lower.removesuffix("'s")
        if lower in _STOP or len(lower) < 2:
            return False
        if "-" in lower:
            return not all(self.is_word(part) or part in _STOP for part in lower.split("-") if part)
        if lower in self.names:
            return self.gap(lower) >= -1.0
        return not self.is_word(lower)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def _tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text)]


def _joined(text: str, left: Token, right: Token) -> bool:
    """Nothing but spaces (or an initial's full stop) between two tokens: they may form one name."""
    between = text[left.end : right.start]
    if between.strip(" \t") == "":
        return True
    return between.strip(" \t") == "." and len(left.text) == 1


def _is_initial(token: Token, text: str) -> bool:
    return len(token.text) == 1 and token.text.isalpha() and text[token.end : token.end + 1] == "."


class _Finder:
    """One pass over the tokens of a text, marking which tokens belong to names and why."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.lex = lexicon()
        self.mixed = any(c.islower() for c in text) and any(c.isupper() for c in text)
        self.marked: dict[int, str] = {}  # token index -> role

    def capitalised(self, token: Token) -> bool:
        return self.mixed and token.text[0].isupper() and not token.text.isupper()

    def mark(self, index: int, role: str) -> None:
        if self.marked.get(index) != "clinician":
            self.marked[index] = role

    def name_like(self, token: Token) -> bool:
        """A token that continues a name already started."""
        lower = token.lower
        if lower in _STOP:
            return False
        if _is_initial(token, self.text):
            return True
        if not self.lex.possible(lower):
            return self.capitalised(token) and lower in self.lex.names
        return self.lex.namey(lower) or not self.lex.is_word(lower) or self.capitalised(token)

    def extend(self, index: int, role: str, limit: int = 3) -> int:
        """Mark name tokens from `index` on (at most `limit`), returning how many were marked."""
        count = 0
        while index < len(self.tokens) and count < limit:
            token = self.tokens[index]
            if count and not _joined(self.text, self.tokens[index - 1], token):
                break
            if count and not (self.name_like(token) or (token.lower in _PARTICLES and self.capitalised(token))):
                break
            self.mark(index, role)
            count += 1
            index += 1
        if count and self.tokens[index - 1].lower in _PARTICLES:
            self.marked.pop(index - 1, None)
            count -= 1
        return count

    def first_after(self, index: int, strict: bool) -> bool:
        """Is the token at `index` the start of a name after a cue? `strict` cues need a name-like word."""
        if index >= len(self.tokens):
            return False
        token = self.tokens[index]
        lower = token.lower
        if _is_initial(token, self.text) and index + 1 < len(self.tokens):
            return self.lex.possible(self.tokens[index + 1].lower)
        if not self.lex.possible(lower):
            return False
        if strict:
            return self.lex.namey(lower) or (not self.lex.is_word(lower) and (self.capitalised(token) or
                                                                            lower in self.lex.names))
        return True

    def run(self) -> None:
        tokens, text = self.tokens, self.text
        for i, token in enumerate(tokens):
            lower = token.lower
            nxt = i + 1
            if lower in _CLINICIAN_TITLES or lower in _PERSON_TITLES:
                if lower in ("sister", "nurse", "doctor", "consultant") and not self.capitalised(token):
                    continue
                gap = text[token.end : tokens[nxt].start] if nxt < len(tokens) else ""
                if gap.strip(" .\t") or "\n" in gap:
                    continue
                role = "clinician" if lower in _CLINICIAN_TITLES else "person"
                strict = lower in _WEAK_TITLES
                if self.first_after(nxt, strict) or (nxt < len(tokens) and self.capitalised(tokens[nxt])
                                                     and tokens[nxt].lower not in _STOP and not strict):
                    self.extend(nxt, role)
                    if lower in ("drs", "dr's"):
                        self.continue_list(nxt, role)
            elif lower in _RELATIONS:
                j = nxt
                while j < len(tokens) and tokens[j].lower in ("is", "named", "name", "in", "law") and \
                        not text[tokens[j - 1].end : tokens[j].start].strip(" :-,"):
                    j += 1
                if j < len(tokens) and not text[token.end : tokens[j].start].strip(" :-,=(") and \
                        self.first_after(j, strict=lower in ("called", "named", "friend", "friends")):
                    if self.extend(j, "person"):
                        self.continue_list(j, "person")
            elif lower in _VERBS:
                j = nxt
                if j < len(tokens) and tokens[j].lower in ("with", "to", "by", "w"):
                    j += 1
                if j < len(tokens) and not text[tokens[j - 1].end : tokens[j].start].strip(" /") and \
                        self.first_after(j, strict=True):
                    self.extend(j, "person")
            elif lower in _CREDENTIALS and i > 0:
                self.signature(i)
        self.initials()
        self.lone_names()

    def continue_list(self, index: int, role: str) -> None:
        """'Sons Smokey, Morris and Roger': names joined by commas and 'and' after one found name."""
        j = index
        while j in self.marked:
            j += 1
        while j + 1 < len(self.tokens):
            between = self.text[self.tokens[j - 1].end : self.tokens[j].start].strip()
            if self.tokens[j].lower in ("and", "&") and between in ("", ","):
                j += 1
            elif between not in (",", "&"):
                return
            if not self.first_after(j, strict=True):
                return
            j += self.extend(j, role) or 1

    def signature(self, index: int) -> None:
        """'Ilene Macdonald RN', 'DAN A. FORMAN-LYONS, RRT': a name just before a credential, ending a line."""
        text, tokens = self.text, self.tokens
        cred = tokens[index]
        after = text[cred.end : cred.end + 2]
        if after and after[0] not in "\n\r,.;)" and after != "  " and cred.end < len(text):
            return
        j = index - 1
        between = text[tokens[j].end : cred.start]
        if between.strip(" ,") or "\n" in between:
            return
        found: list[int] = []
        while j >= 0 and len(found) < 3:
            token = tokens[j]
            if found and not _joined(text, token, tokens[j + 1]):
                break
            if not (_is_initial(token, text) or (self.lex.possible(token.lower) and
                                                  (self.lex.namey(token.lower) or not self.lex.is_word(token.lower)
                                                   or (not found and token.lower in self.lex.names)))):
                break
            found.append(j)
            j -= 1
        if found and not all(_is_initial(tokens[k], text) for k in found):
            for k in found:
                self.mark(k, "clinician")

    def initials(self) -> None:
        """'W. MAROTTA', 'S. DOMINICO': an initial and a full stop before a name-like word, mid-line (a
        line that starts "S." or "O." is a note's subjective / objective section, not a name)."""
        for i, token in enumerate(self.tokens[:-1]):
            nxt = self.tokens[i + 1]
            if not _is_initial(token, self.text):
                continue
            line_start = max(self.text.rfind("\n", max(0, token.start - 200), token.start) + 1, token.start - 200)
            if not self.text[line_start : token.start].strip() or not token.text.isupper():
                continue
            before = self.text[max(0, token.start - 2) : token.start]
            if before.strip() and not before.rstrip().endswith((",", "-", "(")) and before[-1:] != " ":
                continue
            if _is_initial(token, self.text) and _joined(self.text, token, nxt) and \
                    nxt.text[0].isupper() and self.lex.possible(nxt.lower) and len(nxt.text) > 2 and \
                    (self.lex.namey(nxt.lower) or (not self.lex.is_word(nxt.lower) and len(nxt.text) > 4)):
                self.mark(i, self.marked.get(i + 1, "person"))
                self.extend(i + 1, self.marked.get(i + 1, "person"), limit=2)

    def lone_names(self) -> None:
        """Names that need no cue: strong census names anywhere, capitalised census names in mixed case, a
        word introduced as a name ("my name is Nunzia"), and unknown capitalised words listed with names."""
        for i, token in enumerate(self.tokens):
            if i in self.marked:
                continue
            lower = token.lower
            if self.lex.strong(lower):
                self.mark(i, "person")
                self.extend(i, "person")
            elif self.capitalised(token) and lower in self.lex.names and self.lex.namey(lower) and (
                    not self._sentence_start(token) or self.lex.names[lower][0] >= 5.5):
                self.mark(i, "person")
                self.extend(i, "person")
            elif (self.capitalised(token) or not self.mixed) and self.lex.possible(lower) and \
                    _INTRODUCED.search(self.text, max(0, token.start - 30), token.start) and \
                    not (self.capitalised(token) is False and self.lex.is_word(lower)):
                self.mark(i, "person")
                self.extend(i, "person")
        for _ in range(2):
            for i, token in enumerate(self.tokens):
                if i in self.marked or not (self.capitalised(token) or (not self.mixed and lower_unknown(self, token))):
                    continue
                if not self.lex.possible(token.lower) or self._sentence_start(token) and token.lower not in self.lex.names:
                    if not self._listed(i):
                        continue
                if self._listed(i):
                    self.mark(i, "person")

    def _listed(self, index: int) -> bool:
        """Is the token in a comma or 'and' list next to a marked name?"""
        for j in (index - 1, index + 1):
            if j in self.marked and 0 <= j < len(self.tokens):
                left, right = sorted((self.tokens[j], self.tokens[index]), key=lambda t: t.start)
                between = self.text[left.end : right.start].strip()
                lower = self.tokens[index].lower
                if between in (",", "and", "&", ", and") and self.lex.possible(lower) and \
                        (self.lex.namey(lower) or not self.lex.is_word(lower)) and lower not in _RELATIONS:
                    return True
        return False

    def _sentence_start(self, token: Token) -> bool:
        before = self.text[max(0, token.start - 3) : token.start].strip(" \t")
        return not before or before[-1] in ".:;!?\n-*>\"'(" or token.start == 0

    def spans(self) -> Iterator[Signal]:
        indices = sorted(self.marked)
        k = 0
        while k < len(indices):
            first = last = indices[k]
            while k + 1 < len(indices) and indices[k + 1] == last + 1 and \
                    _joined(self.text, self.tokens[last], self.tokens[last + 1]):
                k += 1
                last = indices[k]
            k += 1
            start, end = self.tokens[first].start, self.tokens[last].end
            role = "clinician" if any(self.marked[j] == "clinician" for j in range(first, last + 1)) else "person"
            title_start = self._title_before(first)
            if title_start is not None:
                start = title_start
            yield Signal("name", start, end, self.text[start:end], "NAME", 0.8, {"role": role})

    def _title_before(self, index: int) -> int | None:
        if index == 0:
            return None
        prev = self.tokens[index - 1]
        if prev.lower in _PERSON_TITLES or prev.lower in ("dr", "doctor", "prof", "professor"):
            if not self.text[prev.end : self.tokens[index].start].strip(" .\t"):
                return prev.start
        return None


@finder(40)
def person_names(text: str, country: str) -> Iterator[Signal]:
    if not any(ch.isalpha() for ch in text):
        return
    found = _Finder(text)
    found.run()
    yield from found.spans()


def lower_unknown(found: _Finder, token: Token) -> bool:
    """In single-case text, a token that is no English word: a candidate only when listed with names."""
    return not found.lex.is_word(token.lower) and token.lower not in _STOP


def stop_word(lower: str) -> bool:
    """A function word or a word of clinical notes: never a name on its own."""
    return lower in _STOP
