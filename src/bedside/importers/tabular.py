"""Reading CSV exports as dictionaries, streaming, with the header normalised (lower case, trimmed).

UTF-8 or UTF-16 (told from the first bytes), comma- or tab-separated (told from the header line).
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections.abc import Iterator

from bedside.importers.sniff import text_encoding
from bedside.importers.source import HEAD, MAX_LINE, Source, lines

csv.field_size_limit(min(sys.maxsize, MAX_LINE))  # a longer cell is no post: its row is skipped, not held


def rows(source: Source, name: str, *, backslash_quotes: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each row after the header.

    `backslash_quotes`: quotes inside quoted fields are written `\\"` (LinkedIn) rather than `""`; a quote
    never ends a line's field after a backslash, so lines are rewritten to the standard form as they pass.
    """
    with source.open(name) as raw:
        encoding = text_encoding(raw.read(HEAD))
    text = lines(source, name, encoding=encoding, newline="")  # overlong lines skipped, never held whole
    first = next(text, "")
    chained: Iterator[str] = itertools.chain([first], text)
    if backslash_quotes:
        chained = (line.replace('\\"', '""') for line in chained)
    feed = _Lines(chained)
    reader = csv.reader(feed, delimiter="\t" if first.count("\t") > first.count(",") else ",")
    header: list[str] | None = None
    number = 1  # rows counted as before (the header is row 1), so item ids stay stable for --resume
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a cell beyond the limit: that row is skipped, the rest is read
            feed.skip_open_cell()
            number += 1
            source.warn(f"{name}: row {number} (line {reader.line_num}) was skipped ({error})", damaged=True)
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            continue
        number += 1
        if any(cell.strip() for cell in row):
            yield number, dict(zip(header, row, strict=False))


class _Lines:
    """Lines for the csv reader that track whether a quoted cell is open (an odd count of quotes so far):
    after a refused row, the rest of its cell is passed over rather than read as rows of its own."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.open = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if line.count('"') % 2:
            self.open = not self.open
        return line

    def skip_open_cell(self) -> None:
        while self.open:
            if next(self, None) is None:
                return


def header_of(kind: str) -> set[str]:
    """The column names of a member sniffed as `csv:<header>`."""
    if not kind.startswith("csv:"):
        return set()
    return {h.strip().strip('"') for h in kind[4:].split(",")}


def role_by_header(kind: str, roles: tuple[tuple[str, set[str]], ...]) -> str | None:
    """The first role whose required columns a CSV member's header holds (None: not one of ours)."""
    header = header_of(kind)
    return next((role for role, needed in roles if needed <= header), None)
