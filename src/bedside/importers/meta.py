"""Facebook and Instagram "Download your information" (JSON): posts, group posts, comments, messages.

Meta writes UTF-8 bytes as Latin-1 code points ("fÃ¸r" for "før"); every string is repaired. Posts carry
no id or link in the export, so an item's id is its file and position (stable across runs, for
`--resume`). Facebook posts go to friends (followers), group posts to a group, messages are private (or
group with more than two people). In messages only the user's own are judged by default; the user is
`--me`, the profile name in `profile_information.json`, or the one person present in every thread.
A thread without a `participants` list (some Instagram exports) takes its senders as its people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from bedside.importers import Item, Options, epoch, fix_mojibake, guarded, importer, is_me
from bedside.importers.jsonstream import first_value, iter_array
from bedside.importers.source import Member, Source

_POST_KEYS = {"json-array:timestamp", "json-array:attachments", "json-array:data"}
_LISTS = {"group_posts_v2", "group_posts", "comments_v2", "comments", "group_comments_v2",
          "comments_media_comments", "comments_reels_comments"}
_IG_COMMENTS = {"json-array:media_list_data", "json-array:string_map_data", "json-array:string_list_data"}


def _kind(member: Member) -> str | None:
    kind = member.kind
    key = kind.split(":", 1)[-1]
    if kind in _POST_KEYS and b'"timestamp"' in member.head:
        return "posts"
    if kind in ("json-array:media", "json-array:uri") and b'"creation_timestamp"' in member.head:
        return "ig-posts"
    if (kind.startswith("json-object:") and key in _LISTS) or (kind == "json-array:" + key and key in _LISTS):
        return key
    if kind in _IG_COMMENTS:
        return "ig-comments"
    if (kind == "json-object:participants" and b'"messages"' in member.head) or (
            kind == "json-object:participants" and b'"name"' in member.head):
        return "messages"
    if kind.startswith("json-object:") and b'"messages"' in member.head and b'"sender_name"' in member.head:
        return "messages"  # an Instagram thread without `participants`
    if kind == "json-object:profile_v2":
        return "profile"
    return None


def _claims(member: Member) -> bool:
    return _kind(member) is not None


@importer("meta", "Facebook / Instagram export", _claims, order=30)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    kinds = {m.name: _kind(m) for m in members}
    me = _whoami(source, [m for m in members if kinds[m.name] in ("profile", "messages")], options)
    for member in members:
        kind = kinds[member.name]
        platform = "instagram" if kind in ("ig-posts", "ig-comments", "comments_media_comments",
                                            "comments_reels_comments") or "instagram" in member.name else "facebook"
        with source.open(member.name) as stream:
            if kind == "posts":
                elements = iter_array(stream)
                yield from guarded(source, member.name, _posts(elements, source, member.name, platform, "followers"))
            elif kind in ("group_posts_v2", "group_posts"):
                yield from guarded(source, member.name,
                                   _posts(iter_array(stream, kind), source, member.name, platform, "group"))
            elif kind == "ig-posts":
                yield from guarded(source, member.name, _ig_posts(iter_array(stream), source, member.name))
            elif kind == "ig-comments":
                yield from guarded(source, member.name, _ig_comments(iter_array(stream), member.name))
            elif kind in ("comments_media_comments", "comments_reels_comments"):
                yield from guarded(source, member.name, _ig_comments(iter_array(stream, kind), member.name))
            elif kind == "messages":
                yield from guarded(source, member.name, _messages(source, member, platform, me, options))
            elif kind in _LISTS:
                yield from guarded(source, member.name,
                                   _comments(_listed(source, member, kind), member.name, platform))


def _listed(source: Source, member: Member, key: str) -> Iterator[Any]:
    """The entries under `key`, whether the file is `{key: [...]}` or `[{key: [...]}, {other: [...]}]`."""
    with source.open(member.name) as stream:
        if member.kind.startswith("json-object:"):
            yield from iter_array(stream, key)
            return
        for block in iter_array(stream):
            if isinstance(block, dict):
                for name, entries in block.items():
                    if name in _LISTS and isinstance(entries, list):
                        yield from entries


def _posts(elements: Iterator[Any], source: Source, member: str, platform: str, audience: str) -> Iterator[Item]:
    for index, post in enumerate(elements):
        if not isinstance(post, dict):
            continue
        texts = [fix_mojibake(str(d["post"])) for d in post.get("data") or [] if isinstance(d, dict) and d.get("post")]
        images: list[str] = []
        link = None
        for attachment in post.get("attachments") or []:
            for data in attachment.get("data") or [] if isinstance(attachment, dict) else []:
                media = data.get("media") if isinstance(data, dict) else None
                if isinstance(media, dict):
                    caption = fix_mojibake(str(media.get("description") or ""))
                    if caption and caption not in texts:
                        texts.append(caption)
                    if media.get("uri") in source.images:
                        images.append(str(media["uri"]))
                context = data.get("external_context") if isinstance(data, dict) else None
                if isinstance(context, dict) and context.get("url"):
                    link = str(context["url"])
        if not texts and not images:
            continue
        group = post.get("group") or next((d.get("group") for d in post.get("data") or [] if isinstance(d, dict)
                                           and d.get("group")), None)
        yield Item(id=f"{member}#{index}", platform=platform, text="\n\n".join(texts),
                   date=epoch(post.get("timestamp")), audience=audience if not group else "group",  # type: ignore[arg-type]
                   in_reply_to=link, images=images, member=member)


def _comments(entries: Iterator[Any], member: str, platform: str) -> Iterator[Item]:
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        for part, data in enumerate(entry.get("data") or []):
            comment = data.get("comment") if isinstance(data, dict) else None
            if not isinstance(comment, dict) or not comment.get("comment"):
                continue
            yield Item(id=f"{member}#{index}" + (f".{part}" if part else ""), platform=platform,
                       text=fix_mojibake(str(comment["comment"])),
                       date=epoch(comment.get("timestamp") or entry.get("timestamp")),
                       audience="group" if comment.get("group") else "followers", kind="reply",
                       author=fix_mojibake(str(comment.get("author") or "")) or None,
                       in_reply_to=fix_mojibake(str(entry.get("title") or "")) or None, member=member)


def _ig_posts(elements: Iterator[Any], source: Source, member: str) -> Iterator[Item]:
    for index, post in enumerate(elements):
        if not isinstance(post, dict):
            continue
        media = [m for m in post.get("media") or [post] if isinstance(m, dict)]
        caption = fix_mojibake(str(post.get("title") or next((m.get("title") for m in media if m.get("title")), "")))
        images = [str(m["uri"]) for m in media if m.get("uri") in source.images]
        if not caption and not images:
            continue
        when = post.get("creation_timestamp") or next((m.get("creation_timestamp") for m in media), None)
        yield Item(id=f"{member}#{index}", platform="instagram", text=caption, date=epoch(when),
                   audience="public", images=images, member=member)


def _ig_comments(entries: Iterator[Any], member: str) -> Iterator[Item]:
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        mapped = entry.get("string_map_data") or {}
        listed = entry.get("string_list_data") or [{}]
        first = listed[0] if isinstance(listed, list) and listed and isinstance(listed[0], dict) else {}
        text = (mapped.get("Comment") or {}).get("value") or first.get("value")
        when = (mapped.get("Time") or {}).get("timestamp") or first.get("timestamp")
        owner = (mapped.get("Media Owner") or {}).get("value") or entry.get("title")
        if text:
            yield Item(id=f"{member}#{index}", platform="instagram", text=fix_mojibake(str(text)),
                       date=epoch(when), audience="public", kind="reply",
                       in_reply_to=f"@{fix_mojibake(str(owner))}" if owner else None, member=member)


def _messages(source: Source, member: Member, platform: str, me: str | None, options: Options) -> Iterator[Item]:
    audience = "group" if len(_people(source, member)) > 2 else "private"
    if me is None and not options.all_authors:
        source.warn(f"{member.name}: could not tell which participant is you (use --me NAME); judged everyone")
    with source.open(member.name) as stream:
        for index, message in enumerate(iter_array(stream, "messages")):
            if not isinstance(message, dict):
                continue
            sender = fix_mojibake(str(message.get("sender_name") or ""))
            own = me is None or sender == me
            if not own and not options.all_authors:
                continue
            text = fix_mojibake(str(message.get("content") or ""))
            images = [str(p["uri"]) for p in message.get("photos") or []
                      if isinstance(p, dict) and p.get("uri") in source.images]
            if not text and not images:
                continue
            yield Item(id=f"{member.name}#{index}", platform=platform, text=text,
                       date=epoch(message.get("timestamp_ms") or message.get("timestamp")),
                       audience=audience, kind="message", author=sender or None, own=own,  # type: ignore[arg-type]
                       images=images, member=member.name)


def _whoami(source: Source, members: list[Member], options: Options) -> str | None:
    """The user's name: named by them, written in the profile file, or present in every thread."""
    threads = Counter[str]()
    count = 0
    for member in members:
        if member.kind == "json-object:profile_v2":
            with source.open(member.name) as stream:
                profile = first_value(stream, "profile_v2") or {}
            name = ((profile.get("name") or {}).get("full_name")) if isinstance(profile, dict) else None
            if name:
                return fix_mojibake(str(name))
            continue
        count += 1
        for name in _people(source, member):
            if is_me(name, options):
                return name
            threads[name] += 1
    if options.me or count < 2:
        return None
    common = [name for name, seen in threads.items() if seen == count]
    return common[0] if len(common) == 1 else None


def _people(source: Source, member: Member) -> set[str]:
    """The thread's participants; for a thread without that list, the people who wrote in it."""
    if b'"participants"' in member.head:  # read only when it is at the top, as Meta writes it
        with source.open(member.name) as stream:
            people = first_value(stream, "participants") or []
        return {fix_mojibake(str(p.get("name"))) for p in people if isinstance(p, dict) and p.get("name")}
    with source.open(member.name) as stream:
        return {fix_mojibake(str(m["sender_name"])) for m in iter_array(stream, "messages")
                if isinstance(m, dict) and m.get("sender_name")}
