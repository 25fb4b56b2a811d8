"""The unit of work shipped to a process or a Dask worker: check a batch, return compact results.

A batch is a list of plain tuples (cheap to pickle); the result is (key, verdict, worst severity,
findings as JSON) for each, ready for the store. Module-level so that every executor can import it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bedside.config import Config
from bedside.engine import check
from bedside.model import SEVERITY_RANK, Finding, InputError, Post, Report
from bedside.parallel import check_chunk

# (key, text, kind, audience, platform, date ISO, reply_to, images, country, profession)
Task = tuple[str, str, str, str, str, str | None, str | None, list[bytes], str, str]
Result = tuple[str, str, int, str]


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


def check_batch(tasks: list[Task], config: Config) -> list[Result]:
    """The batch through check_many (the models read it in one pass); should that fail, item by item, so
    that one bad item costs only itself."""
    posts: list[Post | InputError] = []
    for task in tasks:
        try:
            posts.append(_post(task))
        except (InputError, ValueError, TypeError) as error:
            posts.append(InputError(str(error) or type(error).__name__))
    try:
        answers = check_chunk(posts, config)
    except Exception:  # a bug in a stage: find the item, keep the rest
        return [check_one(task, config) for task in tasks]
    return [(task[0], "review", 1, json.dumps([unchecked(answer)])) if isinstance(answer, InputError)
            else _result(task[0], answer) for task, answer in zip(tasks, answers, strict=True)]


def check_one(task: Task, config: Config) -> Result:
    try:
        report = check(_post(task), config)
    except Exception as error:  # one bad item must not stop an audit of thousands: it is shown for review
        return task[0], "review", 1, json.dumps([unchecked(error)])
    return _result(task[0], report)


def _post(task: Task) -> Post:
    _key, text, kind, audience, platform, date, reply_to, images, country, profession = task
    return Post(text=text, images=list(images), kind=kind, audience=audience,  # type: ignore[arg-type]
                platform=platform, created_at=datetime.fromisoformat(date) if date else None,
                reply_to=reply_to, country=country, profession=profession)  # type: ignore[arg-type]


def _result(key: str, report: Report) -> Result:
    findings = [_finding(f) for f in report.findings]
    worst = max((SEVERITY_RANK[f.severity] for f in report.findings), default=-1)
    return key, report.verdict, worst, json.dumps(findings, ensure_ascii=False) if findings else "[]"


def unchecked(error: Exception) -> dict[str, Any]:
    """A pseudo-finding for an item the check could not judge (bad input, or a bug): review it by hand."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return {"code": "UNCHECKED", "name": "could not be checked", "category": "unchecked", "severity": "review",
            "message": f"bedside could not check this item ({reason}): read it yourself.", "start": None,
            "end": None, "text": "", "references": [], "fix": ""}


def _finding(f: Finding) -> dict[str, Any]:
    """A finding as stored: plain fields, references flattened (dataclasses.asdict was a tenth of the time)."""
    return {"code": f.code, "name": f.name, "category": f.category, "severity": f.severity, "message": f.message,
            "start": f.start, "end": f.end, "text": f.text, "fix": f.fix,
            "references": [{"cite": r.cite(), "text": r.text, "url": r.url} for r in f.references],
            **({"box": {"image": f.box.image, "x": f.box.x, "y": f.box.y, "width": f.box.width,
                        "height": f.box.height}} if f.box is not None else {})}
