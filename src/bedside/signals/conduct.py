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
  conduct_scores   dict[str, float]: classifier probabilities "offensive", "hate", "misinformation".
  false_claim      ClaimMatch | None: the nearest documented false claim and its similarity, computed
                   only for posts that touch a topic of the claim index or that the classifier suspects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bedside.signals import Signal, Signals, extractor

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_WORDS = 5
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
    for term, meaning, source, when in _rows("patient_slang.tsv"):
        entries[_key(term)] = Entry("patient-slang", 2.0, "patient-slang", meaning, source, when)
    return {k: v for k, v in entries.items() if 0 < len(k) <= MAX_WORDS}


_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|«[^»\n]{1,300}»")
_REPORTED = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+(?:me|us|her|him|them|my\s+\w+|the\s+\w+)|(?:was|were|got|been|being|get)\s+called|"
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
    """Lexicon hits, longest match first, not overlapping."""
    entries = lexicon()
    words = [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text)]
    reported = reported_spans(text) if words else []
    hits: list[Signal] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key = tuple(w[2] for w in words[i : i + n])
            entry = entries.get(key)
            if entry is None and key[-1].endswith("s"):  # plurals: "frequent flyers", "heartsinks"
                entry = entries.get((*key[:-1], key[-1][:-1]))
            if entry is None:
                continue
            start, end = words[i][0], words[i + n - 1][1]
            attrs = {"group": entry.group, "severity": entry.severity,
                     "reported": any(a <= start and end <= b for a, b in reported)}
            if entry.meaning:
                attrs |= {"meaning": entry.meaning, "source": entry.source, "when": entry.when}
            hits.append(Signal(entry.kind, start, end, text[start:end], attrs=attrs))
            i += n - 1
            break
        i += 1
    return hits


@extractor("conduct_terms")
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


@dataclass(frozen=True)
class ConductContext:
    identities: tuple[Signal, ...]  # kind "identity", attrs group: religion, race, sexuality ...
    people: tuple[Signal, ...]  # kind "second-person", "handle", "colleague", "titled", "name"
    patients: tuple[tuple[int, int], ...]  # spans of words naming patients
    clinical: bool  # clinical or health vocabulary: anatomy here is likely care, not a remark
    debunking: bool  # the post talks about myths or misinformation rather than asserting them


def conduct_context(text: str, names: list[Signal] | None = None) -> ConductContext:
    identities = tuple(
        Signal("identity", m.start(), m.end(), m.group(), attrs={"group": m.lastgroup or ""})
        for m in _IDENTITY.finditer(text)
    )
    kinds = {"second": "second-person", "handle": "handle", "colleague": "colleague", "titled": "titled"}
    people = [Signal(kinds[m.lastgroup or "second"], m.start(), m.end(), m.group()) for m in _PERSON.finditer(text)]
    people += [Signal("name", s.start, s.end, s.text) for s in names or [] if s.kind == "name"]
    return ConductContext(
        identities,
        tuple(sorted(people, key=lambda s: s.start)),
        tuple(m.span() for m in _PATIENT.finditer(text)),
        bool(_CLINICAL.search(text)),
        bool(_DEBUNK.search(text)),
    )


@extractor("conduct_context")
def context(signals: Signals) -> ConductContext:
    return conduct_context(signals.post.text, signals["identifiers"])


def cascade_scores(text: str) -> dict[str, float]:
    """Classifier probabilities for one text."""
    from bedside.textmodels import load_heads

    return load_heads().scores(text)


@extractor("conduct_scores")
def conduct_scores(signals: Signals) -> dict[str, float]:
    return cascade_scores(signals.post.text)


@dataclass(frozen=True)
class ClaimMatch:
    id: str
    claim: str  # the documented false claim, in our words
    topic: str
    source: str  # a page that explains why it is false
    similarity: float  # cosine over hashed word and character n-grams, 0..1


_CLAIM_TOPICS = re.compile(
    r"covid|corona|virus|vacc|vax|jab|mrna|5g|pandemic|bleach|disinfect|ivermectin|hydroxychloroquine|chloroquine|"
    r"autis|mmr|measles|cancer|chemo|fluorid|homeopath|hiv|aids|statin|antibiotic|mask|pcr|flu\b|hpv|detox|"
    r"cure|microchip|depopulat|immun",
    re.IGNORECASE,
)


def nearest_claim(text: str, score: float) -> ClaimMatch | None:
    """The closest documented false claim, looked up only when the post touches the index's topics."""
    if score < 0.5 and not _CLAIM_TOPICS.search(text):
        return None
    from bedside.textmodels import load_claims

    found = load_claims().nearest(text)
    if found is None:
        return None
    claim, similarity = found
    return ClaimMatch(claim.id, claim.claim, claim.topic, claim.source, round(similarity, 3))


@extractor("false_claim")
def false_claim(signals: Signals) -> ClaimMatch | None:
    return nearest_claim(signals.post.text, signals["conduct_scores"]["misinformation"])
