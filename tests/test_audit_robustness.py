"""Audits that must survive bad input, bombs, kills and full disks: each bad item costs only itself, limits
hold on every path, nothing patient-related is left behind, and what the user is told is true."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

import bedside.importers.source as source_module
from bedside.audit import AuditOptions, Cancelled, open_store, run_audit, write_html
from bedside.engine import check
from bedside.importers.source import open_source
from bedside.model import InputError, Post
from cli_helpers import run_cli
from importer_helpers import make_zip, read_all, x_archive

PATIENT = "Saw Mrs Edith Langley (NHS 943 476 5919) in clinic today"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


# 13: what the user is told -----------------------------------------------------------------------------


def test_resume_without_an_earlier_audit_says_so(tmp_path: Path) -> None:
    export = jsonl(tmp_path / "posts.jsonl", [{"id": "1", "text": "fine"}])
    lines: list[str] = []
    summary = run_audit(export, db=tmp_path / "typo.db", status=lines.append, options=AuditOptions(resume=True))
    assert summary.checked == 1
    assert any("no earlier audit" in w for w in summary.warnings)
    assert any("no earlier audit" in line for line in lines)
    # now there is one: no warning
    again = run_audit(export, db=tmp_path / "typo.db", options=AuditOptions(resume=True))
    assert not any("no earlier audit" in w for w in again.warnings)


def test_the_summary_rate_is_the_progress_bar_rate(tmp_path: Path) -> None:
    seen: list[tuple[float, int]] = []
    archive = x_archive(tmp_path / "x.zip", 40)
    summary = run_audit(archive, db=tmp_path / "a.db", options=AuditOptions(workers=1),
                        progress=lambda done, total: seen.append((time.perf_counter(), done)))
    (first_time, first_done), (last_time, last_done) = seen[0], seen[-1]
    bar_rate = (last_done - first_done) / (last_time - first_time)
    assert summary.check_seconds <= summary.seconds
    assert summary.rate == pytest.approx(bar_rate, rel=0.2)


def test_cli_summary_and_bar_both_say_items_per_second(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    archive = x_archive(tmp_path / "x.zip", 12)
    done = run_cli(capsys, monkeypatch, "audit", str(archive), "--workers", "1")
    assert "items/s" in done.err and "posts/s" not in done.err


def test_purge_deletes_the_report_beside_the_store_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    archive = x_archive(tmp_path / "x.zip", 12)
    run_cli(capsys, monkeypatch, "audit", str(archive), "--workers", "1")
    assert (tmp_path / "x-audit.html").exists()
    purged = run_cli(capsys, monkeypatch, "audit", "--purge", "x-audit.db")
    assert purged.code == 0 and not (tmp_path / "x-audit.html").exists()
    assert "x-audit.html" in purged.err and "--report" in purged.err
    run_audit(archive, db=tmp_path / "y.db")
    (tmp_path / "y.html").write_text("<p>my own notes</p>")  # not a bedside report: left alone, with a word
    kept = run_cli(capsys, monkeypatch, "audit", "--purge", "y.db")
    assert (tmp_path / "y.html").exists() and "left" in kept.err


def test_guidance_is_stored_once_and_given_back_on_read(tmp_path: Path) -> None:
    archive = x_archive(tmp_path / "x.zip", 60)
    db = tmp_path / "a.db"
    run_audit(archive, db=db, options=AuditOptions(workers=1))
    with sqlite3.connect(db) as connection:
        paragraphs = connection.execute("SELECT id, text FROM guidance").fetchall()
        stored = [json.loads(f) for (f,) in connection.execute("SELECT findings FROM items WHERE worst >= 1")]
    assert paragraphs and stored
    texts = {text for _, text in paragraphs}
    for findings in stored:
        for finding in findings:
            assert all(isinstance(r, str) for r in finding["references"])  # ids, not copies
            assert not texts & set(json.dumps(finding).split('"'))
    store = open_store(db)
    row = next(store.results(flagged_only=True))
    store.close()
    reference = next(r for f in row.findings for r in f["references"])
    assert reference["cite"] and reference["text"] in texts
    page = write_html(db, tmp_path / "r.html").read_text()
    assert 'id="guidance"' in page and reference["text"].split()[0] in page


# 18: one bad field costs only its item -----------------------------------------------------------------


def test_out_of_range_timestamps_lose_the_date_not_the_audit(tmp_path: Path) -> None:
    export = tmp_path / "posts.jsonl"
    export.write_text(json.dumps({"id": "a", "text": PATIENT, "timestamp": 10**400}) + "\n"
                      + '{"id": "b", "text": "a day out", "timestamp": 1e400}\n'
                      + json.dumps({"id": "c", "text": "fine", "date": "2024-01-02"}) + "\n")
    summary = run_audit(export, db=tmp_path / "a.db")
    assert summary.total == 3 and summary.counts.get("do-not-post") == 1
    facebook = tmp_path / "fb"
    (facebook / "posts").mkdir(parents=True)
    (facebook / "posts" / "your_posts_1.json").write_text(json.dumps(
        [{"timestamp": 10**400, "data": [{"post": PATIENT}]}, {"timestamp": 1700000000, "data": [{"post": "ok"}]}]))
    items, _, _ = read_all(facebook)
    assert [i.date is None for i in items] == [True, False]
    tweets = [{"tweet": {"id_str": "1", "full_text": PATIENT, "created_at": f"Wed Mar 22 07:41:49 +0000 {'9' * 30}"}},
              {"tweet": {"id_str": "2", "full_text": "fine", "created_at": "Wed Mar 22 07:41:49 +0000 2017"}}]
    items, _, _ = read_all(make_zip(tmp_path / "x.zip", {"tweets.js": "window.YTD.tweets.part0 = "
                                                          + json.dumps(tweets)}))
    assert [i.id for i in items] == ["1", "2"] and items[0].date is None


def _set_method(path: Path, member: str, method: int) -> None:
    """Rewrite a member's compression method in both its local and its central header (e.g. Deflate64)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    struct.pack_into("<H", data, local + 8, method)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == member.encode():
            struct.pack_into("<H", data, at + 10, method)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_deflate64_member_is_skipped_with_a_warning(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "e.zip", {"a.jsonl": json.dumps({"id": "a", "text": PATIENT}) + "\n",
                                            "b.jsonl": json.dumps({"id": "b", "text": "fine"}) + "\n"})
    _set_method(archive, "b.jsonl", 9)
    summary = run_audit(archive, db=tmp_path / "a.db")
    assert summary.total == 1 and summary.damaged
    assert any("b.jsonl" in w and "Deflate64" in w for w in summary.warnings)
    cut = tmp_path / "cut.zip"  # the same through the recovery path (no central directory)
    cut.write_bytes(archive.read_bytes()[: archive.read_bytes().find(b"PK\x01\x02")])
    items, warnings, _ = read_all(cut)
    assert [i.id for i in items] == ["a"] and any("b.jsonl" in w for w in warnings)


def test_json_nested_100000_deep_skips_that_value_only(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    tweets = ('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "first"}}, '
              f'{{"tweet": {{"id_str": "2", "full_text": {deep}}}}}, '
              '{"tweet": {"id_str": "3", "full_text": "' + PATIENT + '"}}]')
    items, warnings, damaged = read_all(make_zip(tmp_path / "x.zip", {"tweets.js": tweets}))
    assert [i.id for i in items] == ["1", "3"] and damaged
    assert any("tweets.js" in w and "too deep" in w for w in warnings)
    export = tmp_path / "posts.jsonl"
    export.write_text('{"id": "a", "text": "first"}\n' + deep + '\n{"id": "c", "text": "' + PATIENT + '"}\n')
    summary = run_audit(export, db=tmp_path / "a.db")
    assert summary.total == 2 and summary.counts.get("do-not-post") == 1
    assert any("line 2" in w and "too deep" in w for w in summary.warnings)


def test_a_50_mib_csv_field_skips_its_row(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["1", PATIENT])
        writer.writerow(["2", "x" * (50 << 20)])  # one line of 50 MiB
        writer.writerow(["3", 'y, "quoted"\n' * (1 << 20)])  # 12 MiB of short lines in one cell
        writer.writerow(["4", "Lovely sunny day"])
    summary = run_audit(path, db=tmp_path / "a.db")
    assert summary.damaged and summary.counts.get("do-not-post") == 1
    store = open_store(tmp_path / "a.db")
    ids = [row.id for row in store.results()]
    store.close()
    assert ids == ["1", "4"]  # the rest of the refused cell was not read as rows
    assert any("posts.csv" in w and "line 3 is longer" in w for w in summary.warnings)
    assert any("posts.csv" in w and "row 4" in w and "field larger" in w for w in summary.warnings)


def test_a_huge_single_line_is_skipped_in_bounded_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_LINE", 100_000)  # a 2 GB line, scaled down with the limit
    path = tmp_path / "posts.jsonl"
    with path.open("w") as handle:
        handle.write(json.dumps({"id": "a", "text": PATIENT}) + "\n")
        handle.write('{"id": "b", "text": "' + "y" * (20 << 20) + '"}\n')
        handle.write(json.dumps({"id": "c", "text": "fine"}) + "\n")
    found = open_source(path)
    tracemalloc.start()
    try:
        read = list(source_module.lines(found, path.name))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(read) == 3 and read[1] == "\n" and peak < 8 << 20
    assert any("line 2 is longer than" in w for w in found.warnings)
    summary = run_audit(path, db=tmp_path / "a.db")
    assert summary.total == 2 and summary.damaged


# 19: bombs on every path -------------------------------------------------------------------------------


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes data descriptors (sizes after the data)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.data += chunk
        return len(chunk)


def _no_central_directory(path: Path, files: dict[str, bytes], *, descriptors: bool) -> Path:
    if descriptors:
        out = _Unseekable()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        raw = bytes(out.data)
    else:
        make_zip(path, files)  # type: ignore[arg-type]
        raw = path.read_bytes()
    path.write_bytes(raw[: raw.find(b"PK\x01\x02")])
    return path


@pytest.mark.parametrize("descriptors", [False, True])
def test_a_bomb_without_central_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     descriptors: bool) -> None:
    monkeypatch.setattr(source_module, "RATIO_FLOOR", 10_000)
    padded = b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "2", "full_text": "x"}}' + b" " * (8 << 20) + b"]"
    ok = b'{"id": "a", "text": "' + PATIENT.encode() + b'"}\n'
    archive = _no_central_directory(tmp_path / "cut.zip", {"a.jsonl": ok, "data/tweets.js": padded},
                                    descriptors=descriptors)
    started = time.perf_counter()
    items, warnings, damaged = read_all(archive)
    assert time.perf_counter() - started < 5
    assert [i.id for i in items] == ["a"] and damaged
    assert any("tweets.js" in w and "zip bomb" in w for w in warnings)


def test_a_recovered_member_never_yields_more_than_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_TOTAL", 1_000_000)
    monkeypatch.setattr(source_module, "MAX_MEMBER", 400_000)
    data = os.urandom(300_000)
    archive = _no_central_directory(tmp_path / "cut.zip", {"a.bin": data, "b.bin": data, "c.bin": data,
                                                           "d.bin": data}, descriptors=True)
    found = open_source(archive)
    members = found.members()
    assert [m.name for m in members] == ["a.bin", "b.bin", "c.bin"]  # the total limit holds here too
    assert any("beyond 1,000,000" in w for w in found.warnings)
    with found.open("a.bin") as stream:
        assert stream.read() == data


# 20: linear time, shared guidance ----------------------------------------------------------------------


def _whatsapp_seconds(tmp_path: Path, count: int) -> float:
    chat = tmp_path / f"chat{count}.txt"
    chat.write_text("15.04.2016, 15:05 - Dr Jane Smith: start\n" + "and another line of the message\n" * count
                    + "15.04.2016, 15:06 - Sam Nurse: end\n")
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        items, _, _ = read_all(chat, all_authors=True)
        best = min(best, time.perf_counter() - started)
    assert len(items) == 2 and items[0].text.count("\n") == count
    return best


def test_whatsapp_continuation_lines_take_linear_time(tmp_path: Path) -> None:
    small, large = _whatsapp_seconds(tmp_path, 12_000), _whatsapp_seconds(tmp_path, 120_000)
    assert large < 15 * small, (small, large)


def test_findings_share_their_guidance_objects() -> None:
    text = " ".join(f"NHS 943 476 5919 Mrs Edith Langley ward {n}" for n in range(30))
    report = check(Post(text=text))
    by_code: dict[str, list[Any]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    repeated = [findings for findings in by_code.values() if len(findings) > 1 and findings[0].references]
    assert repeated
    for findings in repeated:
        first = findings[0].references
        for other in findings[1:]:
            assert all(a is b for a, b in zip(first, other.references, strict=True))


# 21: kills, cancels, full disks, foreign files ---------------------------------------------------------


ORPHAN = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from bedside.audit.worker import orphan_guard

def pid():
    return os.getpid()

if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=1, initializer=orphan_guard)
    print(pool.submit(pid).result(), flush=True)
    time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_audit_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert _alive(worker)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)


def test_a_cancelled_audit_stops_at_the_next_batch(tmp_path: Path) -> None:
    archive = x_archive(tmp_path / "x.zip", 600)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        run_audit(archive, db=tmp_path / "a.db", cancel=cancel)
    later = threading.Event()
    with pytest.raises(Cancelled):
        run_audit(archive, db=tmp_path / "b.db", cancel=later, options=AuditOptions(workers=1),
                  progress=lambda done, total: later.set())
    with sqlite3.connect(tmp_path / "b.db") as reader:
        assert reader.execute("SELECT COUNT(*) FROM items WHERE verdict IS NULL").fetchone()[0] > 0


def test_a_report_on_a_full_disk_leaves_no_truncated_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bedside.audit.report as report

    archive = x_archive(tmp_path / "x.zip", 20)
    db = tmp_path / "a.db"
    run_audit(archive, db=db)
    target = write_html(db, tmp_path / "r.html")
    before = target.read_bytes()

    def full(*args: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "_view", full)
    with pytest.raises(OSError):
        write_html(db, target)
    assert target.read_bytes() == before and mode(target) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_on_a_full_disk_says_so_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import bedside.audit.report as report

    def full(*args: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "_view", full)
    monkeypatch.chdir(tmp_path)
    done = run_cli(capsys, monkeypatch, "audit", str(x_archive(tmp_path / "x.zip", 12)), "--workers", "1")
    assert done.code == 2 and "No space left" in done.err and "Traceback" not in done.err
    assert not (tmp_path / "x-audit.html").exists() and not list(tmp_path.glob(".*.tmp"))


def test_db_pointing_at_another_file_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database")
    notes.chmod(0o644)
    with pytest.raises(InputError, match="not a bedside store"):
        run_audit(jsonl(tmp_path / "p.jsonl", [{"id": "1", "text": "fine"}]), db=notes)
    assert mode(notes) == 0o644 and notes.read_text() == "my notes, not a database"


# 21 and 22: the web app ---------------------------------------------------------------------------------


TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}


def _client() -> Any:
    from fastapi.testclient import TestClient

    from bedside.web import create_app

    return TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1:8765")


def _start(client: Any, data: bytes) -> str:
    response = client.post("/api/audit", files={"file": ("p.jsonl", data, "text/plain")}, headers=AUTH)
    assert response.status_code == 202, response.text
    job: str = response.json()["job"]
    return job


def _slow_run(started: threading.Event) -> Any:
    """An audit that runs until it is cancelled (as a long one would), to test the job's life."""
    def run(audit: Any, progress: Any, status: Any) -> dict[str, Any]:
        (audit.folder / "audit.sqlite").write_bytes(b"SQLite format 3\x00")
        started.set()
        if audit.cancel.wait(30):
            raise Cancelled("cancelled")
        return {}
    return run


def test_deleting_a_running_web_audit_cancels_it_and_it_still_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    import bedside.web.audit_api as audit_api

    started = threading.Event()
    monkeypatch.setattr(audit_api, "run", _slow_run(started))
    release = threading.Event()
    real_rmtree = audit_api.shutil.rmtree

    def slow_rmtree(path: Any, **options: Any) -> None:  # hold the cancelled job in its clean-up a moment
        release.wait(10)
        real_rmtree(path, **options)

    with _client() as client:
        jobs = client.app.state.jobs
        first = _start(client, b'{"id": "1", "text": "x"}\n')
        assert started.wait(10)
        job = jobs.get(first)
        monkeypatch.setattr(audit_api.shutil, "rmtree", slow_rmtree)
        assert client.delete(f"/api/audit/{first}", headers=AUTH).status_code == 204
        assert job.cancel.is_set()
        others = [_start(client, b'{"id": "1", "text": "x"}\n') for _ in range(2)]
        refused = client.post("/api/audit", files={"file": ("p.jsonl", b"{}", "text/plain")}, headers=AUTH)
        assert refused.status_code == 429  # the cancelled job has not finished cleaning up: it counts
        release.set()
        job.thread.join(10)
        assert not job.thread.is_alive() and not job.folder.exists()
        folders = [jobs.get(other).folder for other in others]
        threads = [jobs.get(other).thread for other in others]
    assert all(not thread.is_alive() for thread in threads)  # the server stopping cancelled them
    assert not any(folder.exists() for folder in folders)


def test_a_real_web_audit_is_cancelled_when_the_server_stops(tmp_path: Path) -> None:
    export = b"".join(json.dumps({"id": str(n), "text": f"Teaching session {n} went well"}).encode() + b"\n"
                      for n in range(3000))
    with _client() as client:
        job = _start(client, export)
        record = client.app.state.jobs.get(job)
        deadline = time.monotonic() + 60
        while not record.message and time.monotonic() < deadline:
            time.sleep(0.02)
    assert record.thread is not None and not record.thread.is_alive()
    assert not record.folder.exists()


def test_web_results_link_only_http_urls() -> None:
    export = b"".join(json.dumps({"id": str(n), "text": PATIENT, "url": url}).encode() + b"\n" for n, url in
                      enumerate(["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "https://example.org/ok", " JavaScript:alert(2)"]))
    with _client() as client:
        job = _start(client, export)
        deadline = time.monotonic() + 60
        while client.get(f"/api/audit/{job}", headers=AUTH).json()["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        items = client.get(f"/api/audit/{job}/results", headers=AUTH).json()["items"]
    assert {item["id"]: item["url"] for item in items} == {"0": None, "1": None, "2": "https://example.org/ok",
                                                           "3": None}
    script = (Path(__file__).parents[1] / "src/bedside/web/static/audit.js").read_text()
    assert "webLink(item.url)" in script and "/^https?:\\/\\//i" in script


def test_a_bad_value_in_one_file_stops_that_file_only(tmp_path: Path) -> None:
    export = tmp_path / "fb"
    (export / "posts").mkdir(parents=True)
    (export / "comments").mkdir()
    (export / "posts" / "your_posts_1.json").write_text(json.dumps(
        [{"timestamp": 1700000000, "data": [{"post": PATIENT}]}, {"timestamp": 1, "data": 1}]))
    (export / "comments" / "comments.json").write_text(json.dumps(
        {"comments_v2": [{"timestamp": 1700000000, "data": [{"comment": {"comment": "Get well soon"}}]}]}))
    items, warnings, damaged = read_all(export)
    assert sorted(i.text for i in items) == ["Get well soon", PATIENT] and damaged
    assert any("your_posts_1.json" in w and "unexpected" in w for w in warnings)
    tweets = [{"tweet": {"id_str": "1", "full_text": "first", "entities": 5}},
              {"tweet": {"id_str": "2", "full_text": PATIENT}}]
    items, warnings, _ = read_all(make_zip(tmp_path / "x.zip", {"tweets.js": "window.YTD.tweets.part0 = "
                                                                 + json.dumps(tweets)}))
    assert [i.id for i in items] == ["2"] and any("element 0" in w for w in warnings)
