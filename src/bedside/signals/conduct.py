"""conduct: words and scores that bear on professional conduct. Knows nothing of guidance or severity.

Signals (all lazy; the models load once per process, on first use):
  conduct_terms    list[Signal]: lexicon hits with spans. kind is "patient-slang" (attrs meaning, source, when:
                   "always" or "patient" for words that are slang only when said of patients),
                   "profanity" (attrs group: slur / disability-slur / gender-slur / sexual / expletive /
                   insult / crude, severity 1-3), "insult", "disability-slur", "threat" or "sexualising"
                   (attrs severity). Every hit has attrs["reported"]: True when it sits inside quotation
                   marks or reported speech ("a patient called me a ..."), i.e. abuse received, not given.
  conduct_context  ConductContext: identity mentions, people a remark could be aimed at (colleagues,
                   "you", @handles, titled names), nouns for patients, clinical vocabulary, and whether
                   the post is talking about misinformation (myth, debunked, no evidence ...).
  conduct_scores   dict[str, float]: n-gram classifier probabilities "offensive", "hate", "misinformation"
                   (hashed n-grams, tens of microseconds): evidence beside the post reading
                   (signals/post_reading.py), which is what the rules judge.
  false_claim      ClaimMatch | None: the nearest documented false claim and its similarity, computed
                   only for posts that touch a topic of the claim index (COVID-19, vaccines, cancer ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

from bedside.signals import Signal, Signals, extractor
from bedside.signals.keys import CONDUCT_CONTEXT, CONDUCT_SCORES, CONDUCT_TERMS, FALSE_CLAIM, IDENTIFIERS

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_WORDS = 5
MAX_HITS = 100  # a post with more listed words gains nothing from more findings; keeps huge input linear
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_TERM = re.compile(r"^[a-z0-9 '’-]+$")


@dataclass(frozen=True)
class Entry:
    kind: str
    severity: float
    group: str = ""
    meaning: str = ""
    source: str = ""
    when: str = "always"  # slang that is also everyday or clinical English: "patient" = only about patients
    neutral: str = ""  # words a rewrite may put in the term's place ("" where none reads right)


def _key(term: str) -> tuple[str, ...]:
    return tuple(t.lower().replace("’", "'") for t in _TOKEN.findall(term))


def _rows(name: str) -> Iterator[list[str]]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@cache
def lexicon() -> dict[tuple[str, ...], Entry]:
    """Every term, keyed by its lower-case word tuple. Later lists win: slang > our list > profanity."""
    entries: dict[tuple[str, ...], Entry] = {}
    for term, group, severity in _rows("profanity.tsv"):
        if _TERM.match(term):
            entries[_key(term)] = Entry("profanity", float(severity), group)
    for term, kind, severity in _rows("conduct_terms.tsv"):
        entries[_key(term)] = Entry(kind, float(severity), kind)
    for term, meaning, source, when, neutral in _rows("patient_slang.tsv"):
        entries[_key(term)] = Entry("patient-slang", 2.0, "patient-slang", meaning, source, when,
                                    "" if neutral == "-" else neutral)
    return {k: v for k, v in entries.items() if 0 < len(k) <= MAX_WORDS}


def _plural(neutral: str) -> str:
    """The neutral words for a plural hit: a short noun phrase takes an s ("older patients"); a longer one
    ("person who uses drugs") has no plural that reads right, and a rewrite drops the sentence instead."""
    return neutral + "s" if neutral and len(neutral.split()) <= 2 else ""


@cache
def first_words() -> frozenset[str]:
    """First words of every term: a word not here cannot start a hit, so most words cost one lookup."""
    return frozenset(key[0] for key in lexicon())


_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|‘[^’\n]{1,300}’"
                     r"|(?<![\w'’])'(?=\S)[^'\n]{1,300}?(?<=\S)'(?![\w'’])")  # single quotes too, not apostrophes
_REPORTED = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+(?:me|us|you|her|him|them|my\s+\w+|the\s+\w+)|(?:was|were|got|been|being|get)\s+called|"
    r"told\s+(?:me|us|her|him)\s+(?:i|we|she|he)\s+(?:was|were|am|are)|said\s+(?:i|we)\s+(?:was|were)|"
    r"(?:shouted|screamed|yelled|swore|spat)\s+(?:at\s+)?|hurled\s+abuse|abuse\s+(?:from|we\s+get)|"
    r"threatened\s+(?:me|us|to)|the\s+(?:abuse|names|language)\s+(?:i|we|staff|nurses|doctors)\b)"
    r"[^.!?\n]*",
    re.IGNORECASE,
)


def reported_spans(text: str) -> list[tuple[int, int]]:
    """Quotations and reported abuse: words there were said to the author, not by them."""
    return [m.span() for m in _QUOTED.finditer(text)] + [m.span() for m in _REPORTED.finditer(text)]


def find_terms(text: str) -> list[Signal]:
    """Lexicon hits, longest match first, not overlapping; at most MAX_HITS."""
    entries = lexicon()
    firsts = first_words()
    words = [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text)]
    hits: list[Signal] = []
    reported: list[tuple[int, int]] | None = None
    i = 0
    while i < len(words) and len(hits) < MAX_HITS:
        first = words[i][2]
        if first not in firsts and first[:-1] not in firsts:
            i += 1
            continue
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key = tuple(w[2] for w in words[i : i + n])
            entry = entries.get(key)
            if entry is None and key[-1].endswith("s"):  # plurals of our own lists: "frequent flyers"
                entry = entries.get((*key[:-1], key[-1][:-1]))
                entry = replace(entry, neutral=_plural(entry.neutral)) \
                    if entry is not None and entry.kind != "profanity" else None
            if entry is None:
                continue
            start, end = words[i][0], words[i + n - 1][1]
            reported = reported_spans(text) if reported is None else reported
            attrs = {"group": entry.group, "severity": entry.severity,
                     "reported": any(a <= start and end <= b for a, b in reported)}
            if entry.meaning:
                attrs |= {"meaning": entry.meaning, "source": entry.source, "when": entry.when,
                          "neutral": entry.neutral}
            hits.append(Signal(entry.kind, start, end, text[start:end], attrs=attrs))
            i += n - 1
            break
        i += 1
    return hits


@extractor(CONDUCT_TERMS)
def conduct_terms(signals: Signals) -> list[Signal]:
    return find_terms(signals.post.text)


_IDENTITY = re.compile(
    r"\b(?:(?P<religion>muslims?|islam(?:ic)?|jews?|jewish|judaism|christians?|christianity|catholics?|hindus?|"
    r"sikhs?|buddhists?|atheists?|mosques?|synagogues?|churche?s?)|"
    r"(?P<race>black|white|asian|africans?|arabs?|chinese|indians?|pakistanis?|latin[oax]s?|hispanics?|"
    r"roma|gypsies|gypsy|travell?ers|mexicans?|middle\s+eastern)|"
    r"(?P<sexuality>gay|lesbians?|bisexual|transgender|trans|queer|lgbtq?\+?|homosexuals?|nonbinary|non-binary)|"
    r"(?P<disability>disabled|disability|deaf|blind|autistic|wheelchair\s+users?)|"
    r"(?P<nationality>immigrants?|migrants?|refugees?|asylum\s+seekers?|foreigners?|polish|romanians?|nigerians?)|"
    r"(?P<sex>women|woman|females?|girls))\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"(?P<second>\b(?:you|you're|youre|ur|u|your|yours)\b)|(?P<handle>(?<!\w)@\w{2,})|"
    r"(?P<colleague>\b(?:my|our|the|that|this|your|his|her|their|a)\s+(?:\w+\s+)?(?:consultants?|registrars?|reg|"
    r"sho|fy[12]|f[12]|housem[ae]n|juniors?|seniors?|colleagues?|boss|manager|matron|sister|nurses?|midwi(?:fe|ves)|"
    r"hcas?|gps?|partners?|locums?|anaesthetists?|surgeons?|physicians?|radiologists?|doctors?|medics?|porters?|"
    r"receptionists?|pharmacists?|physios?|paramedics?|students?|trainees?|team|coworkers?|co-workers?)\b)|"
    r"(?P<titled>\b(?:dr|mr|mrs|ms|miss|prof|sister|nurse)\.?\s+(?-i:[A-Z][a-z]+))",
    re.IGNORECASE,
)
_PATIENT = re.compile(
    r"\b(?:patients?|pts?|pt's|lady|ladies|gentleman|gent|bloke|chap|client|service\s+users?|punters?|customers?|"
    r"relatives?|attenders?|admissions?|referrals?|this\s+(?:man|woman|guy|girl|boy|one)|mum|dad)\b",
    re.IGNORECASE,
)
_CLINICAL = re.compile(
    r"\b(?:exam(?:ination)?s?|examined|screening|cancer|lumps?|mammogra\w*|biops\w+|clinic|check(?:ed|ing)?|"
    r"feeding|breastfeeding|smear|cervical|prostate|pr|dre|swab|sti|stis|std|hiv|contraception|catheter\w*|"
    r"symptoms?|pain|surgery|operation|scan|ultrasound|consent|chaperone|awareness|health)\b",
    re.IGNORECASE,
)
_DEBUNK = re.compile(
    r"\b(?:myths?|mythbust\w*|false|untrue|not\s+true|isn't\s+true|no\s+evidence|debunk\w*|misinformation|"
    r"disinformation|fake\s+news|fact[- ]?check\w*|conspiracy\s+theor\w+|anti-?vax\w*|misinfo|"
    r"(?:is|are|was)\s+(?:wrong|nonsense|a\s+lie)|don't\s+believe|do\s+not\s+believe)\b",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"[.!?\n]")
SENTENCE_REACH = 400


class ConductContext:
    """Who and what a post talks about; each part is computed on first use, so rules pay only for what they ask."""

    def __init__(self, text: str, names: Callable[[], list[Signal]] | None = None) -> None:
        self.text = text
        self._names = names

    @cached_property
    def identities(self) -> tuple[Signal, ...]:
        """Mentions of a religion, race, sexuality, disability, nationality or sex (attrs group)."""
        return tuple(
            Signal("identity", m.start(), m.end(), m.group(), attrs={"group": m.lastgroup or ""})
            for m in _IDENTITY.finditer(self.text)
        )

    @cached_property
    def people(self) -> tuple[Signal, ...]:
        """People a remark could be aimed at: kind second-person, handle, colleague, titled or name."""
        kinds = {"second": "second-person", "handle": "handle", "colleague": "colleague", "titled": "titled"}
        found = [Signal(kinds[m.lastgroup or "second"], m.start(), m.end(), m.group())
                 for m in _PERSON.finditer(self.text)]
        if self._names is not None:
            found += [Signal("name", s.start, s.end, s.text) for s in self._names() if s.kind == "name"]
        return tuple(sorted(found, key=lambda s: s.start))

    @cached_property
    def patients(self) -> tuple[tuple[int, int], ...]:
        """Spans of words naming patients (patient, pt, this lady ...)."""
        return tuple(m.span() for m in _PATIENT.finditer(self.text))

    @cached_property
    def clinical(self) -> bool:
        """Clinical or health vocabulary: anatomy here is likely care, not a remark."""
        return bool(_CLINICAL.search(self.text))

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around a span, looking at most SENTENCE_REACH characters either way (linear time)."""
        low = max(0, start - SENTENCE_REACH)
        left = max((m.end() for m in _SENTENCE_END.finditer(self.text, low, start)), default=low)
        right = _SENTENCE_END.search(self.text, end, end + SENTENCE_REACH)
        return left, right.start() if right else min(len(self.text), end + SENTENCE_REACH)

    @cached_property
    def claim_topic(self) -> bool:
        """The post touches a topic of the false-claim index (COVID-19, vaccines, cancer cures ...)."""
        return bool(_CLAIM_TOPICS.search(self.text))

    @cached_property
    def debunking(self) -> bool:
        """The post talks about myths or misinformation rather than asserting them."""
        return bool(_DEBUNK.search(self.text))


@extractor(CONDUCT_CONTEXT)
def context(signals: Signals) -> ConductContext:
    return ConductContext(signals.post.text, lambda: signals[IDENTIFIERS])


def first_pass(text: str) -> dict[str, float]:
    from bedside.textmodels import load_heads

    return load_heads().scores(text)


@extractor(CONDUCT_SCORES)
def conduct_scores(signals: Signals) -> dict[str, float]:
    return first_pass(signals.post.text)


@dataclass(frozen=True)
class ClaimMatch:
    id: str
    claim: str  # the documented false claim, in our words
    topic: str
    source: str  # a page that explains why it is false
    similarity: float  # cosine over hashed word and character n-grams, 0..1
    negated: bool  # the post and the matched phrasing differ in negation ("not immune" vs "immune")
    start: int  # the sentence of the post that matched best
    end: int


_CLAIM_TOPICS = re.compile(
    r"covid|corona|virus|vacc|vax|jab|mrna|5g|pandemic|bleach|disinfect|ivermectin|hydroxychloroquine|chloroquine|"
    r"autis|mmr|measles|cancer|chemo|fluorid|homeopath|hiv|aids|statin|antibiotic|mask|pcr|flu\b|hpv|detox|"
    r"cure|microchip|depopulat|immun|milk|pasteuri|vitamin|supplement|herbal|remed|essential\s+oil|alkaline|keto|"
    r"sunscreen|radiation|wi-?fi|fertil|sids|cot\s+death",
    re.IGNORECASE,
)


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|don't|doesn't|didn't|isn't|aren't|won't|nor|without)\b",
                       re.IGNORECASE)


_SENTENCE = re.compile(r"[^.!?\n\s][^.!?\n]*[.!?]*")
MAX_CLAIM_TEXT = 20_000  # claims are looked for in the first 20,000 characters
_STOP = frozenset("a an the to of in on for and or is are was be it you your my we they i".split())


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP]


def _words(text: str) -> set[str]:
    return set(_content(text))


def _negated_words(text: str) -> set[str]:
    """The first three content words after each negation: what the text denies."""
    return {w for m in _NEGATION.finditer(text) for w in _content(text[m.end() : m.end() + 60])[:3]}


def nearest_claim(text: str) -> ClaimMatch | None:
    """The documented false claim closest to any sentence of the post that touches the index's topics."""
    from bedside.textmodels import load_claims

    best: tuple[float, int, int, str, str] | None = None  # similarity, start, end, claim id, matched phrasing
    for sentence in _SENTENCE.finditer(text[:MAX_CLAIM_TEXT]):
        if not _CLAIM_TOPICS.search(sentence.group()):
            continue
        found = load_claims().nearest(sentence.group())
        if found is not None and (best is None or found[2] > best[0]):
            best = (found[2], sentence.start(), sentence.end(), found[0].id, found[1])
    if best is None:
        return None
    similarity, start, end, claim_id, phrasing = best
    claim = load_claims().by_id(claim_id)
    said = text[start:end]
    negated = bool(_negated_words(said) & _words(phrasing)) != bool(_negated_words(phrasing) & _words(said))
    return ClaimMatch(claim.id, claim.claim, claim.topic, claim.source, round(similarity, 3), negated, start, end)


@extractor(FALSE_CLAIM)
def false_claim(signals: Signals) -> ClaimMatch | None:
    return nearest_claim(signals.post.text)
