"""Maker notes: the camera maker's own block inside EXIF, where serial numbers and owner names hide.

Pillow leaves the MakerNote tag (0x927C) as raw bytes. Each maker lays it out differently; bedside reads the
few fields that identify the device or the person behind it (layouts as documented by ExifTool):

- Canon: a plain TIFF directory, offsets from the EXIF TIFF header; OwnerName, SerialNumber, InternalSerialNumber.
- Olympus / OM System: "OLYMP" (offsets from the TIFF header) or "OLYMPUS"/"OM SYSTEM" (offsets from the note,
  own byte order); serials in the main directory and in its Equipment sub-directory.
- Panasonic: "Panasonic" then a directory; serials, and the baby/pet name, title and place the user typed in.
- Nikon (type 3): "Nikon" then a TIFF header of its own; SerialNumber.
- Reconyx trail cameras: fixed binary layouts (HyperFire, UltraFire, HyperFire 2); serial and user label.

Everything is bounds-checked: a note that does not parse yields nothing rather than an error.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import NamedTuple

_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
MAX_ENTRIES = 1_000
MAX_VALUE = 4_096  # bytes of one value worth reading: a serial or a name is short


class Field(NamedTuple):
    """One identifying maker-note field: the item kind (serial, owner, text, place), its name and value."""

    kind: str
    name: str
    value: str


class _Tiff(NamedTuple):
    data: bytes  # where offsets count from
    order: str  # "<" or ">"


# tag -> (kind, name) per maker directory
_CANON = {0x0009: ("owner", "Canon OwnerName"), 0x000C: ("serial", "Canon SerialNumber"),
          0x0096: ("serial", "Canon InternalSerialNumber")}
_OLYMPUS = {0x0404: ("serial", "Olympus SerialNumber"), 0x101A: ("serial", "Olympus SerialNumber")}
_OLYMPUS_EQUIPMENT = {0x0101: ("serial", "Olympus SerialNumber"), 0x0102: ("serial", "Olympus InternalSerialNumber"),
                      0x0202: ("serial", "Olympus LensSerialNumber")}
_PANASONIC = {0x0025: ("serial", "Panasonic InternalSerialNumber"), 0x0052: ("serial", "Panasonic LensSerialNumber"),
              0x0054: ("serial", "Panasonic AccessorySerialNumber"), 0x0065: ("text", "Panasonic Title"),
              0x0066: ("person", "Panasonic BabyName"), 0x0067: ("place", "Panasonic Location"),
              0x0069: ("place", "Panasonic Country"), 0x006B: ("place", "Panasonic State"),
              0x006D: ("place", "Panasonic City"), 0x006F: ("place", "Panasonic Landmark")}
_NIKON = {0x001D: ("serial", "Nikon SerialNumber")}
# Reconyx: (offset, length, encoding, kind, name) per layout
_RECONYX = {
    "HyperFire": ((0x2A, 30, "utf-16-le", "serial", "Reconyx SerialNumber"),
                  (0x56, 22, "latin-1", "text", "Reconyx UserLabel")),
    "UltraFire": ((0x4B, 15, "latin-1", "serial", "Reconyx SerialNumber"),
                  (0x5A, 21, "latin-1", "text", "Reconyx UserLabel")),
    "HyperFire2": ((0x68, 22, "latin-1", "text", "Reconyx UserLabel"),
                   (0x7E, 30, "utf-16-le", "serial", "Reconyx SerialNumber")),
}


def read_maker_note(note: bytes, tiff: bytes, make: str) -> list[Field]:
    """The identifying fields of a maker note; `tiff` is the EXIF block from its TIFF header (for makers whose
    offsets count from there), `make` the EXIF Make."""
    try:
        return [f for f in _fields(note, tiff, make.strip().lower()) if f.value.strip("0 ")]  # unset: zeros or spaces
    except (struct.error, IndexError, ValueError):
        return []


def _fields(note: bytes, tiff: bytes, make: str) -> Iterator[Field]:
    order = "<" if tiff[:2] == b"II" else ">"
    base = _Tiff(tiff, order)
    at = tiff.find(note) if note else -1  # where the note sits in the TIFF block
    if note.startswith(b"OLYMPUS\x00") or note.startswith(b"OM SYSTEM\x00"):
        start = 8 if note.startswith(b"OLYMPUS") else 12
        own = _Tiff(note, "<" if note[start : start + 2] == b"II" else ">")
        yield from _olympus(own, start + 4)
    elif note.startswith(b"OLYMP\x00") and at >= 0:
        yield from _olympus(base, at + 8)
    elif note.startswith(b"Panasonic\x00") and at >= 0:
        yield from _directory(base, at + 12, _PANASONIC)
    elif note.startswith(b"Nikon\x00") and note[10:12] in (b"II", b"MM"):
        own = _Tiff(note[10:], "<" if note[10:12] == b"II" else ">")
        yield from _directory(own, _long(own, 4), _NIKON)
    elif note.startswith(b"RECONYXUF\x00"):
        yield from _reconyx(note, "UltraFire")
    elif note.startswith(b"RECONYXH2\x00"):
        yield from _reconyx(note, "HyperFire2")
    elif note[:2] == b"\x01\xf1":
        yield from _reconyx(note, "HyperFire")
    elif make.startswith("canon") and at >= 0:
        yield from _directory(base, at, _CANON)


def _olympus(tiff: _Tiff, start: int) -> Iterator[Field]:
    yield from _directory(tiff, start, _OLYMPUS)
    for tag, kind, count, value_at in _entries(tiff, start):
        if tag == 0x2010:  # Equipment: a sub-directory (type IFD or LONG), or stored inline as UNDEFINED bytes
            offset = value_at if kind == 7 and count > 4 else _long(tiff, value_at)
            yield from _directory(tiff, offset, _OLYMPUS_EQUIPMENT)


def _long(tiff: _Tiff, at: int) -> int:
    return int(struct.unpack(tiff.order + "I", tiff.data[at : at + 4])[0])


def _entries(tiff: _Tiff, start: int) -> Iterator[tuple[int, int, int, int]]:
    """(tag, type, count, where its value is) for each entry of the directory at `start`."""
    data, order = tiff.data, tiff.order
    (count,) = struct.unpack(order + "H", data[start : start + 2])
    for i in range(min(count, MAX_ENTRIES)):
        entry = start + 2 + 12 * i
        if entry + 12 > len(data):
            return
        tag, kind, number = struct.unpack(order + "HHI", data[entry : entry + 8])
        size = _SIZES.get(kind, 1) * number
        value_at = entry + 8 if size <= 4 else _long(tiff, entry + 8)
        yield tag, kind, number, value_at


def _directory(tiff: _Tiff, start: int, wanted: dict[int, tuple[str, str]]) -> Iterator[Field]:
    for tag, kind, count, value_at in _entries(tiff, start):
        if tag not in wanted:
            continue
        size = min(_SIZES.get(kind, 1) * count, MAX_VALUE)
        raw = tiff.data[value_at : value_at + size]
        if kind in (3, 4) and count == 1 and len(raw) >= _SIZES[kind]:  # a number: Canon's serial is a LONG
            value = str(struct.unpack(tiff.order + ("H" if kind == 3 else "I"), raw[: _SIZES[kind]])[0])
        else:
            value = _text(raw, "latin-1")
        yield Field(*wanted[tag], value)


def _reconyx(note: bytes, layout: str) -> Iterator[Field]:
    for offset, length, encoding, kind, name in _RECONYX[layout]:
        yield Field(kind, name, _text(note[offset : offset + length], encoding))


def _text(raw: bytes, encoding: str) -> str:
    text = raw.decode(encoding, "replace").split("\x00", 1)[0]
    return "".join(c for c in text if c.isprintable()).strip()
