"""Signals: what is in a post. They know nothing of guidance.

An extractor is a plain function registered under a typed key with `@extractor(KEY)`; it receives the
`Signals` of one post and returns the key's type (usually a list of `Signal`). `signals[KEY]` runs it the
first time it is asked for and caches the answer, so a rule that never asks for a costly signal (a
model) never pays for it. Extractors may ask for other signals the same way. The keys, with their types, are
in `bedside.signals.keys`: mypy checks every use.

Every module in this package is imported on first use, so a new signal is a new module: no list to edit.
A signal that is cheaper for many posts at once (a model's forward pass) also registers a batch form with
`@batch_extractor(KEY)`; `prefetch(many)` fills it for a batch of posts before their rules run.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from bedside.config import Config
    from bedside.model import Post

# Identifier kinds produced by the `identifiers` signal. Signals only say what a span is; which ones
# matter, and how much, is for the rules (and the packs) to decide.
IDENTIFIER_KINDS = {
    "name": "a person's name",
    "initials": "a person's initials where handovers put them: beside a bed or a date",
    "nhs-number": "NHS number (England, Wales, Isle of Man), mod-11 checked",
    "chi-number": "CHI number (Scotland), mod-11 checked with a valid date of birth",
    "hc-number": "Health and Care number (Northern Ireland), mod-11 checked",
    "ni-number": "National Insurance number",
    "hospital-number": "hospital, unit or medical record number",
    "national-id": "an identity or health number of another country, or a labelled driving licence or passport "
                   "number (attrs: country, scheme)",
    "date": "an absolute date",
    "date-of-birth": "a date given as a date of birth",
    "relative-date": "a relative date: today, last Tuesday, on Christmas Eve",
    "time": "a time of day",
    "age": "an age (attrs: years)",
    "postcode": "a UK postcode (full or district)",
    "postal-code": "a postal code of another country",
    "address": "a street address",
    "phone": "a telephone number",
    "email": "an email address",
    "url": "a web address",
    "handle": "a social media handle (@name)",
    "place": "a named place: town, village, city, region, country (attrs: population, kind)",
    "organisation": "a hospital, GP practice or other health organisation",
    "ward": "a ward, bay, bed or room",
    "card-number": "a payment card number, Luhn checked",
    "iban": "an IBAN, mod-97 checked",
    "ip-address": "an IPv4 or IPv6 address",
    "citation": "a reference to published work: a DOI, a PubMed or PMC id, a Cochrane review number",
}


@dataclass(frozen=True, slots=True)
class Signal:
    """A span of the post's text and what it is."""

    kind: str
    start: int
    end: int
    text: str
    label: str = ""  # what a redaction replaces it with, e.g. "NHS NUMBER"
    confidence: float = 1.0
    attrs: Mapping[str, Any] = field(default_factory=dict)


T = TypeVar("T")


class SignalKey(Generic[T]):
    """The name of a signal and, for the type checker, the type of its value."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"SignalKey({self.name!r})"


Extractor = Callable[["Signals"], Any]
BatchExtractor = Callable[[list["Signals"]], list[Any]]
_EXTRACTORS: dict[str, Extractor] = {}
_BATCH_EXTRACTORS: dict[str, BatchExtractor] = {}
_loaded = False


F = TypeVar("F", Extractor, BatchExtractor)


def _registrar(table: dict[str, F], name: str, what: str) -> Callable[[F], F]:
    def register(function: F) -> F:
        if name in table and table[name] is not function:
            raise ValueError(f"two {what} for signal {name!r}")
        table[name] = function
        return function

    return register


def extractor(key: SignalKey[T]) -> Callable[[Callable[[Signals], T]], Callable[[Signals], T]]:
    """Register a function as the extractor of the signal `key`; it must return the key's type."""
    return _registrar(_EXTRACTORS, key.name, "extractors")


def batch_extractor(key: SignalKey[T]) -> Callable[[Callable[[list[Signals]], list[T]]],
                                                   Callable[[list[Signals]], list[T]]]:
    """Register the batch form of signal `key`: the values for many posts, in their order."""
    return _registrar(_BATCH_EXTRACTORS, key.name, "batch extractors")


def prefetch(many: list[Signals]) -> None:
    """Compute every batchable signal for these posts at once; each post's rules then find it cached."""
    _load_all()
    for name, function in _BATCH_EXTRACTORS.items():
        todo = [signals for signals in many if name not in signals._cache]
        if todo:
            for signals, value in zip(todo, function(todo), strict=True):
                signals._cache[name] = value


def _load_all() -> None:
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True


class Signals:
    """The signals of one post, computed on demand and cached."""

    def __init__(self, post: Post, config: Config) -> None:
        self.post = post
        self.config = config
        self.warnings: list[str] = []
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: SignalKey[T]) -> T:
        name = key.name
        if name not in self._cache:
            _load_all()
            if name not in _EXTRACTORS:
                raise KeyError(f"no signal called {name!r}")
            self._cache[name] = _EXTRACTORS[name](self)
        value: T = self._cache[name]
        return value

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
