"""Stream the elements of a JSON array from a file of any size, one element in memory at a time.

Exports put millions of items in one array (`window.YTD.tweets.part0 = [...]`, an ActivityPub
`orderedItems`, a Meta `messages` list). `json.load` would hold the whole file; here the C decoder parses
one element at a time from a sliding buffer. A truncated file yields every complete element and then
raises `Truncated`, so the caller can report what it read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 20
MAX_ELEMENT = 256 * CHUNK  # a single element larger than this is corrupt, not a post
_WHITESPACE = " \t\r\n"
_decoder = json.JSONDecoder()


class Truncated(ValueError):
    """The JSON ended (or broke) before the array closed; everything before was yielded."""


class _Buffer:
    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decode = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self._stream.read(CHUNK)
        if not chunk:
            self.eof = True
            self.text = self.text[self.pos :] + self._decode.decode(b"", final=True)
        else:
            self.text = self.text[self.pos :] + self._decode.decode(chunk)
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-blank character ('' at the end), skipping blanks."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self) -> Any:
        """Decode the next complete JSON value, reading more when it runs past the buffer."""
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if len(self.text) - self.pos > MAX_ELEMENT or not self.more():
                    raise Truncated(f"broken JSON near character {error.pos}") from error
                continue
            if end == len(self.text) and not self.eof and not isinstance(value, (dict, list, str)):
                self.more()  # a number may continue in the next chunk
                continue
            self.pos = end
            return value


def iter_array(stream: IO[bytes], key: str | None = None) -> Iterator[Any]:
    """Elements of the top-level array, or of the array under top-level `key` of an object.

    A JavaScript prefix such as `window.YTD.tweets.part0 = ` before the JSON is skipped.
    """
    buffer = _Buffer(stream)
    first = buffer.peek()
    if first not in "[{":  # `window.YTD.x.part0 = [` ...
        while True:
            at = buffer.text.find("=", buffer.pos)
            if at >= 0:
                buffer.pos = at + 1
                break
            buffer.pos = len(buffer.text)
            if not buffer.more():
                return
        first = buffer.peek()
    if key is not None:
        if first != "{" or not _seek_key(buffer, key):
            return
        first = buffer.peek()
    if first != "[":
        return
    buffer.pos += 1
    while True:
        char = buffer.peek()
        if char == "]":
            return
        if char == ",":
            buffer.pos += 1
            continue
        if char == "":
            raise Truncated("the file ends before its list closes")
        yield buffer.value()


def _seek_key(buffer: _Buffer, key: str) -> bool:
    """Move to the value of `key` in the object that starts here, skipping (not keeping) other values."""
    buffer.pos += 1
    while True:
        char = buffer.peek()
        if char in ("}", ""):
            return False
        if char == ",":
            buffer.pos += 1
            continue
        name = buffer.value()
        if buffer.peek() != ":":
            raise Truncated("broken JSON object")
        buffer.pos += 1
        if name == key:
            return True
        buffer.value()


def first_value(stream: IO[bytes], key: str) -> Any:
    """The value of top-level `key` of a JSON object, reading only as far as it (e.g. `participants`)."""
    buffer = _Buffer(stream)
    if buffer.peek() != "{" or not _seek_key(buffer, key):
        return None
    return buffer.value()
