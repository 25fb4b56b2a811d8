"""A minimal reader for CAR v1 files and the DAG-CBOR they hold (a Bluesky repository export).

Only what a repository needs: unsigned/negative integers, byte and text strings, arrays, maps, tag 42
(a CID link), true/false/null and floats. Blocks stream one at a time from any readable stream.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import IO, Any

MAX_BLOCK = 8_000_000
MAX_DEPTH = 64


class CarError(ValueError):
    """The bytes are not a well-formed CAR / DAG-CBOR file."""


class CID(bytes):
    """A content identifier (binary form), kept distinct from ordinary byte strings."""


def decode(data: bytes) -> Any:
    value, _ = _decode(data, 0, 0)
    return value


def _argument(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    if info not in sizes or pos + sizes[info] > len(data):
        raise CarError("bad CBOR length")
    size = sizes[info]
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _decode(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH or pos >= len(data):
        raise CarError("CBOR nests too deep or ends early")
    initial = data[pos]
    major, info = initial >> 5, initial & 31
    pos += 1
    if major == 7:
        if info in (20, 21, 22, 23):
            return {20: False, 21: True, 22: None, 23: None}[info], pos
        formats = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}
        if info in formats:
            fmt, size = formats[info]
            return struct.unpack(fmt, data[pos : pos + size])[0], pos + size
        raise CarError("unsupported CBOR simple value")
    arg, pos = _argument(data, pos, info)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise CarError("CBOR string runs past the block")
        raw = data[pos : pos + arg]
        return (bytes(raw) if major == 2 else raw.decode("utf-8", errors="replace")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            value, pos = _decode(data, pos, depth + 1)
            items.append(value)
        return items, pos
    if major == 5:
        mapping: dict[Any, Any] = {}
        for _ in range(arg):
            key, pos = _decode(data, pos, depth + 1)
            value, pos = _decode(data, pos, depth + 1)
            mapping[key if isinstance(key, str) else str(key)] = value
        return mapping, pos
    if major == 6:
        value, pos = _decode(data, pos, depth + 1)
        if arg == 42 and isinstance(value, bytes):
            return CID(value[1:] if value[:1] == b"\x00" else value), pos
        return value, pos
    raise CarError("unknown CBOR type")


def _varint(stream: IO[bytes]) -> int | None:
    shift = result = 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift:
                raise CarError("the file ends inside a length")
            return None
        result |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return result
        shift += 7
        if shift > 63:
            raise CarError("bad varint")


def _varint_at(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
    raise CarError("bad CID")


def _cid_length(block: bytes) -> int:
    if block[:2] == b"\x12\x20":  # CIDv0: a bare sha2-256 multihash
        return 34
    _, pos = _varint_at(block, 0)  # version
    _, pos = _varint_at(block, pos)  # codec
    _, pos = _varint_at(block, pos)  # hash function
    size, pos = _varint_at(block, pos)
    return pos + size


def read_car(stream: IO[bytes]) -> tuple[dict[str, Any], Iterator[tuple[CID, bytes]]]:
    """The header (`roots`, `version`) and an iterator of (cid, block bytes)."""
    size = _varint(stream)
    if size is None or size > MAX_BLOCK:
        raise CarError("not a CAR file")
    header = decode(stream.read(size))
    if not isinstance(header, dict) or header.get("version") != 1:
        raise CarError("not a CAR v1 file")

    def blocks() -> Iterator[tuple[CID, bytes]]:
        while True:
            length = _varint(stream)
            if length is None:
                return
            if length > MAX_BLOCK:
                raise CarError("a block is too large")
            block = stream.read(length)
            if len(block) < length:
                raise CarError("the file ends inside a block")
            cut = _cid_length(block)
            yield CID(block[:cut]), block[cut:]

    return header, blocks()
