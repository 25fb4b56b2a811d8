"""Text in images (CONF003), faces (CONF005), redaction and its self-check, the public API and the CLI.

The OCR engine loads once per test session (it is cached in the process) and analyses are cached by
content, so each picture below is read once however many tests use it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bedside import check
from bedside.config import Config
from bedside.model import Finding, Post, Report
from bedside.redaction import redact_bytes, redact_file
from bedside.signals import Signals
from bedside.signals.keys import IMAGES
from cli_helpers import run_cli
from image_helpers import FIXTURES, encode, report_image, text_box

REPORT_PNG = encode(report_image(), "PNG")
PLAIN_PNG = encode(report_image(("Lovely sunny day for the charity run", "Well done everyone!")), "PNG")

CONF = Config(select=("CONF",))  # the confidentiality rules: image checks without other areas' models


def _codes(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def test_text_only_post_pays_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import bedside.signals.images.analysis as analysis

    monkeypatch.setattr(analysis, "analyse", lambda *a, **k: pytest.fail("image analysis ran for a text post"))
    post = Post(text="Saw Mrs Edith Langley today")
    assert Signals(post, Config())[IMAGES] == []
    assert not [f for f in check(post, CONF).findings if f.code in ("CONF003", "CONF004", "CONF005", "CONF006")]


def test_report_screenshot_is_do_not_post_with_boxes() -> None:
    report = check(Post(text="Fascinating case!", images=[REPORT_PNG]), CONF)
    found = _codes(report, "CONF003")
    assert report.verdict == "do-not-post"
    kinds = {f.details["identifier"] for f in found}
    assert {"nhs-number", "hospital-number", "date-of-birth"} <= kinds
    nhs = next(f for f in found if f.details["identifier"] == "nhs-number")
    assert nhs.severity == "do-not-post" and nhs.box is not None and nhs.box.image == 0
    x0, y0, x1, y1 = text_box(1, "943 476 5919", "Patient: Edith Langley   NHS No: ")
    centre = (nhs.box.x + nhs.box.width / 2, nhs.box.y + nhs.box.height / 2)
    assert x0 <= centre[0] <= x1 and y0 <= centre[1] <= y1
    assert nhs.references, "findings carry their guidance"


def test_image_without_identifiers_stays_quiet() -> None:
    report = check(Post(text="Great run today", images=[PLAIN_PNG]), CONF)
    assert not _codes(report, "CONF003")
    assert report.verdict == "ok"


def test_allow_list_keeps_own_name(tmp_path: Path) -> None:
    config = Config(select=("CONF",), allow=("RCH123456",))
    found = _codes(check(Post(text="", images=[REPORT_PNG]), config), "CONF003")
    assert found and all(f.text != "RCH123456" for f in found)


def test_image_path_and_bytes_agree(tmp_path: Path) -> None:
    path = tmp_path / "report.png"
    path.write_bytes(REPORT_PNG)
    from_path = {(f.code, f.text) for f in check(Post(text="", images=[path]), CONF).findings}
    from_bytes = {(f.code, f.text) for f in check(Post(text="", images=[REPORT_PNG]), CONF).findings}
    assert from_path == from_bytes


def test_redacted_screenshot_paints_pixels_and_passes_self_check(tmp_path: Path) -> None:
    src, dst = tmp_path / "report.png", tmp_path / "report.clean.png"
    src.write_bytes(REPORT_PNG)
    report = redact_file(src, dst, Config())
    assert dst.exists() and report.findings
    assert any("Self-check" in w for w in report.warnings)
    clean = Image.open(dst)
    assert not clean.info.get("exif") and not getattr(clean, "text", {})
    x0, y0, x1, y1 = text_box(1, "943 476 5919", "Patient: Edith Langley   NHS No: ")
    painted = np.asarray(clean.convert("L").crop((x0 + 2, y0 + 4, x1 - 2, y1 - 4)))
    assert painted.max() < 40, "the NHS number is painted over in the pixels"
    again = check(Post(text="", images=[dst]), CONF)
    assert not _codes(again, "CONF003") and not _codes(again, "CONF004")


def test_redact_bytes_suggests_a_name() -> None:
    clean, name, report = redact_bytes(REPORT_PNG, "ward round.png", Config())
    assert name == "ward round.redacted.png"
    assert clean[:8] == b"\x89PNG\r\n\x1a\n" and clean != REPORT_PNG
    assert report.verdict == "do-not-post"


def test_face_is_review_and_blurred(tmp_path: Path) -> None:
    face = (FIXTURES / "astronaut_face.jpg").read_bytes()
    found = _codes(check(Post(text="Great outcome!", images=[face]), CONF), "CONF005")
    assert len(found) == 1 and found[0].severity == "review" and found[0].category == "face"
    box = found[0].box
    assert box is not None and box.width > 40
    clean, name, _ = redact_bytes(face, "face.jpg", Config())
    assert name.endswith(".jpg")
    before = np.asarray(Image.open(FIXTURES / "astronaut_face.jpg").convert("L"), np.float32)
    after = np.asarray(Image.open(__import__("io").BytesIO(clean)).convert("L"), np.float32)
    region = (slice(box.y, box.y + box.height), slice(box.x, box.x + box.width))
    assert np.abs(np.diff(after[region], axis=1)).mean() < 0.35 * np.abs(np.diff(before[region], axis=1)).mean()


def test_no_face_in_a_document() -> None:
    assert not _codes(check(Post(text="", images=[REPORT_PNG]), CONF), "CONF005")


def test_cli_check_and_redact(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    src, dst = tmp_path / "report.png", tmp_path / "out.png"
    src.write_bytes(REPORT_PNG)
    result = run_cli(capsys, monkeypatch, "check", "Fascinating case!", "--image", str(src), "--select", "CONF")
    assert result.code == 1 and "CONF003" in result.out and "image 1 box" in result.out
    result = run_cli(capsys, monkeypatch, "redact", "--image", str(src), "-o", str(dst))
    assert result.code == 0 and dst.exists() and "removed" in result.err


def test_tesseract_missing_falls_back_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import bedside.signals.images.ocr as ocr

    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    report = check(Post(text="", images=[PLAIN_PNG]), Config(select=("CONF",), ocr="tesseract"))
    assert any("Tesseract" in w for w in report.warnings)


def test_rules_are_registered_with_docs() -> None:
    from bedside.rules import get_rule

    for code, category in (("CONF003", "image-text"), ("CONF004", "image-metadata"), ("CONF005", "face"),
                           ("CONF006", "dicom")):
        rule = get_rule(code)
        assert rule is not None and rule.category == category and rule.why and rule.fix


@pytest.mark.skipif(not __import__("bedside.signals.images.ocr", fromlist=["x"]).tesseract_available(),
                    reason="Tesseract and pytesseract are not installed")
def test_tesseract_reads_the_report_when_asked() -> None:
    found = _codes(check(Post(text="", images=[REPORT_PNG]), Config(select=("CONF",), ocr="tesseract")), "CONF003")
    assert any(f.details["identifier"] == "nhs-number" for f in found)
