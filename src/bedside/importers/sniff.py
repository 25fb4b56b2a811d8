"""Tell a member's format from its first bytes, never from its name.

Kinds: `x:<type>` (an X archive data file, `window.YTD.<type>.partN`), `json-object:<first key>`,
`json-array:<first key of the first element>`, `jsonl:<first key>`, `csv:<header, lower case>`,
`whatsapp`, `car`, `image:<format>`, `media`, `text`, `binary`.
"""

from __future__ import annotations

import json
import re

from bedside.importers.source import Member

_YTD = re.compile(rb"^\s*window\.YTD\.(\w+)\.part\d+\s*=")
_FIRST_KEY = re.compile(r'^\s*\{\s*"((?:[^"\\]|\\.){0,200})"\s*:')
_IMAGES = ((b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))
# A WhatsApp message header, Android or iOS, any date order, 12 h or 24 h, with or without brackets, Finnish `klo`.
WHATSAPP_HEAD = re.compile(
    r"^[\u200e\u200f\u202a-\u202e\ufeff]*\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+(?:klo\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:[\s\u202f\u00a0]*(?:[AaPp]\.?\s?[Mm]\.?))?\]?\s*(?:[-–:]\s)?")


def text_encoding(head: bytes) -> str:
    """The codec of a text file from its first bytes: UTF-16 (a BOM, or every other byte zero), else UTF-8."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = head[:512]
    if len(sample) >= 8:
        low, high = sample[0::2], sample[1::2]
        if high.count(0) > 0.9 * len(high) and not low.count(0):
            return "utf-16-le"
        if low.count(0) > 0.9 * len(low) and not high.count(0):
            return "utf-16-be"
    return "utf-8-sig"


def kind_of(member: Member) -> str:
    """What a member holds, from its first bytes: an image or media kind, a CAR, a table, JSON, a chat, text."""
    head = member.head
    kind = _binary_kind(head)
    if kind:
        return kind
    if b"\x00" in head[:2048]:
        return _wide_kind(head)
    return _text_kind(head.decode("utf-8-sig", errors="replace"))


def _binary_kind(head: bytes) -> str | None:
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return f"image:{name}"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image:webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "image:heic" if brand in (b"heic", b"heix", b"mif1", b"msf1") else "media"
    if _is_car(head):
        return "car"
    ytd = _YTD.match(head)
    return "x:" + ytd.group(1).decode("ascii") if ytd else None


def _wide_kind(head: bytes) -> str:
    """A head with NUL bytes: a UTF-16 table (the 2018 LinkedIn export, tab-separated), media, or binary."""
    encoding = text_encoding(head)
    if encoding.startswith("utf-16"):
        table = _table_kind(head[: len(head) // 2 * 2].decode(encoding, errors="replace"), tabs=True)
        if table:
            return table
    return "media" if head[:4] in (b"OggS", b"\x1aE\xdf\xa3") or head[4:8] == b"ftyp" else "binary"


def _text_kind(text: str) -> str:
    stripped = text.lstrip()
    lines = [line for line in text.splitlines() if line.strip()][:5]
    if lines and WHATSAPP_HEAD.match(lines[0]):
        return "whatsapp"
    if stripped.startswith("["):
        match = _FIRST_KEY.match(stripped[1:])
        return "json-array:" + (match.group(1) if match else "")
    if stripped.startswith("{"):
        first_line = stripped.split("\n", 1)[0]
        match = _FIRST_KEY.match(stripped)
        key = match.group(1) if match else ""
        if "\n" in stripped.strip() and _is_object(first_line):
            return "jsonl:" + key
        return "json-object:" + key
    return _table_kind(text, tabs=False) or ("text" if text.strip() else "empty")


def _table_kind(text: str, tabs: bool) -> str | None:
    """`csv:<header>` (comma-separated, lower case) for a comma-separated table, or a tab-separated one when
    `tabs` (only UTF-16 files: a UTF-8 note whose first line holds a tab stays text), else None."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines or len(lines[0]) >= 2000:
        return None
    header = lines[0].lower()
    if tabs and header.count("\t") > header.count(","):
        return "csv:" + ",".join(cell.strip() for cell in header.split("\t"))
    return "csv:" + header if "," in header else None


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):  # RecursionError: a first line nested thousands deep
        return False


def _is_car(head: bytes) -> bool:
    """A CAR v1 file: a varint length, then a DAG-CBOR map holding `roots` and `version`."""
    if len(head) < 12 or head[0] >= 0x80 or head[0] < 10:
        return False
    header = head[1 : 1 + head[0]]
    return header[:1] in (b"\xa2",) and b"roots" in header and b"version" in header
