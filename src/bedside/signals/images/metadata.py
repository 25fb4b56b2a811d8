"""Metadata: what a picture says about where, when and with what it was taken, and by whom.

Read from the file's headers without decoding a pixel (EXIF, GPS, XMP, IPTC, PNG text chunks, GIF
comments, embedded thumbnails), so it is cheap enough to run on every image. Free-text fields are run
through the same identifier detectors as a post's text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from PIL import ExifTags, Image, IptcImagePlugin

from bedside.model import InputError
from bedside.signals.images.loading import Source, _register_heif
from bedside.signals.images.makernotes import read_maker_note
from bedside.signals.images.model import ImageItem

Base = ExifTags.Base
# (tag, item kind) in the main image directory and in the Exif directory.
_IFD0 = {
    Base.Make: "camera", Base.Model: "camera", Base.Software: "software", Base.DateTime: "date-taken",
    Base.Artist: "owner", Base.Copyright: "owner", Base.ImageDescription: "text", Base.HostComputer: "device-name",
    0x9C9B: "text", 0x9C9C: "text", 0x9C9D: "owner", 0x9C9E: "text", 0x9C9F: "text",  # Windows XP* tags
}
_EXIF = {
    Base.DateTimeOriginal: "date-taken", Base.DateTimeDigitized: "date-taken", Base.BodySerialNumber: "serial",
    Base.LensSerialNumber: "serial", Base.CameraOwnerName: "owner", Base.UserComment: "text",
    Base.ImageUniqueID: "unique-id", Base.LensMake: "camera", Base.LensModel: "camera",
}
# Who took it and with what: Exif-directory tags that some writers put in the main directory instead.
_WHO = {tag: kind for tag, kind in _EXIF.items() if kind in ("serial", "owner")}
_CAMERA_SERIAL = 0xC62F  # DNG's CameraSerialNumber, in the main directory
_MAKER_NOTE = 0x927C
_IPTC = {
    (2, 80): "owner", (2, 116): "owner", (2, 122): "owner", (2, 120): "text", (2, 105): "text", (2, 5): "text",
    (2, 25): "text", (2, 90): "place", (2, 92): "place", (2, 95): "place", (2, 101): "place", (2, 55): "date-taken",
}
_XMP_FIELDS = re.compile(
    r"(?:<|\s)(?P<tag>(?:dc|xmp|photoshop|exif|exifEX|tiff|Iptc4xmpCore|aux|xmpRights):[A-Za-z]+)"
    r"(?:=\"(?P<attr>[^\"]*)\"|>(?P<body>.*?)</(?P=tag)>)",
    re.DOTALL,
)
_XMP_KIND = {
    "creator": "owner", "rights": "owner", "Owner": "owner", "OwnerName": "owner", "Credit": "owner",
    "CameraOwnerName": "owner", "Artist": "owner", "SerialNumber": "serial", "BodySerialNumber": "serial",
    "LensSerialNumber": "serial", "GPSLatitude": "gps", "GPSLongitude": "gps", "DateTimeOriginal": "date-taken",
    "CreateDate": "date-taken", "DateCreated": "date-taken", "City": "place", "State": "place",
    "Country": "place", "Location": "place", "description": "text", "title": "text", "subject": "text",
    "Headline": "text", "UserComment": "text", "Make": "camera", "Model": "camera", "ImageUniqueID": "unique-id",
}
_TAGS = re.compile(r"<[^>]+>")
MAX_TEXT = 2_000


def read_metadata(source: Source) -> list[ImageItem]:
    """Every metadata item of a raster image (DICOM headers are read by bedside.signals.images.dicom)."""
    if source.format == "HEIF":
        _register_heif()
    try:
        image = Image.open(io.BytesIO(source.data))
        return list(_items(image, source))
    except InputError:
        raise
    except Exception as error:
        reason = str(error)[:80]
        raise InputError(f"{source.name} is truncated or corrupt: cannot read its metadata ({reason})") from error


def _items(image: Image.Image, source: Source) -> Iterator[ImageItem]:
    yield from _exif_items(image, source)
    if source.format in ("JPEG", "TIFF"):
        yield from _iptc_items(image)
    yield from _text_items(image, source)


def _exif_items(image: Image.Image, source: Source) -> Iterator[ImageItem]:
    exif = image.getexif()
    for tag, kind in _IFD0.items():
        yield from _item(kind, _tag_name(tag), exif.get(tag))
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    for tag, kind in _EXIF.items():
        yield from _item(kind, _tag_name(tag), exif_ifd.get(tag))
    for tag, kind in _WHO.items():
        if tag not in exif_ifd:
            yield from _item(kind, _tag_name(tag), exif.get(tag))
    yield from _item("serial", "CameraSerialNumber", exif.get(_CAMERA_SERIAL))
    raw_exif = image.info.get("exif", b"") or b""
    note = exif_ifd.get(_MAKER_NOTE)
    if isinstance(note, bytes) and note:
        tiff = source.data if source.format == "TIFF" else _tiff_block(raw_exif)
        for field in read_maker_note(note, tiff, str(exif.get(Base.Make) or "")):
            yield from _item(field.kind, f"MakerNote {field.name}", field.value)
    position = _gps_text(exif.get_ifd(ExifTags.IFD.GPSInfo))
    if position:  # coordinates only: a GPS block holding just its version or a time says nowhere
        yield ImageItem("metadata", "gps", position, key="GPSInfo")
    if _has_thumbnail(image, exif, raw_exif, source):
        yield ImageItem("metadata", "thumbnail", "an embedded preview image", key="thumbnail")


def _iptc_items(image: Image.Image) -> Iterator[ImageItem]:
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}  # type: ignore[arg-type]
    except (SyntaxError, OSError, ValueError, IndexError):
        iptc = {}
    for key, kind in _IPTC.items():
        yield from _item(kind, f"IPTC {key[0]}:{key[1]}", iptc.get(key))


def _text_items(image: Image.Image, source: Source) -> Iterator[ImageItem]:
    """XMP, PNG text chunks and a comment: free text a camera, an editor or a person wrote."""
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or image.getexif().get(700)
    if xmp:
        yield from _xmp(xmp)
    if source.format == "PNG":
        for key, value in getattr(image, "text", {}).items():
            if key != "XML:com.adobe.xmp":
                yield from _item(_png_kind(key), f"PNG {key}", value)
    comment = image.info.get("comment")
    if comment:
        yield from _item("text", "comment", comment)


def _item(kind: str, key: str, value: Any) -> Iterator[ImageItem]:
    text = _as_text(value)
    if text:
        yield ImageItem("metadata", kind, text, key=key)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_as_text(v) for v in value if _as_text(v))
    if isinstance(value, bytes):
        if value[:8] in (b"ASCII\x00\x00\x00", b"UNICODE\x00"):  # EXIF UserComment carries its encoding
            value = value[8:].decode("utf-16" if value.startswith(b"UNICODE") else "ascii", "replace")
        elif len(value) > 1 and value[1:2] == b"\x00":  # Windows XP tags are UTF-16LE
            value = value.decode("utf-16-le", "replace")
        else:
            value = value.decode("utf-8", "replace")
    text = str(value).replace("\x00", "").strip()
    return text[:MAX_TEXT]


def _tag_name(tag: int) -> str:
    try:
        return ExifTags.Base(tag).name
    except ValueError:
        return {0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords",
                0x9C9F: "XPSubject"}.get(tag, hex(tag))


def _png_kind(key: str) -> str:
    lowered = key.lower()
    if lowered in ("author", "copyright", "artist", "owner"):
        return "owner"
    if lowered in ("creation time", "date"):
        return "date-taken"
    if lowered == "software":
        return "software"
    return "text"


def _tiff_block(raw_exif: bytes) -> bytes:
    """The EXIF block from its TIFF header: after the "Exif" header in JPEG and WebP, at once in PNG's eXIf."""
    for header in (b"II*\x00", b"MM\x00*"):
        at = raw_exif.find(header, 0, 16)
        if at >= 0:
            return raw_exif[at:]
    return b""


def _gps_text(gps: dict[int, Any]) -> str:
    """The position as "lat, lon", or "" when the block holds no usable coordinates."""

    def degrees(value: Any, ref: Any) -> float | None:
        try:
            d, m, s = (float(v) for v in value)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        sign = -1 if str(ref).upper().startswith(("S", "W")) else 1
        return sign * (d + m / 60 + s / 3600)

    lat = degrees(gps.get(2), gps.get(1))
    lon = degrees(gps.get(4), gps.get(3))
    if lat is None or lon is None or (lat == 0 and lon == 0):  # zeros: a camera without a fix
        return ""
    return f"{lat:.5f}, {lon:.5f}"


def _has_thumbnail(image: Image.Image, exif: Image.Exif, raw_exif: bytes, source: Source) -> bool:
    """An embedded preview: in EXIF's second directory, in Photoshop's resources, or as an MPO picture."""
    try:
        if exif.get_ifd(ExifTags.IFD.IFD1):
            return True
    except (KeyError, ValueError, SyntaxError, OSError):
        pass
    if b"\xff\xd8\xff" in raw_exif[8:]:
        return True
    photoshop = image.info.get("photoshop") or {}
    if isinstance(photoshop, dict) and (0x0409 in photoshop or 0x040C in photoshop):
        return True
    return source.format == "JPEG" and getattr(image, "n_frames", 1) > 1


def _xmp(xmp: Any) -> Iterator[ImageItem]:
    text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
    for match in _XMP_FIELDS.finditer(text[:200_000]):
        tag = match.group("tag")
        name = tag.split(":", 1)[1]
        kind = _XMP_KIND.get(name)
        if kind is None:
            continue
        value = match.group("attr") if match.group("attr") is not None else _TAGS.sub(" ", match.group("body"))
        value = " ".join(value.split())
        if value:
            yield ImageItem("metadata", kind, value[:MAX_TEXT], key=f"XMP {tag}")
