"""Audits through the web API: start, progress, results, report, and nothing left behind afterwards."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bedside.web import create_app, features

TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}
EXPORT = (b'{"id": "1", "text": "Saw Mrs Edith Langley (NHS 943 476 5919) in clinic", "date": "2024-01-02", '
          b'"url": "https://example.org/1"}\n'
          b'{"id": "2", "text": "Lovely sunny day for a run", "date": "2024-01-03"}\n')

pytestmark = pytest.mark.skipif(not features.available("audit"), reason="bedside.audit is not installed")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def _start(client: TestClient, data: bytes = EXPORT, name: str = "posts.jsonl") -> str:
    response = client.post("/api/audit", files={"file": (name, data, "application/octet-stream")}, headers=AUTH)
    assert response.status_code == 202, response.text
    job: str = response.json()["job"]
    return job


def _wait(client: TestClient, job: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        progress: dict[str, Any] = client.get(f"/api/audit/{job}", headers=AUTH).json()
        if progress["state"] in ("done", "failed"):
            return progress
        assert time.monotonic() < deadline, progress
        time.sleep(0.1)


def test_audit_runs_reports_and_then_forgets(client: TestClient) -> None:
    job = _start(client)
    folder = client.app.state.jobs.get(job).folder  # type: ignore[attr-defined]
    progress = _wait(client, job)
    assert progress["state"] == "done", progress
    assert progress["summary"]["posts"] == 2 and progress["summary"]["do-not-post"] == 1
    assert progress["done"] == progress["total"] == 2
    assert not list(folder.glob("upload*"))  # the upload goes as soon as it is read
    items = client.get(f"/api/audit/{job}/results", headers=AUTH).json()["items"]
    assert [item["id"] for item in items] == ["1"]
    assert items[0]["url"] == "https://example.org/1" and items[0]["findings"]
    report = client.get(f"/api/audit/{job}/report", headers=AUTH)
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    assert "Edith" in report.text or "NHS" in report.text
    assert not folder.exists()  # downloaded: deleted
    assert client.get(f"/api/audit/{job}", headers=AUTH).status_code == 404


def test_audit_can_be_deleted_and_expires(client: TestClient) -> None:
    job = _start(client)
    _wait(client, job)
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    folder: Path = jobs.get(job).folder
    assert client.delete(f"/api/audit/{job}", headers=AUTH).status_code == 204
    assert not folder.exists()
    assert client.delete(f"/api/audit/{job}", headers=AUTH).status_code == 404
    second = _start(client)
    _wait(client, second)
    jobs.ttl_s = 0
    time.sleep(0.01)
    jobs.sweep()
    assert client.get(f"/api/audit/{second}", headers=AUTH).status_code == 404


def test_audit_bad_input(client: TestClient) -> None:
    empty = client.post("/api/audit", files={"file": ("x.zip", b"", "application/zip")}, headers=AUTH)
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    assert client.post("/api/audit", headers=AUTH).status_code == 422
    assert client.post("/api/audit", files={"file": ("x.csv", b"a\n", "text/csv")}, data={"country": "Britain"},
                       headers=AUTH).status_code == 422
    assert client.post("/api/audit", files={"file": ("x.csv", b"a\n", "text/csv")}, data={"settings": "{not json"},
                       headers=AUTH).status_code == 400
    assert client.get("/api/audit/no-such-job", headers=AUTH).status_code == 404
    assert client.get("/api/audit/no-such-job/report", headers=AUTH).status_code == 404


def test_a_file_that_is_no_export_fails_with_a_reason(client: TestClient) -> None:
    job = _start(client, b"\x00\x01\x02 not an export \xff" * 10, "junk.bin")
    progress = _wait(client, job)
    if progress["state"] == "failed":
        assert progress["message"] and "Traceback" not in progress["message"]
        assert client.get(f"/api/audit/{job}/report", headers=AUTH).status_code == 409
    else:
        assert progress["summary"]["posts"] == 0


def test_only_a_few_audits_at_once(client: TestClient) -> None:
    jobs = [_start(client) for _ in range(3)]
    refused = client.post("/api/audit", files={"file": ("p.jsonl", EXPORT, "text/plain")}, headers=AUTH)
    assert refused.status_code == 429
    for job in jobs:
        _wait(client, job)
        client.delete(f"/api/audit/{job}", headers=AUTH)


def test_everything_is_deleted_when_the_server_stops() -> None:
    with TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1") as client:
        job = _start(client)
        _wait(client, job)
        folder = client.app.state.jobs.get(job).folder  # type: ignore[attr-defined]
        assert folder.exists()
    assert not folder.exists()


def test_an_audit_deleted_while_running_leaves_nothing(client: TestClient) -> None:
    job = _start(client)
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    folder: Path = jobs.get(job).folder
    assert client.delete(f"/api/audit/{job}", headers=AUTH).status_code == 204
    deadline = time.monotonic() + 60
    while folder.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
