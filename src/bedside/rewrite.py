"""A neutral rewrite, where a safe one exists, of a post that redaction cannot make safe.

Replacing identifiers fixes a name; it does not fix a label, an insult or a false claim. Rules say how each of
their findings may be amended (`Finding.amendment`: a label replaced by neutral words, the sentence holding an
insult dropped, a false claim replaced by where the evidence is); this applies every amendment together with
the redactions, tidies the seams, and checks the result again. It is offered only when that second check finds
nothing left that needs a rewrite; otherwise there is no suggestion and the report says a rewrite is needed.
Nothing here knows a rule code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bedside.model import Report, Suggestion

JUDGED_AGAIN = frozenset({"venting"})  # categories left to the second check alone
MIN_WORDS = 3  # of the author's own, left after the amendments: fewer, and the rewrite is no longer their post
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_STOP = re.compile(r"[ \t]+([,.!?;:])")
_LEADING_STOPS = re.compile(r"^[ \t]*[,.!?;:]+[ \t]*", re.MULTILINE)
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_ARTICLE = re.compile(r"\b([Aa]n?) $")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    code: str = ""


Judge = Callable[[str], Report]  # checks a text as the post was checked (its audience, pack, settings)


def suggest(text: str, report: Report, judge: Judge) -> Suggestion | None:
    """The rewritten post, or None where nothing can be amended, too little would be left, or the second check
    still finds something a rewrite must fix.

    The second check reads the amended text with its identifiers still in it (the reader was not trained on
    [NAME] placeholders, and reads them oddly); the identifiers both checks found are then replaced."""
    needed = report.rewrite_needed
    if not needed:
        return None
    # A finding without an amendment (a reading of the whole post, a missing declaration) has no rewrite here:
    # dropping the sentences that carry it when read alone left slurs and leers that the second reading missed.
    # Venting is the exception: it is the tone of the whole post, and the second check is its judge.
    if any(f.amendment is None and f.category not in JUDGED_AGAIN for f in needed):
        return None
    edits = [_Edit(f.amendment.start, f.amendment.end, f.amendment.text, f.code)
             for f in report.findings if f.amendment is not None and f.box is None]
    merged = _merged(text, edits)
    if len(_WORD.findall(_apply(text, [replace(e, text=" ") for e in merged], [])[0])) < MIN_WORDS:
        return None  # too little of the author's own words would be left to be their post
    amended, moved = _apply(text, merged, [_Edit(r.start, r.end, f"[{r.label}]") for r in report.redactions])
    again = judge(amended)
    if again.rewrite_needed:
        return None
    labels = moved + [_Edit(r.start, r.end, f"[{r.label}]") for r in again.redactions]
    rewritten = _tidy(_apply(amended, _merged(amended, labels), [])[0])
    return Suggestion(rewritten, tuple(dict.fromkeys(e.code for e in merged if e.code)))


def _merged(text: str, edits: Iterable[_Edit]) -> list[_Edit]:
    """Edits in order, apart: one inside another gives way to it (a name inside a dropped sentence); two that
    overlap become one, keeping the wider one's words; two labels replaced side by side become the second's
    neutral words ("heartsink frequent flyer" is one "frequent attender", not "patient frequent attender")."""
    merged: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        last = merged[-1] if merged else None
        if last is not None and edit.start < last.end:
            wider = edit if edit.end - edit.start > last.end - last.start else last
            merged[-1] = _Edit(last.start, max(last.end, edit.end), wider.text, wider.code or last.code)
        elif last is not None and last.code and edit.code and last.text and edit.text \
                and not text[last.end : edit.start].strip():
            merged[-1] = _Edit(last.start, edit.end, edit.text, edit.code)
        else:
            merged.append(edit)
    return merged


def _apply(text: str, edits: list[_Edit], kept: list[_Edit]) -> tuple[str, list[_Edit]]:
    """The text with the edits made, and the `kept` spans that no edit touched, moved to where they now are."""
    out: list[str] = []
    moved: list[_Edit] = []
    cursor = length = 0
    for gap_end, edit in [*((e.start, e) for e in edits), (len(text), None)]:
        before = text[cursor:gap_end]
        moved += [replace(k, start=k.start - cursor + length, end=k.end - cursor + length)
                  for k in kept if cursor <= k.start and k.end <= gap_end]
        if edit is not None and edit.text:  # the article is the gap's last word: no kept span moves with it
            before = _ARTICLE.sub(_article_for(edit.text), before)
        out.append(before)
        length += len(before)
        if edit is not None:
            out.append(edit.text)
            length += len(edit.text)
            cursor = edit.end
    return "".join(out), moved


def _article_for(following: str) -> Callable[[re.Match[str]], str]:
    """"a" or "an" for the words now following it ("an alky" became "a person with alcohol dependence")."""
    word = "an" if following[:1].lower() in "aeiou" else "a"
    return lambda m: (word.capitalize() if m.group(1)[0].isupper() else word) + " "


def _tidy(text: str) -> str:
    """The seams a dropped sentence or word leaves: doubled spaces, a space before a stop, a stop starting a
    line, blank lines piling up."""
    text = _SPACES.sub(" ", text)
    text = _BEFORE_STOP.sub(r"\1", text)
    text = _LEADING_STOPS.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()
