"""LinkedIn data export: `Shares.csv` (posts), `Comments.csv`, `messages.csv`, and `Profile.csv` for the
user's own name. Recognised by their columns, not their file names.

Share visibility MEMBER_NETWORK / CONNECTIONS → followers, anything else public. In messages only the
user's own are judged by default: the user is `--me`, the Profile name, or the sender present in the
most conversations.

LinkedIn escapes quotes inside fields with a backslash (`\\"`), which plain CSV reading cuts at. The 2018
export wrote `Shares.csv` as UTF-16LE with tabs, and `Messages.csv` with columns From, To, Date, Subject,
Content (no conversation id), US dates ("10/16/18, 8:36 AM") and HTML entities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from bedside.importers import Item, Options, html_to_text, importer, is_me, iso
from bedside.importers.source import Member, Source
from bedside.importers.tabular import role_by_header
from bedside.importers.tabular import rows as csv_rows

SHARES = {"date", "sharelink", "sharecommentary"}
COMMENTS = {"date", "link", "message"}
MESSAGES = {"conversation id", "from", "date", "content"}
MESSAGES_2018 = {"from", "to", "date", "subject", "content"}
PROFILE = {"first name", "last name", "headline"}
_US_DATES = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y, %H:%M", "%m/%d/%Y, %H:%M")


ROLES = (("shares", SHARES), ("messages", MESSAGES), ("messages", MESSAGES_2018), ("comments", COMMENTS),
         ("profile", PROFILE))


def rows(source: Source, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    return csv_rows(source, name, backslash_quotes=True)


def _role(member: Member) -> str | None:
    return role_by_header(member.kind, ROLES)


def _claims(member: Member) -> bool:
    return _role(member) is not None


@importer("linkedin", "LinkedIn export", _claims, order=25)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    roles = {m.name: _role(m) for m in members}
    me = _whoami(source, members, roles, options)
    for member in members:
        role = roles[member.name]
        if role == "shares":
            for number, row in rows(source, member.name):
                text = row.get("sharecommentary", "").strip()
                link = row.get("sharelink") or None
                if text:
                    visibility = row.get("visibility", "").upper()
                    yield Item(id=_id(link) or f"{member.name}:{number}", platform="linkedin", text=text,
                               date=_date(row.get("date")), url=link, member=member.name,
                               audience="followers" if visibility in ("MEMBER_NETWORK", "CONNECTIONS") else "public")
        elif role == "comments":
            for number, row in rows(source, member.name):
                if row.get("message"):
                    link = row.get("link") or None
                    yield Item(id=f"{member.name}:{number}", platform="linkedin", text=row["message"],
                               date=_date(row.get("date")), kind="reply", url=link, in_reply_to=link,
                               member=member.name)
        elif role == "messages":
            yield from _messages(source, member, me, options)


def _messages(source: Source, member: Member, me: str | None, options: Options) -> Iterator[Item]:
    if me is None and not options.all_authors:
        source.warn(f"{member.name}: could not tell which sender is you (use --me NAME); judged everyone")
    for number, row in rows(source, member.name):
        sender = row.get("from", "").strip()
        own = me is None or sender == me
        text = html_to_text(row.get("content", ""))
        if not text or not (own or options.all_authors):
            continue
        recipients = [r for r in row.get("to", "").split(",") if r.strip()]
        yield Item(id=f"{member.name}:{number}", platform="linkedin", text=text, date=_date(row.get("date")),
                   audience="group" if len(recipients) > 1 else "private", kind="message", author=sender or None,
                   own=own, member=member.name)


def _date(value: str | None) -> datetime | None:
    """ISO dates (the current export), or the 2018 export's US form "10/16/18, 8:36 AM"."""
    found = iso(value)
    if found is not None or not value:
        return found
    for form in _US_DATES:
        try:
            return datetime.strptime(value.strip(), form)
        except ValueError:
            continue
    return None


def _id(link: str | None) -> str | None:
    """The activity or share number in a LinkedIn link (`…urn:li:share:123…` or `…activity-123…`)."""
    if not link:
        return None
    for marker in ("urn%3Ali%3Ashare%3A", "urn:li:share:", "urn%3Ali%3Aactivity%3A", "urn:li:activity:", "activity-"):
        if marker in link:
            tail = link.split(marker, 1)[1]
            digits = "".join(ch for ch in tail[:25] if ch.isdigit())
            if digits:
                return digits
    return None


def _whoami(source: Source, members: list[Member], roles: dict[str, str | None], options: Options) -> str | None:
    for member in members:
        if roles[member.name] == "profile":
            for _, row in rows(source, member.name):
                name = f"{row.get('first name', '').strip()} {row.get('last name', '').strip()}".strip()
                if name:
                    return name
    conversations: dict[str, set[str]] = defaultdict(set)
    for member in members:
        if roles[member.name] == "messages":
            for _, row in rows(source, member.name):
                sender = row.get("from", "").strip()
                if is_me(sender, options):
                    return sender
                # the 2018 export has no conversation id: the pair of people stands for it
                conversations[sender].add(row.get("conversation id") or "|".join(sorted({sender, row.get("to", "")})))
    if options.me or not conversations:
        return None
    ranked = sorted(conversations.items(), key=lambda kv: -len(kv[1]))
    if len(ranked) == 1 or len(ranked[0][1]) > len(ranked[1][1]):
        return ranked[0][0]
    return None
