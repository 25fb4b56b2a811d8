"""The JSON the web API takes and gives, as Pydantic models, so the OpenAPI document describes it exactly.

What a check gives back (a finding, a redaction, a suggestion) is generated from `bedside.model`'s dataclasses,
so the API's schema cannot drift from the data the engine makes. Limits here are the API's own bad-input
checks: a field out of range is a 422 naming the field.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from bedside.model import Audience, Finding, Kind, Profession, Redaction, Reference, Severity, Suggestion, Verdict
from bedside.web.fixes import for_the_page

MAX_TEXT = 200_000  # characters in one post, reply or complaint: far beyond any platform's limit


def _country() -> Any:
    return Field(default="GB", pattern=r"^[A-Za-z]{2}$", description="Two-letter country code: GB, IE, AU, NZ, US…")



class Settings(BaseModel):
    """The user's settings page, sent with every request (kept in the browser's localStorage)."""

    model_config = ConfigDict(extra="forbid")
    ignore: list[str] = Field(default_factory=list, max_length=200, description="Rule codes or prefixes switched off")
    select: list[str] = Field(default_factory=list, max_length=200, description="Only these rule codes or prefixes")
    allow: list[str] = Field(default_factory=list, max_length=200,
                             description="Your own name, practice or phone: never flagged")
    jigsaw_threshold: float | None = Field(default=None, gt=0, le=1_000_000,
                                           description="Expected matching people below which a post is reviewed")


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEXT)
    kind: Kind = "post"
    audience: Audience = "public"
    platform: str | None = Field(default=None, max_length=50)
    country: str = _country()
    profession: Profession = "doctor"
    profile: str | None = Field(default=None, max_length=10_000)
    reply_to: str | None = Field(default=None, max_length=MAX_TEXT)
    settings: Settings = Field(default_factory=lambda: Settings())


class RedactRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEXT)
    country: str = _country()
    profession: Profession = "doctor"
    settings: Settings = Field(default_factory=lambda: Settings())


class ReplyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    complaint: str = Field(min_length=1, max_length=MAX_TEXT)
    draft: str = Field(default="", max_length=MAX_TEXT, description="Your draft reply, to check; empty to skip")
    suggest: bool = Field(default=True, description="Also write a compliant reply")
    country: str = _country()
    profession: Profession = "doctor"
    practice: str | None = Field(default=None, max_length=200)
    contact: str | None = Field(default=None, max_length=200)
    settings: Settings = Field(default_factory=lambda: Settings())


def from_model(cls: type[Any], name: str, *, leave_out: tuple[str, ...] = (),
               validators: dict[str, Any] | None = None) -> type[BaseModel]:
    """A response model with the fields, types and defaults of one of bedside.model's dataclasses."""
    hints = get_type_hints(cls)
    fields: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        if spec.name in leave_out:
            continue
        if spec.default is not dataclasses.MISSING:
            default: Any = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            default = Field(default_factory=spec.default_factory)
        else:
            default = ...
        fields[spec.name] = (hints[spec.name], default)
    return create_model(name, __validators__=validators, **fields)


def _fix_on_the_page(cls: type[BaseModel], fix: str) -> str:
    return for_the_page(fix)


_FIX_ON_THE_PAGE = {"fix_on_the_page": field_validator("fix")(classmethod(_fix_on_the_page))}

if TYPE_CHECKING:  # mypy cannot follow a generated class; to it these are plain models
    FindingOut = BaseModel
    Span = BaseModel
    SuggestionOut = BaseModel
else:
    # the amendment is the rewrite's working data, not part of the answer
    FindingOut = from_model(Finding, "FindingOut", leave_out=("amendment",), validators=_FIX_ON_THE_PAGE)
    Span = from_model(Redaction, "Span")  # a stretch the redacted version replaces with [LABEL]: the one-click fix
    SuggestionOut = from_model(Suggestion, "SuggestionOut")


class Rewrite(BaseModel):
    """A finding the redacted text still carries: the text needs rewriting, not redacting."""

    code: str
    start: int | None = None
    end: int | None = None
    reason: str
    fix: str = ""

    @field_validator("fix")
    @classmethod
    def _on_the_page(cls, fix: str) -> str:
        return for_the_page(fix)


class ReportOut(BaseModel):
    verdict: Verdict
    findings: list[FindingOut]
    redacted: str
    warnings: list[str] = Field(default_factory=list)
    pack: str = ""
    redactions: list[Span] = Field(default_factory=list)
    rewrite_needed: list[Rewrite] = Field(default_factory=list)
    suggestion: SuggestionOut | None = None
    elapsed_ms: float = 0.0


class RedactOut(BaseModel):
    redacted: str
    removed: int


class ReplyOut(BaseModel):
    report: ReportOut | None = None
    suggestion: str | None = None
    suggestion_report: ReportOut | None = None


class ImageResult(BaseModel):
    name: str
    verdict: Verdict
    findings: list[FindingOut]
    warnings: list[str] = Field(default_factory=list)
    preview: str | None = Field(default=None, description="A PNG data URL, for files a browser cannot show (DICOM)")


class ImagesOut(BaseModel):
    verdict: Verdict
    images: list[ImageResult]
    text: ReportOut | None = None


class RuleOut(BaseModel):
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    what: str
    why: str
    example: str
    fix: str
    references: list[Reference]
    enabled: bool = True  # false where the server's settings (select / ignore) switch the rule off


class PackOut(BaseModel):
    id: str
    name: str
    countries: list[str]
    professions: list[str]


class RulesOut(BaseModel):
    pack: PackOut
    advice: str
    paragraphs: list[dict[str, Any]]
    rules: list[RuleOut]
    packs: list[PackOut]


class AuditStarted(BaseModel):
    job: str


class AuditProgress(BaseModel):
    job: str
    state: Literal["queued", "running", "done", "failed"]
    done: int = 0
    total: int | None = None
    message: str = ""
    summary: dict[str, Any] = Field(default_factory=dict)
    expires_in_s: int | None = None
