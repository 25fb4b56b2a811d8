"""Redaction: a fresh image with identifiers painted into its pixels, faces blurred, no metadata; then
bedside checks its own output and refuses to write it unless nothing is left.

Nothing is overlaid: boxes are painted into the pixel array and the result is copied into a new image,
so no layer, metadata block, ICC profile or embedded thumbnail of the original survives. A face is
pixelated to a few blocks and then blurred, which leaves nothing to sharpen back.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from bedside.config import Config
from bedside.model import Attachment, Box, Finding, InputError, Post, Report
from bedside.signals.images import dicom
from bedside.signals.images.analysis import load_upright
from bedside.signals.images.loading import EXTENSIONS, Source, _register_heif, read_source
from bedside.signals.images.model import Region

# What the pixels and the file hold: the findings of rules in these categories are what a clean copy removes.
IMAGE_CATEGORIES = frozenset({"image-text", "image-metadata", "face", "dicom"})
MAX_PASSES = 3  # paint, check, paint what the check still finds …
FACE_BLOCKS = 6  # a face is reduced to at most this many blocks across before blurring
SAVE_AS = {"JPEG": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp"), "TIFF": ("TIFF", ".tif"),
           "GIF": ("PNG", ".png"), "HEIF": ("JPEG", ".jpg"), "DICOM": ("DICOM", ".dcm")}
BY_SUFFIX = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".tif": "TIFF", ".tiff": "TIFF",
             ".heic": "HEIF", ".heif": "HEIF", ".hif": "HEIF", ".dcm": "DICOM"}
SUFFIX_OF = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "TIFF": ".tif", "HEIF": ".heic", "DICOM": ".dcm"}
HEADER_ONLY_HINT = "a header-only copy can be asked for: the header cleaned, the pixels as they are (--header-only)"


def redact_bytes(data: bytes, filename: str, config: Config | None = None, *,
                 header_only: bool = False) -> tuple[bytes, str, Report]:
    """Clean bytes, a suggested file name, and the report of what was removed (see `redact_to` for
    header_only)."""
    source = read_source(data, filename or "image")
    fmt, suffix = SAVE_AS[source.format]
    clean, report = _redact(source, fmt, config or Config(), header_only)
    return clean, f"{Path(source.name).stem or 'image'}.redacted{suffix}", report


def redact_file(src: Path, dst: Path, config: Config | None = None, *, header_only: bool = False) -> Report:
    """Write a redacted copy of `src` to `dst`; nothing on failure (see `redact_to`)."""
    return redact_to(src, dst, config, header_only=header_only)[0]


def redact_to(src: Path, dst: Path, config: Config | None = None, *,
              header_only: bool = False) -> tuple[Report, Path]:
    """Write a redacted copy of `src` to `dst` (format from dst's extension, else src's) and say where: a
    name whose format bedside cannot write here gets the suffix of the format written (and a warning).

    header_only: a DICOM file whose pixels no installed codec decodes is refused, since burned-in text can be
    neither checked nor painted; with header_only its header is cleaned and its pixels are kept unchecked.
    """
    source = read_source(Path(src))
    dst = Path(dst)
    if dst.resolve() == Path(src).resolve():
        raise InputError("the redacted copy must not overwrite the original: choose another -o path")
    wanted = BY_SUFFIX.get(dst.suffix.lower())
    fmt = SAVE_AS[source.format][0]
    if wanted and (wanted == "DICOM") != (source.format == "DICOM"):
        raise InputError(f"{dst.name}: a DICOM file can only be redacted to DICOM, and an image only to an image")
    if wanted and source.format != "DICOM":
        fmt = wanted
    notes = []
    if fmt == "HEIF" and not _heif_writable():
        fmt, notes = "JPEG", ["HEIF cannot be written here (pillow-heif has no encoder)"]
    written = _suffixed(dst, fmt)
    if written != dst:
        notes.append(f"{dst.name} is a {dst.suffix} name, so the {fmt} copy was written as {written.name}")
    clean, report = _redact(source, fmt, config or Config(), header_only)
    report.warnings.extend(f"{source.name}: {note}" for note in notes)
    _write_atomically(written, clean)
    return report, written


def _suffixed(dst: Path, fmt: str) -> Path:
    """dst, or dst with the suffix of the format written when its own suffix names another format."""
    named = next((f for f, exts in EXTENSIONS.items() if dst.suffix.lower() in exts and dst.suffix), None)
    if named is None or named == fmt:
        return dst
    return dst.with_suffix(SUFFIX_OF[fmt])


def _heif_writable() -> bool:
    try:
        _register_heif()
        Image.new("RGB", (8, 8)).save(io.BytesIO(), "HEIF")
    except Exception:  # no encoder, or a libheif that fails: either way HEIF cannot be written here
        return False
    return True


def _redact(source: Source, fmt: str, config: Config, header_only: bool) -> tuple[bytes, Report]:
    from bedside.engine import check
    from bedside.rules import all_rules

    image_rules = tuple(r.code for r in all_rules() if r.category in IMAGE_CATEGORIES)
    settings = replace(config, select=image_rules, ignore=())
    report = check(Post(text="", images=[Attachment(source.data, source.name)]), settings, suggest=False)
    undecoded = any(f.details.get("undecoded") for f in report.findings)
    if undecoded and not header_only:
        raise InputError(f"{source.name}: its pixel data cannot be decoded here, so text burned into it can be "
                         f"neither checked nor painted out; nothing was written ({HEADER_ONLY_HINT})")
    data, current, findings = source.data, source, list(report.findings)
    blurred: list[Region] = []
    for _ in range(MAX_PASSES):
        data = _apply(current, fmt, findings, blurred, pixels_checked=not undecoded)
        current = Source(data, source.name if fmt == "DICOM" else f"redacted{SUFFIX_OF[fmt]}", fmt)
        redacted = Post(text="", images=[Attachment(data, current.name)])
        left = _left_over(check(redacted, settings, suggest=False).findings, blurred)
        if not left:
            break
        findings = left
    else:
        raise InputError(f"{source.name}: bedside could not remove everything it found; nothing was written")
    if undecoded:
        report.warnings.append(f"{source.name}: header cleaned; its pixels could not be decoded and were NOT "
                               "checked for burned-in text: look at the image before sharing it.")
    else:
        report.warnings.append("Self-check of the redacted copy: nothing identifying found.")
    if source.format != "DICOM" and _frame_count(source) > 1:
        report.warnings.append(f"{source.name}: the redacted copy holds only its first frame.")
    return data, report


def _frame_count(source: Source) -> int:
    if source.format == "HEIF":
        _register_heif()
    with Image.open(io.BytesIO(source.data)) as image:
        return int(getattr(image, "n_frames", 1) or 1)


def _left_over(findings: list[Finding], blurred: list[Region]) -> list[Finding]:
    """Findings in the redacted copy, except faces inside areas already blurred beyond recognition and pixels
    no codec decodes (refused before, unless the user asked for a header-only copy)."""
    return [f for f in findings if not (f.category == "face" and f.box is not None and _inside(f.box, blurred))
            and not f.details.get("undecoded")]


def _inside(box: Box, regions: list[Region]) -> bool:
    x, y = box.x + box.width / 2, box.y + box.height / 2
    return any(r.x <= x <= r.x + r.width and r.y <= y <= r.y + r.height for r in regions)


def _regions(findings: list[Finding]) -> list[Region]:
    return [Region(f.box.x, f.box.y, f.box.width, f.box.height, f.box.page) for f in findings if f.box is not None]


def _apply(source: Source, fmt: str, findings: list[Finding], blurred: list[Region], *,
           pixels_checked: bool = True) -> bytes:
    """Paint the text findings, blur the faces; metadata and header findings are dropped by re-encoding."""
    boxes = _regions([f for f in findings if f.details.get("identifier") or f.details.get("burned-in")])
    if source.format == "DICOM":
        dataset = dicom.read(source)
        columns, rows = dicom.number(dataset, "Columns"), dicom.number(dataset, "Rows")
        return dicom.deidentify(dataset, [_pad(b, columns, rows) for b in boxes], source.name,
                                pixels_checked=pixels_checked)
    boxes = [b for b in boxes if b.page == 0]  # the copy holds the first frame: later frames' boxes are not on it
    image, _ = load_upright(source)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    if image.mode in ("L", "I;16", "I", "F") and mode == "RGB":
        mode = "L" if image.mode == "L" else "RGB"
    pixels = image.convert(mode)
    fresh = Image.new(mode, pixels.size)
    fresh.paste(pixels, (0, 0))
    draw = ImageDraw.Draw(fresh)
    fill = 0 if mode == "L" else (0, 0, 0, 255) if mode == "RGBA" else (0, 0, 0)
    for box in boxes:
        padded = _pad(box, fresh.width, fresh.height)
        draw.rectangle([padded.x, padded.y, padded.x + padded.width, padded.y + padded.height], fill=fill)
    for face in [r for r in _regions([f for f in findings if f.category == "face"]) if r.page == 0]:
        area = _pad(face, fresh.width, fresh.height, scale=0.25)
        _blur(fresh, area)
        blurred.append(area)
    return _encode(fresh, fmt)


def _pad(box: Region, width: int, height: int, scale: float = 0.2) -> Region:
    return box.padded(max(2, int(min(box.height, box.width) * scale)), width, height)


def _blur(image: Image.Image, area: Region) -> None:
    if area.width < 2 or area.height < 2:
        return
    crop = image.crop((area.x, area.y, area.x + area.width, area.y + area.height))
    blocks = max(1, min(FACE_BLOCKS, area.width // 4))
    small = crop.resize((blocks, max(1, blocks * area.height // max(1, area.width))), Image.Resampling.BOX)
    coarse = small.resize(crop.size, Image.Resampling.NEAREST)
    image.paste(coarse.filter(ImageFilter.GaussianBlur(max(2, area.width // (blocks * 2)))), (area.x, area.y))


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB" if image.mode != "L" else "L").save(out, "JPEG", quality=92)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=92)
    elif fmt == "TIFF":
        image.save(out, "TIFF", compression="tiff_deflate")
    elif fmt == "HEIF":
        _register_heif()
        image.convert("RGB" if image.mode != "L" else "L").save(out, "HEIF", quality=92)
    else:
        image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _write_atomically(dst: Path, data: bytes) -> None:
    folder = dst.parent if str(dst.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {dst}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".bedside-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, dst)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write {dst}: {error.strerror or error}") from error
