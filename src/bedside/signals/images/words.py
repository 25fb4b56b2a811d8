"""Mend the words OCR splits or runs together, before any detector or the reader sees them.

The recogniser breaks a word where letters are spaced ("Sum mary", whose "mary" then reads as a name) and
runs a record's labels together ("Dateofbirth", "PatientName"), which hides the label the date or name
follows. A split is joined when the whole is an English word of six letters or more, the second part goes
on in lower case and the first is not a short word of its own ("in to" stays); a run of label words is
split at its words. Every character keeps its box: a removed space takes its box with it, an inserted
space has none.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import TYPE_CHECKING

from bedside.signals.names import lexicon

if TYPE_CHECKING:
    from bedside.signals.images.ocr import CharBox

# Words that run together on record banners, labels and letters (and the short words between them).
LABEL_WORDS = frozenset(
    "patient name surname forename first last date of birth dob nhs hospital number no id mrn address post code "
    "postcode ward bed consultant gp practice discharge admission admitted summary sex gender age next kin "
    "telephone tel phone mobile email unit record referral report clinic appointment time the and for by at to "
    "in on".split()
)
_WORD = re.compile(r"[A-Za-z]+")
_SHORT = frozenset("a an and as at be by do for go he in is it me my no of on or so the to up we".split())


@cache
def _split(lower: str) -> tuple[str, ...] | None:
    """lower as two or more label words, or None."""
    if lower in LABEL_WORDS:
        return (lower,)
    for cut in range(len(lower) - 1, 0, -1):
        head = lower[:cut]
        if head in LABEL_WORDS:
            rest = _split(lower[cut:])
            if rest is not None:
                return (head, *rest)
    return None


def mend(text: str, boxes: tuple[CharBox | None, ...]) -> tuple[str, tuple[CharBox | None, ...]]:
    words = lexicon()
    chars, kept = list(text), list(boxes)
    tokens = list(_WORD.finditer(text))
    drop: set[int] = set()  # positions of spaces to remove
    for a, b in itertools.pairwise(tokens):
        first, second = a.group(), b.group()
        if (b.start() == a.end() + 1 and text[a.end()] == " " and second[0].islower() and len(first) >= 2
                and len(second) >= 3 and len(first + second) >= 6 and first.lower() not in _SHORT
                and words.is_word((first + second).lower())):
            drop.add(a.end())
    insert: dict[int, int] = {}  # position -> spaces to insert before it
    for token in tokens:
        word = token.group()
        parts = _split(word.lower()) if len(word) >= 6 and not words.is_word(word.lower()) else None
        if parts and len(parts) > 1:
            at = token.start()
            for part in parts[:-1]:
                at += len(part)
                insert[at] = 1
    if not drop and not insert:
        return text, boxes
    out_chars: list[str] = []
    out_boxes: list[CharBox | None] = []
    for i, (ch, box) in enumerate(zip(chars, kept, strict=True)):
        if i in insert:
            out_chars.append(" ")
            out_boxes.append(None)
        if i not in drop:
            out_chars.append(ch)
            out_boxes.append(box)
    return "".join(out_chars), tuple(out_boxes)
