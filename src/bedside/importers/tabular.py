"""Reading CSV exports as dictionaries, streaming, with the header normalised (lower case, trimmed)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from bedside.importers.source import Source

csv.field_size_limit(min(sys.maxsize, 50_000_000))


def rows(source: Source, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each row after the header."""
    with source.open(name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(text)
        header = [h.strip().lower() for h in next(reader, [])]
        for number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                yield number, dict(zip(header, row, strict=False))


def header_of(kind: str) -> set[str]:
    """The column names of a member sniffed as `csv:<header>`."""
    if not kind.startswith("csv:"):
        return set()
    return {h.strip().strip('"') for h in kind[4:].split(",")}


def role_by_header(kind: str, roles: tuple[tuple[str, set[str]], ...]) -> str | None:
    """The first role whose required columns a CSV member's header holds (None: not one of ours)."""
    header = header_of(kind)
    return next((role for role, needed in roles if needed <= header), None)
