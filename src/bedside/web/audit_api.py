"""Audits through the API: upload an export, follow the progress, browse the results, download the report.

Each audit lives in its own temporary folder (the upload, the results database, the report) that is
deleted when the report is downloaded, when the user deletes it, `ttl_s` after it ends, or when the
server stops. An audit deleted (or the server stopped) while it runs is cancelled: it stops at its next
item or batch, its worker processes end, and its folder goes; until then it still counts towards the
limit. Job ids are long random strings, so one audit cannot be guessed from another.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from bedside.model import PROFESSIONS, InputError
from bedside.web import features
from bedside.web.api import config_for, parse_settings
from bedside.web.audit_run import Audit, run
from bedside.web.schemas import AuditProgress, AuditStarted
from bedside.web.security import require_token

router = APIRouter(prefix="/api/audit", dependencies=[Depends(require_token)])
MAX_JOBS = 3


@dataclass
class Job:
    id: str
    folder: Path
    state: str = "queued"
    done: int = 0
    total: int | None = None
    message: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    finished: float | None = None
    discarded: bool = False  # deleted while running: its thread deletes the folder when it ends
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def progress(self, done: int, total: int) -> None:
        """Called by the audit as batches complete (from its own thread)."""
        self.done, self.total = done, total

    def status(self, line: str) -> None:
        self.message = line


class Jobs:
    """The audits in hand, each in its own temporary folder."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._jobs: dict[str, Job] = {}
        self._stopping: dict[str, Job] = {}  # deleted while running, until their thread has cleaned up
        self._lock = threading.Lock()

    def create(self) -> Job:
        self.sweep()
        with self._lock:
            if len(self._jobs) + len(self._stopping) >= MAX_JOBS:
                raise HTTPException(status_code=429, detail="finish or delete an audit before starting another")
            job = Job(secrets.token_urlsafe(18), Path(tempfile.mkdtemp(prefix="bedside-audit-")))
            self._jobs[job.id] = job
            return job

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise HTTPException(status_code=404, detail="no such audit (finished audits are deleted once "
                                                        "downloaded or after a while)")
        return job

    def start(self, job: Job, audit: Audit) -> None:
        from bedside.audit import Cancelled

        def work() -> None:
            try:
                job.summary = run(audit, job.progress, job.status)
                job.state = "done"
            except Cancelled:
                job.state, job.message = "failed", "the audit was deleted before it ended"
            except InputError as error:
                job.state, job.message = "failed", str(error)
            except Exception as error:  # the page must say what went wrong, not hang
                job.state, job.message = "failed", f"the audit stopped: {type(error).__name__}: {error}"
            finally:
                audit.source.unlink(missing_ok=True)  # the upload is no longer needed once read
                with self._lock:
                    job.finished = time.monotonic()
                if job.discarded:
                    shutil.rmtree(job.folder, ignore_errors=True)
                    with self._lock:
                        self._stopping.pop(job.id, None)

        job.state = "running"
        job.thread = threading.Thread(target=work, name=f"audit-{job.id[:6]}", daemon=True)
        job.thread.start()

    def delete(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
            if job is None:
                return
            job.discarded = job.state == "running" and job.finished is None
            if job.discarded:
                job.cancel.set()
                self._stopping[job.id] = job
        if not job.discarded:
            shutil.rmtree(job.folder, ignore_errors=True)

    def sweep(self) -> None:
        """Delete audits that ended more than ttl_s ago."""
        now = time.monotonic()
        for job in list(self._jobs.values()):
            if job.finished is not None and now - job.finished > self.ttl_s:
                self.delete(job.id)

    def close(self, wait_s: float = 60) -> None:
        """The server is stopping: nothing is kept, not even an audit still running. Running audits are
        cancelled and waited for (they end at their next batch, with their worker processes), so that none
        writes its store again after its folder is gone."""
        for job in list(self._jobs.values()):
            self.delete(job.id)
        deadline = time.monotonic() + wait_s
        for job in list(self._stopping.values()):
            if job.thread is not None:
                job.thread.join(max(0.0, deadline - time.monotonic()))
            shutil.rmtree(job.folder, ignore_errors=True)


def _jobs(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


@router.post("", response_model=AuditStarted, status_code=202, summary="Start an audit")
async def start_audit(
    request: Request,
    file: Annotated[UploadFile, File(description="An export: X/Twitter, Facebook, Instagram, LinkedIn, WhatsApp, "
                                                 "Mastodon, Bluesky, Reddit archive (zip), CSV, JSONL or text")],
    settings: Annotated[str, Form(max_length=100_000, description="The settings as JSON")] = "{}",
    country: Annotated[str, Form(pattern=r"^[A-Za-z]{2}$")] = "GB",
    profession: Annotated[str, Form(pattern="^(" + "|".join(PROFESSIONS) + ")$")] = "doctor",
) -> AuditStarted:
    """Start auditing an export in the background; follow it with GET /api/audit/{job}."""
    features.require("audit")
    config = config_for(request, parse_settings(settings))
    jobs = _jobs(request)
    job = jobs.create()
    suffix = "".join(c for c in Path(file.filename or "").suffix.lower() if c.isalnum() or c == ".")[:10]
    source = job.folder / f"upload{suffix}"
    try:
        with source.open("wb") as handle:
            while chunk := await file.read(1 << 20):
                handle.write(chunk)
    except BaseException:
        jobs.delete(job.id)
        raise
    finally:
        await file.close()
    if source.stat().st_size == 0:
        jobs.delete(job.id)
        raise InputError("the uploaded file is empty")
    jobs.start(job, Audit(source, job.folder, config, country.upper(), profession, job.cancel))
    return AuditStarted(job=job.id)


@router.get("/{job_id}", response_model=AuditProgress, summary="Progress of an audit")
def audit_progress(job_id: str, request: Request) -> AuditProgress:
    jobs = _jobs(request)
    job = jobs.get(job_id)
    left = None
    if job.finished is not None:
        left = max(0, int(jobs.ttl_s - (time.monotonic() - job.finished)))
    return AuditProgress(job=job.id, state=job.state, done=job.done, total=job.total,  # type: ignore[arg-type]
                         message=job.message, summary=job.summary, expires_in_s=left)


@router.get("/{job_id}/results", summary="The findings of an audit, worst first")
def audit_results(job_id: str, request: Request) -> Response:
    """Every post with findings, worst first, with its link to the original (to browse and tick)."""
    job = _ready(request, job_id)
    path = job.folder / "results.json"
    return Response(path.read_bytes(), media_type="application/json")


@router.get("/{job_id}/report", summary="Download the HTML report (then the audit is deleted)",
            response_class=FileResponse)
def audit_report(job_id: str, request: Request) -> FileResponse:
    jobs = _jobs(request)
    job = _ready(request, job_id)
    return FileResponse(job.folder / "report.html", media_type="text/html", filename="bedside-audit.html",
                        background=BackgroundTask(jobs.delete, job.id))


@router.delete("/{job_id}", status_code=204, summary="Delete an audit and everything it kept")
def delete_audit(job_id: str, request: Request) -> Response:
    jobs = _jobs(request)
    jobs.get(job_id)
    jobs.delete(job_id)
    return Response(status_code=204)


def _ready(request: Request, job_id: str) -> Job:
    job = _jobs(request).get(job_id)
    if job.state != "done":
        raise HTTPException(status_code=409, detail=f"the audit is {job.state}, not done")
    return job
