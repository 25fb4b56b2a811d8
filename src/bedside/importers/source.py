"""Where an export's files come from: a folder, a zip, or one file, read safely and lazily.

Nothing is ever extracted to disk. Zip members are streamed, so a 2 GB export needs no more memory than
one chunk; members that would escape the folder (`../`, absolute paths), zip bombs (a member whose
declared size or compression ratio is absurd, or a total beyond the limit) are refused with a warning,
and a truncated or corrupt zip is read member by member from its local headers as far as it goes, under
the same limits, checked on the bytes as they inflate (a recovered member declares no trustworthy size).
Members in a compression this reader lacks (Deflate64, …) or encrypted are skipped with a warning.
"""

from __future__ import annotations

import importlib
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from bedside.model import InputError

MAX_RATIO = 200  # uncompressed / compressed; text and JSON stay far below this
RATIO_FLOOR = 1_000_000  # members smaller than this are never ratio-checked
MAX_MEMBER = 8_000_000_000  # bytes, one member
MAX_TOTAL = 32_000_000_000  # bytes, the whole archive uncompressed
MAX_MEMBERS = 1_000_000
HEAD = 8192  # bytes read to tell a member's format
CHUNK = 1 << 20
MAX_LINE = 8_000_000  # characters; a longer line (a post is at most 5 million) is skipped, never held whole
RAW_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what a recovered member may use (read by hand)


@dataclass
class Member:
    """One file of an export, with the first bytes that tell its format."""

    name: str  # posix path inside the export
    size: int
    head: bytes = b""
    kind: str = ""  # set by bedside.importers.sniff


class Opened(io.BufferedReader):
    """A member open for reading that can report damage found inside it (a skipped value) on its source."""

    def __init__(self, raw: io.RawIOBase, name: str, source: Source) -> None:
        super().__init__(raw, CHUNK)
        self.member = name
        self.source = source

    def warn(self, message: str) -> None:
        self.source.warn(f"{self.member}: {message}", damaged=True)


@dataclass
class Source:
    """An export opened for reading. `warnings` collects what was skipped and why."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    images: dict[str, Member] = field(default_factory=dict)  # image members by name, filled by plan()
    damaged: bool = False  # something could not be read (the run exits 2 after a partial report)

    def members(self) -> list[Member]:
        raise NotImplementedError

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def read(self, name: str, limit: int = 50_000_000) -> bytes:
        """A member's bytes, refused beyond `limit` (images, small JSON files)."""
        with self.open(name) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"{name} is larger than {limit:,} bytes")
        return data

    def close(self) -> None:
        """Release the file handle, if any."""

    def warn(self, message: str, *, damaged: bool = False) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
        self.damaged = self.damaged or damaged


def open_source(path: Path) -> Source:
    """The export at `path`: a folder, a zip (by its magic bytes, not its name) or a single file."""
    if not path.exists():
        raise InputError(f"not found: {path}")
    if path.is_dir():
        return FolderSource(path)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"PK":
        return ZipSource(path)
    return FileSource(path)


class FolderSource(Source):
    def members(self) -> list[Member]:
        found: list[Member] = []
        root = self.path.resolve()
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(files):
                full = Path(folder) / file
                if full.is_symlink() and not full.resolve().is_relative_to(root):
                    self.warn(f"skipped {full.relative_to(root)}: a link that points outside the folder")
                    continue
                if not full.is_file() or file.startswith("."):
                    continue
                found.append(Member(full.relative_to(root).as_posix(), full.stat().st_size))
                if len(found) > MAX_MEMBERS:
                    raise InputError(f"more than {MAX_MEMBERS:,} files in {self.path}")
        return found

    def open(self, name: str) -> IO[bytes]:
        return Opened(io.FileIO(self.path / name), name, self)


class FileSource(Source):
    def members(self) -> list[Member]:
        return [Member(self.path.name, self.path.stat().st_size)]

    def open(self, name: str) -> IO[bytes]:
        return Opened(io.FileIO(self.path), name, self)


def safe_name(name: str) -> str | None:
    """The member's path if it stays inside the export, else None (`../x`, `/etc/x`, `C:\\x`)."""
    cleaned = name.replace("\\", "/")
    posix = PurePosixPath(cleaned)
    if posix.is_absolute() or ".." in posix.parts or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    return posix.as_posix()


class ZipSource(Source):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._zip: zipfile.ZipFile | None = None
        self._recovered: dict[str, tuple[int, int, int, int]] = {}  # name -> offset, method, csize, usize
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
                struct.error) as error:  # ValueError covers a name that is not the UTF-8 it claims
            self.warn(f"{path.name} is damaged ({error}); reading what its entries still hold", damaged=True)

    def members(self) -> list[Member]:
        if self._zip is None:
            return self._recover()
        found: list[Member] = []
        total = 0
        for info in self._zip.infolist():
            if info.filename.endswith("/"):  # a folder (is_dir() fails on a damaged, empty name)
                continue
            name = safe_name(info.filename) if info.filename else None
            if name is None:
                self.warn(f"skipped {info.filename!r}: its path leads outside the archive")
                continue
            if _is_bomb(info.file_size, info.compress_size):
                self.warn(f"skipped {name}: it would expand to {info.file_size:,} bytes (a zip bomb?)")
                continue
            unreadable = _unreadable(info.compress_type, info.flag_bits)
            if unreadable:
                self.warn(f"skipped {name}: {unreadable}", damaged=True)
                continue
            total += info.file_size
            if total > MAX_TOTAL:
                self.warn(f"stopped at {name}: the archive would expand beyond {MAX_TOTAL:,} bytes", damaged=True)
                break
            found.append(Member(name, info.file_size))
            if len(found) > MAX_MEMBERS:
                raise InputError(f"more than {MAX_MEMBERS:,} files in {self.path.name}")
        return found

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            try:
                inner = self._zip.open(name)
            except (ValueError, NotImplementedError, RuntimeError, EOFError, struct.error) as error:
                raise zipfile.BadZipFile(f"{name} cannot be read ({error})") from error
            return Opened(_Guarded(inner, name, self), name, self)
        offset, method, size, usize = self._recovered[name]
        return Opened(_Guarded(_RawMember(self.path, offset, method, size, usize), name, self), name, self)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def _recover(self) -> list[Member]:
        """Walk the local file headers of a zip whose central directory is missing (a truncated download),
        under the limits the central directory path applies, on sizes measured rather than declared."""
        found: list[Member] = []
        total = 0
        with self.path.open("rb") as handle:
            position = 0
            while len(found) <= MAX_MEMBERS:
                entry = _local_entry(handle, position)
                if entry is None:
                    break
                if entry.size is None:
                    self.warn(f"stopped at {entry.label}: where its data ends cannot be found", damaged=True)
                    break
                position = entry.data_at + entry.size + (16 if entry.flags & 0x08 else 0)
                problem, stop = _refusal(entry, total)
                if problem:
                    self.warn(problem, damaged=entry.name is not None)  # a path outside is refused, not damage
                    if stop:
                        break
                elif entry.name is not None and not entry.name.endswith("/"):
                    total += entry.usize
                    self._recovered[entry.name] = (entry.data_at, entry.method, entry.size, entry.usize)
                    found.append(Member(entry.name, entry.usize))
        if not found:
            self.warn(f"nothing could be read from {self.path.name}: it is not a readable zip", damaged=True)
        return found


@dataclass
class _LocalEntry:
    """A zip member as its local header and a measurement of its data describe it."""

    raw_name: bytes
    name: str | None  # None: the path leads outside the archive
    method: int
    flags: int
    data_at: int
    size: int | None  # compressed bytes; None when where the data ends cannot be found
    usize: int
    bomb: bool
    unreadable: str

    @property
    def label(self) -> str:
        return self.name or repr(self.raw_name)


def _local_entry(handle: IO[bytes], position: int) -> _LocalEntry | None:
    """The member whose local header is at `position`, or None where no header is."""
    handle.seek(position)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    (_, _, flags, method, _, _, _, csize, usize, name_len, extra_len) = struct.unpack("<IHHHHHIIIHH", header)
    raw_name = handle.read(name_len)
    data_at = position + 30 + name_len + extra_len
    unreadable = _unreadable(method, flags, RAW_METHODS)
    size: int | None = csize
    bomb = False
    if method == zipfile.ZIP_DEFLATED and not unreadable:  # measure: a header may lie, or say 0 (sizes after)
        measured, usize, bomb = _deflated_length(handle, data_at, None if flags & 0x08 else csize)
        if flags & 0x08:
            size = _descriptor_end(handle, data_at) if bomb else measured
    elif flags & 0x08:
        size, usize = _descriptor_end(handle, data_at), 0
    elif method == zipfile.ZIP_STORED:
        usize = csize
    return _LocalEntry(raw_name, safe_name(raw_name.decode("utf-8", errors="replace")), method, flags, data_at,
                       size, usize, bomb, unreadable)


def _refusal(entry: _LocalEntry, total: int) -> tuple[str, bool]:
    """(why the member is not taken, whether the walk stops there); ('', False) when it is taken."""
    if entry.name is None:
        return f"skipped {entry.raw_name!r}: its path leads outside the archive", False
    if entry.name.endswith("/"):
        return "", False
    if entry.unreadable:
        return f"skipped {entry.name}: {entry.unreadable}", False
    if entry.bomb or _is_bomb(entry.usize, entry.size or 0):
        return f"skipped {entry.name}: it expands beyond {min(entry.usize, MAX_MEMBER):,} bytes (a zip bomb?)", False
    if total + entry.usize > MAX_TOTAL:
        return f"stopped at {entry.name}: the archive would expand beyond {MAX_TOTAL:,} bytes", True
    return "", False


def _unreadable(method: int, flags: int, methods: tuple[int, ...] | None = None) -> str:
    """Why a member cannot be read ('' when it can): encrypted, or a compression this reader lacks."""
    if flags & 0x01:
        return "it is encrypted"
    if method not in (methods or _zip_methods()):
        return f"it uses a compression bedside cannot read (method {method}, e.g. Deflate64)"
    return ""


def _descriptor_end(handle: IO[bytes], start: int) -> int | None:
    """The compressed size of the entry at `start` whose sizes follow its data, found without inflating it:
    the data descriptor (PK\\x07\\x08, crc, compressed size, size) whose size is its distance from `start`."""
    handle.seek(start)
    carry, offset = b"", 0  # offset: of the block's first byte from start
    while chunk := handle.read(CHUNK):
        block = carry + chunk
        index = block.find(b"PK\x07\x08")
        while 0 <= index <= len(block) - 12:
            if struct.unpack_from("<I", block, index + 8)[0] == offset + index:
                return offset + index
            index = block.find(b"PK\x07\x08", index + 1)
        carry = block[-15:]
        offset += len(block) - len(carry)
    return None


def _zip_methods() -> tuple[int, ...]:
    """Stored and deflate always; bzip2 and lzma when this Python has them."""
    methods = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]
    for method, module in ((zipfile.ZIP_BZIP2, "bz2"), (zipfile.ZIP_LZMA, "lzma")):
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        methods.append(method)
    return tuple(methods)


def _is_bomb(size: int, compressed: int) -> bool:
    if size > MAX_MEMBER:
        return True
    return size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)


def _deflated_length(handle: IO[bytes], start: int, size: int | None) -> tuple[int, int, bool]:
    """(compressed, expanded bytes, bomb) of the deflate stream at `start` (to the end of the file if cut;
    `size` bytes when the header says). Inflation stops, in bounded time and memory, as soon as the output
    breaks a bomb limit (bomb is then True)."""
    handle.seek(start)
    inflater = zlib.decompressobj(-15)
    used = expanded = 0
    left = size if size is not None else MAX_TOTAL
    while not inflater.eof and left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        data = chunk
        try:
            while data and not inflater.eof:
                expanded += len(inflater.decompress(data, CHUNK))
                data = inflater.unconsumed_tail
                if _is_bomb(expanded, used + len(chunk) - len(data)):
                    return used + len(chunk), expanded, True
        except zlib.error:
            break
        used += len(chunk) - len(inflater.unused_data) - len(data)
        if inflater.unused_data:
            break
    return used, expanded, False


class _RawMember(io.RawIOBase):
    """A member read straight from its local header: stored or deflated, stopping cleanly where the file ends,
    and never yielding more than the `expanded` bytes measured when the archive was listed."""

    def __init__(self, path: Path, offset: int, method: int, size: int, expanded: int) -> None:
        self._handle = path.open("rb")
        self._handle.seek(offset)
        self._left = size
        self._room = expanded
        self._inflater = zlib.decompressobj(-15) if method == zipfile.ZIP_DEFLATED else None
        self._tail = b""  # compressed bytes not inflated yet
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and (self._left > 0 or self._tail) and self._room > 0:
            if not self._tail:
                chunk = self._handle.read(min(CHUNK, self._left))
                if not chunk:
                    break
                self._left -= len(chunk)
                if self._inflater is None:
                    self._pending = chunk
                    continue
                self._tail = chunk
            assert self._inflater is not None
            try:
                self._pending = self._inflater.decompress(self._tail, CHUNK)
                self._tail = self._inflater.unconsumed_tail
            except zlib.error:
                self._left, self._tail = 0, b""
            if self._inflater.eof:
                self._left, self._tail = 0, b""
        count = min(len(buffer), len(self._pending), self._room)
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        self._room -= count
        return count

    def close(self) -> None:
        self._handle.close()
        super().close()


class _Guarded(io.RawIOBase):
    """A member stream that turns a damaged entry (bad CRC, cut deflate data) into a warning and an early end."""

    def __init__(self, inner: IO[bytes] | io.RawIOBase, name: str, source: Source) -> None:
        self._inner = inner
        self._name = name
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
                NotImplementedError, struct.error, _LZMAError) as error:  # each a way a damaged entry fails
            self._source.warn(f"{self._name} is damaged ({error}); read as far as it goes", damaged=True)
            return 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _lzma_error() -> type[Exception]:
    try:
        import lzma
    except ImportError:
        return zlib.error
    return lzma.LZMAError


_LZMAError = _lzma_error()


def lines(source: Source, name: str, *, newline: str | None = None, limit: int | None = None,
          encoding: str = "utf-8-sig") -> Iterator[str]:
    """The member's text line by line (bad bytes replaced), endings kept. A line longer than `limit`
    characters is read through in pieces, never held whole, and skipped with a warning naming it (it is
    yielded as an empty line, so that the line numbers after it hold)."""
    limit = limit or MAX_LINE
    with source.open(name) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=newline)
        number = 0
        while line := text.readline(limit + 1):
            number += 1
            if len(line) <= limit:
                yield line
                continue
            while line and not line.endswith(("\n", "\r")):
                line = text.readline(CHUNK)
            source.warn(f"{name}: line {number} is longer than {limit:,} characters; skipped", damaged=True)
            yield "\n"


def iter_heads(source: Source) -> Iterator[Member]:
    """Every member with its first bytes filled in (one small read each)."""
    for member in source.members():
        try:
            with source.open(member.name) as stream:
                member.head = stream.read(HEAD)
        except (OSError, KeyError, zipfile.BadZipFile, zlib.error, EOFError) as error:
            source.warn(f"skipped {member.name}: {error}", damaged=True)
            continue
        yield member
