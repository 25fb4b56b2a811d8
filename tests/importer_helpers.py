"""Helpers for importer tests: read an export into items, build zips and Bluesky CAR files."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import cbor2

from bedside.importers import Item, Options, iter_items, plan


def read_all(path: Path, **options: Any) -> tuple[list[Item], list[str], bool]:
    """Every item of the export, the warnings, and whether it was damaged."""
    found = plan(path)
    try:
        items = list(iter_items(found, Options(**options)))
    finally:
        found.source.close()
    return items, found.source.warnings, found.source.damaged


def make_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def cbor(value: Any) -> bytes:
    """DAG-CBOR for test repositories: cbor2, with `Link`s as tag 42 (a binary CID after its 0x00 prefix)."""
    return cbor2.dumps(value, default=_link)


def _link(encoder: cbor2.CBOREncoder, value: Any) -> None:
    if not isinstance(value, Link):
        raise TypeError(type(value))
    encoder.encode(cbor2.CBORTag(42, b"\x00" + value.cid))


class Link:
    def __init__(self, block: bytes) -> None:
        self.cid = bytes([1, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


def varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def tree_node(records: dict[str, bytes]) -> bytes:
    """One MST node holding the post records (encoded blocks by rkey), keys prefix-compressed in order."""
    entries, previous = [], b""
    for rkey in sorted(records):
        key = f"app.bsky.feed.post/{rkey}".encode()
        common = 0
        while common < min(len(key), len(previous)) and key[common] == previous[common]:
            common += 1
        entries.append({"k": key[common:], "p": common, "t": None, "v": Link(records[rkey])})
        previous = key
    return cbor({"e": entries, "l": None})


def car_bytes(root: bytes, blocks: list[bytes]) -> bytes:
    """A CAR file: the header naming `root`, then each block with its CID, in the order given."""
    header = cbor({"roots": [Link(root)], "version": 1})
    body = bytearray(varint(len(header)) + header)
    for block in blocks:
        cid = Link(block).cid
        body += varint(len(cid) + len(block)) + cid + block
    return bytes(body)


def make_car(path: Path, did: str, posts: dict[str, dict[str, Any]], *, cut: int = 0) -> Path:
    """A repository CAR: commit → one tree node → the post records (keys `app.bsky.feed.post/<rkey>`)."""
    records = {rkey: cbor(record) for rkey, record in posts.items()}
    node = tree_node(records)
    commit = cbor({"did": did, "rev": "3k", "sig": b"\x01" * 8, "data": Link(node), "prev": None, "version": 3})
    body = car_bytes(commit, [commit, node, *records.values()])
    path.write_bytes(body[: len(body) - cut])
    return path


def x_archive(path: Path, count: int, extra: dict[int, str] | None = None) -> Path:
    """A zipped X archive of `count` short posts; every tenth names a patient; `extra` replaces texts."""
    tweets = []
    for n in range(count):
        text = (f"Saw Mrs Edith Langley (NHS 943 476 5919) in clinic, visit {n}" if n % 10 == 3
                else f"Teaching session {n} on sepsis recognition went well today")
        text = (extra or {}).get(n, text)
        tweets.append({"tweet": {"id_str": str(1000 + n), "full_text": text,
                                 "created_at": f"Wed Mar 22 07:41:49 +0000 {2015 + n % 5}"}})
    import json

    return make_zip(path, {
        "data/account.js": 'window.YTD.account.part0 = [{"account": {"username": "drtest"}}]',
        "data/tweets.js": "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=1),
    })
