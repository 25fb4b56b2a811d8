"""language: "en" when the text reads as English, else "other".

A cheap test that needs no model: English function words against the commonest words of the other
languages clinicians post in (Spanish, French, German, Italian, Portuguese, Dutch, Welsh, Afrikaans,
Malay). Short texts, and texts with few words (numbers, codes, telegraphic notes), count as English so
that every rule still judges them.
"""

from __future__ import annotations

import re

from bedside.signals import Signals, extractor
from bedside.signals.keys import LANGUAGE

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    "the a an and or but of to in on at for with from by is are was were be been has have had it this that "
    "i you he she we they my your his her our their me him us them not no so as if all just saw today "
    "pt patient who what when which there here will would can could should".split()
)
_OTHER = frozenset(
    "el la los las del que y en un una por con para es su se lo como más pero sus le ya o este sí porque "
    "le les des du et est une pour dans qui pas sur au avec ce il elle nous vous sont mais "
    "der die das und ist nicht ein eine mit sich den dem zu auf für von ich wir sie auch "
    "il di che non per una sono della alla gli nel delle "
    "não com uma os das dos ao pelo pela "
    "het een van de en dat niet zijn op te ook "
    "yn yr ac mae ei am ar gyda "
    "dan yang di ini itu untuk dengan tidak".split()
) - _ENGLISH


def is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < 6:
        return True
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER for w in words)
    return other <= max(2, english)


@extractor(LANGUAGE)
def language(signals: Signals) -> str:
    return "en" if is_english(signals.post.text) else "other"
