"""Safe loading: size and pixel limits, content sniffing, one clear error for every bad file.

An image comes from a user or a web upload, so nothing about it is trusted: the bytes decide the
format (not the extension), the declared size is checked before any pixel is decoded (a 50,000 x
50,000 PNG is a few hundred bytes that would need gigabytes), and every decoder error becomes an
`InputError` with one line of explanation.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile

from bedside.model import InputError

MAX_BYTES = 64_000_000  # a phone photo is 2-12 MB, a CT series file rarely more than 30 MB
MAX_PIXELS = 60_000_000  # 48-megapixel phone sensors fit; decompression bombs do not
MAX_FRAMES = 2_000  # DICOM multi-frame
MAX_SIDE = 30_000

# Format names as users know them, and the extensions each may carry.
EXTENSIONS = {
    "JPEG": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "TIFF": {".tif", ".tiff"},
    "GIF": {".gif"},
    "HEIF": {".heic", ".heif", ".hif"},
    "DICOM": {".dcm", ".dicom", ".dic", ""},
}
SUPPORTED = "JPEG, PNG, WebP, TIFF, GIF, HEIC or DICOM"
_VRS = frozenset(b"AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR "
                 b"US UT UV".split())


@dataclass(frozen=True)
class Source:
    """The bytes of one image, its name for messages, and the format its content says it is."""

    data: bytes
    name: str
    format: str  # a key of EXTENSIONS


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce, or None for anything else."""
    head = data[:32]
    if len(data) >= 132 and data[128:132] == b"DICM":  # first: a DICOM preamble may mimic TIFF
        return "DICOM"
    if looks_like_raw_dicom(data):  # DICOM without its preamble
        return "DICOM"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"):
        return "HEIF"
    return None


def looks_like_raw_dicom(data: bytes) -> bool:
    """A data set without the 128-byte preamble (or with only the "DICM" magic left): its first element is a
    file meta (0002) or identifying (0008) attribute, little endian, with a real VR or a plausible length."""
    if data[:4] == b"DICM":
        data = data[4:]
    if len(data) < 8:
        return False
    group, element = int.from_bytes(data[0:2], "little"), int.from_bytes(data[2:4], "little")
    if group not in (0x0002, 0x0008) or element > 0x00FF:  # elements are sorted: a group starts low
        return False
    return data[4:6] in _VRS or int.from_bytes(data[4:8], "little") < len(data)


def read_source(item: str | Path | bytes, name: str = "") -> Source:
    """Read a path or take bytes, refuse what is too large or not an image we support."""
    if isinstance(item, bytes | bytearray):
        data = bytes(item)
        name = name or "image"
    else:
        path = Path(item)
        name = name or path.name
        try:
            size = path.stat().st_size
        except OSError as error:
            raise InputError(f"cannot read image {path}: {error.strerror or error}") from error
        if size > MAX_BYTES:
            raise InputError(f"{name} is {size / 1e6:.0f} MB; the limit for an image is {MAX_BYTES // 1_000_000} MB")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read image {path}: {error.strerror or error}") from error
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is {len(data) / 1e6:.0f} MB; the limit for an image is {MAX_BYTES // 1_000_000} MB")
    if not data:
        raise InputError(f"{name} is empty")
    fmt = sniff(data)
    if fmt is None:
        raise InputError(f"{name} is not a {SUPPORTED} image")
    suffix = Path(name).suffix.lower()
    known = {ext for exts in EXTENSIONS.values() for ext in exts if ext}
    if suffix in known and suffix not in EXTENSIONS[fmt]:
        raise InputError(f"{name} says {suffix} but its content is {fmt}: rename it and check where it came from")
    return Source(data, name, fmt)


def check_size(width: int, height: int, frames: int, name: str) -> None:
    """Refuse images whose declared size would take too much memory or time, before decoding them."""
    if width <= 0 or height <= 0:
        raise InputError(f"{name} declares an empty image ({width} x {height})")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise InputError(
            f"{name} declares {width:,} x {height:,} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels"
        )
    if frames > MAX_FRAMES or width * height * frames > MAX_PIXELS * 4:
        raise InputError(f"{name} declares {frames:,} frames of {width} x {height}: too large to check")


_heif_ready = False


def _register_heif() -> None:
    global _heif_ready
    if not _heif_ready:
        try:
            import pillow_heif
        except ImportError as error:  # pragma: no cover - a dependency, but say so clearly if missing
            raise InputError("HEIC images need pillow-heif: pip install pillow-heif") from error
        pillow_heif.register_heif_opener()
        _heif_ready = True


def open_image(source: Source) -> Image.Image:
    """Open and fully decode the first frame of a raster image, within the limits."""
    if source.format == "HEIF":
        _register_heif()
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(source.data))
            check_size(image.width, image.height, 1, source.name)
            image.seek(0)
            image.load()
    except InputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InputError(f"{source.name} declares too many pixels to decode safely (the limit is "
                         f"{MAX_PIXELS // 1_000_000} megapixels)") from error
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, MemoryError, RuntimeError) as error:
        raise InputError(f"{source.name} is truncated or corrupt: {_short(error)}") from error
    return image


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]
