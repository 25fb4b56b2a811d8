"""identifiers: every identifier span in a text, from all registered finders, overlaps resolved.

A finder is a function `(text, country) -> Iterable[Signal]` registered with `@finder`; numbers, contact
details, dates, names and places each live in their own module. `find_identifiers` is also what image
text (OCR) and DICOM headers go through, so every source of text is judged by the same detectors.

Finders read the text's normalised view (signals/textview.py: invisible characters dropped, look-alike
digits and separators folded) and the spans they return are mapped back to the original text here, so
every finder sees "943\u200b476\u200b5919" as "9434765919" without knowing of it. A signal's `text` is
the view's (what the finder matched); its span is the original's.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import replace

from bedside import signals as _signals
from bedside.signals import Signal, Signals, extractor
from bedside.signals.keys import IDENTIFIERS
from bedside.signals.textview import TextView, text_view

Finder = Callable[[str, str], Iterable[Signal]]
_FINDERS: list[tuple[int, Finder]] = []
_PROSE_MODELS: set[Finder] = set()  # finders whose model reads running prose (see raw_identifiers)

# When two spans overlap, the one of higher priority wins, then the longer one. Validated numbers beat
# dates and names; an address beats the place name inside it.
PRIORITY = {
    "nhs-number": 90, "chi-number": 90, "hc-number": 90, "ni-number": 90, "national-id": 85,
    "card-number": 85, "iban": 85, "email": 80, "citation": 78, "url": 75, "ip-address": 80, "hospital-number": 70,
    "phone": 70, "postcode": 65, "postal-code": 55, "address": 60, "date-of-birth": 60, "date": 50,
    "time": 40, "age": 45, "handle": 60, "organisation": 35, "ward": 35, "name": 30, "initials": 30, "place": 25,
    "relative-date": 20,
}


def finder(order: int = 50, *, prose_model: bool = False) -> Callable[[Finder], Finder]:
    """Register an identifier finder; lower `order` runs first (only matters for readability of output).
    `prose_model`: the finder loads a model trained on running prose, which OCR text is not."""

    def register(function: Finder) -> Finder:
        _FINDERS.append((order, function))
        _FINDERS.sort(key=lambda pair: pair[0])
        if prose_model:
            _PROSE_MODELS.add(function)
        return function

    return register


def raw_identifiers(text: str, country: str = "GB", *, prose: bool = True) -> list[Signal]:
    """Every finder's spans, overlaps and all (redacting pixels needs each reading, not just the best).
    prose=False skips the finders whose model reads running prose: OCR text is lines of a screen, where
    such a model found no identifier the others missed (eval/eval_images.py) and cost 1.6 s to load."""
    _signals._load_all()
    view = text_view(text)
    found = [s for _, f in _FINDERS if prose or f not in _PROSE_MODELS for s in f(view.text, country)]
    return found if view.starts is None else [_to_original(view, s) for s in found]


def _to_original(view: TextView, signal: Signal) -> Signal:
    start, end = view.span(signal.start, signal.end)
    return replace(signal, start=start, end=end)


def find_identifiers(text: str, country: str = "GB") -> list[Signal]:
    return resolve_overlaps(raw_identifiers(text, country))


def resolve_overlaps(found: list[Signal]) -> list[Signal]:
    """Keep the best of each group of overlapping spans (priority, then length), in text order."""
    ranked = sorted(found, key=lambda s: (-PRIORITY.get(s.kind, 0), -(s.end - s.start), s.start))
    starts: list[int] = []  # kept spans, sorted by start and never overlapping one another
    kept: list[Signal] = []
    for candidate in ranked:
        i = bisect.bisect_right(starts, candidate.start)
        if i and kept[i - 1].end > candidate.start:
            continue
        if i < len(kept) and kept[i].start < candidate.end:
            continue
        starts.insert(i, candidate.start)
        kept.insert(i, candidate)
    return kept


@extractor(IDENTIFIERS)
def identifiers(signals: Signals) -> list[Signal]:
    return find_identifiers(signals.post.text, signals.post.country)
