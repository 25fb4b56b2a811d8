"""Recover which stretches of a text the redacted version replaced, so the page can offer a one-click fix
for each finding.

A report carries the redacted text (identifiers replaced by [LABEL]) but not the spans themselves. The
redacted text is the original with some finding spans (merged where they overlap) swapped for labels, so
walking both texts side by side, anchored on the findings' spans, gives the spans back exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from bedside.model import Finding

LOOKAHEAD = 24  # characters after a label that must line up with the original to accept a span end


def redaction_spans(text: str, redacted: str, findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    """(start, end, label) for each replaced stretch, in order; stops quietly where the texts part ways.
    A stretch that starts where a finding does ends where one of the findings chained from it ends; any
    other ends where the text resumes."""
    if text == redacted:
        return []
    spans = sorted((f.start, f.end) for f in findings if f.start is not None and f.end is not None and f.end > f.start)
    starts = {start for start, _ in spans}
    out: list[tuple[int, int, str]] = []
    i = j = 0
    while i < len(text) and j < len(redacted):
        if redacted[j] == "[":
            close = redacted.find("]", j)
            if close > j and not text.startswith(redacted[j : close + 1], i):
                end = _span_end(text, redacted, i, close + 1, spans, starts) if i in starts else None
                if end is None:
                    end = _nearest_end(text, redacted, i, close + 1)
                if end is None:
                    break
                out.append((i, end, redacted[j + 1 : close]))
                i, j = end, close + 1
                continue
        if text[i] != redacted[j]:
            break
        i += 1
        j += 1
    return out


def _nearest_end(text: str, redacted: str, start: int, after: int) -> int | None:
    """For a replaced stretch that no finding marks: the first place where the text resumes."""
    following = redacted[after : after + LOOKAHEAD].split("[", 1)[0]
    if not following:
        return len(text) if after == len(redacted) else None
    found = text.find(following, start + 1)
    return found if found > start else None


def _span_end(text: str, redacted: str, start: int, after: int, spans: list[tuple[int, int]],
              starts: set[int]) -> int | None:
    """The furthest end, among the findings chained by overlap from `start`, after which the original lines
    up with the redacted text again."""
    reach = start
    chained: set[int] = set()
    for span_start, span_end in spans[bisect_left(spans, (start, 0)) :]:
        if span_start > start and span_start >= reach:
            break
        reach = max(reach, span_end)
        chained.add(span_end)
    ends = sorted(chained, reverse=True)
    following = redacted[after : after + LOOKAHEAD].split("[", 1)[0]
    for end in ends:
        if following:
            if text.startswith(following, end):
                return end
        elif end == len(text) or end in starts:
            return end
    return None
