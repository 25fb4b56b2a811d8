"""The JSON API behind the pages: check, redact, reply, rules (images and audits have their own modules).

Every route needs the per-run token (see security.py). Handlers are plain functions, so FastAPI runs the
CPU-bound check in its thread pool and the server keeps answering while it works.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import ValidationError

from bedside.config import Config
from bedside.engine import check
from bedside.model import PROFESSIONS, InputError, Post, Report
from bedside.packs import load_packs, select_pack
from bedside.rules import selected_rules
from bedside.web import features
from bedside.web.fixes import for_the_page
from bedside.web.schemas import (
    CheckRequest,
    PackOut,
    RedactOut,
    RedactRequest,
    ReplyOut,
    ReplyRequest,
    ReportOut,
    RulesOut,
    Settings,
)
from bedside.web.security import require_token

router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])


def config_for(request: Request, settings: Settings) -> Config:
    """The app's settings file, with what the user chose on the settings page added."""
    base: Config = request.app.state.config
    return base.with_overrides(ignore=settings.ignore, select=settings.select, allow=settings.allow,
                               jigsaw_threshold=settings.jigsaw_threshold)


def parse_settings(raw: str) -> Settings:
    """Settings sent as a JSON form field alongside an upload."""
    try:
        return Settings.model_validate_json(raw or "{}")
    except ValidationError as error:
        raise InputError(f"settings: {error.errors()[0]['msg']}") from error


def report_out(report: Report, text: str, started: float) -> ReportOut:
    data = report.to_dict()
    data["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return ReportOut.model_validate(data)


@router.post("/check", response_model=ReportOut, summary="Check a post")
def check_post(body: CheckRequest, request: Request) -> ReportOut:
    """What in this post could identify a patient or breach professional standards, with the guidance
    behind each finding, the redacted text and the spans it replaces."""
    started = time.perf_counter()
    post = Post(text=body.text, kind=body.kind, audience=body.audience, platform=body.platform,
                country=body.country, profession=body.profession, profile=body.profile, reply_to=body.reply_to)
    return report_out(check(post, config_for(request, body.settings)), body.text, started)


@router.post("/redact", response_model=RedactOut, summary="Redact a post")
def redact_post(body: RedactRequest, request: Request) -> RedactOut:
    """The text with every identifier replaced by its label: [NAME], [NHS NUMBER], [DATE]…"""
    post = Post(text=body.text, country=body.country, profession=body.profession)
    report = check(post, config_for(request, body.settings), suggest=False)
    return RedactOut(redacted=report.redacted, removed=len(report.redactions))


@router.post("/reply", response_model=ReplyOut, summary="Check or write a reply to a complaint")
def reply(body: ReplyRequest, request: Request) -> ReplyOut:
    """Check your draft reply against the complaint it answers (what it gives away), and write a reply
    that does not confirm the person is a patient (needs bedside's complaints support; 503 without it)."""
    config = config_for(request, body.settings)

    def judged(text: str) -> ReportOut:
        started = time.perf_counter()
        post = Post(text=text, kind="reply", reply_to=body.complaint, country=body.country,
                    profession=body.profession)
        return report_out(check(post, config), text, started)

    out = ReplyOut(report=judged(body.draft) if body.draft.strip() else None)
    if body.suggest:
        draft_reply = features.require("reply")
        out.suggestion = draft_reply(body.complaint, country=body.country, profession=body.profession,
                                     practice=body.practice or None, contact=body.contact or None,
                                     extra_packs=config.packs)
        out.suggestion_report = judged(out.suggestion or "")
    return out


@router.get("/rules", response_model=RulesOut, summary="Rules and guidance")
def rules(request: Request, country: str = Query("GB", pattern=r"^[A-Za-z]{2}$"),
          profession: str = Query("doctor", pattern="^(" + "|".join(PROFESSIONS) + ")$")) -> RulesOut:
    """Every rule with what it flags, why, an example, the fix and the paragraphs of the guidance pack
    that applies to this country and profession."""
    return RulesOut.model_validate(rules_data(request.app.state.config, country, profession))


def rules_data(config: Config, country: str, profession: str) -> dict[str, Any]:
    """Rules and the selected pack as plain data: the API answer and the guidance page share it. Every rule is
    listed; `enabled` says whether the server's settings (select / ignore in bedside.toml) run it."""
    pack = select_pack(country, profession, config.packs)
    running = {r.code for r in selected_rules(config)}
    return {
        "pack": _pack(pack),
        "advice": pack.advice,
        "paragraphs": [{"source": p.document.source(), "paragraph": p.ref, "text": p.text, "url": p.document.url,
                        "rules": list(p.rules)} for p in pack.paragraphs],
        "rules": [{"code": r.code, "name": r.name, "category": r.category,
                   "severity": pack.severity_for(r.code, r.severity), "summary": r.summary, "what": r.what,
                   "why": r.why, "example": r.example, "fix": for_the_page(r.fix),
                   "references": [asdict(x) for x in pack.references(r.code)], "enabled": r.code in running}
                  for r in selected_rules(Config())],
        "packs": [_pack(p) for p in load_packs(config.packs).values()],
    }


def _pack(pack: Any) -> dict[str, Any]:
    return PackOut(id=pack.id, name=pack.name, countries=list(pack.countries),
                   professions=list(pack.professions)).model_dump()
