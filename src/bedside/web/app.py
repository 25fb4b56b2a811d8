"""The bedside web app: `create_app()` builds it; `bedside serve` runs it on 127.0.0.1.

Nothing leaves the machine: every asset is local, uploads are read into memory or a temporary folder
that is deleted when the work is done, and audit results are deleted once downloaded or after a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from bedside import __version__
from bedside import config as settings
from bedside.engine import check
from bedside.model import InputError, Post
from bedside.web import api, audit_api, features, image_api, pages
from bedside.web.security import Guard, new_token

MB = 1_000_000
LIMITS = {"/api/image": 30 * MB, "/api/audit": 500 * MB}  # upload limits by path; everything else 2 MB
DEFAULT_LIMIT = 2 * MB


def create_app(config: settings.Config | None = None, token: str | None = None, *, hosts: Iterable[str] = (),
               limits: dict[str, int] | None = None, audit_ttl_s: float = 900) -> FastAPI:
    """The app. `token` is required on every API call (a fresh random one when not given); `hosts` are
    names besides loopback that the Host header may carry (for `--host`); `limits` caps uploads by path."""
    jobs = audit_api.Jobs(ttl_s=audit_ttl_s)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=_warm_up, args=(app.state.config,), daemon=True).start()
        sweeper = asyncio.create_task(_sweep(jobs))
        try:
            yield
        finally:
            sweeper.cancel()
            jobs.close()

    app = FastAPI(title="bedside", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Check a post, an image, a complaint reply or a whole history before you post: "
                              "on your own machine. Every /api call needs the header X-Bedside-Token.")
    app.state.token = token or new_token()
    app.state.config = config or settings.Config()
    app.state.jobs = jobs
    app.add_middleware(Guard, hosts=hosts, limits={**LIMITS, **(limits or {})}, default_limit=DEFAULT_LIMIT)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for router in (api.router, image_api.router, audit_api.router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app


def _warm_up(config: settings.Config) -> None:
    """Load the models behind the check, and the optional parts, now: the user's first keystroke is then
    answered at typing speed and the first visit to a page does not wait for an import."""
    with contextlib.suppress(Exception):  # a failure here shows up, with its message, on the first real check
        check(Post(text="Saw Mrs Example, 34, from Truro today with asthma; what a heartsink."), config)
    for name in features.FEATURES:
        features.available(name)


async def _sweep(jobs: audit_api.Jobs) -> None:
    while True:
        await asyncio.sleep(30)
        jobs.sweep()


async def _input_error(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=400)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    """One readable line per problem, without echoing the input back (it may hold patient data)."""
    assert isinstance(error, RequestValidationError)
    problems = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in error.errors()]
    return JSONResponse({"detail": "; ".join(problems)}, status_code=422)
