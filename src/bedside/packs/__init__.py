"""Guidance packs: one TOML file per regulator, data an organisation can extend without code.

A pack names the countries and professions it covers, the documents it draws on, numbered expectations
paraphrased in our own words with the rule codes each supports, severity overrides, rules switched off and
thresholds, where complaints go, the law that frames a defamation question, and where to get
medicolegal advice. Built-in packs live beside this file; folders named in the settings
(`packs = [...]`) or in the BEDSIDE_PACKS environment variable (separated by the path separator) are read
after them, and a pack there with the same `id` replaces the built-in one. docs/packs.md has the schema.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bedside.model import PROFESSIONS, SEVERITIES, InputError, Reference, Severity, profession_of

BUILT_IN = Path(__file__).parent
DEFAULT_PACK = "gmc"
DEFAULT_COUNTRY = "GB"  # whose packs apply where no pack names the country
_CODE = re.compile(r"^[A-Z]{4}(?:\d{3})?$")  # a rule code (CONF001) or a family prefix (CONF)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


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
    ref: str  # "para 17", "standard 20.6", or a section name where the number is not certain
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
    path: str = ""
    notes: str = ""  # scope: who the pack is for, and what it stands in for
    complaints: Mapping[str, str] = field(default_factory=dict, hash=False)  # process, escalation, contact
    law: Mapping[str, str] = field(default_factory=dict, hash=False)  # privacy, defamation
    rules_off: tuple[str, ...] = ()  # rule codes or families this guidance does not ask for ([rules] off)
    jigsaw_threshold: float | None = None  # [thresholds] jigsaw: expected matches below which CONF002 reviews
    # [identity] professions: whose guidance asks them to give their name when they say what they are (IDEN001
    # at review); the others at info. None: every profession the pack covers.
    identity_professions: tuple[str, ...] | None = None
    # References by rule code, built once: every finding of a rule shares the same Reference objects (a
    # text dense with identifiers has a million findings; a copy of the guidance each took gigabytes).
    _references: dict[str, tuple[Reference, ...]] = field(default_factory=dict, init=False, hash=False,
                                                           compare=False, repr=False)

    def references(self, code: str) -> list[Reference]:
        """Paragraphs naming the rule itself first, then those naming its family (CONF, PROF …)."""
        shared = self._references.get(code)
        if shared is None:
            exact = [p.reference() for p in self.paragraphs if code in p.rules]
            family = [p.reference() for p in self.paragraphs if code not in p.rules and code[:4] in p.rules]
            shared = self._references[code] = (*exact, *family)
        return list(shared)

    def severity_for(self, code: str, severity: Severity) -> Severity:
        return self.severity.get(code, severity)


def parse(data: dict[str, Any], path: str = "") -> Pack:
    """Build a pack from its TOML data, or raise InputError saying what is wrong."""
    where = path or data.get("id", "pack")
    unknown = sorted(set(data) - _KNOWN)
    if unknown:  # a misspelled table would be ignored without a word
        raise InputError(f"{where}: unknown key {unknown[0]!r}; a pack has {', '.join(sorted(_KNOWN))}")
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
            path=path,
            notes=str(data.get("notes", "")),
            complaints=_strings(data.get("complaints", {}), "complaints"),
            law=_strings(data.get("law", {}), "law"),
            rules_off=_switched_off(data.get("rules", {})),
            jigsaw_threshold=_thresholds(data.get("thresholds", {})).get("jigsaw"),
            identity_professions=_identity(data.get("identity")),
        )
    except KeyError as missing:
        raise InputError(f"{where}: missing field {missing}") from missing
    except (TypeError, ValueError, AttributeError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(f"{where}: {error}") from error
    problems = validate(pack)
    if problems:
        raise InputError(f"{where}: {problems[0]}")
    return pack


def _switched_off(table: Any) -> tuple[str, ...]:
    if not isinstance(table, dict) or set(table) - {"off"} or not isinstance(table.get("off", []), list):
        raise ValueError("[rules] takes one key, off: a list of rule codes or families")
    return tuple(str(code).upper() for code in table.get("off", []))


def _identity(table: Any) -> tuple[str, ...] | None:
    if table is None:
        return None
    if not isinstance(table, dict) or set(table) != {"professions"} or not isinstance(table["professions"], list):
        raise ValueError("[identity] takes one key, professions: a list of professions")
    return tuple(str(p) for p in table["professions"])


def _thresholds(table: Any) -> dict[str, float]:
    if not isinstance(table, dict) or set(table) - THRESHOLDS:
        raise ValueError(f"[thresholds] takes {', '.join(sorted(THRESHOLDS))}")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in table.values()):
        raise ValueError("[thresholds] values must be positive numbers")
    return {k: float(v) for k, v in table.items()}


def _strings(table: Any, name: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError(f"[{name}] must be a table of strings")
    return dict(table)


def validate(pack: Pack) -> list[str]:
    """Everything wrong with a pack, as one line each (an empty list when it is sound)."""
    problems: list[str] = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pack.id):
        problems.append(f"id {pack.id!r} must be lower-case letters, digits and hyphens")
    if not pack.countries or any(not _COUNTRY.match(c) for c in pack.countries):
        problems.append("countries must be two-letter codes (GB, IE, AU …)")
    if not pack.professions:
        problems.append("professions must not be empty")
    problems += [f"unknown profession {p!r}" for p in pack.professions if p not in PROFESSIONS]
    problems += [
        f"severity of {code} must be one of {', '.join(SEVERITIES)}"
        for code, severity in pack.severity.items() if severity not in SEVERITIES
    ]
    problems += [f"severity names {code!r}, which is not a rule code"
                 for code in pack.severity if not _CODE.match(code)]
    problems += [f"[identity] names unknown profession {p!r}" for p in pack.identity_professions or ()
                 if p not in PROFESSIONS]
    problems += [f"[rules] off names {code!r}, which is not a rule code" for code in pack.rules_off
                 if not _CODE.match(code)]
    if not pack.advice.strip():
        problems.append("advice must say where to get medicolegal advice")
    if not pack.paragraphs:
        problems.append("a pack needs at least one paragraph")
    for document in pack.documents:
        if document.url and not document.url.startswith("https://"):
            problems.append(f"document {document.key}: url must start with https://")
        if not 1900 < document.year < 2100:
            problems.append(f"document {document.key}: year {document.year} is not plausible")
    for paragraph in pack.paragraphs:
        if not paragraph.text.strip() or not paragraph.ref.strip():
            problems.append(f"paragraph {paragraph.ref!r} needs a ref and a text")
        if not paragraph.rules:
            problems.append(f"paragraph {paragraph.ref!r} supports no rule")
        problems += [f"paragraph {paragraph.ref!r}: {code!r} is not a rule code" for code in paragraph.rules
                     if not _CODE.match(code)]
    return problems


_KNOWN = {"id", "name", "countries", "professions", "documents", "paragraphs", "advice", "severity",
          "notes", "complaints", "law", "rules", "thresholds", "identity"}
THRESHOLDS = frozenset({"jigsaw"})


def _folders(extra: tuple[str, ...]) -> tuple[Path, ...]:
    env = [p for p in os.environ.get("BEDSIDE_PACKS", "").split(os.pathsep) if p]
    return (BUILT_IN, *(Path(p) for p in (*extra, *env)))


def load_packs(extra: tuple[str, ...] = ()) -> dict[str, Pack]:
    """Every pack by id: built-in ones, then those of the extra folders and BEDSIDE_PACKS, later winning."""
    return _load(_folders(tuple(extra)))


@cache
def _load(folders: tuple[Path, ...]) -> dict[str, Pack]:
    packs: dict[str, Pack] = {}
    for folder in folders:
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
    """The pack for this country and profession; else the country's first pack; else, for a country
    without a pack, the UK pack for the profession (GMC for doctors, NMC for nurses …).

    Packs are tried last-loaded first, so a pack from an organisation's folder that names the same
    country and profession as a built-in one (under another id) is preferred over it.
    """
    packs = load_packs(extra)
    country = country.upper()
    profession = profession_of(profession)  # "Paramedic" is HCPC's, "practice manager" the practice pack's
    in_country = [p for p in reversed(packs.values()) if country in p.countries]
    for pack in in_country:
        if profession in pack.professions:
            return pack
    if in_country:
        return in_country[-1]
    if country != DEFAULT_COUNTRY:
        return select_pack(DEFAULT_COUNTRY, profession, extra)
    return packs[DEFAULT_PACK]


def known_countries(extra: tuple[str, ...] = ()) -> list[str]:
    """Every country some pack names, built-in or from the extra folders."""
    return sorted({c for pack in load_packs(extra).values() for c in pack.countries})


def require_country(country: str, extra: tuple[str, ...] = ()) -> str:
    """The country code, upper-cased, if a pack names it; else an InputError listing those that do (the
    command line refuses a typo rather than quietly applying the UK's guidance)."""
    code = country.strip().upper()
    known = known_countries(extra)
    if code not in known:
        raise InputError(f"no guidance pack for country {country!r}; known: {', '.join(known)}")
    return code
