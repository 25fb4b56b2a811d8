"""The unit of work shipped to a process or a Dask worker: check a batch, return compact results.

A batch is a list of (key, Post) pairs (the item's InputError where its Post could not be made); the result
is (key, verdict, worst severity, findings as JSON, guidance) for each, ready for the store. A finding names
its guidance paragraphs by id; `guidance` maps those ids to (cite, text, url), which the store keeps once for
the whole audit (the paragraphs were most of the findings' bytes when copied into each). Module-level so that
every executor can import it; the initializer makes a worker process exit when the audit that started it dies.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from typing import Any

from bedside.config import Config
from bedside.engine import check
from bedside.model import SEVERITY_RANK, Finding, InputError, Post, Reference, Report
from bedside.parallel import check_chunk

Task = tuple[str, Post | InputError]  # a stored item's key, and its post (Stored.to_post)
Guidance = dict[str, tuple[str, str, str]]  # paragraph id -> (cite, text, url)
Result = tuple[str, str, int, str, Guidance]
PR_SET_PDEATHSIG = 1
_REFERENCE_IDS: dict[Reference, tuple[str, tuple[str, str, str]]] = {}


WARM_UP = (  # texts that wake every lazily loaded stage (name model, lexicons, classifiers)
    "Saw Mrs Smith in clinic today, 72F, lovely lady.",
    "My patient Zorblatt Quenby was admitted on 03/04/2023 to ward 7 at Derriford with pneumonia.",
    "Honestly some of these useless idiots should not be doctors. Vaccines cause autism, do your research!",
)


def warm(config: Config) -> int:
    """Load every lazy model once per process (before forking, so workers share it), before timed work."""
    for text in WARM_UP:
        check(Post(text=text), config)
    return 0


def orphan_guard() -> None:
    """Process-pool initializer: end this worker when its parent dies (a `kill -9` of the audit, a server
    stopped hard), so no worker lives on holding patient text. Linux asks the kernel (PR_SET_PDEATHSIG);
    elsewhere a thread watches the parent's pid."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() == 1:  # the parent died before the call: the kernel will not tell us
                os._exit(1)
            return
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()


def check_batch(tasks: list[Task], config: Config) -> list[Result]:
    """The batch through check_many (the models read it in one pass); should that fail, item by item, so
    that one bad item costs only itself."""
    try:
        answers = check_chunk([post for _, post in tasks], config)
    except Exception:  # a bug in a stage: find the item, keep the rest
        return [check_one(task, config) for task in tasks]
    return [(task[0], "review", 1, json.dumps([unchecked(answer)]), {}) if isinstance(answer, InputError)
            else _result(task[0], answer) for task, answer in zip(tasks, answers, strict=True)]


def check_one(task: Task, config: Config) -> Result:
    key, post = task
    try:
        if isinstance(post, InputError):
            raise post
        report = check(post, config, suggest=False)
    except Exception as error:  # one bad item must not stop an audit of thousands: it is shown for review
        return key, "review", 1, json.dumps([unchecked(error)]), {}
    return _result(key, report)


def _result(key: str, report: Report) -> Result:
    guidance: Guidance = {}
    findings = [_finding(f, guidance) for f in report.findings]
    worst = max((SEVERITY_RANK[f.severity] for f in report.findings), default=-1)
    return key, report.verdict, worst, json.dumps(findings, ensure_ascii=False) if findings else "[]", guidance


STORED_FIELDS = ("code", "name", "category", "severity", "message", "start", "end", "text", "fix", "references", "box")


def unchecked(error: Exception) -> dict[str, Any]:
    """A pseudo-finding for an item the check could not judge (bad input, or a bug): review it by hand."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return {"code": "UNCHECKED", "name": "could not be checked", "category": "unchecked", "severity": "review",
            "message": f"bedside could not check this item ({reason}): read it yourself.", "start": None,
            "end": None, "text": "", "references": [], "fix": ""}


def reference_id(reference: Reference) -> tuple[str, tuple[str, str, str]]:
    """A paragraph's stable id (a digest of what it says) and its (cite, text, url), computed once."""
    known = _REFERENCE_IDS.get(reference)
    if known is None:
        fields = (reference.cite(), reference.text, reference.url)
        digest = hashlib.sha256("\0".join(fields).encode()).hexdigest()[:16]
        known = _REFERENCE_IDS[reference] = (digest, fields)
    return known


def _finding(f: Finding, guidance: Guidance) -> dict[str, Any]:
    """A finding as stored: its guidance paragraphs by id (the paragraphs themselves go into `guidance`, once)."""
    def by_id(reference: Reference) -> str:
        digest, fields = reference_id(reference)
        guidance[digest] = fields
        return digest

    return f.to_dict(only=STORED_FIELDS, reference=by_id)
