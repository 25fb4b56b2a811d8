"""Reddit data request (GDPR) CSVs: `posts.csv`, `comments.csv`, `messages.csv` / `messages_archive.csv`,
`chat_history.csv`, recognised by their columns. Posts and comments are public; messages and chats are
private, and only the user's own are judged by default (the user: `--me`, else the `account name` in
`statistics.csv`, else the party present in most messages). A body Reddit replaced by `[deleted]` or
`[removed]` is not the user's text: such entries are skipped and counted in a warning (a post keeps its
title).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bedside.importers import Item, Options, importer, is_me, iso
from bedside.importers.source import Member, Source
from bedside.importers.tabular import role_by_header, rows

POSTS = {"id", "permalink", "date", "subreddit", "title", "body"}
COMMENTS = {"id", "permalink", "date", "subreddit", "body", "parent"}
MESSAGES = {"id", "permalink", "date", "from", "to", "body"}
CHATS = {"message_id", "created_at", "username", "message"}
STATISTICS = {"statistic", "value"}
GONE = {"[deleted]", "[removed]"}


ROLES = (("posts", POSTS), ("comments", COMMENTS), ("messages", MESSAGES), ("chats", CHATS),
          ("statistics", STATISTICS))


def _role(member: Member) -> str | None:
    return role_by_header(member.kind, ROLES)


def _claims(member: Member) -> bool:
    return _role(member) is not None


@importer("reddit", "Reddit data request", _claims, order=25)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    roles = {m.name: _role(m) for m in members}
    me = _whoami(source, members, roles, options)
    for member in members:
        role = roles[member.name]
        gone = 0
        for number, row in rows(source, member.name) if role != "statistics" else ():
            if _gone(role, row):
                gone += 1
                continue
            yield from _item(role, row, member.name, number, me, options)
        if gone:
            source.warn(f"{member.name}: skipped {gone:,} deleted or removed "
                        f"{'entry' if gone == 1 else 'entries'} ([deleted] / [removed])")
        if role in ("messages", "chats") and me is None and not options.all_authors:
            source.warn(f"{member.name}: could not tell which sender is you (use --me NAME); judged everyone")


def _body(row: dict[str, str]) -> str:
    """The body, or '' where Reddit left only its placeholder for deleted or removed text."""
    body = row.get("body") or row.get("message") or ""
    return "" if body.strip() in GONE else body


def _gone(role: str | None, row: dict[str, str]) -> bool:
    """Nothing of the user's is left: only a placeholder body (and, for a post, no title)."""
    body = (row.get("body") or row.get("message") or "").strip()
    title = row.get("title", "").strip() if role == "posts" else ""
    return body in GONE and (not title or title in GONE)


def _item(role: str | None, row: dict[str, str], member: str, number: int, me: str | None,
          options: Options) -> Iterator[Item]:
    link = row.get("permalink") or None
    if role == "posts":
        text = "\n\n".join(x for x in (row.get("title", ""), _body(row)) if x.strip() and x.strip() not in GONE)
        if text:
            yield Item(id=row.get("id") or f"{member}:{number}", platform="reddit", text=text,
                       date=iso(row.get("date")), url=link, in_reply_to=f"r/{row.get('subreddit')}", member=member)
    elif role == "comments":
        if _body(row).strip():
            yield Item(id=row.get("id") or f"{member}:{number}", platform="reddit", text=row["body"],
                       date=iso(row.get("date")), kind="reply", url=link,
                       in_reply_to=row.get("link") or row.get("parent") or None, member=member)
    elif role in ("messages", "chats"):
        sender = (row.get("from") or row.get("username") or "").strip()
        own = me is None or sender == me
        text = _body(row)
        if text.strip() and (own or options.all_authors):
            yield Item(id=row.get("id") or row.get("message_id") or f"{member}:{number}", platform="reddit",
                       text=text, date=iso(row.get("date") or row.get("created_at")), audience="private",
                       kind="message", author=sender or None, own=own, url=link, member=member)


def _whoami(source: Source, members: list[Member], roles: dict[str, str | None], options: Options) -> str | None:
    seen = Counter[str]()
    for member in members:
        role = roles[member.name]
        if role not in ("statistics", "messages", "chats"):
            continue
        for _, row in rows(source, member.name):
            if role == "statistics":
                if row.get("statistic", "").strip().lower() == "account name" and row.get("value"):
                    return row["value"].strip()
                continue
            for name in (row.get("from"), row.get("to"), row.get("username")):
                if name and name.strip():
                    if is_me(name, options):
                        return name.strip()
                    seen[name.strip()] += 1
    if options.me or not seen:
        return None
    ranked = seen.most_common(2)
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None
