"""A reader for CAR v1 files (a Bluesky repository export); cbor2 decodes the DAG-CBOR they hold.

Blocks stream one at a time from any readable stream, so an export of any size is read in small pieces.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import cbor2

MAX_BLOCK = 8_000_000
MAX_DEPTH = 64


class CarError(ValueError):
    """The bytes are not a well-formed CAR / DAG-CBOR file."""


class CID(bytes):
    """A content identifier (binary form), kept distinct from ordinary byte strings."""


def decode(data: bytes) -> Any:
    """One DAG-CBOR block, CID links (tag 42) as `CID`; a malformed block raises CarError."""
    try:
        return cbor2.loads(data, tag_hook=_link, max_depth=MAX_DEPTH, str_errors="replace")
    except (cbor2.CBORError, RecursionError) as error:
        raise CarError(f"bad DAG-CBOR: {error}") from None


def _link(tag: cbor2.CBORTag, immutable: bool) -> Any:
    value = tag.value
    if tag.tag == 42 and isinstance(value, bytes):
        return CID(value[1:] if value[:1] == b"\x00" else value)  # the multibase prefix of a binary CID
    return value


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
