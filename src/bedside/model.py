"""The data that flows through bedside: a Post goes in, a Report with Findings comes out.

Spans are Python string offsets (code points) into the text exactly as given. Everything here is plain
data, serialisable to JSON with `to_dict()`; the JSON output of every command is this data.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from copy import deepcopy
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

Kind = Literal["post", "reply", "message", "friend-request", "profile"]
Audience = Literal["public", "followers", "group", "private"]
Severity = Literal["info", "review", "do-not-post"]
Verdict = Literal["ok", "review", "do-not-post"]
Category = Literal[
    "patient-identifier",
    "personal-data",
    "jigsaw",
    "image-text",
    "image-metadata",
    "face",
    "dicom",
    "derogatory",
    "offensive",
    "harassment",
    "hate",
    "sexual",
    "misinformation",
    "political-religious",
    "venting",
    "identity",
    "conflict-of-interest",
    "boundaries",
    "complaint-reply",
    "defamation",
    "private-channel",
]
Profession = Literal["doctor", "nurse", "midwife", "allied-health", "pharmacist", "dentist", "student",
                     "practice-manager"]

KINDS: tuple[str, ...] = get_args(Kind)
AUDIENCES: tuple[str, ...] = get_args(Audience)
SEVERITIES: tuple[str, ...] = get_args(Severity)
CATEGORIES: tuple[str, ...] = get_args(Category)
PROFESSIONS: tuple[str, ...] = get_args(Profession)
# What people call themselves, mapped to the profession whose pack applies (HCPC regulates paramedics and
# physiotherapists; the NMC midwives); spaces and case do not matter.
PROFESSION_ALIASES = {
    "paramedic": "allied-health", "physiotherapist": "allied-health", "physio": "allied-health",
    "occupational-therapist": "allied-health", "radiographer": "allied-health", "dietitian": "allied-health",
    "allied-health-professional": "allied-health", "ahp": "allied-health", "gp": "doctor",
    "pharmacy-technician": "pharmacist", "dental-nurse": "dentist", "dental-hygienist": "dentist",
    "dental-therapist": "dentist", "medical-student": "student", "manager": "practice-manager",
}

SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}  # the one severity order: Severity's


class InputError(ValueError):
    """Bad input from the user: shown as one line, never as a traceback."""


@dataclass(frozen=True)
class Attachment:
    """An image given as bytes, with the name its findings call it by ("report.png", the DICOM file's name)."""

    data: bytes
    name: str = ""


@dataclass
class Post:
    """What the author is about to publish, and the context that changes how it should be judged. An image is
    a path (named by its file name), bytes, or an Attachment: bytes with their name."""

    text: str = ""
    images: list[str | Path | bytes | Attachment] = field(default_factory=list)
    kind: Kind = "post"
    audience: Audience = "public"
    platform: str | None = None
    created_at: datetime | None = None
    country: str = "GB"
    profession: Profession = "doctor"
    profile: str | None = None
    reply_to: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError("post text must be a string")
        _check_choice("kind", self.kind, KINDS)
        _check_choice("audience", self.audience, AUDIENCES)
        self.profession = profession_of(self.profession)  # type: ignore[assignment]
        self.country = (self.country or "GB").upper()
        if isinstance(self.created_at, str):
            try:
                self.created_at = datetime.fromisoformat(self.created_at)
            except ValueError as error:
                raise InputError(f"created_at is not an ISO date or date-time: {self.created_at!r}") from error


def profession_of(value: str) -> str:
    """The profession a user's word names ("Paramedic", "practice manager"), or an InputError listing the
    known ones."""
    word = "-".join(str(value).strip().lower().replace("_", " ").split())
    word = PROFESSION_ALIASES.get(word, word)
    if word not in PROFESSIONS:
        raise InputError(f"profession must be one of {', '.join(PROFESSIONS)} (or a word for one: "
                         f"{', '.join(sorted(PROFESSION_ALIASES))}); got {value!r}")
    return word


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InputError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


@dataclass(frozen=True)
class Box:
    """A rectangle in an image, in pixels of the image as given (x, y is the top-left corner)."""

    image: int
    x: int
    y: int
    width: int
    height: int
    page: int = 0  # frame of a multi-frame image (DICOM, GIF)


@dataclass(frozen=True)
class Reference:
    """A paragraph of professional guidance that a finding rests on."""

    source: str  # e.g. "GMC, Using social media as a medical professional (2024)"
    paragraph: str  # e.g. "para 17"
    text: str  # the expectation, paraphrased in our own words
    url: str = ""

    def cite(self) -> str:
        return f"{self.source}, {self.paragraph}"


@dataclass(frozen=True)
class Amendment:
    """How a rewrite may take out what a finding flags, where redaction cannot: the text from `start` to `end`
    replaced by `text` (a label by neutral words; a sentence holding an insult by nothing; a false claim by
    where the evidence is). Rules say this; the rewrite applies it and checks the result again."""

    start: int
    end: int
    text: str = ""


@dataclass
class Finding:
    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    box: Box | None = None
    references: list[Reference] = field(default_factory=list)
    fix: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    amendment: Amendment | None = None

    def to_dict(self, *, only: tuple[str, ...] | None = None,
                reference: Callable[[Reference], Any] | None = None) -> dict[str, Any]:
        """The finding as JSON data: every field, or `only` these, in their order; box, details and amendment
        only when set. `reference` says how a guidance paragraph is written (default: its fields; the audit
        store writes an id and keeps each paragraph once)."""
        data: dict[str, Any] = {}
        for name in only or FINDING_FIELDS:
            value = getattr(self, name)
            if name == "references":
                value = [reference(r) if reference else dict(_reference_dict(r)) for r in value]
            elif name in ("box", "amendment"):
                if value is None:
                    continue
                value = asdict(value)
            elif name == "details":
                if not value:
                    continue
                value = deepcopy(value)  # asdict() would also deep-copy every reference of every finding
            data[name] = value
        return data


FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@lru_cache(maxsize=4096)
def _reference_dict(reference: Reference) -> dict[str, Any]:
    return asdict(reference)


@dataclass(frozen=True)
class Redaction:
    """A stretch of the text that the redacted version replaces with [label], and the rules it came from."""

    start: int
    end: int
    label: str
    codes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "codes": list(self.codes)}


@dataclass(frozen=True)
class Suggestion:
    """A neutral rewrite of a post that redaction alone could not make safe: each amendable finding amended,
    identifiers still replaced, and checked again with nothing left that needs a rewrite."""

    text: str
    codes: tuple[str, ...]  # the findings it answers

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "codes": list(self.codes)}


@dataclass
class Report:
    verdict: Verdict
    findings: list[Finding]
    redacted: str
    warnings: list[str] = field(default_factory=list)
    pack: str = ""
    redactions: list[Redaction] = field(default_factory=list)  # merged (engine.merge_redactions): in order, apart
    suggestion: Suggestion | None = None  # where rewrite_needed is not empty and a safe rewrite was found

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    @property
    def rewrite_needed(self) -> list[Finding]:
        """Findings at review or worse that the redacted text still carries: replacing identifiers cannot fix
        an insult, a false claim or an allegation, so the redacted text is no safe version while these stand.
        Image findings are left to the image's own redaction."""
        starts = [r.start for r in self.redactions]  # merged: sorted and apart, so one bisection each
        return [f for f in self.findings
                if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["review"] and f.box is None
                and not self._covered(f, starts)]

    def _covered(self, finding: Finding, starts: list[int]) -> bool:
        if finding.start is None or finding.end is None:
            return False
        at = bisect.bisect_right(starts, finding.start) - 1
        return at >= 0 and finding.end <= self.redactions[at].end

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "findings": [finding.to_dict() for finding in self.findings],
            "redacted": self.redacted,
            "redactions": [r.to_dict() for r in self.redactions],
            "rewrite_needed": [{"code": f.code, "start": f.start, "end": f.end, "reason": f.message, "fix": f.fix}
                               for f in self.rewrite_needed],
            "suggestion": None if self.suggestion is None else self.suggestion.to_dict(),
            "warnings": list(self.warnings),
            "pack": self.pack,
        }


def verdict_of(findings: list[Finding]) -> Verdict:
    """The highest severity among the findings, info counting as ok."""
    rank = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
    verdicts: tuple[Verdict, ...] = ("ok", "review", "do-not-post")
    return verdicts[rank]
