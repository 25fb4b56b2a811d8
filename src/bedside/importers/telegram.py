"""Telegram Desktop export (`Export chat history` / `Export Telegram data`, machine-readable JSON):
`result.json` holding one chat (`{"name", "type", "id", "messages": [...]}`) or the whole account
(`{"personal_information": {...}, "chats": {"list": [chat, …]}}`), read chat by chat, message by message.

A message's `text` is a string or a list of strings and entity objects (`{"type": "bold", "text": …}`).
Personal, bot and saved-messages chats are private; groups and supergroups group; a public channel's
posts public. Service messages (joins, pins, calls) are skipped. Only the user's own messages are judged
by default: the user is `from_id` `user<id>` of `personal_information` (full export), else `--me`, else
the side of a personal chat that is not the chat's name (the other person); otherwise everyone is
judged, with a warning. Ids are `file#message id` (`file#chat id/message id` in a full export, where
ids repeat from chat to chat).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bedside.importers import Item, Options, epoch, importer, is_me, iso
from bedside.importers.jsonstream import first_value, iter_records
from bedside.importers.source import Member, Source
from bedside.model import Audience

_CHAT_TYPE = re.compile(rb'"type"\s*:\s*"(?:personal_chat|bot_chat|saved_messages|private_group|'
                        rb'private_supergroup|public_supergroup|private_channel|public_channel)"')
_FULL = re.compile(rb'"personal_information"\s*:|"chats"\s*:\s*\{')  # the whole account, not one chat
_AUDIENCE: dict[str, Audience] = {"personal_chat": "private", "bot_chat": "private", "saved_messages": "private",
                                  "private_group": "group", "private_supergroup": "group",
                                  "public_supergroup": "group", "private_channel": "group",
                                  "public_channel": "public"}


def _claims(member: Member) -> bool:
    if not member.kind.startswith("json-object:"):
        return False
    head = member.head
    return bool(_FULL.search(head)) or (bool(_CHAT_TYPE.search(head)) and b'"messages"' in head)


@dataclass
class _Chat:
    """What every message of one chat shares."""

    label: str  # the id prefix: the file, and the chat id in a full export
    audience: Audience
    channel: bool
    me_id: str | None  # `user123` when the export says who the user is
    other: str | None  # a personal chat's name: the person who is not the user


@importer("telegram", "Telegram export", _claims, order=28)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    for member in members:
        full = bool(_FULL.search(member.head))
        me_id = _my_id(source, member) if full else None
        with source.open(member.name) as stream:
            for fields, messages in iter_records(stream, "messages", ("chats", "list") if full else ()):
                chat = _chat(fields, member.name, full, me_id)
                if chat.me_id is None and chat.other is None and not options.me and not options.all_authors:
                    source.warn(f"{member.name}: could not tell which sender is you (use --me NAME); "
                                "judged everyone")
                yield from _messages(messages, chat, source, member.name, options)


def _my_id(source: Source, member: Member) -> str | None:
    if b'"personal_information"' not in member.head:  # read only when it is at the top, as Telegram writes it
        return None
    with source.open(member.name) as stream:
        info = first_value(stream, "personal_information")
    user = info.get("user_id") if isinstance(info, dict) else None
    return f"user{user}" if user is not None else None


def _chat(fields: dict[str, Any], member: str, full: bool, me_id: str | None) -> _Chat:
    kind = str(fields.get("type") or "")
    name = str(fields.get("name") or "") or None
    return _Chat(label=f"{member}#{fields.get('id')}/" if full else f"{member}#",
                 audience=_AUDIENCE.get(kind, "group"), channel=kind.endswith("_channel"), me_id=me_id,
                 other=name if kind == "personal_chat" else None)


def _messages(messages: Iterator[Any], chat: _Chat, source: Source, member: str,
              options: Options) -> Iterator[Item]:
    folder = member.rsplit("/", 1)[0] + "/" if "/" in member else ""
    for message in messages:
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        author = str(message.get("from") or "") or None
        own = _own(message, author, chat, options)
        if not own and not options.all_authors:
            continue
        text = _text(message.get("text"))
        photo = folder + str(message.get("photo") or "")
        images = [photo] if photo in source.images else []
        if not text and not images:
            continue
        yield Item(id=f"{chat.label}{message.get('id')}", platform="telegram", text=text,
                   date=iso(message.get("date")) or epoch(message.get("date_unixtime")), audience=chat.audience,
                   kind="post" if chat.channel else "message", author=author, own=own, images=images,
                   member=member)


def _own(message: dict[str, Any], author: str | None, chat: _Chat, options: Options) -> bool:
    """Whether the user wrote it; True for everyone when nothing tells (then everyone is judged)."""
    if chat.me_id is not None:
        return str(message.get("from_id") or "") == chat.me_id
    named = is_me(author, options)
    if named is not None:
        return named
    if chat.other is not None:
        return author != chat.other
    return True


def _text(value: Any) -> str:
    """A message's text: a string, or a list of strings and entity objects each with its `text`."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text") or "") if isinstance(part, dict)
                       else "" for part in value).strip()
    return ""
