"""The pages: rendered on the server with Jinja2 (autoescaped), each with one small script of its own.

The page carries this run's API token in a <meta> tag; only pages served from this origin can read it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bedside import __version__
from bedside.model import PROFESSIONS
from bedside.packs import load_packs
from bedside.web import features
from bedside.web.api import rules_data

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))  # autoescapes
router = APIRouter(include_in_schema=False)

PAGES = [  # path, template, title in the menu, the feature it needs
    ("/", "check", "Check a post", None),
    ("/image", "image", "Check an image", "images"),
    ("/reply", "reply", "Reply to a complaint", None),  # checking a draft needs only the core
    ("/audit", "audit", "Audit my history", "audit"),
    ("/guidance", "guidance", "Guidance", None),
    ("/settings", "settings", "Settings", None),
]
PROFESSION_NAMES = {"doctor": "Doctor", "nurse": "Nurse", "midwife": "Midwife",
                    "allied-health": "Allied health professional (paramedic, physiotherapist…)",
                    "pharmacist": "Pharmacist or pharmacy technician", "dentist": "Dentist or dental team",
                    "student": "Student",
                    "practice-manager": "Practice manager"}


def _render(request: Request, page: str, **context: object) -> HTMLResponse:
    title = next(t for _, name, t, _ in PAGES if name == page)
    needs = next(f for _, name, _, f in PAGES if name == page)
    return templates.TemplateResponse(request, f"{page}.html", {
        "token": request.app.state.token, "page": page, "title": title, "pages": PAGES, "version": __version__,
        "available": features.available(needs) if needs else True,
        "has": features.available, **context,
    })


def _countries(request: Request) -> list[str]:
    packs = load_packs(request.app.state.config.packs).values()
    return sorted({c for p in packs for c in p.countries})


@router.get("/", response_class=HTMLResponse)
def check_page(request: Request) -> HTMLResponse:
    return _render(request, "check")


@router.get("/image", response_class=HTMLResponse)
def image_page(request: Request) -> HTMLResponse:
    return _render(request, "image")


@router.get("/reply", response_class=HTMLResponse)
def reply_page(request: Request) -> HTMLResponse:
    return _render(request, "reply")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    return _render(request, "audit")


@router.get("/guidance", response_class=HTMLResponse)
def guidance_page(request: Request, country: str = Query("GB", pattern=r"^[A-Za-z]{2}$"),
                  profession: str = Query("doctor", pattern="^(" + "|".join(PROFESSIONS) + ")$")) -> HTMLResponse:
    data = rules_data(request.app.state.config, country, profession)
    return _render(request, "guidance", data=data, country=country.upper(), profession=profession,
                   countries=_countries(request), professions=PROFESSION_NAMES)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    data = rules_data(request.app.state.config, "GB", "doctor")
    return _render(request, "settings", rules=data["rules"], countries=_countries(request),
                   professions=PROFESSION_NAMES)
