"""Stream the elements of a JSON array from a file of any size, one element in memory at a time.

Exports put millions of items in one array (`window.YTD.tweets.part0 = [...]`, an ActivityPub
`orderedItems`, a Meta `messages` list). `json.load` would hold the whole file; here the C decoder parses
one element at a time from a sliding buffer. A truncated file yields every complete element and then
raises `Truncated`, so the caller can report what it read. A value nested too deep for the decoder is
skipped (read as null) with a warning on the stream's source, and the elements after it are still read.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 20
MAX_ELEMENT = 256 * CHUNK  # a single element larger than this is corrupt, not a post
_NOT_BLANK = re.compile(r"[^ \t\r\n]")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)  # a string, or a bracket
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
        self._warn = getattr(stream, "warn", None)  # a member stream reports damage on its source

    def more(self) -> bool:
        """Read on. As much again as is pending, so that a value retried as it grows costs linear time."""
        if self.eof:
            return False
        chunk = self._stream.read(max(CHUNK, len(self.text) - self.pos))
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
            blank = _NOT_BLANK.search(self.text, self.pos)  # in C: a file padded with gigabytes of spaces
            if blank is not None:
                self.pos = blank.start()
                return self.text[self.pos]
            self.pos = len(self.text)
            if not self.more():
                return ""

    def value(self) -> Any:
        """Decode the next complete JSON value, reading more when it runs past the buffer."""
        self.peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except RecursionError:
                at = self.pos
                self._skip()
                if self._warn is not None:
                    self._warn(f"skipped a value nested too deep to read (near character {at:,} of its chunk)")
                return None
            except json.JSONDecodeError as error:
                if len(self.text) - self.pos > MAX_ELEMENT or not self.more():
                    raise Truncated(f"broken JSON near character {error.pos}") from error
                continue
            if end == len(self.text) and not self.eof and not isinstance(value, (dict, list, str)):
                self.more()  # a number may continue in the next chunk
                continue
            self.pos = end
            return value

    def _skip(self) -> None:
        """Move past the array or object that starts here by counting its brackets (outside strings)."""
        depth, at = 0, self.pos
        while True:
            match = _TOKEN.search(self.text, at)
            if match is None or (match.end() == len(self.text) and match.group()[0] == '"' and not self.eof):
                offset = (match.start() if match else len(self.text)) - self.pos
                if len(self.text) - self.pos > MAX_ELEMENT or not self.more():
                    raise Truncated("the file ends inside a value nested too deep to read")
                at = offset  # more() moved what was pending to the start of the buffer
                continue
            at = match.end()
            token = match.group()
            if token in "[{":
                depth += 1
            elif token in "]}":
                depth -= 1
                if depth <= 0:
                    self.pos = at
                    return


def iter_array(stream: IO[bytes], key: str | None = None) -> Iterator[Any]:
    """Elements of the top-level array, or of every array under top-level `key` of an object.

    A JavaScript prefix such as `window.YTD.tweets.part0 = ` before the JSON is skipped. A key written
    twice is read both times: Mastodon 4.2-4.3 write `"orderedItems": [], "orderedItems": [...]`.
    """
    buffer = _Buffer(stream)
    first = _skip_prefix(buffer)
    if key is None:
        if first == "[":
            yield from _elements(buffer)
        return
    if first != "{":
        return
    buffer.pos += 1
    while _next_key(buffer, key):
        if buffer.peek() == "[":
            yield from _elements(buffer)
        else:
            buffer.value()


def iter_records(stream: IO[bytes], list_key: str, path: tuple[str, ...] = ()
                 ) -> Iterator[tuple[dict[str, Any], Iterator[Any]]]:
    """(fields, elements) for each object that carries a long list under `list_key`, the list streamed.

    The object is the top-level one when `path` is empty, else each object in the arrays under the nested
    keys `path` (a Telegram export: `{"chats": {"list": [{"name": …, "messages": [...]}, …]}}`). `fields`
    holds the values written before the list; the caller reads `elements` before asking for the next record.
    """
    buffer = _Buffer(stream)
    if _skip_prefix(buffer) != "{":
        return
    for _ in _at_path(buffer, path):
        if not path:
            yield from _record(buffer, list_key)
        elif buffer.peek() != "[":
            buffer.value()
        else:
            buffer.pos += 1
            while _next_element(buffer):
                if buffer.peek() == "{":
                    yield from _record(buffer, list_key)
                else:
                    buffer.value()


def _skip_prefix(buffer: _Buffer) -> str:
    """Skip `window.YTD.x.part0 = ` if present; the first character of the JSON value ('' if none)."""
    first = buffer.peek()
    if first in "[{":
        return first
    while True:
        at = buffer.text.find("=", buffer.pos)
        if at >= 0:
            buffer.pos = at + 1
            return buffer.peek()
        buffer.pos = len(buffer.text)
        if not buffer.more():
            return ""


def _next_element(buffer: _Buffer) -> bool:
    """Inside an array: move to its next element (True), or past its closing bracket (False)."""
    while True:
        char = buffer.peek()
        if char == "]":
            buffer.pos += 1
            return False
        if char == ",":
            buffer.pos += 1
            continue
        if char == "":
            raise Truncated("the file ends before its list closes")
        return True


def _elements(buffer: _Buffer) -> Iterator[Any]:
    """The elements of the array that starts here, one at a time; the buffer ends past its `]`."""
    buffer.pos += 1
    while _next_element(buffer):
        yield buffer.value()


def _at_path(buffer: _Buffer, path: tuple[str, ...]) -> Iterator[None]:
    """Stop at the value under each occurrence of the nested keys `path`; the caller reads that value."""
    if not path:
        yield
        return
    if buffer.peek() != "{":
        buffer.value()
        return
    buffer.pos += 1
    while _next_key(buffer, path[0]):
        yield from _at_path(buffer, path[1:])


def _record(buffer: _Buffer, list_key: str) -> Iterator[tuple[dict[str, Any], Iterator[Any]]]:
    """The object that starts here as (fields before `list_key`, its list streamed); the rest is skipped."""
    buffer.pos += 1
    fields: dict[str, Any] = {}
    while (name := _next_name(buffer)) is not None:
        if name == list_key and buffer.peek() == "[":
            elements = _elements(buffer)
            yield fields, elements
            for _ in elements:  # whatever the caller left unread
                pass
            while _next_name(buffer) is not None:
                buffer.value()
            return
        fields[name] = buffer.value()
    yield fields, iter(())


def _next_name(buffer: _Buffer) -> str | None:
    """Inside an object: the next key, the buffer left at its value; None once past the closing brace."""
    while True:
        char = buffer.peek()
        if char == "}":
            buffer.pos += 1
            return None
        if char == "":
            raise Truncated("the file ends before its object closes")
        if char == ",":
            buffer.pos += 1
            continue
        name = buffer.value()
        if buffer.peek() != ":":
            raise Truncated("broken JSON object")
        buffer.pos += 1
        return str(name)


def _next_key(buffer: _Buffer, key: str) -> bool:
    """Inside an object: move to the value of the next `key`, skipping (not keeping) other values."""
    while (name := _next_name(buffer)) is not None:
        if name == key:
            return True
        buffer.value()
    return False


def _seek_key(buffer: _Buffer, key: str) -> bool:
    """Move to the value of `key` in the object that starts here."""
    buffer.pos += 1
    return _next_key(buffer, key)


def first_value(stream: IO[bytes], key: str) -> Any:
    """The value of top-level `key` of a JSON object, reading only as far as it (e.g. `participants`)."""
    buffer = _Buffer(stream)
    if buffer.peek() != "{" or not _seek_key(buffer, key):
        return None
    return buffer.value()
