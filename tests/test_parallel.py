"""check_many and check_stream decide exactly what check() decides, in input order, bad items in place."""

from __future__ import annotations

import os

import pytest

import bedside.parallel as parallel
from bedside import Post, check, check_many
from bedside.config import Config
from bedside.model import InputError
from bedside.parallel import CHUNK, check_stream

POSTS = [
    "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F",
    "Lovely walk by the sea this morning",
    "Mrs Pym in bed 4 has had a fall again, can someone review?",
    "Journal club tonight: Smith et al. 2019 on heart failure",
    "Honestly some of these useless idiots should not be doctors",
]


def _verdicts(reports: list[object]) -> list[str]:
    return [r.verdict if not isinstance(r, InputError) else "error" for r in reports]  # type: ignore[attr-defined]


def test_check_many_decides_as_check_does() -> None:
    posts = POSTS * 30  # several batches, each post beside different neighbours
    assert _verdicts(list(check_many(posts))) == [check(p).verdict for p in posts]
    many = list(check_many(posts))
    assert [len(r.findings) for r in many] == [len(check(p).findings) for p in posts]


def test_check_many_refuses_a_bad_post_at_its_turn() -> None:
    reports = check_many(["fine", "x" * 5_000_001])
    assert next(reports).verdict == "ok"
    with pytest.raises(InputError):
        next(reports)


def test_check_stream_keeps_order_and_passes_errors_through() -> None:
    items: list[Post | InputError] = []
    for i in range(CHUNK * 2 + 7):  # three chunks: the pool path where the machine has two cores
        items.append(InputError(f"line {i}") if i % 97 == 5 else Post(text=POSTS[i % len(POSTS)]))
    items.append(Post(text="y" * 5_000_001))  # refused by the check itself: answered with its error
    answers = list(check_stream(items, Config(), workers=2))
    assert len(answers) == len(items)
    for item, answer in zip(items, answers, strict=True):
        if isinstance(item, InputError):
            assert answer is item or str(answer) == str(item)
        elif len(item.text) > 5_000_000:
            assert isinstance(answer, InputError)
        else:
            assert not isinstance(answer, InputError)
            assert answer.verdict == check(item).verdict



_PARENT = os.getpid()
_REAL_CHECK_CHUNK = parallel.check_chunk


def _dies_in_a_worker(chunk, config, render=None):  # type: ignore[no-untyped-def]
    if os.getpid() != _PARENT:
        os._exit(1)  # killed, out of memory: the pool breaks
    return _REAL_CHECK_CHUNK(chunk, config, render)


def test_a_worker_that_dies_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "check_chunk", _dies_in_a_worker)
    items: list[Post | InputError] = [Post(text=POSTS[i % len(POSTS)]) for i in range(CHUNK * 3)]
    answers = list(check_stream(items, Config(), workers=2))
    assert [a.verdict for a in answers] == [check(p).verdict for p in items if isinstance(p, Post)]
