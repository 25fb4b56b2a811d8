"""shape: the form of a text and of its numbers, for readings that need more than the words.

`signals[STATISTICS]` -> bool: the text is mostly numbers, a table of counts ("Lagos-142 Oyo-15 ... 10819
cases"), whose words and numbers belong to no one. `id_shaped(text, start, end)`: a number no finder knew
looks like an identifier (letters and digits mixed, or after a label), not a count ("1480884 recovered").
"""

from __future__ import annotations

import re

from bedside.signals import Signals, extractor
from bedside.signals.keys import STATISTICS

STATISTICS_NUMBERS = 8  # tokens with digits, and at least a quarter of all tokens
_ID_LABEL_BEFORE = re.compile(r"(?:\b(?:mrn|id|no|num|number|hosp|hospital|unit|record|ref|nhs|chi|patient)\b|#)"
                              r"\W{0,3}$", re.IGNORECASE)


def is_statistics(text: str) -> bool:
    tokens = text.split()
    numbers = sum(any(ch.isdigit() for ch in token) for token in tokens)
    return numbers >= STATISTICS_NUMBERS and numbers >= len(tokens) / 4


def id_shaped(text: str, start: int, end: int) -> bool:
    value = text[start:end].strip()
    if any(ch.isalpha() for ch in value) and any(ch.isdigit() for ch in value):
        return True
    return bool(_ID_LABEL_BEFORE.search(text[max(0, start - 16) : start]))


@extractor(STATISTICS)
def statistics(signals: Signals) -> bool:
    return is_statistics(signals.post.text)
