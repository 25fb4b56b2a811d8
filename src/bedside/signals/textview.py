"""textview: the text as the identifier finders read it, with a map back to the original characters.

Invisible and look-alike characters hide identifiers from patterns written for plain text: a no-break
space or a zero-width space inside "943 476 5919", Arabic-Indic or fullwidth digits, a soft hyphen or a
combining mark inside "John", a number written backwards inside a right-to-left override. The view is the
text NFKC-normalised, with format characters (Unicode category Cf) and combining marks dropped, spaces,
hyphens, dots and digits of every script folded to ASCII, and right-to-left overridden runs put back in
the order they are displayed. `TextView.span` maps a span of the view back to the original characters:
the whole hidden identifier, the invisible characters inside and around it included, so that a redaction
leaves none of it behind.

Pure ASCII text is its own view, at the cost of one `str.isascii` (a check must stay instant).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")  # with the character before: "e" + U+0301 is "é"
_DROPPED = frozenset({"Cf", "Mn", "Me"})  # format characters and combining marks
_HYPHENS = frozenset("\u2010\u2011\u2012\u2013\u2212\ufe63")  # not the em dash, which joins prose
_DOTS = frozenset("\u00b7\u2027\u2219\u22c5\u30fb")
_LINE_BREAKS = frozenset("\u2028\u2029\x85")
_OVERRIDE, _POP = "\u202e", "\u202c"
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # each closed by a PDF (U+202C)


@dataclass(frozen=True, slots=True)
class TextView:
    original: str
    text: str
    # For each character of the view, the original characters it came from: [starts[i], ends[i]).
    starts: tuple[int, ...] | None = None  # None: the view is the original
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters behind the view's [start, end), widened over invisible neighbours."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        first, last = min(self.starts[start:end]), max(self.ends[start:end])
        while first > 0 and _invisible(self.original[first - 1]):
            first -= 1
        while last < len(self.original) and _invisible(self.original[last]):
            last += 1
        return first, last


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _DROPPED


def text_view(text: str) -> TextView:
    if text.isascii():
        return TextView(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for run in _NON_ASCII.finditer(text):
        out.append(text[done : run.start()])
        starts.extend(range(done, run.start()))
        ends.extend(range(done + 1, run.start() + 1))
        _fold_run(text, run.start(), run.end(), out, starts, ends)
        done = run.end()
    out.append(text[done:])
    starts.extend(range(done, len(text)))
    ends.extend(range(done + 1, len(text) + 1))
    view = "".join(out)
    return _unoverride(TextView(text, view, tuple(starts), tuple(ends)))


def _fold_run(text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    """Fold text[start:end] one cluster at a time: a character and the combining marks after it."""
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster in (_OVERRIDE, _POP) or cluster in _EMBEDDINGS:
            out.append(cluster)  # kept for _unoverride, which removes it
            starts.append(i)
            ends.append(j)
        else:
            for ch in unicodedata.normalize("NFKC", cluster):
                folded = _fold(ch)
                if folded:
                    out.append(folded)
                    starts.append(i)
                    ends.append(j)
        i = j


def _fold(ch: str) -> str:
    if ch.isascii():
        return ch
    category = unicodedata.category(ch)
    if category in _DROPPED:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Zs":
        return " "
    if ch in _LINE_BREAKS:
        return "\n"
    if ch in _HYPHENS:
        return "-"
    if ch in _DOTS:
        return "."
    return ch


def _unoverride(view: TextView) -> TextView:
    """Put right-to-left overridden runs (U+202E ... U+202C, or to the end of the line) in display order,
    and drop the embedding controls. A number typed backwards inside an override shows forwards."""
    text = view.text
    if not any(ch in _EMBEDDINGS or ch == _POP for ch in text):
        return view
    assert view.starts is not None and view.ends is not None
    order = list(range(len(text)))  # the view's characters in display order
    depth, opened = 0, -1
    for i, ch in enumerate([*text, "\n"]):
        if depth and (ch == "\n" or (ch == _POP and depth == 1)):
            order[opened:i] = order[opened:i][::-1]
            depth = 0
        elif ch == _POP and depth:
            depth -= 1
        elif ch in _EMBEDDINGS and depth:
            depth += 1
        elif ch == _OVERRIDE:
            depth, opened = 1, i
    shown = [i for i in order if text[i] not in _EMBEDDINGS and text[i] != _POP]
    return TextView(view.original, "".join(text[i] for i in shown), tuple(view.starts[i] for i in shown),
                    tuple(view.ends[i] for i in shown))
