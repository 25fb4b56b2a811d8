"""Metadata in every format (CONF004): what is found, how it is judged, and that redaction drops it all."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from bedside import check
from bedside.config import Config
from bedside.model import Post
from bedside.redaction import redact_bytes
from bedside.signals.images.loading import read_source
from bedside.signals.images.metadata import read_metadata
from image_helpers import encode, exif_with_thumbnail

PIXELS = Image.new("RGB", (48, 32), (120, 90, 80))  # a plain patch: no text, no face: quick to analyse

CONF = Config(select=("CONF",))  # the confidentiality rules: image checks without other areas' models


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.Artist] = "Dr Jane Roe"
    exif.get_ifd(ExifTags.IFD.Exif).update({
        ExifTags.Base.DateTimeOriginal: "2026:11:12 09:14:03",
        ExifTags.Base.BodySerialNumber: "F2LXK0QJHG7F",
    })
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (50.0, 15.0, 54.0), 3: "W", 4: (5.0, 3.0, 0.0)})
    return exif


def with_exif(fmt: str) -> bytes:
    """The plain patch saved with the phone's EXIF (Pillow writes TIFF's sub-directories from tiffinfo)."""
    if fmt != "TIFF":
        return encode(PIXELS, fmt, exif=phone_exif())
    from PIL import TiffImagePlugin

    exif = phone_exif()
    info = TiffImagePlugin.ImageFileDirectory_v2()
    for tag, value in exif.items():
        info[tag] = value
    info[ExifTags.IFD.GPSInfo] = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
    info[ExifTags.IFD.Exif] = dict(exif.get_ifd(ExifTags.IFD.Exif))
    return encode(PIXELS, "TIFF", tiffinfo=info)


def kinds(data: bytes, name: str) -> set[str]:
    return {item.kind for item in read_metadata(read_source(data, name))}


@pytest.mark.parametrize("fmt,name", [("JPEG", "p.jpg"), ("PNG", "p.png"), ("WEBP", "p.webp"), ("TIFF", "p.tif")])
def test_exif_gps_serial_owner_in_each_format(fmt: str, name: str) -> None:
    found = kinds(with_exif(fmt), name)
    assert {"gps", "serial", "owner", "camera", "date-taken"} <= found


def test_heic_from_an_iphone() -> None:
    pytest.importorskip("pillow_heif").register_heif_opener()
    found = kinds(encode(PIXELS, "HEIF", exif=phone_exif().tobytes()), "IMG_0001.HEIC")
    assert {"gps", "serial", "camera"} <= found


def test_gif_frames_and_comment() -> None:
    frames = [PIXELS.convert("P"), Image.new("RGB", (48, 32), "blue").convert("P")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=b"Mrs Edith Langley, bed 4")
    report = check(Post(text="", images=[out.getvalue()]), CONF)
    meta = [f for f in report.findings if f.code == "CONF004"]
    assert meta and meta[0].details["metadata"] == "text" and meta[0].severity in ("review", "do-not-post")
    assert not any("frames" in w for w in report.warnings), "both frames are checked"


def test_png_text_xmp_and_thumbnail() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Dr Jane Roe")
    info.add_text("Comment", "NHS 943 476 5919")
    assert {"owner", "text"} <= kinds(encode(PIXELS, "PNG", pnginfo=info), "p.png")
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="50,15.9N" dc:creator="Jane Roe"/></x:xmpmeta>'
    assert {"gps", "owner"} <= kinds(encode(PIXELS, "JPEG", xmp=xmp), "p.jpg")
    assert "thumbnail" in kinds(encode(PIXELS, "JPEG", exif=exif_with_thumbnail()), "p.jpg")


def test_gps_and_serial_are_do_not_post_and_camera_is_info() -> None:
    report = check(Post(text="Healing nicely", images=[encode(PIXELS, "JPEG", exif=phone_exif())]), CONF)
    by_kind = {f.details["metadata"]: f for f in report.findings if f.code == "CONF004"}
    assert by_kind["gps"].severity == "do-not-post" and "50.26" in by_kind["gps"].message
    assert by_kind["serial"].severity == "do-not-post"
    assert by_kind["owner"].severity == "review"
    assert by_kind["camera"].severity == "info"
    assert by_kind["gps"].box is not None and by_kind["gps"].box.image == 0
    assert report.verdict == "do-not-post"


def test_no_metadata_no_finding() -> None:
    report = check(Post(text="", images=[encode(PIXELS, "PNG")]), CONF)
    assert not [f for f in report.findings if f.code == "CONF004"]


@pytest.mark.parametrize("fmt,name", [("JPEG", "p.jpg"), ("PNG", "p.png"), ("WEBP", "p.webp"), ("TIFF", "p.tif")])
def test_redaction_drops_every_metadata_block(fmt: str, name: str) -> None:
    data = with_exif(fmt)
    clean, new_name, report = redact_bytes(data, name, Config())
    assert any(f.details.get("metadata") == "gps" for f in report.findings)
    assert kinds(clean, new_name) == set()
    reopened = Image.open(io.BytesIO(clean))
    exif = reopened.getexif()
    assert not any(tag in exif for tag in (271, 272, 306, 315, 34665, 34853))  # TIFF keeps only its layout tags
    assert "icc_profile" not in reopened.info and "xmp" not in reopened.info


def test_redaction_drops_the_thumbnail_and_turns_the_picture_upright() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown rotated 90 degrees clockwise
    tall = encode(Image.new("RGB", (40, 20), "green"), "JPEG", exif=exif.tobytes())
    clean, _, _ = redact_bytes(tall, "p.jpg", Config())
    assert Image.open(io.BytesIO(clean)).size == (20, 40)
    clean, _, _ = redact_bytes(encode(PIXELS, "JPEG", exif=exif_with_thumbnail()), "p.jpg", Config())
    assert b"\xff\xd8\xff" not in clean[3:]


def test_heic_is_redacted_to_jpeg() -> None:
    pytest.importorskip("pillow_heif").register_heif_opener()
    clean, name, _ = redact_bytes(encode(PIXELS, "HEIF", exif=phone_exif().tobytes()), "IMG_0001.HEIC", Config())
    assert name == "IMG_0001.redacted.jpg" and clean[:3] == b"\xff\xd8\xff"
    assert kinds(clean, name) == set()
