"""X (Twitter) archive: `tweets.js` (2022 on) or `tweet.js` (before), multi-part files, deleted tweets,
long posts (`note-tweet.js`), community posts (`community-tweet.js`), media files in `tweets_media/`
(named `<tweet id>-<file>`), and direct messages (`direct-messages.js`: private; `direct-messages-group.js`:
group). In messages only the user's own are judged by default: the user is the `accountId` in `account.js`.

Each file is `window.YTD.<type>.partN = [ {"tweet": {...}}, ... ]`; numbers are strings, `full_text`
holds HTML entities and t.co links (expanded here from `entities.urls`).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from bedside.importers import Item, Options, importer, iso, safely
from bedside.importers.jsonstream import iter_array
from bedside.importers.source import Member, Source

_TWEETS = {"x:tweets", "x:tweet", "x:deleted_tweets", "x:deleted_tweet", "x:note_tweet", "x:community_tweet"}
_MESSAGES = {"x:direct_messages": "private", "x:direct_messages_group": "group"}


def _claims(member: Member) -> bool:
    return member.kind in _TWEETS or member.kind in _MESSAGES or member.kind == "x:account"


@importer("x", "X archive", _claims, order=10)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    username, account_id = _account(source, [m for m in members if m.kind == "x:account"])
    media = _media_by_tweet(source)
    for member in members:
        if member.kind in _MESSAGES:
            yield from _direct_messages(source, member, account_id, options, media)
            continue
        if member.kind == "x:account":
            continue
        deleted = "deleted" in member.kind
        with source.open(member.name) as stream:
            for index, element in enumerate(iter_array(stream)):
                if not isinstance(element, dict):
                    continue
                where = f"{member.name} element {index}"
                if "noteTweet" in element:
                    item = safely(source, where, _note, element["noteTweet"], username, member.name)
                else:
                    item = safely(source, where, _tweet, element.get("tweet", element), username, member.name,
                                  deleted)
                if item is not None:
                    item.images = media.get(item.id, [])
                    yield item


def _tweet(tweet: dict[str, Any], username: str | None, member: str, deleted: bool) -> Item | None:
    tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
    if not tweet_id:
        return None
    text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
    entities = tweet.get("entities") or {}
    for link in entities.get("urls") or []:
        if link.get("url") and link.get("expanded_url"):
            text = text.replace(link["url"], link["expanded_url"])
    for medium in entities.get("media") or []:
        if medium.get("url"):
            text = text.replace(medium["url"], "").rstrip()
    reply_id = tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
    reply_name = tweet.get("in_reply_to_screen_name")
    in_reply_to = None
    if reply_id:
        in_reply_to = f"https://x.com/{reply_name or 'i/web'}/status/{reply_id}"
    elif reply_name:
        in_reply_to = f"@{reply_name}"
    return Item(
        id=tweet_id, platform="x", text=text, date=_date(tweet.get("created_at")),
        audience="public", kind="reply" if reply_id or reply_name else "post", author=username,
        in_reply_to=in_reply_to, parent=str(reply_id) if reply_id else None, url=_url(username, tweet_id),
        member=member + (" (deleted)" if deleted else ""),
    )


def _note(note: dict[str, Any], username: str | None, member: str) -> Item | None:
    note_id = str(note.get("noteTweetId") or "")
    text = str((note.get("core") or {}).get("text") or "")
    if not note_id or not text:
        return None
    return Item(id=note_id, platform="x", text=html.unescape(text), date=iso(note.get("createdAt")),
                author=username, url=_url(username, note_id), member=member)


_MONTHS = {m: n for n, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), start=1)}


def _date(value: object) -> datetime | None:
    """`Thu Feb 11 11:49:33 +0000 2021`, parsed by hand: strptime was most of an import's time."""
    if not isinstance(value, str):
        return None
    parts = value.split()
    try:
        _, month, day, clock, offset, year = parts
        hour, minute, second = clock.split(":")
        sign = -1 if offset[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except (ValueError, KeyError, IndexError, OverflowError):  # a year of 30 digits: no date, not a crash
        return iso(value)


def _url(username: str | None, tweet_id: str) -> str:
    return f"https://x.com/{username or 'i/web'}/status/{tweet_id}"


def _account(source: Source, accounts: list[Member]) -> tuple[str | None, str | None]:
    """The user's handle and numeric account id, from `account.js`."""
    for member in accounts:
        with source.open(member.name) as stream:
            for element in iter_array(stream):
                account = element.get("account", {}) if isinstance(element, dict) else {}
                if account.get("username") or account.get("accountId"):
                    return (str(account["username"]) if account.get("username") else None,
                            str(account["accountId"]) if account.get("accountId") else None)
    return None, None


def _direct_messages(source: Source, member: Member, account_id: str | None, options: Options,
                     media: dict[str, list[str]]) -> Iterator[Item]:
    """`[{"dmConversation": {"conversationId", "messages": [{"messageCreate": {...}}, …]}}]`, own only."""
    if account_id is None and not options.all_authors:
        source.warn(f"{member.name}: no account id in account.js to tell which messages are yours; "
                    "judged everyone")
    with source.open(member.name) as stream:
        for element in iter_array(stream):
            conversation = element.get("dmConversation") if isinstance(element, dict) else None
            for entry in conversation.get("messages") or [] if isinstance(conversation, dict) else []:
                message = entry.get("messageCreate") if isinstance(entry, dict) else None
                if not isinstance(message, dict) or not message.get("id"):
                    continue  # joins, leaves, renames: no text of anyone's
                sender = str(message.get("senderId") or "")
                own = account_id is None or sender == account_id
                if own or options.all_authors:
                    yield from _message(message, sender, own, _MESSAGES[member.kind], media, member.name)


def _message(message: dict[str, Any], sender: str, own: bool, audience: Any, media: dict[str, list[str]],
             member: str) -> Iterator[Item]:
    message_id = str(message["id"])
    text = _expand(html.unescape(str(message.get("text") or "")), message.get("urls"))
    images = media.get(message_id, [])
    if text or images:
        yield Item(id=message_id, platform="x", text=text, date=iso(message.get("createdAt")), audience=audience,
                   kind="message", author=sender or None, own=own, images=images, member=member)


def _expand(text: str, links: object) -> str:
    """t.co links replaced by where they lead (`urls: [{"url", "expanded"}]` in messages)."""
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("url") and (link.get("expanded") or link.get("expanded_url")):
            text = text.replace(str(link["url"]), str(link.get("expanded") or link.get("expanded_url")))
    return text


def _media_by_tweet(source: Source) -> dict[str, list[str]]:
    """Images whose file name starts with a tweet id (`tweets_media/<id>-<name>.jpg`)."""
    found: dict[str, list[str]] = defaultdict(list)
    for name in source.images:
        base = name.rsplit("/", 1)[-1]
        prefix = base.split("-", 1)[0]
        if prefix.isdigit() and "-" in base:
            found[prefix].append(name)
    return found


