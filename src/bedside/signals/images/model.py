"""What an image holds, as plain data: the items found in its pixels, metadata and DICOM header.

These are signals: they say what is there and where, never how much it matters. The rules in
`bedside.rules.confidentiality.images` judge them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Origin = Literal["ocr", "metadata", "face", "dicom-header", "dicom-pixels"]


@dataclass(frozen=True)
class Region:
    """A rectangle in pixels of the image as given; `page` is the frame of a multi-frame image."""

    x: int
    y: int
    width: int
    height: int
    page: int = 0

    def padded(self, pad: int, width: int, height: int) -> Region:
        x0, y0 = max(0, self.x - pad), max(0, self.y - pad)
        x1, y1 = min(width, self.x + self.width + pad), min(height, self.y + self.height + pad)
        return Region(x0, y0, max(0, x1 - x0), max(0, y1 - y0), self.page)


@dataclass(frozen=True)
class ImageItem:
    """One thing found in an image.

    origin: where it was found. kind: for text, the identifier kind of `bedside.signals` (name,
    nhs-number, date …); for metadata, gps / serial / owner / person / place / date-taken / camera /
    software / text / thumbnail; for faces, "face"; for a DICOM header, the class of the attribute (name,
    id, date, uid, institution, private, padding, text …); for DICOM pixels no codec decodes, "undecoded".
    """

    origin: Origin
    kind: str
    text: str
    region: Region | None = None
    label: str = ""
    key: str = ""  # the metadata field or DICOM keyword it came from
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ImageAnalysis:
    """Everything bedside found in one image."""

    index: int
    name: str
    format: str
    width: int
    height: int
    frames: int = 1
    text: str = ""  # OCR text, lines joined by newlines
    record_like: bool = False  # the text reads like a clinical record, report or label
    items: list[ImageItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of(self, *origins: Origin) -> list[ImageItem]:
        return [item for item in self.items if item.origin in origins]
