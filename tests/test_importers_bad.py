"""Bad input: damaged, hostile, empty or wrong exports give warnings and what could be read, never a
traceback."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bedside.importers import plan
from bedside.importers.jsonstream import Truncated, iter_array
from bedside.importers.source import MAX_RATIO, safe_name
from importer_helpers import make_zip, read_all

TWEETS = "window.YTD.tweets.part0 = [" + ",".join(
    json.dumps({"tweet": {"id_str": str(n), "full_text": f"post number {n} " + "padding " * 40,
                          "created_at": "Wed Mar 22 07:41:49 +0000 2017"}}) for n in range(200)) + "]"


def test_truncated_zip_is_read_entry_by_entry_as_far_as_it_goes(tmp_path: Path) -> None:
    whole = make_zip(tmp_path / "whole.zip", {"data/account.js": 'window.YTD.account.part0 = []',
                                              "data/tweets.js": TWEETS})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.6)])
    items, warnings, damaged = read_all(cut)
    assert damaged and any("damaged" in w for w in warnings)
    assert 0 < len(items) < 200  # a partial import, in order, without a traceback
    assert [i.id for i in items] == [str(n) for n in range(len(items))]


def test_corrupt_zip_data_is_a_warning(tmp_path: Path) -> None:
    whole = make_zip(tmp_path / "whole.zip", {"data/tweets.js": TWEETS})
    data = bytearray(whole.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64  # scribble over the deflate stream
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    items, warnings, damaged = read_all(broken)
    assert damaged and warnings and len(items) < 200


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x05\x06" + b"\x00" * 10)
    items, warnings, damaged = read_all(junk)
    assert items == [] and damaged and "not a readable zip" in warnings[-1]


def test_zip_bomb_members_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", TWEETS)
        archive.writestr("data/zeros.js", b"\x00" * (MAX_RATIO * 50_000))  # 10 MB of zeros, ~10 KB packed
    items, warnings, _ = read_all(bomb)
    assert len(items) == 200
    assert any("zip bomb" in w and "zeros.js" in w for w in warnings)


def test_paths_that_escape_the_archive_are_skipped(tmp_path: Path) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("data/tweets.js", TWEETS)
        archive.writestr("../../etc/tweets.js", TWEETS.replace('"id_str": "', '"id_str": "evil'))
        archive.writestr("/abs/tweets.js", TWEETS)
    items, warnings, _ = read_all(evil)
    assert len(items) == 200 and not any(i.id.startswith("evil") for i in items)
    assert sum("outside the archive" in w for w in warnings) == 2
    assert safe_name("a/../../b") is None and safe_name("C:\\x") is None and safe_name("a/b.js") == "a/b.js"
    assert not (tmp_path.parent / "etc").exists()  # nothing is ever extracted


def test_wrong_kind_and_empty_exports(tmp_path: Path) -> None:
    pictures = make_zip(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 32})
    found = plan(pictures)
    assert found.parts == [] and len(found.images) == 1
    empty = make_zip(tmp_path / "empty.zip", {})
    assert plan(empty).parts == []
    (tmp_path / "empty-folder").mkdir()
    assert read_all(tmp_path / "empty-folder")[0] == []
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert plan(binary).parts == []


def test_truncated_json_yields_every_complete_element(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    path.write_text(TWEETS[: len(TWEETS) // 2])
    items, warnings, damaged = read_all(path)
    assert 0 < len(items) < 200 and damaged and "damaged" in warnings[0]


def test_streaming_json_survives_chunk_boundaries_and_raises_on_cut(tmp_path: Path) -> None:
    import io

    import bedside.importers.jsonstream as js

    values = [{"n": n, "s": "é" * (n % 7), "x": 12345678901234567890} for n in range(500)] + [3, 1.5, "str"]
    data = ("window.YTD.x.part0 = " + json.dumps(values)).encode()
    original = js.CHUNK
    js.CHUNK = 7  # every element crosses a chunk boundary, multi-byte characters included
    try:
        assert list(iter_array(io.BytesIO(data))) == values
        assert list(iter_array(io.BytesIO(json.dumps({"a": 1, "items": values}).encode()), "items")) == values
        with pytest.raises(Truncated):
            list(iter_array(io.BytesIO(data[:-40])))
    finally:
        js.CHUNK = original


def test_recovered_zip_with_data_descriptors(tmp_path: Path) -> None:
    """Entries written by a streaming zipper (sizes after the data) are still found in a cut file."""
    body = TWEETS.encode()
    packed = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packed.compress(body) + packed.flush()
    name = b"tweets.js"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x08, 8, 0, 0, 0, 0, 0, len(name), 0) + name
    descriptor = struct.pack("<IIII", 0x08074B50, zlib.crc32(body), len(data), len(body))
    cut = tmp_path / "stream.zip"
    cut.write_bytes(local + data + descriptor)  # no central directory
    items, _, damaged = read_all(cut)
    assert len(items) == 200 and damaged


def test_a_large_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Memory does not grow with the export: a 10 MB tweets.js peaks no higher than a 2 MB one."""
    small_peak, small_size = _peak_reading(tmp_path / "small.zip", 4_000)
    large_peak, large_size = _peak_reading(tmp_path / "large.zip", 20_000)
    assert large_size > 4.5 * small_size
    assert large_peak < 1.3 * small_peak + 500_000, (small_peak, large_peak)
    assert large_peak < 8_000_000


def _peak_reading(archive: Path, count: int) -> tuple[int, int]:
    import tracemalloc

    from bedside.importers import iter_items

    tweet = {"tweet": {"id_str": "0", "full_text": "x" * 400, "created_at": "Wed Mar 22 07:41:49 +0000 2017"}}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out, out.open("data/tweets.js", "w") as stream:
        stream.write(b"window.YTD.tweets.part0 = [")
        for n in range(count):
            tweet["tweet"]["id_str"] = str(n)
            stream.write((b"," if n else b"") + json.dumps(tweet).encode())
        stream.write(b"]")
    found = plan(archive)
    tracemalloc.start()
    try:
        assert sum(1 for _ in iter_items(found)) == count
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        found.source.close()
    return peak, zipfile.ZipFile(archive).getinfo("data/tweets.js").file_size
