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

`role` is "clinician" after Dr/Doctor/Nurse or before a clinical credential, "own-family" after "my daughter",
"our son" and the like, else "person".
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bedside.signals import Signal
from bedside.signals.geo import known_place
from bedside.signals.identifiers import finder
from bedside.signals.patient import looks_like_clinical_note

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # hyphens split: "CARAFATE-W. MAROTTA", "Stord-Painter"
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
    r"shouted\s+at|tribute\s+to|speak\s+to|talk\s+to|had\s+given|thanks?|dear|hi|hello|says|said|asked|told|"
    r"thanked|by\s+ex-\w+|unlike\s+the|huge|why\s+is|here's|ask(?:s|ed|ing)\s+for|wife|husband)\s+$",
    re.IGNORECASE,
)
# Words that never start or continue a name, even capitalised.
_FUNCTION = frozenset(
    "a an the and or but of to in on at for with from by is are was were be been has have had it this that i you "
    "he she we they my your his her our their me him us them not no so as if all any some will would can could "
    "should may might must do does did am pm aware notified paged called in".split()
)
# After a sentence-opening word that is no English word, what shows it is a name: "Ludwig is from ...",
# "Klimek shouted at ...", "Clotilde, can I ...".
_OPENING_NEXT = re.compile(r"(?:\s+(?:is|was|has|had|shouted|said|says|spent|listed|will|can|and)\b|,\s)",
                           re.IGNORECASE)
_LABELLED_AFTER = re.compile(
    r"[ \t]*(?:\((?:son|daughter|wife|husband|sister|brother|mother|father|niece|nephew|friend|proxy|hcp)\)|"
    r"(?:cell|home|work|mobile|tel|ph)[ \t]*(?:#|no\b|number\b|:))", re.IGNORECASE
)
_CONTACTED = re.compile(r"\s+(?:called|visited|phoned|came\s+in|in\s+to\s+visit|updated)\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|from|to|at|near)\s+$", re.IGNORECASE)
_VERBS = frozenset("spoke talked met discussed paged notified contacted informed updated called per seen "
                   "evaluated reviewed examined".split())
_CREDENTIALS = frozenset("rn rrt crt md np licsw lcsw licws msw rnc ccrn bsn cnm nnp rpt rph pharmd mph "
                         "phd lpn cna aprn pa".split())
_PARTICLES = frozenset("van der de da di del della von la le bin al ter den du dos das st".split())
# Function words and the vocabulary of clinical notes: never a name on their own.
_STOP = frozenset(
    """a an the and or but of to in on at for with from by is are was were be been has have had it its this that
    these those i you he she we they my your his her our their me him us them not no nor so as if all any some
    i'm i've i'll i'd you're you've you'll you'd we're we've we'll they're they've it's that's there's he's she's
    let's can't won't don't didn't isn't wasn't
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
    dr drs dr's mr mrs ms miss prof aline max pearla call inlaw
    how why what when where who whom whose
    anyone someone everyone nobody everybody somebody anything something everything nothing whoever whatever
    yes yeah ok okay please thanks thank hi hello dear congratulations congrats
    amber carevue quinton bair mae maes lue lle rue rle lima fick pearl vesta csurg cardic
    came went died brought met saw left told took gave got made said thought felt knew kept found held ran sat
    stood spoke wrote began begun tranfused transfused trached admitted during phoned
    nhs gp gps covid coronavirus sars flu omicron resus ambulance paramedic paramedics
    """.split()
)
# A capitalised word before one of these is an eponym ("Fabry disease", "Bell's palsy"), not a person.
_EPONYM_NOUNS = re.compile(
    r"['’]?s?\s+(?:disease|syndrome|palsy|sign|test|fracture|manoeuvre|maneuver|score|criteria|"
    r"classification|procedure|operation|anomaly|phenomenon|reflex|triad|lymphoma|sarcoma|tumou?r|ulcer)\b",
    re.IGNORECASE,
)


# Zipf thresholds of the census name lists (names.tsv: first-name, surname and English-word frequency).
COMMON_FIRST_NAME = 5.5  # a first name this common is a name even opening a sentence, or said in capitals
SAID_NAME_GAP = 1.9  # and this much commoner as a name than as a word
PAIRED_FIRST_NAME = 4.2  # a first name this common, joined to a surname-like word, is a name
PAIRED_SURNAME_MARGIN = 0.3  # ... unless it is commoner as a surname by more than this
PAIRED_NAME_GAP = 1.0
CONTACTED_FIRST_NAME = 5.0  # a first name this common before "phoned" or "visited" is a name


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
    if between.strip(" \t") == "" or between == "-":
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
        self.note = looks_like_clinical_note(text)  # section heads and drug names open its sentences

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
            return self.capitalised(token) and lower not in _FUNCTION
        return self.lex.namey(lower) or not self.lex.is_word(lower) or self.capitalised(token) or \
            self.lex.gap(lower) >= 1.0

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
        if (_is_initial(token, self.text) or (len(lower) == 1 and lower in "od")) and index + 1 < len(self.tokens):
            return self.lex.possible(self.tokens[index + 1].lower)  # "W. Marotta", "dr o rourke"
        if not self.lex.possible(lower):
            return False
        if strict:
            return self.lex.namey(lower) or (not self.lex.is_word(lower) and (
                self.capitalised(token) or lower in self.lex.names or (not self.mixed and len(lower) > 3)))
        return True

    def run(self) -> None:
        tokens, text = self.tokens, self.text
        for i, token in enumerate(tokens):
            lower = token.lower
            nxt = i + 1
            if (lower in _CLINICIAN_TITLES or lower in _PERSON_TITLES or lower in ("np", "md", "pa")) and not (
                    lower in ("sister", "nurse", "doctor", "consultant") and not self.capitalised(token)):
                gap = text[token.end : tokens[nxt].start] if nxt < len(tokens) else ""
                if gap.strip(" .\t") or "\n" in gap:
                    continue
                role = "clinician" if lower in _CLINICIAN_TITLES or lower in ("np", "md", "pa") else "person"
                strict = lower in _WEAK_TITLES or lower in ("np", "md", "pa")
                proper = not strict or (token.text[0].isupper() and not token.text.isupper())  # "Mr", not "MR"
                if self.first_after(nxt, strict) or (nxt < len(tokens) and self.capitalised(tokens[nxt])
                                                     and tokens[nxt].lower not in _FUNCTION and proper):
                    self.extend(nxt, role)
                    self.continue_list(nxt, role)
                    continue
            if lower in _RELATIONS:
                j = nxt
                while j < len(tokens) and tokens[j].lower in ("is", "named", "name", "in", "law") and \
                        not text[tokens[j - 1].end : tokens[j].start].strip(" :-,"):
                    j += 1
                if j < len(tokens) and not text[token.end : tokens[j].start].strip(" :-,=(") and \
                        self.first_after(j, strict=lower in ("called", "named", "friend", "friends")) and \
                        self.extend(j, "person"):
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
        after = text[cred.end : cred.end + 4].lstrip(" \t")[:2] or ("\n" if cred.end < len(text) else "")
        prev = tokens[index - 1]
        # "Stord-Painter MD plans ...": a capitalised name before an upper-case credential, mid-sentence
        mid_sentence = cred.text.isupper() and self.capitalised(prev) and prev.lower not in _FUNCTION
        if after and after[0] not in "\n\r,.;)" and after != "  " and cred.end < len(text) and not mid_sentence:
            return
        j = index - 1
        between = text[tokens[j].end : cred.start]
        if between.strip(" ,") or "\n" in between:
            return
        found: list[int] = []
        while j >= 0 and len(found) < 4:
            token = tokens[j]
            if found and not _joined(text, token, tokens[j + 1]):
                break
            if not (_is_initial(token, text) or (self.lex.possible(token.lower) and
                                                  (self.lex.namey(token.lower) or not self.lex.is_word(token.lower)
                                                   or (not found and token.lower in self.lex.names)))
                    or (self.capitalised(token) and token.lower not in _FUNCTION and token.lower in self.lex.names)):
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
            lower_case = not self.mixed and self.text[token.start - 1 : token.start] in ("(", " ") and \
                (self.text[max(0, token.start - 4) : token.start] in ("and ", " ( ") or
                 self.text[token.start - 1 : token.start] == "(")  # "(d. renna and j. o'brien)"
            if not self.text[line_start : token.start].strip() or not (token.text.isupper() or lower_case):
                continue
            before = self.text[max(0, token.start - 2) : token.start]
            if before.strip() and not before.rstrip().endswith((",", "-", "(")) and before[-1:] != " ":
                continue
            if _is_initial(token, self.text) and _joined(self.text, token, nxt) and \
                    (nxt.text[0].isupper() or lower_case) and self.lex.possible(nxt.lower) and len(nxt.text) > 2 and \
                    (self.lex.namey(nxt.lower) or (not self.lex.is_word(nxt.lower) and len(nxt.text) > 3)):
                self.mark(i, self.marked.get(i + 1, "person"))
                self.extend(i + 1, self.marked.get(i + 1, "person"), limit=2)

    def lone_names(self) -> None:
        """Names that need no cue: strong census names anywhere, capitalised census names in mixed case, a
        word introduced as a name ("my name is Nunzia"), and unknown capitalised words listed with names."""
        cues = (self._census, self._introduced, self._said, self._opening, self._paired, self._visited)
        for i, token in enumerate(self.tokens):
            if i in self.marked:
                continue
            named = self.lex.strong(token.lower) or any(cue(i, token) for cue in cues)
            if named and not (self.capitalised(token) and self._place_named(token)):
                self.mark(i, "person")
                self.extend(i, "person")
        for match in _LABELLED_AFTER.finditer(self.text):  # "Lopie Certusi cell# ...", "Hank Przybylo (son)"
            self.name_before(match.start())
        for i in sorted(self.marked):  # "Priya Patel": an unknown capitalised word before a found name
            if i > 0 and i - 1 not in self.marked and _joined(self.text, self.tokens[i - 1], self.tokens[i]):
                before = self.tokens[i - 1]
                if self.capitalised(before) and self.lex.possible(before.lower) and \
                        not self.lex.is_word(before.lower):
                    self.mark(i - 1, self.marked[i])
        for _ in range(2):  # twice, so that a list grows from both ends
            for i, token in enumerate(self.tokens):
                candidate = self.capitalised(token) or (not self.mixed and lower_unknown(self, token))
                if i not in self.marked and candidate and self._listed(i):
                    self.mark(i, "person")

    # The heuristics lone_names weighs, each a named predicate of one token. Zipf frequencies (names.tsv): a first
    # name at COMMON_FIRST_NAME or above is among the commonest few hundred.
    def _census(self, i: int, token: Token) -> bool:
        """A capitalised census name much commoner as a name than a word, not opening a sentence unless common."""
        return self.capitalised(token) and self.lex.namey(token.lower) and (
            not self._sentence_start(token) or self.lex.names[token.lower][0] >= COMMON_FIRST_NAME)

    def _introduced(self, i: int, token: Token) -> bool:
        """A word introduced as a name: "my name is Nunzia", "called Deshawn"."""
        capitalised = self.capitalised(token)
        return (capitalised or not self.mixed) and self.lex.possible(token.lower) and \
            (capitalised or not self.lex.is_word(token.lower)) and \
            bool(_INTRODUCED.search(self.text, max(0, token.start - 30), token.start))

    def _said(self, i: int, token: Token) -> bool:
        """In all-capitals notes, a common first name then a verb: "( LUCY IS ON VACA)"."""
        entry = self.lex.names.get(token.lower)
        return not self.mixed and entry is not None and entry[0] >= COMMON_FIRST_NAME and \
            self.lex.gap(token.lower) >= SAID_NAME_GAP and token.lower not in _STOP and \
            bool(_OPENING_NEXT.match(self.text, token.end))

    def _opening(self, i: int, token: Token) -> bool:
        """An unknown capitalised word opening a sentence, then a verb or a comma: "Nunzia was here"."""
        return self.capitalised(token) and not self.note and self._sentence_start(token) and \
            "'" not in token.lower and not self.lex.is_word(token.lower) and self.lex.possible(token.lower) and \
            bool(_OPENING_NEXT.match(self.text, token.end))

    def _paired(self, i: int, token: Token) -> bool:
        """A first name (commoner as one than as a surname) joined to a surname-like word: "Grace Okonkwo"."""
        entry = self.lex.names.get(token.lower)
        return entry is not None and token.lower not in _STOP and \
            entry[0] >= max(PAIRED_FIRST_NAME, entry[1] - PAIRED_SURNAME_MARGIN) and \
            self.lex.gap(token.lower) >= PAIRED_NAME_GAP and \
            i + 1 < len(self.tokens) and _joined(self.text, token, self.tokens[i + 1]) and \
            self._surname_like(self.tokens[i + 1])

    def _visited(self, i: int, token: Token) -> bool:
        """A first name that called, visited or phoned: "Maureen phoned", "Maureen came in to visit"."""
        entry = self.lex.names.get(token.lower)
        return entry is not None and token.lower not in _STOP and token.lower not in _RELATIONS and \
            entry[0] >= CONTACTED_FIRST_NAME and bool(_CONTACTED.match(self.text, token.end))

    def _place_named(self, token: Token) -> bool:
        """A known place after "in", "from", "to", "at" or "near": "from Barnsley" is a town, not a surname."""
        return bool(_PLACE_BEFORE.search(self.text, max(0, token.start - 8), token.start)) and known_place(token.text)

    def name_before(self, position: int) -> None:
        """Mark up to three name-like words that end just before `position`."""
        index = bisect.bisect_left([t.end for t in self.tokens], position + 1) - 1
        taken: list[int] = []
        while index >= 0 and len(taken) < 3:
            token = self.tokens[index]
            gap = self.text[token.end : self.tokens[taken[-1]].start] if taken else self.text[token.end : position]
            if gap.strip(" \t-") or not (self.lex.namey(token.lower) or self.lex.gap(token.lower) >= 0.5 or (
                    self.lex.possible(token.lower) and not self.lex.is_word(token.lower))):
                break
            taken.append(index)
            index -= 1
        for k in taken:
            self.mark(k, "person")

    def _surname_like(self, token: Token) -> bool:
        """After a first name: 'LINDSEY CARDARELLI', 'patty hoeller' (same case, no English word)."""
        lower = token.lower
        if len(lower) <= 2 or not self.lex.possible(lower):
            return False
        if lower in self.lex.names:
            return self.lex.gap(lower) >= 1.0 or (not self.lex.is_word(lower) and self.lex.gap(lower) >= 0)
        return not self.lex.is_word(lower)

    def _listed(self, index: int) -> bool:
        """Is the token in a comma or 'and' list next to a marked name?"""
        for j in (index - 1, index + 1):
            if j in self.marked and 0 <= j < len(self.tokens):
                left, right = sorted((self.tokens[j], self.tokens[index]), key=lambda t: t.start)
                between = self.text[left.end : right.start].strip()
                lower = self.tokens[index].lower
                if between in (",", "and", "&", ", and") and self.lex.possible(lower) and lower not in _RELATIONS and \
                        (self.lex.namey(lower) or not self.lex.is_word(lower) or
                         (self.capitalised(self.tokens[index]) and self.lex.gap(lower) >= 0.5)):
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
            if title_start is None and _EPONYM_NOUNS.match(self.text, end):
                continue
            if title_start is not None:
                start = title_start
            if role == "person" and _OWN_FAMILY_BEFORE.search(self.text, max(0, start - 40), start):
                role = "own-family"
            yield Signal("name", start, end, self.text[start:end], "NAME", 0.8, {"role": role})

    def _title_before(self, index: int) -> int | None:
        if index == 0:
            return None
        prev = self.tokens[index - 1]
        titled = prev.lower in _PERSON_TITLES or prev.lower in ("dr", "doctor", "prof", "professor")
        if titled and not self.text[prev.end : self.tokens[index].start].strip(" .\t"):
            return prev.start
        return None


# "my daughter Ffion", "our youngest son Alfie": the author's own family, named by the author.
_OWN_FAMILY_BEFORE = re.compile(
    r"\b(?:my|our)\s+(?:(?:little|baby|eldest|oldest|youngest|middle|big|wee|two|twin|beautiful|gorgeous|"
    r"amazing|lovely|new|newborn|step|late)[\s-]+){0,2}(?:daughters?|sons?|kids?|children|boys?|girls?|husband|"
    r"wife|partner|fianc[ée]e?|mum|mam|mom|mother|dad|father|brother|sister|nan|nana|gran|granny|grandma|grandad|"
    r"grandpa|grandson|granddaughter|niece|nephew|baby|twins|bump)\s*,?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def analyse(text: str) -> tuple[Signal, ...]:
    """The names the rules find in a text; cached, as the model's gate (persons.py) asks again."""
    if not any(ch.isalpha() for ch in text):
        return ()
    found = _Finder(text)
    found.run()
    return tuple(found.spans())


@finder(40)
def person_names(text: str, country: str) -> Iterator[Signal]:
    yield from analyse(text)


def lower_unknown(found: _Finder, token: Token) -> bool:
    """In single-case text, a token that is no English word: a candidate only when listed with names."""
    return not found.lex.is_word(token.lower) and token.lower not in _STOP


def stop_word(lower: str) -> bool:
    """A function word or a word of clinical notes: never a name on its own."""
    return lower in _STOP
