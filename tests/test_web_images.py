"""Images through the web API: boxes, DICOM headers and previews, the clean copy, bad uploads."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bedside import Post, check
from bedside.web import create_app, features

TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}

pytestmark = pytest.mark.skipif(not features.available("images"), reason="bedside.redaction is not installed")


def report_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (900, 200), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    for n, line in enumerate(("Patient: Edith Langley", "NHS No: 943 476 5919")):
        draw.text((30, 30 + 70 * n), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


@pytest.fixture(scope="module")
def png() -> bytes:
    return report_png()


def test_image_text_is_found_with_its_box(client: TestClient, png: bytes) -> None:
    response = client.post("/api/image", files=[("files", ("report.png", png, "image/png"))],
                           data={"text": "Interesting case, Mrs Edith Langley!"}, headers=AUTH)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["verdict"] == "do-not-post"
    (image,) = data["images"]
    assert image["name"] == "report.png" and image["preview"] is None  # the browser shows PNG itself
    boxed = [f for f in image["findings"] if f["box"]]
    assert any("943 476 5919" in f["text"] for f in boxed)
    assert all("report.png" in f["message"] for f in boxed)
    box = boxed[0]["box"]
    assert box["image"] == 0 and 0 <= box["x"] < 900 and 0 < box["width"] <= 900
    assert data["text"]["findings"] and all(f["box"] is None for f in data["text"]["findings"])


def test_the_clean_copy_has_nothing_left(client: TestClient, png: bytes) -> None:
    response = client.post("/api/image/clean", files={"file": ("report.png", png, "image/png")}, headers=AUTH)
    assert response.status_code == 200
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'filename="' in response.headers["content-disposition"]
    assert int(response.headers["x-bedside-removed"]) >= 2
    again = check(Post(text="", images=[response.content]))
    assert not [f for f in again.findings if f.code == "CONF003"]


def test_dicom_gets_a_preview_and_its_header_findings(client: TestClient) -> None:
    from pydicom.data import get_testdata_file

    data = Path(get_testdata_file("CT_small.dcm")).read_bytes()  # bundled with pydicom
    response = client.post("/api/image", files={"files": ("ct.dcm", data, "application/dicom")}, headers=AUTH)
    assert response.status_code == 200, response.text
    (image,) = response.json()["images"]
    assert image["preview"].startswith("data:image/png;base64,")
    assert any(f["code"] == "CONF006" and f["details"].get("attribute") == "PatientName" for f in image["findings"])
    assert all("(ct.dcm)" in f["message"] for f in image["findings"])  # the upload's name, never "image"


@pytest.mark.parametrize(("files", "data", "status"), [
    ([("files", ("x.png", b"this is not an image", "image/png"))], {}, 400),
    ([("files", ("x.png", b"", "image/png"))], {}, 400),
    ([("files", (f"x{n}.png", b"x", "image/png")) for n in range(21)], {}, 400),
    ([("files", ("x.png", b"x", "image/png"))], {"settings": "{not json"}, 400),
    ([("files", ("x.png", b"x", "image/png"))], {"settings": json.dumps({"jigsaw_threshold": -2})}, 400),
    ([("files", ("x.png", b"x", "image/png"))], {"country": "Britain"}, 422),
    ([], {"text": "no image"}, 422),
])
def test_bad_uploads_get_one_line(client: TestClient, files: Any, data: dict[str, str],
                                  status: int) -> None:
    response = client.post("/api/image", files=files or None, data=data, headers=AUTH)
    assert response.status_code == status, response.text
    assert "\n" not in response.json()["detail"] and "Traceback" not in response.text


def test_clean_copy_of_a_bad_file_is_400(client: TestClient) -> None:
    response = client.post("/api/image/clean", files={"file": ("x.jpg", b"GIF89a" + b"\0" * 20, "image/jpeg")},
                           headers=AUTH)
    assert response.status_code == 400 and response.json()["detail"]
