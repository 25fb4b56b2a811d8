"""Where an audit keeps its items and results: SQLite by default, PostgreSQL for organisations.

Every imported item is a row; its verdict is filled in once, when its batch is checked and committed.
So a killed run resumes by checking only rows without a verdict: nothing is lost and nothing is checked
twice. The file holds patient data: it is created readable by its owner only (0600).

Guidance paragraphs are kept once, in their own table; a stored finding names them by id and is given
them back when read.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bedside.importers import Item
from bedside.model import Attachment, InputError, Post

COLUMNS = ("key", "seq", "id", "platform", "date", "year", "audience", "kind", "author", "url", "in_reply_to",
           "reply_to", "member", "text", "images", "parent")
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, seq BIGINT NOT NULL, id TEXT NOT NULL, "
    "platform TEXT, date TEXT, year INTEGER, audience TEXT, kind TEXT, author TEXT, url TEXT, in_reply_to TEXT, "
    "reply_to TEXT, member TEXT, text TEXT, images TEXT, parent TEXT, verdict TEXT, worst INTEGER, findings TEXT)",
    "CREATE INDEX IF NOT EXISTS items_seq ON items (seq)",
    "CREATE TABLE IF NOT EXISTS guidance (id TEXT PRIMARY KEY, cite TEXT, text TEXT, url TEXT)",
)
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Stored:
    """One item as stored, with its result once checked."""

    key: str
    seq: int
    id: str
    platform: str
    date: str | None
    year: int | None
    audience: str
    kind: str
    author: str | None
    url: str | None
    in_reply_to: str | None
    reply_to: str | None
    member: str
    text: str
    images: list[str] = field(default_factory=list)
    parent: str | None = None
    verdict: str | None = None
    worst: int | None = None  # highest finding severity: 0 info, 1 review, 2 do-not-post; -1 none
    findings: list[dict[str, Any]] = field(default_factory=list)

    def to_post(self, images: list[Attachment], country: str, profession: str) -> Post:
        """The post to check: the one way from a stored item (an import) to a Post."""
        return Post(text=self.text or "", images=list(images), kind=self.kind or "post",  # type: ignore[arg-type]
                    audience=self.audience or "public", platform=self.platform,  # type: ignore[arg-type]
                    created_at=datetime.fromisoformat(self.date) if self.date else None, reply_to=self.reply_to,
                    country=country, profession=profession)  # type: ignore[arg-type]


class Store:
    """A thin layer over a DB-API connection; `?` placeholders are rewritten for PostgreSQL."""

    def __init__(self, connection: Any, *, postgres: bool, location: str) -> None:
        self.connection = connection
        self.postgres = postgres
        self.location = location
        self._guidance: dict[str, dict[str, str]] | None = None  # paragraphs by id, read once when needed
        for statement in SCHEMA:
            self._run(statement)
        self.connection.commit()

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.postgres else statement

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.connection.cursor()
        cursor.execute(self._sql(statement), tuple(params))
        return cursor

    def clear(self) -> None:
        self._run("DELETE FROM items")
        self._run("DELETE FROM meta")
        self._run("DELETE FROM guidance")
        self.connection.commit()
        self._guidance = None

    def get_meta(self, key: str) -> str | None:
        row = self._run("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._run("DELETE FROM meta WHERE key = ?", (key,))
        self._run("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
        self.connection.commit()

    def add(self, items: Iterable[tuple[int, Item]]) -> int:
        """Insert items not stored yet (by platform and id); return how many were new."""
        rows = [_row(seq, item) for seq, item in items]
        if not rows:
            return 0
        before = self.count()
        marks = ", ".join("?" for _ in COLUMNS)
        cursor = self.connection.cursor()
        cursor.executemany(self._sql(f"INSERT INTO items ({', '.join(COLUMNS)}) VALUES ({marks}) "
                                     "ON CONFLICT (key) DO NOTHING"), rows)
        self.connection.commit()
        return self.count() - before

    def link_replies(self) -> None:
        """Give each reply the text it answers when that item is in the same export (a thread of one's own)."""
        self._run("UPDATE items SET reply_to = (SELECT p.text FROM items p WHERE p.key = items.platform || ':' || "
                  "items.parent) WHERE parent IS NOT NULL AND reply_to IS NULL AND verdict IS NULL")
        self.connection.commit()

    def count(self, pending: bool = False) -> int:
        where = " WHERE verdict IS NULL" if pending else ""
        return int(self._run(f"SELECT COUNT(*) FROM items{where}").fetchone()[0])

    def max_seq(self) -> int:
        value = self._run("SELECT MAX(seq) FROM items").fetchone()[0]
        return int(value) if value is not None else -1

    def pending(self, page: int = 2000) -> Iterator[list[Stored]]:
        """Unchecked items in import order, a page at a time (bounded memory)."""
        after = -1
        while True:
            rows = self._run(f"SELECT {', '.join(COLUMNS)} FROM items WHERE verdict IS NULL AND seq > ? "
                             f"ORDER BY seq LIMIT {int(page)}", (after,)).fetchall()
            if not rows:
                return
            batch = [_stored(row) for row in rows]
            after = batch[-1].seq
            yield batch

    def save(self, results: Iterable[tuple[str, str, int, str, dict[str, tuple[str, str, str]]]]) -> None:
        """(key, verdict, worst, findings JSON, guidance by id) for checked items, in one transaction."""
        rows, paragraphs = [], {}
        for key, verdict, worst, findings, guidance in results:
            rows.append((verdict, worst, findings, key))
            paragraphs.update(guidance)
        cursor = self.connection.cursor()
        if paragraphs:
            cursor.executemany(self._sql("INSERT INTO guidance (id, cite, text, url) VALUES (?, ?, ?, ?) "
                                         "ON CONFLICT (id) DO NOTHING"),
                               [(digest, *fields) for digest, fields in paragraphs.items()])
            self._guidance = None
        cursor.executemany(self._sql("UPDATE items SET verdict = ?, worst = ?, findings = ? WHERE key = ?"), rows)
        self.connection.commit()

    def guidance(self) -> dict[str, dict[str, str]]:
        """Every guidance paragraph the findings cite, by id (a few hundred at most)."""
        if self._guidance is None:
            rows = self._run("SELECT id, cite, text, url FROM guidance").fetchall()
            self._guidance = {str(i): {"cite": cite, "text": text, "url": url} for i, cite, text, url in rows}
        return self._guidance

    def results(self, *, flagged_only: bool = False, worst_first: bool = False,
                limit: int | None = None) -> Iterator[Stored]:
        where = " WHERE verdict IS NOT NULL" + (" AND verdict <> 'ok'" if flagged_only else "")
        order = " ORDER BY worst DESC, date DESC, seq" if worst_first else " ORDER BY seq"
        tail = f" LIMIT {int(limit)}" if limit else ""
        cursor = self._run(f"SELECT {', '.join(COLUMNS)}, verdict, worst, findings FROM items{where}{order}{tail}")
        while True:
            rows = cursor.fetchmany(1000)
            if not rows:
                return
            for row in rows:
                yield _stored(row, self.guidance())

    def tally(self) -> dict[str, int]:
        rows = self._run("SELECT COALESCE(verdict, 'unchecked'), COUNT(*) FROM items GROUP BY 1").fetchall()
        return {str(verdict): int(count) for verdict, count in rows}

    def worst(self) -> int:
        value = self._run("SELECT MAX(worst) FROM items").fetchone()[0]
        return int(value) if value is not None else -1

    def by_year_category(self) -> dict[tuple[int, str], int]:
        """Findings counted by year and category (for the report's chart), read without holding rows."""
        counts: dict[tuple[int, str], int] = {}
        cursor = self._run("SELECT year, findings FROM items WHERE worst >= 0")
        while True:
            rows = cursor.fetchmany(1000)
            if not rows:
                return counts
            for year, findings in rows:
                for finding in json.loads(findings or "[]"):
                    if finding.get("severity") != "info":
                        slot = (int(year or 0), str(finding.get("category")))
                        counts[slot] = counts.get(slot, 0) + 1

    def close(self) -> None:
        self.connection.close()


def _row(seq: int, item: Item) -> tuple[Any, ...]:
    return (f"{item.platform}:{item.id}", seq, item.id, item.platform,
            item.date.isoformat() if item.date else None, item.date.year if item.date else None, item.audience,
            item.kind, item.author, item.url, item.in_reply_to, item.reply_to, item.member, item.text,
            json.dumps(item.images) if item.images else None, item.parent)


def _stored(row: Sequence[Any], guidance: dict[str, dict[str, str]] | None = None) -> Stored:
    """A row (the columns in COLUMNS order, then verdict, worst, findings when selected) as a Stored, its
    findings given back the guidance paragraphs they name by id."""
    verdict, worst, findings = (row[16], row[17], row[18]) if len(row) > 16 else (None, None, None)
    return Stored(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                  row[11], row[12], row[13], _json_list(row[14]), row[15], verdict, worst,
                  _with_guidance(_json_list(findings), guidance or {}))


def _with_guidance(findings: list[dict[str, Any]], guidance: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    missing = {"cite": "", "text": "", "url": ""}
    for finding in findings:
        references = finding.get("references")
        if references:  # ids since the guidance table; stores written before it hold the paragraphs inline
            finding["references"] = [guidance.get(r, missing) if isinstance(r, str) else r for r in references]
    return findings


def _json_list(value: str | None) -> list[Any]:
    return json.loads(value) if value and value != "[]" else []


def is_url(location: str | Path) -> bool:
    return str(location).startswith(("postgres://", "postgresql://"))


def open_store(location: str | Path) -> Store:
    """Open (creating it owner-only) the SQLite file at `location`, or connect to a PostgreSQL URL."""
    if is_url(location):
        try:
            import psycopg
        except ImportError as error:
            raise InputError("a PostgreSQL store needs its driver (psycopg 3): pip install 'bedside[postgres]'"
                             ) from error
        try:
            return Store(psycopg.connect(str(location)), postgres=True, location=str(location))
        except psycopg.Error as error:
            raise InputError(f"cannot open the PostgreSQL store: {error}") from error
    path = Path(location)
    if path.is_dir():
        raise InputError(f"--db {path} is a folder; name a file")
    _refuse_foreign(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(descriptor)
        os.chmod(path, 0o600)
        connection = sqlite3.connect(path, isolation_level="DEFERRED")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return Store(connection, postgres=False, location=str(path))
    except (OSError, sqlite3.DatabaseError) as error:
        raise InputError(f"cannot open the store {path}: {error}") from error


def _refuse_foreign(path: Path) -> None:
    """A file that is there and is not an SQLite database is someone's data: refuse it before touching it
    (not even its permissions change)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as error:
        raise InputError(f"cannot open the store {path}: {error}") from error
    if head and head != SQLITE_MAGIC:
        raise InputError(f"{path} is not a bedside store (not an SQLite file); left alone")


def purge(location: str | Path) -> list[str]:
    """Delete a store (the SQLite file and its journals, or the tables of a PostgreSQL store)."""
    if is_url(location):
        store = open_store(location)
        store._run("DROP TABLE IF EXISTS items")
        store._run("DROP TABLE IF EXISTS meta")
        store._run("DROP TABLE IF EXISTS guidance")
        store.connection.commit()
        store.close()
        return [str(location)]
    path = Path(location)
    if not path.is_file():
        raise InputError(f"no store at {path}")
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise InputError(f"{path} is not a bedside store (not an SQLite file); left alone")
    removed = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            candidate.unlink()
            removed.append(str(candidate))
    return removed
