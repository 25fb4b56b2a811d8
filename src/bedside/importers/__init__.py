"""Importers: turn a platform's data export into `Item`s, streaming, whatever the file names say.

Every module here registers one `Importer` with `@importer`. `import_items(path)` opens the export
(folder, zip or file), sniffs each member's first bytes (`sniff.kind_of`), lets each importer claim the
members it understands, and yields their items one by one. An export holding several platforms (a folder
of exports) yields all of them. Warnings (skipped entries, damage) collect on the `Source`.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bedside.importers.source import Member, Source, iter_heads, open_source
from bedside.model import Audience, InputError, Kind


@dataclass
class Item:
    """One thing the user wrote (or, in a chat, one message), with the context that changes its judgement."""

    id: str  # the platform's own id where it has one (a tweet's id_str), else a stable position
    platform: str
    text: str
    date: datetime | None = None
    audience: Audience = "public"
    kind: Kind = "post"
    author: str | None = None
    own: bool = True  # written by the user (in chats only these are judged unless all_authors)
    reply_to: str | None = None  # the text it answers, when the export holds it
    in_reply_to: str | None = None  # what it answers: a handle, an id or a link
    parent: str | None = None  # the platform id of the item it answers, when that may be in the same export
    url: str | None = None
    images: list[str] = field(default_factory=list)  # members of the source
    member: str = ""  # the file it came from


@dataclass
class Options:
    me: tuple[str, ...] = ()  # the user's own names or handles in chats (also taken from the allow-list)
    all_authors: bool = False


@dataclass(frozen=True)
class Importer:
    name: str  # platform id stored with each item: x, facebook, instagram, whatsapp …
    label: str  # shown to people: "X archive"
    claims: Callable[[Member], bool]
    read: Callable[[Source, list[Member], Options], Iterator[Item]]
    order: int = 50  # lower claims first; generic formats come last


_IMPORTERS: list[Importer] = []


def importer(name: str, label: str, claims: Callable[[Member], bool], order: int = 50
             ) -> Callable[[Callable[[Source, list[Member], Options], Iterator[Item]]],
                           Callable[[Source, list[Member], Options], Iterator[Item]]]:
    def register(read: Callable[[Source, list[Member], Options], Iterator[Item]]
                 ) -> Callable[[Source, list[Member], Options], Iterator[Item]]:
        _IMPORTERS.append(Importer(name, label, claims, read, order))
        _IMPORTERS.sort(key=lambda i: i.order)
        return read
    return register


def importers() -> list[Importer]:
    for module in pkgutil.iter_modules(__path__):
        if module.name not in {"source", "sniff", "jsonstream", "car"}:
            importlib.import_module(f"{__name__}.{module.name}")
    return list(_IMPORTERS)


def supported() -> str:
    """The exports bedside reads, in words, for the message that says an input is none of them."""
    labels = [imp.label for imp in importers() if imp.name != "generic"]
    return ", ".join(labels) + ", or a posts file (CSV with a text column, JSON lines or list, plain text)"


@dataclass
class Plan:
    """What an export holds: which importer reads which members, and the images beside them."""

    source: Source
    parts: list[tuple[Importer, list[Member]]]
    images: dict[str, Member]

    @property
    def labels(self) -> list[str]:
        return [imp.label for imp, _ in self.parts]


def plan(path: Path) -> Plan:
    """Open the export and decide who reads what. Raises InputError when nothing in it is an export."""
    from bedside.importers.sniff import kind_of

    source = open_source(path)
    known = importers()
    parts: dict[str, tuple[Importer, list[Member]]] = {}
    images = source.images
    for member in iter_heads(source):
        member.kind = kind_of(member)
        if member.kind.startswith("image:"):
            images[member.name] = member
            continue
        for imp in known:
            if imp.claims(member):
                parts.setdefault(imp.name + imp.label, (imp, []))[1].append(member)
                break
    chosen = list(parts.values())
    if any(imp.name != "generic" for imp, _ in chosen):  # a README beside the data is not a post
        chosen = [(imp, [m for m in members if imp.name != "generic" or m.kind != "text"]) for imp, members in chosen]
        chosen = [(imp, members) for imp, members in chosen if members]
    return Plan(source, chosen, images)


def iter_items(found: Plan, options: Options | None = None) -> Iterator[Item]:
    """Every item of every part, in the export's order; errors in one part become warnings."""
    import csv
    import zipfile

    from bedside.importers.jsonstream import Truncated

    options = options or Options()
    for imp, members in found.parts:
        try:
            yield from imp.read(found.source, members, options)
        except (Truncated, UnicodeError, ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError,
                RecursionError, OSError, zipfile.BadZipFile, csv.Error) as error:
            # the last guard: the items read so far are kept and audited; importers skip bad items themselves
            if isinstance(error, InputError):
                raise
            found.source.warn(f"{imp.label}: stopped early, the data is damaged ({type(error).__name__}: "
                              f"{error})", damaged=True)


# Helpers shared by the importers -------------------------------------------------------------------------

BAD_VALUE = (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError)


def guarded(source: Source, member: str, items: Iterator[Item]) -> Iterator[Item]:
    """A member's items; a value of an unexpected type stops that member only (with a warning naming it,
    the items before it kept), not every other file of the export."""
    try:
        yield from items
    except BAD_VALUE as error:
        if isinstance(error, InputError):
            raise
        source.warn(f"{member}: stopped early at a value of an unexpected type ({type(error).__name__}: {error}); "
                    "the items before it are kept", damaged=True)


def safely(source: Source, where: str, convert: Callable[..., Item | None], *args: object) -> Item | None:
    """`convert(*args)` for one element; when a field holds a value of a type the export never writes (a
    number for a list, a list for a text), None and a warning naming the element: it costs only itself."""
    try:
        return convert(*args)
    except BAD_VALUE as error:
        if isinstance(error, InputError):
            raise
        source.warn(f"{where}: skipped, a field holds an unexpected value ({type(error).__name__}: {error})",
                    damaged=True)
        return None


_TAG = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>|<[^>]{0,2000}>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Plain text of a post's HTML (Mastodon content): tags dropped, breaks kept, entities decoded."""
    def replace(match: re.Match[str]) -> str:
        tag = match.group(0).lower()
        return "\n" if tag.startswith("<br") else "\n\n" if tag.startswith("</p") else ""
    return html.unescape(_TAG.sub(replace, markup)).strip()


def fix_mojibake(text: str) -> str:
    """Meta writes UTF-8 bytes as Latin-1 code points ("fÃ¸r" for "før"): undo that when it is so."""
    if not text or text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def epoch(value: object) -> datetime | None:
    """A Unix timestamp (seconds or milliseconds) as an aware UTC datetime."""
    from datetime import UTC

    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer of hundreds of digits
        return None
    if number > 1e11:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def iso(value: object) -> datetime | None:
    """An ISO 8601 date-time (with a trailing Z, or a space instead of T), else None."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace(" UTC", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def is_me(name: str | None, options: Options) -> bool | None:
    """True/False when the user named themselves (`--me` or the allow-list), None when nobody did."""
    if not options.me:
        return None
    if not name:
        return False
    folded = _fold(name)
    return any(folded == _fold(mine) for mine in options.me)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold().lstrip("@") if ch.isalnum())
