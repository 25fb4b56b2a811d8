"""Bad images: each is one clear InputError, quickly, with bounded memory, and nothing is written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bedside import check
from bedside.config import Config
from bedside.model import InputError, Post
from bedside.redaction import redact_bytes, redact_file
from image_helpers import encode, png_declaring, report_image, tiff_declaring

GOOD_PNG = encode(report_image(("hello",), (60, 30)), "PNG")
CASES = {
    "truncated.png": (GOOD_PNG[: len(GOOD_PNG) // 2], "truncated or corrupt"),
    "corrupt.jpg": (b"\xff\xd8\xff\xe0" + b"\x13" * 400, "truncated or corrupt"),
    "bomb.png": (png_declaring(50_000, 50_000), "too many pixels"),
    "bomb-ish.png": (png_declaring(9_000, 9_000), "9,000 x 9,000"),  # under Pillow's own limit, over ours
    "huge.tif": (tiff_declaring(10_000, 7_000), "megapixels"),  # declares 210 MB of pixels
    "lying.jpg": (GOOD_PNG, "content is PNG"),
    "drawing.bmp": (b"BM" + b"\x00" * 100, "not a JPEG, PNG"),
    "notes.png": (b"just some text, not an image", "not a JPEG, PNG"),
    "empty.png": (b"", "empty"),
    "broken.dcm": (b"\x00" * 128 + b"DICM" + b"\x02\x00\x10\x00UI\xff\xff", "not a readable DICOM"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_one_clear_error_and_nothing_is_written(name: str, tmp_path: Path) -> None:
    data, message = CASES[name]
    src, dst = tmp_path / name, tmp_path / f"clean-{name}"
    src.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(InputError, match=message) as raised:
        redact_file(src, dst, Config())
    assert time.perf_counter() - started < 5
    assert "\n" not in str(raised.value)
    assert not dst.exists() and sorted(p.name for p in tmp_path.iterdir()) == [name]
    with pytest.raises(InputError):
        check(Post(text="", images=[src]), CONF)
    with pytest.raises(InputError):
        redact_bytes(data, name, Config())

CONF = Config(select=("CONF",))  # the confidentiality rules: image checks without other areas' models


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)
    with pytest.raises(InputError, match="limit"):
        check(Post(text="", images=[big]), CONF)


def test_missing_file_and_same_output(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        redact_file(tmp_path / "nope.png", tmp_path / "out.png", Config())
    src = tmp_path / "a.png"
    src.write_bytes(GOOD_PNG)
    with pytest.raises(InputError, match="overwrite"):
        redact_file(src, src, Config())
    with pytest.raises(InputError, match="does not exist"):
        redact_file(src, tmp_path / "no-such-folder" / "out.png", Config())
