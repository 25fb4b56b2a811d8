"""An audit: import an export into the store, then check every unchecked item in batches across local
processes (or a Dask cluster), committing each batch as it completes.

Two stages keep memory bounded and make resuming exact: the import streams items into the store (so the
total is known and nothing is held), the check pages through rows that have no verdict yet. A batch's
results are committed together, so a kill loses at most the batches in flight, which were never recorded
and are checked (once) on `--resume`.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bedside.audit.store import Store, Stored, open_store
from bedside.audit.worker import Result, Task, check_batch, orphan_guard, warm
from bedside.config import Config
from bedside.importers import Options, iter_items, plan, supported
from bedside.model import Attachment, InputError, Post

BATCH = 250
INLINE_BELOW = 400  # fewer unchecked items than this: no pool, the start-up would cost more than it saves
IMAGE_LIMIT = 30_000_000
IMPORT_CHUNK = 2000


class Cancelled(Exception):
    """The audit was stopped from outside (a web job deleted, a server stopping); what was stored stays."""


@dataclass
class AuditSummary:
    """What an audit found: counts by verdict for the whole store, and what this run did."""

    db: str
    sources: list[str]
    total: int = 0  # items in the store
    checked: int = 0  # checked by this run
    resumed: int = 0  # already checked by an earlier run (with resume)
    images: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # ok / review / do-not-post
    worst: int = -1  # highest finding severity in the store (0 info, 1 review, 2 do-not-post)
    warnings: list[str] = field(default_factory=list)
    damaged: bool = False  # the export could not be read in full
    seconds: float = 0.0  # the whole run: import, model loading, checking
    check_seconds: float = 0.0  # checking only, timed as the progress bar times it

    @property
    def rate(self) -> float:
        """Items checked per second of checking: the figure the progress bar shows."""
        return self.checked / self.check_seconds if self.check_seconds else 0.0


@dataclass(frozen=True)
class AuditOptions:
    """What an audit reads and how it checks: the settings, whose posts count, where the work runs."""

    config: Config = field(default_factory=Config)  # rules selected / ignored, allow-list, fail_on
    all_authors: bool = False  # everyone's messages in a chat, not only the export owner's
    me: tuple[str, ...] = ()  # the owner's names, where the export does not say who they are
    resume: bool = False  # carry on from the store's earlier run instead of starting afresh
    workers: int | None = None  # local processes; None: one per core, 1: in the calling process
    scheduler: str | None = None  # "tcp://…": check on a Dask cluster instead
    images: bool = True
    country: str = "GB"
    profession: str = "doctor"


def run_audit(source: Path, *, db: Path | str, options: AuditOptions | None = None,
              progress: Callable[[int, int], None] | None = None, status: Callable[[str], None] | None = None,
              cancel: threading.Event | None = None) -> AuditSummary:
    """Audit the export at `source` into the store `db` (a path or a PostgreSQL URL).

    `progress(done, total)` is called as batches complete; `status(line)` for stage messages. Setting
    `cancel` stops the run (import or check) at the next item or batch with `Cancelled`.
    Raises InputError when nothing in `source` is a known export.
    """
    options = options or AuditOptions()
    started = time.perf_counter()
    found = plan(Path(source))
    store = open_store(db)
    try:
        summary = AuditSummary(db=store.location, sources=found.labels)
        if options.resume and store.count() == 0:
            found.source.warn(f"--resume: there is no earlier audit in {store.location}; started afresh")
            if status:
                status(found.source.warnings[-1])
        if not options.resume:
            store.clear()
        if not found.parts:
            found.source.warn(_nothing_found(found.images))
        skip_import = (options.resume and store.get_meta("imported") == "complete"
                       and store.get_meta("source") == str(source))
        if found.parts and not skip_import:
            if status:
                status(f"Importing {', '.join(found.labels)} …")
            reading = Options(me=(*options.me, *options.config.allow), all_authors=options.all_authors)
            summary.images = _import(store, iter_items(found, reading), status, cancel)
            store.link_replies()
            store.set_meta("imported", "damaged" if found.source.damaged else "complete")
            store.set_meta("source", str(source))
        total = store.count()
        summary.resumed = total - store.count(pending=True)
        if status:
            status(f"{', '.join(found.labels) or 'nothing readable'}: {total:,} items"
                   + (f", {summary.images:,} image(s)" if summary.images else "")
                   + (f", {summary.resumed:,} already checked" if summary.resumed else ""))
        summary.checked, summary.check_seconds = _check(store, found.source, options, total, progress, cancel)
        summary.total = total
        summary.counts = store.tally()
        summary.worst = store.worst()
        summary.warnings = list(found.source.warnings)
        summary.damaged = found.source.damaged
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        store.close()
        found.source.close()


def _nothing_found(images: dict[str, Any]) -> str:
    extra = f" (only {len(images)} image(s))" if images else ""
    return "nothing here is an export bedside reads" + extra + ". It reads: " + supported()


def _import(store: Store, items: Iterator[Any], status: Callable[[str], None] | None,
            cancel: threading.Event | None) -> int:
    """Stream items into the store in chunks; return how many images they name."""
    seq = store.max_seq() + 1
    images = 0
    chunk = []
    for item in items:
        if cancel is not None and cancel.is_set():
            raise Cancelled("the audit was cancelled")
        chunk.append((seq, item))
        seq += 1
        images += len(item.images)
        if len(chunk) >= IMPORT_CHUNK:
            store.add(chunk)
            chunk = []
            if status and seq % 100_000 < IMPORT_CHUNK:
                status(f"imported {seq:,} items …")
    store.add(chunk)
    return images


def _tasks(rows: list[Stored], source: Any, options: AuditOptions) -> list[Task]:
    tasks: list[Task] = []
    for row in rows:
        data: list[Attachment] = []
        for name in row.images if options.images else ():
            try:
                data.append(Attachment(source.read(name, IMAGE_LIMIT), name.rsplit("/", 1)[-1]))
            except (OSError, KeyError, InputError) as error:
                source.warn(f"image {name} not read: {error}")
        try:
            post: Post | InputError = row.to_post(data, options.country, options.profession)
        except (InputError, ValueError, TypeError) as error:  # a bad item is shown for review, not fatal
            post = InputError(str(error) or type(error).__name__)
        tasks.append((row.key, post))
    return tasks


def _batches(store: Store, source: Any, options: AuditOptions) -> Iterator[list[Task]]:
    for page in store.pending(page=BATCH * 8):
        for start in range(0, len(page), BATCH):
            yield _tasks(page[start : start + BATCH], source, options)


Submit = Callable[[list[Task]], Any]
Executor = tuple[Submit, Callable[[], None], int]  # submit a batch, finish, how many batches in flight at once


def _check(store: Store, source: Any, options: AuditOptions, total: int,
           progress: Callable[[int, int], None] | None, cancel: threading.Event | None) -> tuple[int, float]:
    """Check every pending item; return how many, and the seconds it took from the first progress call
    (after the workers are up, as the progress bar counts)."""
    pending = store.count(pending=True)
    done = total - pending
    if pending == 0:
        if progress:
            progress(done, total)
        return 0, 0.0
    batches = _batches(store, source, options)
    submit, finish, window = _executor(options.config, pending, options.workers or os.cpu_count() or 1,
                                       options.scheduler)
    checked = 0
    try:
        if progress:
            progress(done, total)
        started = time.perf_counter()
        for results in _results(batches, submit, window, cancel):
            store.save(results)
            checked += len(results)
            if progress:
                progress(done + checked, total)
    finally:
        finish()
    return checked, time.perf_counter() - started


def _executor(config: Config, pending: int, workers: int, scheduler: str | None) -> Executor:
    """Where batches are checked: a Dask cluster, a pool of local processes, or (for a few items) inline."""
    if scheduler:
        return _dask(scheduler, config)
    if workers > 1 and pending >= INLINE_BELOW:
        return _local_pool(workers, config)
    warm(config)
    return (lambda tasks: _Done(check_batch(tasks, config))), (lambda: None), 1


def _results(batches: Iterator[list[Task]], submit: Submit, window: int,
             cancel: threading.Event | None) -> Iterator[list[Result]]:
    """Each batch's results as they complete, with at most `window` batches in flight."""
    in_flight: set[Any] = set()
    exhausted = False
    while in_flight or not exhausted:
        if cancel is not None and cancel.is_set():
            raise Cancelled("the audit was cancelled")
        while not exhausted and len(in_flight) < window:
            tasks = next(batches, None)
            if tasks is None:
                exhausted = True
            else:
                in_flight.add(submit(tasks))
        if not in_flight:
            break
        for future in _completed(in_flight):
            in_flight.discard(future)
            yield future.result()


class _Done:
    """An already computed result that looks like a future (inline checking)."""

    def __init__(self, value: list[Result]) -> None:
        self.value = value

    def result(self) -> list[Result]:
        return self.value

    def done(self) -> bool:
        return True


def _completed(in_flight: set[Any]) -> list[Any]:
    ready = [f for f in in_flight if isinstance(f, _Done)]
    if ready:
        return ready
    if all(isinstance(f, Future) for f in in_flight):
        return list(wait(in_flight, return_when=FIRST_COMPLETED).done)
    from distributed import wait as dask_wait

    return list(dask_wait(list(in_flight), return_when="FIRST_COMPLETED").done)


def _local_pool(workers: int, config: Config) -> Executor:
    # fork shares the loaded models; from a threaded host (a web server) forkserver is the safe choice
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() \
        else "forkserver"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["bedside.audit.worker"])
    else:
        warm(config)  # load the models once, before forking: the workers share them
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=orphan_guard)
    for future in [pool.submit(warm, config) for _ in range(workers)]:
        future.result()

    def finish() -> None:
        pool.shutdown(wait=True, cancel_futures=True)

    return (lambda tasks: pool.submit(check_batch, tasks, config)), finish, workers * 2


def _dask(address: str, config: Config) -> Executor:
    try:
        from distributed import Client
    except ImportError as error:
        raise InputError("--scheduler needs Dask, which is not installed: pip install 'bedside[cluster]'") from error
    try:
        client = Client(address, timeout=20)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    cores = sum(client.nthreads().values()) or 1
    remote_config = client.scatter(config, broadcast=True)

    def submit(tasks: list[Task]) -> Any:
        return client.submit(check_batch, tasks, remote_config, pure=False)

    return submit, client.close, cores * 2
