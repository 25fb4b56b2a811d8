"""WhatsApp "Export chat" (.txt, or .zip with the media), Android and iOS, any locale's date format.

Headers seen: `15.04.2016, 15:04 - Name: text` (Android), `[15/01/2020, 02:22:56] Name: text` (iOS),
`2016-04-15, 3:04 p.m. - …`, `1/2/23, 10:15 PM - …` (U+202F before PM), iOS lines starting with the
invisible U+200E mark, Finnish `13.6.2018 klo 21.25.15 - …`. Lines without a header continue the previous
message. Day/month order is not written anywhere: it is chosen as the order under which every date is
valid and the chat runs forward; a file that mixes header forms (Android and iOS lines) for which no
single order fits gets one order per form. Media placeholders in any language (`<Media omitted>`,
`<Medien ausgelassen>`, `‹Médias omis›`, `‹メディアなし›` …) are not text.
Only the user's own messages are judged unless `all_authors`; the user is `--me` (or an allow-list
name), else the other side of a one-to-one chat named "WhatsApp Chat with X".
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from bedside.importers import Item, Options, importer, is_me
from bedside.importers.source import Member, Source, lines

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
HEADER = re.compile(
    rf"^[{MARKS}]*(?P<bracket>\[?)(?P<date>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}),?\s+(?:klo\s+)?"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    r"(?:[\s\u202f\u00a0]*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
    r"(?:\]\s?|\s*[-–:]\s)(?P<rest>.*)$")
_SENDER = re.compile(r"^(?P<name>[^:\n]{1,80}?):\s(?P<text>.*)$", re.DOTALL)
_ATTACHED = re.compile(rf"[{MARKS}]*<attached: (?P<file>[^>]+)>|(?P<file2>[\w.-]+\.\w+) \(file attached\)")
_OMITTED = re.compile(rf"^[{MARKS}]*(?:image|video|audio|sticker|GIF|document) omitted$")
# Android writes "media left out" in the phone's language between <…> or ‹…›: the word for media is enough.
_BRACKETED = re.compile(rf"^[{MARKS}]*[<‹](?P<inner>[^<>‹›\n]{{1,40}})[>›]$")
_MEDIA_WORDS = ("media", "medien", "médias", "mídia", "multimedia", "multimídia", "multimèdia", "medya", "medier",
                "медиа", "πολυμέσ", "מדיה", "الوسائط", "メディア", "媒体", "미디어")
_SYSTEM = ("Messages and calls are end-to-end", "Messages to this group are now", "Messages you send to this",
           "You created group", "Your security code with")
_GROUP_EVENTS = ("created group", "added", "changed the subject", "changed this group", "left", "removed")
_CHAT_WITH = re.compile(r"WhatsApp Chat (?:with|-) (?P<name>.+?)(?:\.txt|\.zip)?$", re.IGNORECASE)
ORDERS = ("dmy", "mdy", "ymd")


def _claims(member: Member) -> bool:
    return member.kind == "whatsapp"


@dataclass
class _Message:
    line: int
    date: str
    time: str
    ampm: str | None
    sender: str | None  # None for system messages
    text: str
    form: str = ""  # the header's shape (brackets, date separators, 12 h, seconds): one date order per form


@importer("whatsapp", "WhatsApp chat", _claims, order=20)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    for member in members:
        yield from _read_chat(source, member, options)


def _read_chat(source: Source, member: Member, options: Options) -> Iterator[Item]:
    orders, senders, group = _survey(source, member.name)
    other = _chat_partner(member.name) or _chat_partner(source.path.name)
    me = _whoami(senders, other, options)
    if me is None and not options.all_authors:
        source.warn(f"{member.name}: could not tell which sender is you (use --me NAME); judged every sender")
    images = {name.rsplit("/", 1)[-1]: name for name in source.images}
    audience = "group" if group or len(senders) > 2 else "private"
    for message in _messages(source, member.name):
        if message.sender is None:
            continue
        own = me is None or message.sender == me
        if not own and not options.all_authors:
            continue
        text, attached = _attachments(message.text, images)
        if not text and not attached:
            continue
        yield Item(
            id=f"{member.name}:{message.line}", platform="whatsapp", text=text,
            date=_when(message, orders[message.form]), audience=audience, kind="message",  # type: ignore[arg-type]
            author=message.sender, own=own, images=attached, member=member.name,
        )


def _lines(source: Source, name: str) -> Iterator[str]:
    for line in lines(source, name):  # an overlong line is skipped with a warning, never held whole
        yield line.rstrip("\n")


def _messages(source: Source, name: str) -> Iterator[_Message]:
    current: _Message | None = None
    more: list[str] = []  # the current message's continuation lines, joined once (+= was quadratic)
    for number, line in enumerate(_lines(source, name), start=1):
        match = HEADER.match(line)
        if match is None:
            if current is not None:
                more.append(line)
            continue
        if current is not None:
            yield _joined(current, more)
            more = []
        rest = match.group("rest")
        sender_match = _SENDER.match(rest)
        sender, text = None, rest
        if sender_match and not rest.lstrip(MARKS).startswith(_SYSTEM):
            sender, text = sender_match.group("name").strip(MARKS + " "), sender_match.group("text")
            if text.startswith(_SYSTEM) or (
                    text.startswith("\u200e") and not _ATTACHED.match(text) and not is_placeholder(text)):
                sender = None  # iOS system line: "[…] Group name: ‎Alice added Bob"
        current = _Message(number, match.group("date"), match.group("time"), match.group("ampm"), sender, text,
                           _form(match))
    if current is not None:
        yield _joined(current, more)


def _joined(message: _Message, more: list[str]) -> _Message:
    if more:
        message.text = "\n".join([message.text, *more])
    return message


def _form(match: re.Match[str]) -> str:
    """The shape of a header: `[` or not, the date's separators, 12 h or not, seconds or not."""
    return "".join((match.group("bracket"), re.sub(r"\d", "", match.group("date")),
                    "p" if match.group("ampm") else "", str(len(re.split(r"[:.]", match.group("time"))))))


def _survey(source: Source, name: str) -> tuple[defaultdict[str, str], set[str], bool]:
    """First pass: the senders, whether it is a group, and the date order of each header form."""
    dates: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
    count = 0
    senders: set[str] = set()
    group = False
    for message in _messages(source, name):
        if message.sender is not None:
            senders.add(message.sender)
        elif any(event in message.text for event in _GROUP_EVENTS):
            group = True
        if count < 50_000:
            count += 1
            parts = re.split(r"[./-]", message.date)
            dates[message.form].append((int(parts[0]), int(parts[1]), int(parts[2])))
    return _orders(dates), senders, group


def _orders(dates: dict[str, list[tuple[int, int, int]]]) -> defaultdict[str, str]:
    """One order for the whole chat when one fits every date (as a chat almost always is); else, for a file
    that mixes phones (an iOS `[1/15/20, …]` beside an Android `15/01/2020, …`), one order per form."""
    every = [d for form in dates.values() for d in form]
    overall = choose_order(every)
    if all(_ordinal(d, overall) is not None for d in every):
        return defaultdict(lambda: overall)
    orders: defaultdict[str, str] = defaultdict(lambda: overall)
    orders.update({form: choose_order(found) for form, found in dates.items()})
    return orders


def choose_order(dates: list[tuple[int, int, int]]) -> str:
    """The field order under which every date is valid and the chat runs forward with the smallest gaps
    (chats are dense: 1/2 then 1/3 is a day apart month-first, a month apart day-first). Ties: day first."""
    best, best_score = "dmy", (len(dates) + 1, 0)
    for order in ORDERS:
        days = [_ordinal(d, order) for d in dates]
        valid = [d for d in days if d is not None]
        if len(valid) < len(days):
            continue
        backwards = sum(1 for a, b in itertools.pairwise(valid) if b < a)
        spread = sum(abs(b - a) for a, b in itertools.pairwise(valid))
        if (backwards, spread) < best_score:
            best, best_score = order, (backwards, spread)
    return best


def _ymd(parts: tuple[int, int, int], order: str) -> tuple[int, int, int] | None:
    values = dict(zip(order, parts, strict=True))
    year, month, day = values["y"], values["m"], values["d"]
    if (order != "ymd" and parts[0] > 999) or (order == "ymd" and parts[2] > 999):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return (year + 2000 if year < 100 else year, month, day)


def _ordinal(parts: tuple[int, int, int], order: str) -> int | None:
    ymd = _ymd(parts, order)
    if ymd is None:
        return None
    try:
        return date(*ymd).toordinal()
    except ValueError:
        return None


def _when(message: _Message, order: str) -> datetime | None:
    parts = re.split(r"[./-]", message.date)
    ymd = _ymd((int(parts[0]), int(parts[1]), int(parts[2])), order)
    if ymd is None:
        return None
    clock = [int(x) for x in re.split(r"[:.]", message.time)]
    hour = clock[0]
    if message.ampm:
        pm = message.ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(*ymd, hour, clock[1], clock[2] if len(clock) > 2 else 0)
    except ValueError:
        return None


def _attachments(text: str, images: dict[str, str]) -> tuple[str, list[str]]:
    """The message text without attachment notes, and the image members they name."""
    attached: list[str] = []

    def keep(match: re.Match[str]) -> str:
        file = (match.group("file") or match.group("file2") or "").strip()
        if file in images:
            attached.append(images[file])
        return ""

    cleaned = _ATTACHED.sub(keep, text)
    if is_placeholder(cleaned.strip()):
        cleaned = ""
    return cleaned.strip(MARKS + " \n"), attached


def is_placeholder(text: str) -> bool:
    """A media placeholder, not the sender's words: `image omitted` (iOS), `<Media omitted>` in any language."""
    if _OMITTED.match(text):
        return True
    bracketed = _BRACKETED.match(text)
    if bracketed is None:
        return False
    inner = bracketed.group("inner").casefold()
    return any(word in inner for word in _MEDIA_WORDS)


def _chat_partner(name: str) -> str | None:
    match = _CHAT_WITH.search(name.rsplit("/", 1)[-1])
    return match.group("name").strip() if match else None


def _whoami(senders: set[str], other: str | None, options: Options) -> str | None:
    for sender in senders:
        if is_me(sender, options):
            return sender
    if other and other in senders and len(senders) == 2:
        return next(s for s in senders if s != other)
    return None
