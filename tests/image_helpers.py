"""Tiny images made in the tests: a report screenshot, photos with metadata, DICOM files, bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

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


def dicom_dataset(**attributes: object) -> Any:
    """A small secondary-capture data set (8 x 8, 8-bit, MONOCHROME2) naming a patient, with file meta."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID, ds.SOPInstanceUID = SecondaryCaptureImageStorage, ds.file_meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.Modality = "LANGLEY^EDITH", "RCH123456", "OT"
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 8, 8, 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = bytes(64)
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    return ds


def dicom_bytes(ds: Any, *, file_format: bool = True) -> bytes:
    """The data set as a file: with preamble and file meta, or (file_format=False) the bare data set."""
    out = io.BytesIO()
    if file_format:
        ds.save_as(out, enforce_file_format=True)
    else:
        from pydicom.dataset import FileMetaDataset

        ds.file_meta = FileMetaDataset()  # written without it
        ds.save_as(out, implicit_vr=True, little_endian=True, enforce_file_format=False)
    return out.getvalue()


def dicom_jpeg(lines: tuple[str, ...]) -> bytes:
    """`dicom_with_text`'s picture stored as JPEG baseline (Process 1), as ultrasound and capture devices do."""
    import pydicom
    from pydicom.encaps import encapsulate
    from pydicom.uid import JPEGBaseline8Bit

    ds = pydicom.dcmread(io.BytesIO(dicom_with_text(lines)))
    ds.PixelData = encapsulate([encode(Image.fromarray(ds.pixel_array, "L"), "JPEG", quality=95)])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    return dicom_bytes(ds)


def dicom_undecodable() -> bytes:
    """A JPEG-LS DICOM naming the patient, whose frame no codec decodes (a start marker, then zeros)."""
    from pydicom.encaps import encapsulate
    from pydicom.uid import JPEGLSLossless

    ds = dicom_dataset()
    ds.PixelData = encapsulate([b"\xff\xd8" + b"\x00" * 30])  # SOI, then nothing a decoder can read
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = JPEGLSLossless
    return dicom_bytes(ds)


def tiff_directory(entries: list[tuple[int, int, bytes]], at: int, order: str = "<") -> bytes:
    """A TIFF directory (tag, type, value bytes) that starts at offset `at` of its offset space, the values
    too long to sit in an entry laid out after it."""
    head = 2 + 12 * len(entries) + 4
    table, values = b"", b""
    for tag, kind, value in entries:
        count = len(value) // {1: 1, 2: 1, 3: 2, 4: 4, 7: 1}[kind]
        if len(value) <= 4:
            table += struct.pack(order + "HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            table += struct.pack(order + "HHII", tag, kind, count, at + head + len(values))
            values += value + b"\x00" * (len(value) % 2)
    return struct.pack(order + "H", len(entries)) + table + struct.pack(order + "I", 0) + values


MAKER_NOTE_AT = 62  # where `exif_with_maker_note` puts the note, counted from the TIFF header


def exif_with_maker_note(make: str, note: bytes) -> bytes:
    """An EXIF block (for Pillow's exif=) with Make and a MakerNote at MAKER_NOTE_AT; notes whose offsets
    count from the TIFF header are built with that offset."""
    make_bytes = make.encode() + b"\x00"
    make_bytes = make_bytes[:6].ljust(6, b"\x00")
    ifd0 = struct.pack("<H", 2) + struct.pack("<HHII", 0x010F, 2, 6, 38) + struct.pack("<HHII", 0x8769, 4, 1, 44)
    ifd0 += struct.pack("<I", 0)
    exif_ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x927C, 7, len(note), MAKER_NOTE_AT) + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + make_bytes + exif_ifd
    assert len(tiff) == MAKER_NOTE_AT
    return b"Exif\x00\x00" + tiff + note
