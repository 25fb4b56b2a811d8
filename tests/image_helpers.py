"""Tiny images made in the tests: a report screenshot, photos with metadata, DICOM files, bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FIXTURES = Path(__file__).parent / "fixtures" / "images"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
REPORT_LINES = (
    "RADIOLOGY REPORT",
    "Patient: Edith Langley   NHS No: 943 476 5919",
    "DOB: 03/04/1952   Hosp No: RCH123456",
    "Findings: a 2 cm mass in the right upper lobe.",
)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def report_image(lines: tuple[str, ...] = REPORT_LINES, size: tuple[int, int] = (720, 200)) -> Image.Image:
    """A screenshot of a report; returns the image (text starts at x=20, 40 px per line)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 20 + i * 40), line, fill="black", font=font(22))
    return image


def text_box(line: int, text: str, prefix: str, size: int = 22) -> tuple[int, int, int, int]:
    """Where `text`, after `prefix` on report line `line`, was drawn: x0, y0, x1, y1."""
    f = font(size)
    x0 = 20 + int(f.getlength(prefix))
    return x0, 20 + line * 40, x0 + int(f.getlength(text)), 20 + line * 40 + size + 4


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def exif_with_thumbnail() -> bytes:
    """EXIF (TIFF layout) whose second directory points at an embedded JPEG preview."""
    thumb = encode(Image.new("RGB", (16, 16), "red"), "JPEG")
    ifd0 = struct.pack("<H", 0) + struct.pack("<I", 14)  # no entries, next IFD at 14
    ifd1_entries = [(0x0201, 4, 1, 14 + 2 + 2 * 12 + 4), (0x0202, 4, 1, len(thumb))]
    ifd1 = struct.pack("<H", len(ifd1_entries)) + b"".join(struct.pack("<HHII", *e) for e in ifd1_entries)
    ifd1 += struct.pack("<I", 0)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + thumb


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width x height (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(
        b"IEND", b"")


def tiff_declaring(width: int, height: int) -> bytes:
    """A header-only TIFF declaring an 8-bit RGB image of width x height (e.g. 200 MB of pixels)."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 2),
               (273, 4, 1, 8), (277, 3, 1, 3), (278, 4, 1, height), (279, 4, 1, width * height * 3)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\x00" * 4
    return b"II*\x00" + struct.pack("<I", 8) + ifd


def dicom_with_text(lines: tuple[str, ...], frames: int = 1, text_frame: int = 0) -> bytes:
    """A valid secondary-capture DICOM (8-bit, MONOCHROME2) with text burned into one frame."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

    stack = np.zeros((frames, 160, 520), np.uint8)
    stack[:, 60:150, 100:400] = 90  # some anatomy
    canvas = Image.new("L", (520, 160), 0)
    draw = ImageDraw.Draw(canvas)
    for i, line in enumerate(lines):
        draw.text((10, 8 + i * 30), line, fill=255, font=font(20))
    stack[text_frame] = np.maximum(stack[text_frame], np.asarray(canvas))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = "LANGLEY^EDITH", "RCH123456", "19520403"
    ds.InstitutionName, ds.ReferringPhysicianName = "Royal Cornwall Hospital", "SMITH^ALAN"
    ds.StudyDate, ds.Modality, ds.PatientSex = "20261112", "OT", "F"
    ds.add_new(0x00091001, "LO", "private note")
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 160, 520, 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = stack.tobytes()
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()
