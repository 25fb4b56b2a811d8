"""The web API, endpoint by endpoint, with good and bad input (FastAPI's TestClient, no server)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bedside import Config, check
from bedside.web import create_app, features

TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}
POST = "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952. Lovely lady."


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def test_check_finds_identifiers_with_guidance_and_fixes(client: TestClient) -> None:
    response = client.post("/api/check", json={"text": POST}, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "do-not-post"
    name = next(f for f in data["findings"] if f["text"] == "Mrs Edith Langley")
    assert name["code"] == "CONF001" and name["references"][0]["text"]
    assert "Edith" not in data["redacted"] and "943 476 5919" not in data["redacted"]
    spans = {(POST[s["start"]:s["end"]], s["label"]) for s in data["redactions"]}
    assert ("Mrs Edith Langley", "NAME") in spans and ("943 476 5919", "NHS NUMBER") in spans
    assert data["pack"] == "gmc"


def test_check_quiet_on_a_harmless_post(client: TestClient) -> None:
    data = client.post("/api/check", json={"text": "Remember to get your flu jab this autumn."}, headers=AUTH).json()
    assert data["verdict"] == "ok" and data["findings"] == [] and data["redactions"] == []


def test_check_is_fast_enough_to_run_as_you_type(client: TestClient) -> None:
    client.post("/api/check", json={"text": POST}, headers=AUTH)  # warm: models load once
    times = []
    for n in range(20):
        started = time.perf_counter()
        client.post("/api/check", json={"text": f"{POST} {n}"}, headers=AUTH)
        times.append(time.perf_counter() - started)
    assert sorted(times)[len(times) // 2] < 0.1


def test_settings_switch_rules_off_and_allow_own_details(client: TestClient) -> None:
    off = client.post("/api/check", json={"text": POST, "settings": {"ignore": ["CONF001"]}}, headers=AUTH).json()
    assert all(f["code"] != "CONF001" for f in off["findings"])
    allowed = client.post("/api/check", json={"text": "Call Dr Jane Example on 01632 960000 about rotas.",
                                              "settings": {"allow": ["Dr Jane Example", "01632 960000"]}},
                          headers=AUTH).json()
    assert all(f["text"] not in ("Dr Jane Example", "01632 960000") for f in allowed["findings"])


@pytest.mark.parametrize("body", [
    {},
    {"text": 5},
    {"text": "x", "kind": "tweet"},
    {"text": "x", "audience": "everyone"},
    {"text": "x", "country": "Britain"},
    {"text": "x", "profession": "wizard"},
    {"text": "x", "settings": {"jigsaw_threshold": -1}},
    {"text": "x", "settings": {"ignore": "CONF001"}},
    {"text": "x", "surprise": True},
    {"text": "x" * 200_001},
])
def test_check_bad_input_is_422_with_a_reason(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/api/check", json=body, headers=AUTH)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert "x" * 50 not in response.text  # the input is not echoed back


@pytest.mark.parametrize(("body", "status"), [
    (b"not json", 422), (b"[1, 2]", 422), (b'{"text": "\\ud800 lone surrogate"}', 422), (b'{"text": "\xff\xfe"}', 400),
])
def test_check_rejects_bodies_that_are_not_a_post(client: TestClient, body: bytes, status: int) -> None:
    response = client.post("/api/check", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == status and response.json()["detail"]


def test_redact_replaces_identifiers(client: TestClient) -> None:
    data = client.post("/api/redact", json={"text": POST}, headers=AUTH).json()
    assert data["redacted"].startswith("Saw [NAME] (NHS [NHS NUMBER])")
    assert data["removed"] >= 3
    clean = client.post("/api/redact", json={"text": "Great teaching session today."}, headers=AUTH).json()
    assert clean == {"redacted": "Great teaching session today.", "removed": 0}
    assert client.post("/api/redact", json={"text": None}, headers=AUTH).status_code == 422


def test_rules_lists_every_rule_with_the_pack(client: TestClient) -> None:
    data = client.get("/api/rules", headers=AUTH).json()
    codes = {r["code"] for r in data["rules"]}
    assert "CONF001" in codes
    assert data["pack"]["id"] == "gmc" and data["paragraphs"] and data["advice"]
    assert any(p["id"] == "gmc" for p in data["packs"])
    conf = next(r for r in data["rules"] if r["code"] == "CONF001")
    assert conf["references"] and conf["why"] and conf["fix"]


@pytest.mark.parametrize("query", ["country=Britain", "profession=wizard", "country=<script>"])
def test_rules_bad_query_is_422(client: TestClient, query: str) -> None:
    assert client.get(f"/api/rules?{query}", headers=AUTH).status_code == 422


def test_reply_checks_the_draft_against_the_complaint(client: TestClient) -> None:
    complaint = "Waited two hours at the surgery on Tuesday and the doctor was rude. Never again."
    body = {"complaint": complaint, "draft": "We saw you on Tuesday and your results were normal.", "suggest": False}
    data = client.post("/api/reply", json=body, headers=AUTH).json()
    assert data["suggestion"] is None
    assert data["report"]["verdict"] in ("review", "do-not-post")
    assert data["report"]["findings"]


def test_reply_without_a_draft_or_complaint(client: TestClient) -> None:
    no_draft = client.post("/api/reply", json={"complaint": "Awful.", "suggest": False}, headers=AUTH).json()
    assert no_draft == {"report": None, "suggestion": None, "suggestion_report": None}
    assert client.post("/api/reply", json={"complaint": "", "draft": "x"}, headers=AUTH).status_code == 422


@pytest.mark.skipif(not features.available("reply"), reason="bedside.complaints is not installed")
def test_reply_writes_a_compliant_reply(client: TestClient) -> None:
    body = {"complaint": "Dr Smith ignored my mother for an hour on Tuesday. Disgraceful!",
            "practice": "Example Surgery"}
    data = client.post("/api/reply", json=body, headers=AUTH).json()
    assert data["suggestion"] and "Tuesday" not in data["suggestion"]
    assert data["suggestion_report"]["verdict"] == "ok"


def test_missing_features_answer_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "lookup", lambda name: None)
    reply = client.post("/api/reply", json={"complaint": "Awful."}, headers=AUTH)
    assert reply.status_code == 503 and "reply" in reply.json()["detail"]
    image = client.post("/api/image", files={"files": ("a.png", b"\x89PNG....", "image/png")}, headers=AUTH)
    assert image.status_code == 503
    audit = client.post("/api/audit", files={"file": ("a.csv", b"text\nhello\n", "text/csv")}, headers=AUTH)
    assert audit.status_code == 503
    page = client.get("/image")
    assert page.status_code == 200 and 'id="unavailable"' in page.text
    assert 'id="no-writer"' in client.get("/reply").text


def test_openapi_documents_every_endpoint_and_the_token(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/check", "/api/redact", "/api/image", "/api/image/clean", "/api/reply", "/api/audit",
                 "/api/audit/{job_id}", "/api/audit/{job_id}/report", "/api/rules"):
        assert path in schema["paths"], path
    assert "X-Bedside-Token" in str(schema["components"]["securitySchemes"])


def test_pages_render(client: TestClient) -> None:
    for path, heading in (("/", "Check a post"), ("/image", "Check an image"), ("/reply", "Reply to a complaint"),
                          ("/audit", "Audit my history"), ("/guidance", "Guidance"), ("/settings", "Settings")):
        page = client.get(path)
        assert page.status_code == 200 and f"<h1>{heading}</h1>" in page.text
        assert f'content="{TOKEN}"' in page.text


def test_guidance_page_follows_country_and_profession(client: TestClient) -> None:
    page = client.get("/guidance?country=IE&profession=nurse").text
    assert "Medical Council of Ireland" in page or "Ireland" in page
    assert client.get("/guidance?country=12").status_code == 422


def test_the_reports_redactions_line_up_with_the_redacted_text() -> None:
    for text in (POST, "Call 07700 900123 😀 now Edith Langley", "[NAME] is fine, Mrs Edith Langley", "Nothing."):
        report = check(text)
        rebuilt = text
        for redaction in reversed(report.redactions):
            assert redaction.codes, redaction
            rebuilt = rebuilt[: redaction.start] + f"[{redaction.label}]" + rebuilt[redaction.end :]
        assert rebuilt == report.redacted


def test_the_api_gives_the_redactions_and_what_needs_a_rewrite(client: TestClient) -> None:
    data = client.post("/api/check", json={"text": "Mrs Edith Langley (NHS 943 476 5919) is a total heartsink"},
                       headers=AUTH).json()
    assert {"CONF001"} <= {code for r in data["redactions"] for code in r["codes"]}
    assert [r["code"] for r in data["rewrite_needed"]] == ["PROF001"]
    assert data["suggestion"] is None  # "a total heartsink" is an insult: no neutral words make it safe
    data = client.post("/api/check", json={"text": "Absolutely fucking shattered after that shift"},
                       headers=AUTH).json()
    assert data["suggestion"] == {"text": "Absolutely shattered after that shift", "codes": ["PROF003"]}


def test_app_uses_the_given_config() -> None:
    app = create_app(Config(ignore=("CONF",)), token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        data = test_client.post("/api/check", json={"text": POST}, headers=AUTH).json()
        rules = test_client.get("/api/rules", headers=AUTH).json()["rules"]
        page = test_client.get("/settings", headers=AUTH).text
    assert not any(f["code"].startswith("CONF") for f in data["findings"])
    assert {r["code"]: r["enabled"] for r in rules if r["code"] in ("CONF001", "PROF001")} == \
        {"CONF001": False, "PROF001": True}  # the rules pages say what this server's settings switch off
    assert 'value="CONF001" disabled' in page and "off in this server's settings" in page
