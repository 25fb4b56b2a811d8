"""Check a stream of posts on every core, answers in input order (what `bedside scan` runs).

The stream is cut into chunks; each chunk goes to a worker process that checks it with check_many (the models
read a chunk in one pass). Workers are forked after the models are loaded, so they share them. A short stream
(one chunk) or a machine with one core is checked in this process: starting workers would cost more.
At most two chunks per worker are in flight, so memory stays bounded however long the stream is.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from bedside.config import Config
from bedside.engine import check_many
from bedside.model import InputError, Post, Report

CHUNK = 512  # posts a worker checks at once: long enough for the reader to batch them well
CHUNK_CHARACTERS = 64_000  # ... or fewer, when they are long: chunks of notes still spread over the cores
WARM_UP = (  # wakes every lazily loaded stage before the workers fork
    "Saw Mrs Smith in clinic today, 72F, lovely lady.",
    "Honestly some of these useless idiots should not be doctors. Vaccines cause autism, do your research!",
)

# An item of the stream: a post, or what was wrong with its input line (passed through in order).
Item = Post | InputError
Answer = Any  # a Report, or what `render` made of it; or the item's InputError
Render = Callable[[Report], Any]


def check_stream(items: Iterable[Item], config: Config, workers: int | None = None,
                 render: Render | None = None) -> Iterator[Answer]:
    """Yield a Report (or the item's InputError) for every item, in order. With `render` (a module-level
    function, so that it can be sent to a worker) each report is rendered where it was made, which spares
    sending whole reports between processes."""
    workers = workers or _cores()
    chunks = _chunks(items)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    # fork shares the loaded models; a threaded host (a web server) must not fork, so it checks inline
    if (second is None or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        for chunk in (first, second, *chunks):
            if chunk is not None:
                yield from check_chunk(chunk, config, render)
        return
    for text in WARM_UP:
        next(check_many([text], config))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[tuple[Future[list[Answer]], list[Item]]] = deque()  # in input order
        broken = False
        for chunk in (first, second, *chunks):
            if broken:
                yield from check_chunk(chunk, config, render)
                continue
            pending.append((pool.submit(check_chunk, chunk, config, render), chunk))
            if len(pending) >= 2 * workers:
                answers, broken = _result(*pending.popleft(), config, render)
                yield from answers
        while pending:
            yield from _result(*pending.popleft(), config, render)[0]


def _result(future: Future[list[Answer]], chunk: list[Item], config: Config,
            render: Render | None) -> tuple[list[Answer], bool]:
    """A chunk's answers; if its worker died (killed, out of memory), the chunk is checked here instead and
    the pool is reported broken, so that nothing is lost and no traceback is shown."""
    try:
        return future.result(), False
    except BrokenProcessPool:
        return check_chunk(chunk, config, render), True


def check_chunk(chunk: list[Item], config: Config, render: Render | None = None) -> list[Answer]:
    posts = [item for item in chunk if isinstance(item, Post)]
    reports = iter(_reports(posts, config))
    answers = [item if isinstance(item, InputError) else next(reports) for item in chunk]
    if render is None:
        return answers
    return [a if isinstance(a, InputError) else render(a) for a in answers]


def _reports(posts: list[Post], config: Config) -> list[Report | InputError]:
    """check_many on the chunk; a post it refuses is answered with its error, and the check goes on from the
    next one (the reports before it were already made: none is made twice)."""
    answers: list[Report | InputError] = []
    while len(answers) < len(posts):
        try:
            answers.extend(check_many(posts[len(answers):], config))
        except InputError as error:
            answers.append(error)
    return answers


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    characters = 0
    for item in items:
        chunk.append(item)
        characters += len(item.text) if isinstance(item, Post) else 0
        if len(chunk) == CHUNK or characters >= CHUNK_CHARACTERS:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
