"""The JSON the web API takes and gives, as Pydantic models, so the OpenAPI document describes it exactly.

Limits here are the API's own bad-input checks: a field out of range is a 422 naming the field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bedside.model import Audience, Category, Kind, Profession, Severity, Verdict
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


class ReferenceOut(BaseModel):
    source: str
    paragraph: str
    text: str
    url: str = ""


class BoxOut(BaseModel):
    image: int
    x: int
    y: int
    width: int
    height: int
    page: int = 0


class FindingOut(BaseModel):
    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    box: BoxOut | None = None
    references: list[ReferenceOut] = Field(default_factory=list)
    fix: str = ""
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("fix")
    @classmethod
    def _on_the_page(cls, fix: str) -> str:
        return for_the_page(fix)


class Span(BaseModel):
    """A stretch of the text that the redacted version replaces with [LABEL]: the one-click fix."""

    start: int
    end: int
    label: str
    codes: list[str] = Field(default_factory=list)


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


class SuggestionOut(BaseModel):
    """A neutral rewrite where redaction cannot make the post safe: checked again, nothing left to rewrite."""

    text: str
    codes: list[str] = Field(default_factory=list)


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
    references: list[ReferenceOut]
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
