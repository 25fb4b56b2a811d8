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
# A WhatsApp message header, Android or iOS, any date order, 12 h or 24 h, with or without brackets.
WHATSAPP_HEAD = re.compile(
    r"^[\u200e\u200f\u202a-\u202e\ufeff]*\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:[\s\u202f\u00a0]*(?:[AaPp]\.?\s?[Mm]\.?))?\]?\s*(?:[-–:]\s)?")


def kind_of(member: Member) -> str:
    head = member.head
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
    if ytd:
        return "x:" + ytd.group(1).decode("ascii")
    if b"\x00" in head[:2048]:
        return "media" if head[:4] in (b"OggS", b"\x1aE\xdf\xa3") or head[4:8] == b"ftyp" else "binary"
    text = head.decode("utf-8-sig", errors="replace")
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
    if lines and "," in lines[0] and len(lines[0]) < 2000:
        return "csv:" + lines[0].lower().lstrip("\ufeff")
    return "text" if text.strip() else "empty"


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _is_car(head: bytes) -> bool:
    """A CAR v1 file: a varint length, then a DAG-CBOR map holding `roots` and `version`."""
    if len(head) < 12 or head[0] >= 0x80 or head[0] < 10:
        return False
    header = head[1 : 1 + head[0]]
    return header[:1] in (b"\xa2",) and b"roots" in header and b"version" in header
