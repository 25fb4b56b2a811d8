"""Guidance packs: one TOML file per regulator, data an organisation can extend without code.

A pack names the countries and professions it covers, the documents it draws on, numbered expectations
paraphrased in our own words with the rule codes each supports, severity overrides, the identifiers that
matter there, and where to get medicolegal advice. Built-in packs live beside this file; folders named in
the settings (`packs = [...]`) or in the BEDSIDE_PACKS environment variable (separated by the path
separator) are read after them, and a pack there with the same `id` replaces the built-in one.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bedside.model import PROFESSIONS, SEVERITIES, InputError, Reference, Severity

BUILT_IN = Path(__file__).parent
DEFAULT_PACK = "gmc"


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    publisher: str
    year: int
    url: str

    def source(self) -> str:
        return f"{self.publisher}, {self.title} ({self.year})"


@dataclass(frozen=True)
class Paragraph:
    document: Document
    ref: str  # "para 17", "standard 20.6"
    text: str  # paraphrased in our own words
    rules: tuple[str, ...]

    def reference(self) -> Reference:
        return Reference(self.document.source(), self.ref, self.text, self.document.url)


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    countries: tuple[str, ...]
    professions: tuple[str, ...]
    documents: tuple[Document, ...]
    paragraphs: tuple[Paragraph, ...]
    advice: str
    severity: dict[str, Severity] = field(default_factory=dict, hash=False)
    identifiers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    path: str = ""

    def references(self, code: str) -> list[Reference]:
        return [p.reference() for p in self.paragraphs if code in p.rules or code[:4] in p.rules]

    def severity_for(self, code: str, severity: Severity) -> Severity:
        return self.severity.get(code, severity)


def parse(data: dict[str, Any], path: str = "") -> Pack:
    """Build a pack from its TOML data, or raise InputError saying what is wrong."""
    where = path or data.get("id", "pack")
    try:
        documents = {
            key: Document(key, d["title"], d["publisher"], int(d["year"]), d.get("url", ""))
            for key, d in data.get("documents", {}).items()
        }
        paragraphs = []
        for p in data.get("paragraphs", []):
            if p["document"] not in documents:
                raise InputError(f"{where}: paragraph {p.get('ref')} names unknown document {p['document']!r}")
            paragraphs.append(Paragraph(documents[p["document"]], p["ref"], p["text"], tuple(p["rules"])))
        pack = Pack(
            id=data["id"],
            name=data["name"],
            countries=tuple(c.upper() for c in data["countries"]),
            professions=tuple(data["professions"]),
            documents=tuple(documents.values()),
            paragraphs=tuple(paragraphs),
            advice=data["advice"],
            severity=dict(data.get("severity", {})),
            identifiers=tuple(data.get("identifiers", ())),
            extra={k: v for k, v in data.items() if k not in _KNOWN},
            path=path,
        )
    except KeyError as missing:
        raise InputError(f"{where}: missing field {missing}") from missing
    except (TypeError, ValueError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(f"{where}: {error}") from error
    for profession in pack.professions:
        if profession not in PROFESSIONS:
            raise InputError(f"{where}: unknown profession {profession!r}")
    for code, severity in pack.severity.items():
        if severity not in SEVERITIES:
            raise InputError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}")
    return pack


_KNOWN = {"id", "name", "countries", "professions", "documents", "paragraphs", "advice", "severity",
          "identifiers"}


def _folders(extra: tuple[str, ...]) -> list[Path]:
    env = [p for p in os.environ.get("BEDSIDE_PACKS", "").split(os.pathsep) if p]
    return [BUILT_IN, *(Path(p) for p in (*extra, *env))]


@cache
def load_packs(extra: tuple[str, ...] = ()) -> dict[str, Pack]:
    packs: dict[str, Pack] = {}
    for folder in _folders(extra):
        if not folder.is_dir():
            raise InputError(f"pack folder not found: {folder}")
        for path in sorted(folder.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise InputError(f"cannot read pack {path}: {error}") from error
            pack = parse(data, str(path))
            packs[pack.id] = pack
    return packs


def select_pack(country: str, profession: str, extra: tuple[str, ...] = ()) -> Pack:
    """The pack for this country and profession; the country's first pack; else the default pack."""
    packs = load_packs(extra)
    country = country.upper()
    in_country = [p for p in packs.values() if country in p.countries]
    for pack in in_country:
        if profession in pack.professions:
            return pack
    if in_country:
        return in_country[0]
    return packs[DEFAULT_PACK]
