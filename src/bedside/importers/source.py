"""Where an export's files come from: a folder, a zip, or one file, read safely and lazily.

Nothing is ever extracted to disk. Zip members are streamed, so a 2 GB export needs no more memory than
one chunk; members that would escape the folder (`../`, absolute paths), zip bombs (a member whose
declared size or compression ratio is absurd, or a total beyond the limit) are refused with a warning,
and a truncated or corrupt zip is read member by member from its local headers as far as it goes.
"""

from __future__ import annotations

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


@dataclass
class Member:
    """One file of an export, with the first bytes that tell its format."""

    name: str  # posix path inside the export
    size: int
    head: bytes = b""
    kind: str = ""  # set by bedside.importers.sniff


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
        return (self.path / name).open("rb")


class FileSource(Source):
    def members(self) -> list[Member]:
        return [Member(self.path.name, self.path.stat().st_size)]

    def open(self, name: str) -> IO[bytes]:
        return self.path.open("rb")


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
        self._recovered: dict[str, tuple[int, int, int, int]] = {}  # name -> offset, method, csize, flags
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            self.warn(f"{path.name} is damaged ({error}); reading what its entries still hold", damaged=True)

    def members(self) -> list[Member]:
        if self._zip is None:
            return self._recover()
        found: list[Member] = []
        total = 0
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            name = safe_name(info.filename)
            if name is None:
                self.warn(f"skipped {info.filename!r}: its path leads outside the archive")
                continue
            if _is_bomb(info.file_size, info.compress_size):
                self.warn(f"skipped {name}: it would expand to {info.file_size:,} bytes (a zip bomb?)")
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
            return io.BufferedReader(_Guarded(self._zip.open(name), name, self), CHUNK)
        offset, method, size, flags = self._recovered[name]
        return io.BufferedReader(_Guarded(_RawMember(self.path, offset, method, size, flags), name, self), CHUNK)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def _recover(self) -> list[Member]:
        """Walk the local file headers of a zip whose central directory is missing (a truncated download)."""
        found: list[Member] = []
        with self.path.open("rb") as handle:
            position = 0
            while len(found) <= MAX_MEMBERS:
                handle.seek(position)
                header = handle.read(30)
                if len(header) < 30 or header[:4] != b"PK\x03\x04":
                    break
                (_, _, flags, method, _, _, _, csize, usize, name_len, extra_len) = struct.unpack(
                    "<IHHHHHIIIHH", header)
                raw_name = handle.read(name_len)
                data_at = position + 30 + name_len + extra_len
                name = safe_name(raw_name.decode("utf-8", errors="replace"))
                if flags & 0x08 and method == 8:  # sizes follow the data: inflate to find the end
                    csize = _deflated_length(handle, data_at)
                    usize = 0
                elif flags & 0x08:
                    self.warn(f"stopped at {name}: a stored entry of unknown length")
                    break
                if name is None:
                    self.warn(f"skipped {raw_name!r}: its path leads outside the archive")
                elif not name.endswith("/") and not _is_bomb(usize, csize):
                    self._recovered[name] = (data_at, method, csize, flags)
                    found.append(Member(name, usize or csize))
                position = data_at + csize + (16 if flags & 0x08 else 0)
        if not found:
            self.warn(f"nothing could be read from {self.path.name}: it is not a readable zip", damaged=True)
        return found


def _is_bomb(size: int, compressed: int) -> bool:
    if size > MAX_MEMBER:
        return True
    return size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)


def _deflated_length(handle: IO[bytes], start: int) -> int:
    """How many bytes the deflate stream starting at `start` occupies (to the end of the file if cut)."""
    handle.seek(start)
    inflater = zlib.decompressobj(-15)
    used = 0
    while not inflater.eof:
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        try:
            inflater.decompress(chunk, 0)
        except zlib.error:
            break
        used += len(chunk) - len(inflater.unused_data)
        if inflater.unused_data:
            break
    return used


class _RawMember(io.RawIOBase):
    """A member read straight from its local header: stored or deflated, stopping cleanly where the file ends."""

    def __init__(self, path: Path, offset: int, method: int, size: int, flags: int) -> None:
        self._handle = path.open("rb")
        self._handle.seek(offset)
        self._left = size
        self._inflater = zlib.decompressobj(-15) if method == 8 else None
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and self._left > 0:
            chunk = self._handle.read(min(CHUNK, self._left))
            if not chunk:
                break
            self._left -= len(chunk)
            if self._inflater is None:
                self._pending = chunk
                continue
            try:
                self._pending = self._inflater.decompress(chunk)
            except zlib.error:
                self._left = 0
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
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
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            self._source.warn(f"{self._name} is damaged ({error}); read as far as it goes", damaged=True)
            return 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


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
