"""language: "en" when the text reads as English, else "other".

A cheap test that needs no model: the share of the most common English function words among the words
of the text. Short texts and texts with few letters (numbers, codes) count as English, so that their
identifiers are still judged by every rule.
"""

from __future__ import annotations

import re

from bedside.signals import Signals, extractor

_WORD = re.compile(r"[^\W\d_]+")
_COMMON = frozenset(
    "the a an and or but of to in on at for with from by is are was were be been has have had it this that "
    "i you he she we they my your his her our their me him us them not no so as if all just saw today".split()
)


def is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < 6:
        return True
    return sum(w in _COMMON for w in words) / len(words) >= 0.08


@extractor("language")
def language(signals: Signals) -> str:
    return "en" if is_english(signals.post.text) else "other"
