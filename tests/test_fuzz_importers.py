"""Property-based fuzzing of every importer and the archive layer: whatever the bytes, an import ends with
items of the declared types (that the store accepts) and warnings, never an uncaught exception.

The normal suite runs a short pass (FUZZ_EXAMPLES examples per test). For a long run:
    BEDSIDE_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q tests/test_fuzz_importers.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedside.audit.store import Store
from bedside.importers import Item, Options, iter_items, plan
from bedside.importers.jsonstream import Truncated, first_value, iter_array
from bedside.importers.sniff import kind_of
from bedside.importers.source import Member
from bedside.model import AUDIENCES, KINDS, InputError
from importer_helpers import make_car

FUZZ_EXAMPLES = int(os.environ.get("BEDSIDE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

scalars = (st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
           | st.sampled_from([10**400, -(10**400), 1e308, 2**63, -1, 0]) | st.floats()
           | st.text(max_size=30) | st.sampled_from(["", "Wed Mar 22 07:41:49 +0000 2017", "2024-01-02T10:00:00Z",
                                                    "Wed Mar 22 07:41:49 +9999 99999999999999999999",
                                                    "Thu Feb 30 25:61:61 -0000 0", "1700000000", "NaN",
                                                    "https://x.com/a/status/1", "javascript:alert(1)"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)


def records(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the keys an importer looks for (and others), holding any JSON value."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), values, max_size=len(keys) + 2)


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """The seed with a few bytes changed, a piece inserted, and maybe cut short."""
    @st.composite
    def build(draw: Callable[..., Any]) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(0, 6))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(max_size=20) | st.sampled_from([b"[" * 3000, b"\x00" * 10, b"\xff\xfe",
                                                                          b'"', b"\r\n", b" " * 5000]))
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        return bytes(data)
    return build()


def check_import(files: dict[str, bytes], *, zipped: bool = False, strict: bool = True, **options: Any) -> list[Item]:
    """Import the files (a folder, or a zip of them): every item well typed and storable, no exception.
    `strict` (well-formed files, odd values): no importer gave up on a file ("stopped early") either."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "export"
        if zipped:
            root = Path(folder) / "export.zip"
            with zipfile.ZipFile(root, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in files.items():
                    archive.writestr(name, data)
        else:
            for name, data in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
        return import_path(root, strict=strict, **options)


def import_path(path: Path, *, strict: bool = False, **options: Any) -> list[Item]:
    try:
        found = plan(path)
    except InputError:
        return []
    try:
        items = list(iter_items(found, Options(**options)))
    except InputError:
        return []
    finally:
        found.source.close()
    if strict:
        assert not [w for w in found.source.warnings if "stopped early" in w], found.source.warnings
    for item in items:
        assert_well_typed(item)
    store = Store(sqlite3.connect(":memory:"), postgres=False, location=":memory:")
    try:
        store.add(enumerate(items))
    finally:
        store.close()
    return items


def assert_well_typed(item: Item) -> None:
    assert isinstance(item.id, str) and isinstance(item.platform, str) and isinstance(item.text, str)
    assert item.date is None or isinstance(item.date, datetime)
    assert item.audience in AUDIENCES and item.kind in KINDS
    for value in (item.author, item.reply_to, item.in_reply_to, item.parent, item.url):
        assert value is None or isinstance(value, str)
    assert all(isinstance(name, str) for name in item.images) and isinstance(item.member, str)


def js(kind: str, elements: list[Any]) -> bytes:
    return f"window.YTD.{kind}.part0 = {json.dumps(elements)}".encode()


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


TWEET_KEYS = ["id_str", "id", "full_text", "text", "created_at", "entities", "in_reply_to_status_id_str",
              "in_reply_to_screen_name", "in_reply_to_status_id"]


@FUZZ
@given(tweets=st.lists(records(TWEET_KEYS), max_size=4), entities=st.lists(records(["urls", "media"]), max_size=2),
       account=records(["username", "accountId"]), notes=st.lists(records(["noteTweetId", "core", "createdAt"]),
                                                                  max_size=2),
       messages=st.lists(records(["id", "senderId", "text", "createdAt", "urls"]), max_size=3))
def test_x_archive(tweets: list[dict[str, Any]], entities: list[dict[str, Any]], account: dict[str, Any],
                   notes: list[dict[str, Any]], messages: list[dict[str, Any]]) -> None:
    for tweet, extra in zip(tweets, entities, strict=False):
        tweet["entities"] = extra
    check_import({"data/tweets.js": js("tweets", [{"tweet": t} for t in tweets] + tweets[:1]),
                  "data/account.js": js("account", [{"account": account}]),
                  "data/note-tweet.js": js("note_tweet", [{"noteTweet": n} for n in notes]),
                  "data/direct-messages.js": js("direct_messages", [
                      {"dmConversation": {"messages": [{"messageCreate": m} for m in messages]}}])})


@FUZZ
@given(posts=st.lists(records(["timestamp", "data", "attachments", "group"]), max_size=4),
       messages=st.lists(records(["sender_name", "content", "timestamp_ms", "photos"]), max_size=4),
       people=st.lists(records(["name"]), max_size=3), comments=st.lists(records(["data", "timestamp", "title"]),
                                                                         max_size=3))
def test_facebook_and_instagram(posts: list[dict[str, Any]], messages: list[dict[str, Any]],
                                people: list[dict[str, Any]], comments: list[dict[str, Any]]) -> None:
    posts = [{"timestamp": 1, **p} for p in posts]
    check_import(strict=False, files={
        "your_activity/posts/your_posts_1.json": json.dumps(posts).encode(),
        "messages/inbox/a/message_1.json": json.dumps({"participants": people, "messages": messages}).encode(),
        "comments/comments.json": json.dumps({"comments_v2": comments}).encode(),
        "profile/profile_information.json": json.dumps({"profile_v2": {"name": {"full_name": "Me"}}}).encode(),
    })  # not strict: a value of an unexpected type stops its file only (guarded), with a warning


@FUZZ
@given(activities=st.lists(records(["type", "object", "published", "id", "to", "cc", "actor"]), max_size=4),
       notes=st.lists(records(["content", "summary", "id", "url", "inReplyTo", "attachment", "to", "published"]),
                      max_size=4))
def test_mastodon(activities: list[dict[str, Any]], notes: list[dict[str, Any]]) -> None:
    for activity, note in zip(activities, notes, strict=False):
        activity["type"], activity["object"] = "Create", {"type": "Note", **note}
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
              "orderedItems": activities}
    check_import({"outbox.json": json.dumps(outbox).encode()})


TELEGRAM_MESSAGE_KEYS = ["id", "type", "date", "date_unixtime", "from", "from_id", "text", "text_entities",
                         "reply_to_message_id", "photo", "forwarded_from"]
TELEGRAM_CHAT_TYPES = ["personal_chat", "private_group", "public_supergroup", "public_channel", "saved_messages"]


@FUZZ
@given(messages=st.lists(records(TELEGRAM_MESSAGE_KEYS), max_size=5), chat=records(["name", "id"]),
       chat_type=st.sampled_from(TELEGRAM_CHAT_TYPES), full=st.booleans(), me=records(["user_id", "first_name"]))
def test_telegram(messages: list[dict[str, Any]], chat: dict[str, Any], chat_type: str, full: bool,
                  me: dict[str, Any]) -> None:
    one = {**chat, "type": chat_type, "messages": messages}
    export = {"personal_information": me, "chats": {"list": [one]}} if full else one
    check_import({"result.json": json.dumps(export).encode()})


line_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
WHATSAPP_HEADERS = ["15.04.2016, 15:05 - ", "[15/01/2020, 02:22:56] ", "1/2/23, 10:15 PM - ", "99/99/9999, 99:99 - ",
                    "0.0.0, 0:00 - ", "\u200e[1/1/1, 1:01:01] ", "13.6.2018 klo 21.25.15 - ", ""]


@FUZZ
@given(lines=st.lists(st.tuples(st.sampled_from(WHATSAPP_HEADERS),
                               st.sampled_from(["Jane: ", "Sam Nurse: ", "", "A: <attached: x.jpg>", "B: "]),
                               line_text), max_size=8),
       all_authors=st.booleans())
def test_whatsapp(lines: list[tuple[str, str, str]], all_authors: bool) -> None:
    text = "15.04.2016, 15:04 - Jane: hello\n" + "\n".join("".join(parts) for parts in lines)
    check_import({"WhatsApp Chat with Sam Nurse.txt": text.encode()}, all_authors=all_authors)


cells = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)


@FUZZ
@given(shares=st.lists(st.lists(cells, max_size=5), max_size=4), messages=st.lists(st.lists(cells, max_size=7),
                                                                                   max_size=4))
def test_linkedin(shares: list[list[str]], messages: list[list[str]]) -> None:
    check_import({
        "Shares.csv": csv_bytes(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "Visibility"], shares),
        "messages.csv": csv_bytes(["CONVERSATION ID", "FROM", "TO", "DATE", "SUBJECT", "CONTENT", "FOLDER"],
                                  messages),
        "Comments.csv": csv_bytes(["Date", "Link", "Message"], shares),
        "Profile.csv": csv_bytes(["First Name", "Last Name", "Headline"], [["Jane", "Smith", "Dr"]]),
    })


@FUZZ
@given(rows=st.lists(st.lists(cells, max_size=7), max_size=4))
def test_reddit(rows: list[list[str]]) -> None:
    check_import({
        "posts.csv": csv_bytes(["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"],
                               rows),
        "comments.csv": csv_bytes(["id", "permalink", "date", "ip", "subreddit", "gildings", "link", "parent",
                                   "body"], rows),
        "messages.csv": csv_bytes(["id", "permalink", "thread_id", "date", "ip", "from", "to", "subject", "body"],
                                  rows),
        "statistics.csv": csv_bytes(["statistic", "value"], rows),
    })


@FUZZ
@given(posts=st.dictionaries(st.text("abc123", min_size=1, max_size=6),
                             records(["$type", "text", "createdAt", "reply", "embed"]), max_size=4),
       cut=st.integers(0, 40), data=st.data())
def test_bluesky(posts: dict[str, dict[str, Any]], cut: int, data: st.DataObject) -> None:
    posts = {rkey: {"$type": "app.bsky.feed.post", **{k: v for k, v in record.items() if k != "$type"}}
             for rkey, record in posts.items()}
    with tempfile.TemporaryDirectory() as folder:
        try:
            car = make_car(Path(folder) / "repo.car", "did:plc:abc", posts, cut=cut)
        except (TypeError, ValueError):  # the test encoder does not take floats: no such repository
            return
        car.write_bytes(data.draw(mutated(car.read_bytes())))
        import_path(car)


@FUZZ
@given(lines=st.lists(records(["text", "id", "date", "timestamp", "url", "reply_to", "audience", "kind", "author",
                               "platform", "created_at"]), max_size=5),
       raw=st.lists(st.binary(max_size=30), max_size=3), options=st.fixed_dictionaries({"all_authors": st.booleans()}))
def test_generic_json_lines_list_and_object(lines: list[dict[str, Any]], raw: list[bytes],
                                            options: dict[str, Any]) -> None:
    body = b"\n".join([json.dumps(line).encode() for line in lines] + raw)
    check_import({"posts.jsonl": b'{"text": "first"}\n' + body,
                  "list.json": json.dumps(lines).encode(),
                  "one.json": json.dumps(lines[0] if lines else {"text": 1}).encode()}, **options)


@FUZZ
@given(rows=st.lists(st.lists(cells, max_size=5), max_size=5), text=st.binary(max_size=300))
def test_generic_csv_and_text(rows: list[list[str]], text: bytes) -> None:
    check_import({"posts.csv": csv_bytes(["text", "date", "id", "url", "author"], rows), "notes.txt": text})


SEED_ZIP_FILES = {
    "data/tweets.js": js("tweets", [{"tweet": {"id_str": "1", "full_text": "Saw Mrs Smith today",
                                               "created_at": "Wed Mar 22 07:41:49 +0000 2017"}}]),
    "data/account.js": js("account", [{"account": {"username": "drtest"}}]),
    "posts.jsonl": b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "also fine"}\n',
    "chat.txt": b"15.04.2016, 15:05 - Jane: hello\n15.04.2016, 15:06 - Sam: hi\n",
    "Shares.csv": csv_bytes(["Date", "ShareLink", "ShareCommentary"], [["2020-01-01", "https://l/1", "hello"]]),
}


def _seed_zip(stored: bool) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        for name, data in SEED_ZIP_FILES.items():
            archive.writestr(name, data)
    return out.getvalue()


def _header_positions(data: bytes) -> list[int]:
    """Byte positions inside zip headers (signatures, methods, flags, sizes): where damage hurts most."""
    positions = []
    for signature in (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"):
        at = data.find(signature)
        while at >= 0:
            positions += range(at, min(at + 46, len(data)))
            at = data.find(signature, at + 1)
    return positions


@st.composite
def damaged_zips(draw: Callable[..., Any]) -> bytes:
    data = bytearray(_seed_zip(draw(st.booleans())))
    targets = _header_positions(bytes(data))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.sampled_from(targets) | st.integers(0, len(data) - 1))
        data[at] = draw(st.sampled_from([0, 1, 8, 9, 12, 14, 99, 0x80, 0xFF]) | st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@FUZZ
@given(archive=damaged_zips())
def test_damaged_zips(archive: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(archive)
        import_path(path)


@FUZZ
@given(files=st.dictionaries(st.sampled_from(sorted(SEED_ZIP_FILES)), st.just(b""), min_size=1), data=st.data())
def test_mutated_members_in_a_good_zip(files: dict[str, bytes], data: st.DataObject) -> None:
    chosen = {name: data.draw(mutated(SEED_ZIP_FILES[name])) for name in files}
    check_import(chosen, zipped=True, strict=False)


@FUZZ
@given(head=st.binary(max_size=200) | mutated(b'window.YTD.tweets.part0 = [{"a": 1}]'))
def test_sniff_any_bytes(head: bytes) -> None:
    assert isinstance(kind_of(Member("x", len(head), head)), str)


@FUZZ
@given(raw=mutated(b'{"k": 1, "orderedItems": [{"a": [1, {"b": "c"}]}, 2, "three"], "participants": [1]}'),
       key=st.sampled_from([None, "orderedItems", "participants", "missing"]))
def test_jsonstream_any_bytes(raw: bytes, key: str | None) -> None:
    try:
        list(iter_array(io.BytesIO(raw), key))
        first_value(io.BytesIO(raw), key or "k")
    except Truncated:
        pass  # the documented way a stream says it was cut or broken
