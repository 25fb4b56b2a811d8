"""Generic formats, tried last: CSV with a text column, JSON lines or a JSON list of objects with a text
field (as `bedside scan` reads), and plain text (one item per paragraph).

Recognised columns / keys: text (text, body, content, message, post, full_text, comment, caption), id,
date (date, created_at, timestamp, time), url (url, link, permalink), plus any `Post` field by name
(audience, kind, platform, reply_to).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bedside.importers import Item, Options, epoch, importer, is_me, iso
from bedside.importers.jsonstream import iter_array
from bedside.importers.source import Member, Source, lines
from bedside.importers.tabular import header_of, rows
from bedside.model import AUDIENCES, KINDS, InputError

TEXT = ("text", "full_text", "body", "content", "message", "post", "comment", "caption", "tweet")
DATE = ("created_at", "date", "timestamp", "time", "datetime")
URL = ("url", "link", "permalink")
MAX_PARAGRAPH = 100_000


def _claims(member: Member) -> bool:
    if member.kind.startswith("csv:"):
        return bool(header_of(member.kind) & set(TEXT))
    if member.kind.startswith(("jsonl:", "json-array:", "json-object:")):
        return any(f'"{key}"'.encode() in member.head for key in TEXT)
    return member.kind == "text"


@importer("generic", "Posts file", _claims, order=90)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    for member in members:
        if member.kind.startswith("csv:"):
            for number, row in rows(source, member.name):
                item = _record(row, f"{member.name}:{number}", member.name, options)
                if item is not None:
                    yield item
        elif member.kind.startswith("jsonl:"):
            yield from _jsonl(source, member, options)
        elif member.kind.startswith("json-object:"):  # one post as one JSON object
            try:
                item = _record(json.loads(source.read(member.name)), member.name, member.name, options)
            except (InputError, ValueError, RecursionError) as error:  # RecursionError: nested too deep
                source.warn(f"skipped {member.name}: {error or type(error).__name__}", damaged=True)
                continue
            if item is not None:
                yield item
        elif member.kind.startswith("json-array:"):
            with source.open(member.name) as stream:
                for index, record in enumerate(iter_array(stream)):
                    item = _record(record, f"{member.name}#{index}", member.name, options)
                    if item is not None:
                        yield item
        else:
            yield from _paragraphs(source, member)


def _jsonl(source: Source, member: Member, options: Options) -> Iterator[Item]:
    for number, line in enumerate(lines(source, member.name), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            why = "is nested too deep to read" if isinstance(error, RecursionError) else "is not JSON"
            source.warn(f"{member.name}: line {number} {why}; skipped", damaged=True)
            continue
        item = _record(record, f"{member.name}:{number}", member.name, options)
        if item is not None:
            yield item


def _record(record: Any, fallback_id: str, member: str, options: Options) -> Item | None:
    if not isinstance(record, dict):
        return None
    lowered = {str(k).lower(): v for k, v in record.items()}
    text = next((str(lowered[k]) for k in TEXT if lowered.get(k)), "")
    if not text.strip():
        return None
    when = next((lowered[k] for k in DATE if lowered.get(k)), None)
    date = iso(str(when)) if isinstance(when, str) and not str(when).isdigit() else epoch(when)
    author = lowered.get("author") or lowered.get("from") or lowered.get("sender")
    own = is_me(str(author), options) if author else None
    if own is False and not options.all_authors:
        return None
    audience: Any = lowered.get("audience") if lowered.get("audience") in AUDIENCES else "public"
    kind: Any = lowered.get("kind") if lowered.get("kind") in KINDS else "post"
    return Item(id=str(lowered.get("id") or fallback_id), platform=str(lowered.get("platform") or "file"),
                text=text, date=date, audience=audience, kind=kind, author=str(author) if author else None,
                own=own is not False, reply_to=str(lowered["reply_to"]) if lowered.get("reply_to") else None,
                url=next((str(lowered[k]) for k in URL if lowered.get(k)), None), member=member)


def _paragraphs(source: Source, member: Member) -> Iterator[Item]:
    """Blank-line separated paragraphs; an overlong one is split rather than held whole."""
    held: list[str] = []
    start = 1
    size = 0
    for number, line in enumerate(lines(source, member.name), start=1):  # overlong lines skipped, with a warning
        if line.strip() and size < MAX_PARAGRAPH:
            if not held:
                start = number
            held.append(line.rstrip("\n"))
            size += len(line)
            continue
        if held:
            yield Item(id=f"{member.name}:{start}", platform="file", text="\n".join(held), member=member.name)
        held, size = ([line.rstrip("\n")], len(line)) if line.strip() else ([], 0)
        start = number
    if held:
        yield Item(id=f"{member.name}:{start}", platform="file", text="\n".join(held), member=member.name)
