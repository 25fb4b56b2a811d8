"""What keeps the local app private: token, Origin and Host checks, headers, upload limits, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bedside.web import create_app
from bedside.web.security import host_name

TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}
WEB = Path(__file__).parents[1] / "src" / "bedside" / "web"


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = create_app(token=TOKEN, limits={"/api/image": 50_000, "/api/audit": 50_000})
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/check"), ("POST", "/api/redact"), ("POST", "/api/reply"), ("GET", "/api/rules"),
    ("POST", "/api/image"), ("POST", "/api/image/clean"), ("POST", "/api/audit"), ("GET", "/api/audit/abc"),
    ("DELETE", "/api/audit/abc"),
])
def test_every_api_call_needs_the_token(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path, json={"text": "x"}).status_code == 403
    assert client.request(method, path, json={"text": "x"}, headers={"X-Bedside-Token": "guess"}).status_code == 403


def test_a_fresh_token_each_run() -> None:
    first, second = create_app(), create_app()
    assert first.state.token != second.state.token and len(first.state.token) >= 32


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:9999", "https://127.0.0.1:8765", "null"])
def test_requests_from_other_origins_are_refused_even_with_the_token(client: TestClient, origin: str) -> None:
    response = client.post("/api/check", json={"text": "Hello"}, headers={**AUTH, "Origin": origin})
    assert response.status_code == 403
    assert "other sites" in response.json()["detail"]


def test_same_origin_requests_pass(client: TestClient) -> None:
    response = client.post("/api/check", json={"text": "Hello"}, headers={**AUTH, "Origin": "http://127.0.0.1:8765"})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.nip.io:8765"])
def test_other_host_names_are_refused_against_dns_rebinding(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 403
    assert client.post("/api/check", json={"text": "x"}, headers={**AUTH, "Host": host}).status_code == 403


def test_loopback_names_and_given_hosts_pass() -> None:
    app = create_app(token=TOKEN, hosts=["bedside.lan"])
    with TestClient(app) as test_client:
        for host in ("localhost:8765", "127.0.0.1", "[::1]:8765", "bedside.lan:8765"):
            assert test_client.get("/", headers={"Host": host}).status_code == 200, host
    assert host_name("[::1]:80") == "::1" and host_name("LOCALHOST:1") == "localhost"


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for response in (client.get("/"), client.post("/api/check", json={"text": "x"}, headers=AUTH),
                     client.get("/static/app.css")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/").headers["cache-control"] == "no-store"
    assert client.post("/api/check", json={"text": "x"}, headers=AUTH).headers["cache-control"] == "no-store"


def test_no_inline_script_style_or_remote_asset_in_templates() -> None:
    for path in (WEB / "templates").glob("*.html"):
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path  # every script is a file
        assert " style=" not in html and "<style" not in html and " on" + "click=" not in html, path
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path  # no CDN, no remote font
    for path in (WEB / "static").glob("*.js"):
        assert "innerHTML" not in path.read_text(), path
    assert not any(p.suffix in (".woff", ".woff2", ".ttf") for p in (WEB / "static").iterdir())


def test_uploads_over_the_limit_are_413(client: TestClient) -> None:
    big = b"\0" * 60_000
    image = client.post("/api/image", files={"files": ("x.png", big, "image/png")}, headers=AUTH)
    assert image.status_code == 413
    audit = client.post("/api/audit", files={"file": ("x.zip", big, "application/zip")}, headers=AUTH)
    assert audit.status_code == 413
    text = client.post("/api/check", content=b'{"text": "' + b"a" * 2_100_000 + b'"}',
                       headers={**AUTH, "Content-Type": "application/json"})
    assert text.status_code == 413


def test_chunked_upload_without_length_is_counted(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(30):
            yield b"a" * 100_000
        yield b'"}'

    response = client.post("/api/check", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_user_text_is_escaped_in_server_pages(client: TestClient) -> None:
    page = client.get("/guidance?country=GB&profession=doctor")
    assert "<script>alert" not in page.text
    response = client.post("/api/check", json={"text": "<script>alert(1)</script> Mrs Edith Langley"}, headers=AUTH)
    assert response.headers["content-type"].startswith("application/json")


def test_interactive_docs_that_would_load_a_cdn_are_off(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
