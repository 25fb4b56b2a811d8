"""Files as cameras, phones and modalities really write them: compressed and preamble-less DICOM, maker
notes, GPS blocks without a position, HEIC out, burned-in camera timestamps, text in a GIF's later frames."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import ExifTags, Image, ImageDraw
from pydicom.data import get_testdata_file

from bedside import check
from bedside.config import Config
from bedside.model import InputError, Post
from bedside.redaction import images as redaction
from bedside.redaction import redact_bytes, redact_file
from bedside.signals.images.analysis import _identifiers
from bedside.signals.images.loading import read_source, sniff
from bedside.signals.images.metadata import read_metadata
from cli_helpers import run_cli
from image_helpers import (
    MAKER_NOTE_AT,
    dicom_bytes,
    dicom_dataset,
    dicom_jpeg,
    dicom_undecodable,
    encode,
    exif_with_maker_note,
    font,
    tiff_directory,
)

CONF = Config(select=("CONF",))  # the confidentiality rules: image checks without other areas' models
PIXELS = Image.new("RGB", (48, 32), (120, 90, 80))


def findings(data: bytes, code: str) -> list:
    return [f for f in check(Post(text="", images=[data]), CONF).findings if f.code == code]


# --- 7: compressed DICOM, undecodable pixels, no preamble, trailing padding -------------------------------


@pytest.mark.parametrize("name", ["SC_rgb_jpeg_dcmtk.dcm", "JPGExtended.dcm", "MR_small_jpeg_ls_lossless.dcm",
                                  "JPEG2000.dcm"])
def test_pylibjpeg_decodes_jpeg_12_bit_jpeg_ls_and_jpeg_2000(name: str) -> None:
    """The codecs bedside depends on, on their own (without GDCM): baseline, 12-bit extended, JPEG-LS, J2K."""
    ds = pydicom.dcmread(get_testdata_file(name))
    ds.pixel_array_options(decoding_plugin="pylibjpeg")
    assert ds.pixel_array.size > 0


def test_burned_in_text_is_read_from_jpeg_baseline_pixels_and_painted() -> None:
    data = dicom_jpeg(("LANGLEY EDITH", "NHS 943 476 5919"))
    found = findings(data, "CONF006")
    assert any(f.details.get("identifier") == "nhs-number" for f in found)
    assert not any(f.details.get("undecoded") for f in found)
    clean, _, report = redact_bytes(data, "us.dcm", Config())
    after = pydicom.dcmread(io.BytesIO(clean))
    assert not after.file_meta.TransferSyntaxUID.is_compressed and after.BurnedInAnnotation == "NO"
    assert not [f for f in findings(clean, "CONF006") if f.severity != "info"]
    assert any("nothing identifying found" in w for w in report.warnings)


def test_undecodable_pixels_still_report_the_header() -> None:
    report = check(Post(text="", images=[dicom_undecodable()]), CONF)
    found = [f for f in report.findings if f.code == "CONF006"]
    by_attribute = {f.details.get("attribute"): f for f in found}
    assert by_attribute["PatientName"].severity == "do-not-post" and by_attribute["PatientID"]
    undecoded = [f for f in found if f.details.get("undecoded")]
    assert len(undecoded) == 1 and undecoded[0].severity == "review"
    assert "not checked for burned-in text" in undecoded[0].message and "JPEG-LS" in undecoded[0].message
    assert report.verdict == "do-not-post"


def test_clean_header_with_undecodable_pixels_is_never_ok() -> None:
    ds = pydicom.dcmread(io.BytesIO(dicom_undecodable()))
    ds.PatientName, ds.PatientID = "", ""
    del ds.SOPInstanceUID  # nothing in the header identifies anyone
    assert check(Post(text="", images=[dicom_bytes(ds)]), CONF).verdict == "review"


def test_undecodable_pixels_are_refused_unless_header_only(tmp_path: Path) -> None:
    src, dst = tmp_path / "us.dcm", tmp_path / "us.clean.dcm"
    src.write_bytes(dicom_undecodable())
    with pytest.raises(InputError, match=r"cannot be decoded.*--header-only"):
        redact_file(src, dst, Config())
    assert not dst.exists()
    report = redact_file(src, dst, Config(), header_only=True)
    after = pydicom.dcmread(dst)
    assert str(after.PatientName) == "" and after.PatientID == "" and after.PatientIdentityRemoved == "YES"
    assert "pixels not checked" in after.DeidentificationMethod and "BurnedInAnnotation" not in after
    assert after.PixelData == pydicom.dcmread(src).PixelData, "pixels kept as they were"
    assert any("NOT checked for burned-in text" in w for w in report.warnings)


def test_cli_header_only_option(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    src, dst = tmp_path / "us.dcm", tmp_path / "us.clean.dcm"
    src.write_bytes(dicom_undecodable())
    refused = run_cli(capsys, monkeypatch, "redact", "--image", str(src), "-o", str(dst))
    assert refused.code == 2 and "--header-only" in refused.err and not dst.exists()
    written = run_cli(capsys, monkeypatch, "redact", "--image", str(src), "-o", str(dst), "--header-only")
    assert written.code == 0 and dst.exists() and "NOT checked" in written.err


@pytest.mark.parametrize("magic", [b"", b"DICM"])
def test_dicom_without_preamble_or_file_meta(magic: bytes) -> None:
    data = magic + dicom_bytes(dicom_dataset(), file_format=False)
    assert data[128:132] != b"DICM" and sniff(data) == "DICOM"
    attributes = {f.details.get("attribute") for f in findings(data, "CONF006")}
    assert {"PatientName", "PatientID"} <= attributes
    clean, _, _ = redact_bytes(data, "raw.dcm", Config())
    assert clean[128:132] == b"DICM" and str(pydicom.dcmread(io.BytesIO(clean)).PatientName) == ""


def test_bytes_that_only_start_like_dicom_are_refused_cleanly() -> None:
    with pytest.raises(InputError, match="not a JPEG, PNG"):
        read_source(b"\x08\x00\x05\x00" + b"\xff" * 60, "odd.dcm")


def test_trailing_padding_is_reported_and_removed() -> None:
    ds = dicom_dataset()
    ds.add_new(0xFFFCFFFC, "OB", b"LANGLEY^EDITH RCH123456 ")
    data = dicom_bytes(ds)
    padding = [f for f in findings(data, "CONF006") if f.details.get("class") == "padding"]
    assert padding and padding[0].severity == "review"
    clean, _, _ = redact_bytes(data, "padded.dcm", Config())
    assert 0xFFFCFFFC not in pydicom.dcmread(io.BytesIO(clean)) and b"LANGLEY" not in clean


# --- 8: maker notes, standard serial and owner tags, GPS without a position, HEIC out, timestamps ---------


def canon_note() -> bytes:
    return tiff_directory([(0x0009, 2, b"Dr Jane Roe\x00"), (0x000C, 4, struct.pack("<I", 2280512345))],
                          at=MAKER_NOTE_AT)


def olympus_note() -> bytes:
    """New style: its own header and byte order, offsets from the note; serials in the Equipment directory."""
    equipment = tiff_directory([(0x0101, 2, b"BHP123456\x00"), (0x0202, 2, b"ABL987654\x00")], at=30)
    return b"OLYMPUS\x00II\x03\x00" + tiff_directory([(0x2010, 7, equipment)], at=12)


def panasonic_note() -> bytes:
    entries = [(0x0025, 7, b"F541004120345\x00\x00\x00"), (0x0066, 7, b"Edith\x00")]
    return b"Panasonic\x00\x00\x00" + tiff_directory(entries, at=MAKER_NOTE_AT + 12)


def nikon_note() -> bytes:
    return b"Nikon\x00\x02\x10\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + tiff_directory(
        [(0x001D, 2, b"6012345\x00")], at=8)


def reconyx_note() -> bytes:
    note = bytearray(0x70)
    note[0:2] = b"\x01\xf1"
    note[0x2A : 0x2A + 20] = "H500HF0123".encode("utf-16-le")
    note[0x56 : 0x56 + 13] = b"WARD 7 WINDOW"
    return bytes(note)


@pytest.mark.parametrize("make,note,kind,value", [
    ("Canon", canon_note(), "owner", "Dr Jane Roe"),
    ("Canon", canon_note(), "serial", "2280512345"),
    ("OLYMPUS", olympus_note(), "serial", "BHP123456"),
    ("OLYMPUS", olympus_note(), "serial", "ABL987654"),
    ("Panasonic", panasonic_note(), "serial", "F541004120345"),
    ("Panasonic", panasonic_note(), "person", "Edith"),
    ("NIKON", nikon_note(), "serial", "6012345"),
    ("RECONYX", reconyx_note(), "serial", "H500HF0123"),
    ("RECONYX", reconyx_note(), "text", "WARD 7 WINDOW"),
])
def test_maker_note_serials_and_names(make: str, note: bytes, kind: str, value: str) -> None:
    data = encode(PIXELS, "JPEG", exif=exif_with_maker_note(make, note))
    items = read_metadata(read_source(data, "p.jpg"))
    assert any(i.kind == kind and i.text == value and i.key.startswith("MakerNote") for i in items), items


def test_maker_note_serial_is_reported_and_stripped() -> None:
    data = encode(PIXELS, "JPEG", exif=exif_with_maker_note("Canon", canon_note()))
    by_kind = {f.details["metadata"]: f for f in findings(data, "CONF004")}
    assert by_kind["serial"].severity == "do-not-post" and "device" in by_kind["serial"].message
    assert by_kind["owner"].severity == "review" and "Jane Roe" in by_kind["owner"].message
    clean, name, _ = redact_bytes(data, "p.jpg", Config())
    assert read_metadata(read_source(clean, name)) == [] and b"Jane Roe" not in clean


def test_a_broken_maker_note_is_no_error() -> None:
    data = encode(PIXELS, "JPEG", exif=exif_with_maker_note("Canon", b"\xff\xff" + b"\x00" * 10))
    assert not [i for i in read_metadata(read_source(data, "p.jpg")) if i.key.startswith("MakerNote")]


def test_serial_and_owner_tags_in_the_main_directory() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.BodySerialNumber] = "F2LXK0QJHG7F"  # some writers put Exif tags in IFD0
    exif[ExifTags.Base.CameraOwnerName] = "Jane Roe"
    exif[0xC62F] = "DNG-4471"  # CameraSerialNumber
    items = {(i.kind, i.text) for i in read_metadata(read_source(encode(PIXELS, "JPEG", exif=exif), "p.jpg"))}
    assert {("serial", "F2LXK0QJHG7F"), ("owner", "Jane Roe"), ("serial", "DNG-4471")} <= items


@pytest.mark.parametrize("gps,alarm", [({0: b"\x02\x02\x00\x00"}, False), ({0: b"\x02\x02\x00\x00", 29: "2026:11:12"},
                                                                        False),
                                       ({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)}, False),
                                       ({1: "N", 2: (50.0, 15.0, 54.0), 3: "W", 4: (5.0, 3.0, 0.0)}, True)])
def test_gps_alarm_only_for_coordinates(gps: dict, alarm: bool) -> None:
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    found = [f for f in findings(encode(PIXELS, "JPEG", exif=exif), "CONF004") if f.details["metadata"] == "gps"]
    assert bool(found) == alarm
    assert all(f.severity == "do-not-post" for f in found)


def test_heic_redacted_to_a_heic_name_is_heif(tmp_path: Path) -> None:
    pytest.importorskip("pillow_heif").register_heif_opener()
    src, dst = tmp_path / "IMG_0001.HEIC", tmp_path / "clean.heic"
    src.write_bytes(encode(PIXELS, "HEIF"))
    redact_file(src, dst, Config())
    assert sniff(dst.read_bytes()) == "HEIF" and read_metadata(read_source(dst)) == []


def test_heic_name_without_a_heif_encoder_becomes_jpg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pillow_heif").register_heif_opener()
    monkeypatch.setattr(redaction, "_heif_writable", lambda: False)
    src, dst = tmp_path / "IMG_0001.HEIC", tmp_path / "clean.heic"
    src.write_bytes(encode(PIXELS, "HEIF"))
    result = run_cli(capsys, monkeypatch, "redact", "--image", str(src), "-o", str(dst))
    assert result.code == 0 and not dst.exists()
    assert sniff((tmp_path / "clean.jpg").read_bytes()) == "JPEG"
    assert "clean.jpg" in result.err and "HEIF cannot be written" in result.err


def test_gif_redacted_to_a_gif_name_is_written_as_png(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.gif", tmp_path / "clean.gif"
    src.write_bytes(encode(PIXELS.convert("P"), "GIF"))
    report = redact_file(src, dst, Config())
    assert not dst.exists() and sniff((tmp_path / "clean.png").read_bytes()) == "PNG"
    assert any("clean.png" in w for w in report.warnings)


@pytest.mark.parametrize("text", ["20-03-16 10:42", "2020-03-16 10:42:13", "03-16-20 1042", "16.03.20 10"])
def test_burned_in_camera_timestamp_is_not_a_phone_number(text: str) -> None:
    kinds = {signal.kind for signal, _ in _identifiers(text, "GB")}
    assert "phone" not in kinds and "date" in kinds


def test_a_phone_number_after_a_date_is_still_found() -> None:
    kinds = [signal.kind for signal, _ in _identifiers("20-03-16 call 01632 960 983", "GB")]
    assert "phone" in kinds and "date" in kinds


# --- 22: every frame of a GIF ---------------------------------------------------------------------------


def gif(frames: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def text_frame(line: str) -> Image.Image:
    image = Image.new("RGB", (560, 60), "white")
    ImageDraw.Draw(image).text((10, 15), line, fill="black", font=font(24))
    return image.convert("P")


def test_nhs_number_in_a_later_gif_frame() -> None:
    data = gif([Image.new("RGB", (560, 60), "white").convert("P"), text_frame("Patient NHS No: 943 476 5919")])
    report = check(Post(text="", images=[data]), CONF)
    nhs = [f for f in report.findings if f.code == "CONF003" and f.details.get("identifier") == "nhs-number"]
    assert nhs and nhs[0].box is not None and nhs[0].box.page == 1
    assert report.verdict == "do-not-post"
    assert not any("were not checked" in w for w in report.warnings)
    _, name, redacted = redact_bytes(data, "anim.gif", Config())  # the copy is the first frame alone
    assert name == "anim.redacted.png" and any("only its first frame" in w for w in redacted.warnings)


def test_frames_past_the_limit_are_named_as_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedside.signals.images import analysis

    monkeypatch.setattr(analysis, "MAX_FRAMES_CHECKED", 3)
    shades = [Image.fromarray(np.full((16, 16, 3), 40 * i, np.uint8)).convert("P") for i in range(5)]
    report = check(Post(text="", images=[gif(shades + shades[:1])]), CONF)
    assert any("checked in 3 distinct frames" in w and "frames 4 to 6 of 6 were not checked" in w
               for w in report.warnings)


def test_repeated_frames_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedside.signals.images import analysis, ocr

    calls: list[int] = []
    real = ocr.read_text
    monkeypatch.setattr(analysis.ocr, "read_text", lambda image, engine="rapidocr": calls.append(1) or real(image))
    blank, other = Image.new("RGB", (32, 32), "white").convert("P"), Image.new("RGB", (32, 32), "blue").convert("P")
    analysis.analyse(gif([blank, other, blank, other, blank]), country="GB", name="loop.gif")
    assert len(calls) == 2
