"""Mastodon archive ("Request your archive"): `outbox.json`, an ActivityStreams OrderedCollection of
`Create` activities whose `object` is a Note (HTML `content`, content warning in `summary`), with
`media_attachments/files/…` beside it. Boosts (`Announce`) carry no text of the user's and are skipped.

Audience from the addressing: Public in `to` or `cc` (public, unlisted) → public; the followers
collection only → followers; neither (a direct message) → private.

Mastodon 4.2-4.3 write `orderedItems` twice, the first empty: every occurrence is read. An outbox saved
from the API as a bare JSON array of activities is read too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bedside.importers import Item, Options, html_to_text, importer, iso, safely
from bedside.importers.jsonstream import iter_array
from bedside.importers.source import Member, Source

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_OBJECTS = {"Note", "Question", "Article", "Page"}
_CREATE = re.compile(rb'"type"\s*:\s*"Create"')


def _claims(member: Member) -> bool:
    if member.kind.startswith("json-array:"):  # a bare list of activities
        return bool(_CREATE.search(member.head)) and b'"object"' in member.head
    return member.kind.startswith("json-object:") and b'"OrderedCollection"' in member.head and (
        b"orderedItems" in member.head or b"activitystreams" in member.head)


@importer("mastodon", "Mastodon archive", _claims, order=15)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    for member in members:
        with source.open(member.name) as stream:
            key = None if member.kind.startswith("json-array:") else "orderedItems"
            for index, activity in enumerate(iter_array(stream, key)):
                item = safely(source, f"{member.name} item {index}", _item, activity, source, member.name)
                if item is not None:
                    yield item


def _item(activity: Any, source: Source, member: str) -> Item | None:
    if not isinstance(activity, dict) or activity.get("type") != "Create":
        return None
    note = activity.get("object")
    if not isinstance(note, dict) or note.get("type") not in _OBJECTS:
        return None
    text = html_to_text(str(note.get("content") or ""))
    if note.get("summary"):
        text = f"{note['summary']}\n\n{text}"
    object_id = str(note.get("id") or activity.get("id") or "")
    images = []
    for attachment in note.get("attachment") or []:
        url = str(attachment.get("url") or "") if isinstance(attachment, dict) else ""
        path = url.split("://", 1)[-1].lstrip("/")
        found = next((name for name in source.images if path and (name.endswith(path) or path.endswith(name))),
                     None)
        if found:
            images.append(found)
    reply = note.get("inReplyTo")
    return Item(
        id=object_id.rstrip("/").rsplit("/", 1)[-1] or object_id, platform="mastodon", text=text,
        date=iso(note.get("published") or activity.get("published")), audience=_audience(note),
        kind="reply" if reply else "post",
        author=str(note.get("attributedTo") or activity.get("actor") or "") or None,
        in_reply_to=str(reply) if reply else None, parent=str(reply).rstrip("/").rsplit("/", 1)[-1] if reply else None,
        url=str(note.get("url") or object_id) or None,
        images=images, member=member,
    )


def _audience(note: dict[str, Any]) -> Any:
    to = note.get("to") or []
    cc = note.get("cc") or []
    if PUBLIC in to or PUBLIC in cc or "Public" in to or "as:Public" in to:
        return "public"
    if any(str(x).endswith("/followers") for x in to):
        return "followers"
    return "private"
