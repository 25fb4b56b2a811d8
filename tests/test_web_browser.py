"""End to end in headless Chromium: a real uvicorn server on 127.0.0.1, driven by Playwright.

Each page is used as a person would (typing, uploading, clicking, downloading) and photographed into
test-artifacts/screenshots/, or into the folder BEDSIDE_SCREENSHOTS names (docs/screenshots to refresh the
README's pictures). Skipped where /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("BEDSIDE_SCREENSHOTS") or Path(__file__).parents[1] / "test-artifacts" / "screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
POST = "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952. Lovely lady."
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    from bedside.web import create_app

    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert not problems, problems  # no script errors, no Content-Security-Policy violations


def shoot(page: Any, name: str, top: str | None = None) -> None:
    """A 1280x800 picture of the page, from the top or from the element `top`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    if top:
        page.locator(top).evaluate("node => node.scrollIntoView()")
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_check_a_post_as_you_type(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("#post", POST[:-1])
    page.type("#post", POST[-1])  # a keystroke, as a person types
    page.wait_for_selector("#backdrop mark")
    assert page.inner_text("#verdict").startswith("Do not post")
    assert page.locator("#findings .finding").count() >= 3
    assert "Using social media" in page.inner_text("#findings")  # the guidance paragraph is shown
    times = []
    for _ in range(5):  # the next keystrokes' checks, now that the models are loaded
        page.evaluate("delete document.querySelector('#timing').dataset.ms")
        page.type("#post", " ")
        page.wait_for_function("() => document.querySelector('#timing').dataset.ms")
        times.append(float(page.get_attribute("#timing", "data-ms")))
    assert sorted(times)[2] < 100  # median round trip, from the browser's request to its rendered answer
    assert page.locator("#backdrop mark", has_text="Edith Langley").count() == 1
    shoot(page, "check")
    page.locator("#findings .fix-button").first.click()  # the one-click fix
    page.wait_for_function("() => document.querySelector('#post').value.startsWith('Saw [NAME]')")
    page.click("#use-safe")
    page.wait_for_function("() => !document.querySelector('#post').value.includes('943 476')")


def test_check_shows_a_script_as_text_never_runs_it(server: str, page: Any) -> None:
    page.goto(server + "/")
    attack = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
              "Mrs Edith Langley, NHS 943 476 5919")
    page.fill("#post", attack)
    page.type("#post", " ")
    page.wait_for_selector("#backdrop mark")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#backdrop script, #backdrop img, #findings script, #findings img").count() == 0
    assert "<script>window.pwned = 1</script>" in page.inner_text("#backdrop")


def test_highlights_line_up_after_emoji(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("#post", "🎉🎉 Lovely to see Mrs Edith Langley again, NHS 943 476 5919")
    page.type("#post", ".")
    page.wait_for_selector("#backdrop mark")
    marks = page.locator("#backdrop mark").all_inner_texts()
    assert "Mrs Edith Langley" in marks and "943 476 5919" in marks


def test_phone_width_and_200_percent_zoom_do_not_scroll_sideways(server: str, browser: Any) -> None:
    for name, viewport, scale in (("check-phone", PHONE, 2), ("check-zoom200", {"width": 640, "height": 400}, 2)):
        context = browser.new_context(viewport=viewport, device_scale_factor=scale)
        tab = context.new_page()
        tab.goto(server + "/")
        tab.fill("#post", POST)
        tab.type("#post", " ")
        tab.wait_for_selector("#findings .finding")
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        if name == "check-phone":
            tab.screenshot(path=str(SHOTS / f"{name}.png"), scale="css")
        for path in ("/image", "/reply", "/audit", "/guidance", "/settings"):
            tab.goto(server + path)
            assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (name, path)
        context.close()


def test_keyboard_reaches_the_content(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    tag = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    assert tag in ("kind", "SELECT", "post")
    assert page.get_attribute("#verdict", "aria-live") == "polite"
    for field in ("kind", "audience", "post"):
        assert page.locator(f"label[for={field}]").count() == 1


def test_settings_are_remembered_and_used(server: str, page: Any) -> None:
    page.goto(server + "/settings")
    page.select_option("#s-country", "IE")
    page.fill("#s-allow", "Edith Langley")
    page.fill("#s-profile", "GP in Cornwall. Views my own.")
    page.uncheck("#rule-CONF001")
    page.check("#rule-CONF001")  # switched back on: the name is silenced by the allow-list alone
    page.click("#save-settings")
    page.wait_for_selector("#saved:has-text('Saved')")
    shoot(page, "settings")
    page.reload()
    assert page.input_value("#s-country") == "IE"
    assert page.input_value("#s-allow") == "Edith Langley"
    assert page.input_value("#s-profile") == "GP in Cornwall. Views my own."
    assert "IE" in page.inner_text("[data-setting-label]")
    page.goto(server + "/")
    page.fill("#post", "Saw Edith Langley on the ward, NHS 943 476 5919")
    page.type("#post", ".")
    page.wait_for_selector("#findings .finding")
    assert "Edith Langley" not in page.inner_text("#findings")  # the allow-list travelled with the request
    page.goto(server + "/guidance")  # follows the saved country
    page.wait_for_url("**/guidance?country=IE**")
    assert page.input_value("#g-country") == "IE"
    page.goto(server + "/settings")
    page.click("#reset-settings")
    assert page.input_value("#s-country") == "GB"


def test_guidance_page(server: str, page: Any) -> None:
    page.goto(server + "/guidance?country=GB&profession=doctor")
    assert page.locator(".paragraphs li").count() >= 3
    page.locator("#rule-CONF001 summary").click()
    assert page.locator("#rule-CONF001 dd").first.is_visible()
    shoot(page, "guidance")
    page.select_option("#g-profession", "nurse")
    page.click("#guidance-form button")
    page.wait_for_url("**profession=nurse**")


def test_reply_to_a_complaint(server: str, page: Any) -> None:
    page.goto(server + "/reply")
    page.fill("#complaint", "Waited two hours at the surgery on Tuesday and Dr Patel was rude to my mum.")
    page.fill("#draft", "Sorry you waited. We saw your mum on Tuesday and her blood results were normal.")
    page.click("#check-draft")
    page.wait_for_selector("#findings .finding")
    assert not page.inner_text("#verdict").startswith("OK")
    if page.locator("#write-reply").count():
        page.click("#write-reply")
        page.wait_for_function("() => document.querySelector('#suggestion').value.length > 50")
        page.wait_for_selector("#suggestion-verdict:has-text('OK to post')")
    else:
        assert page.locator("#no-writer").is_visible()
    shoot(page, "reply")


def _report_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (900, 260), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    lines = ("RADIOLOGY REPORT", "Patient: Edith Langley", "NHS No: 943 476 5919", "DOB: 03/04/1952")
    for n, line in enumerate(lines):
        draw.text((30, 20 + 58 * n), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_check_an_image(server: str, page: Any) -> None:
    from bedside.web import features

    page.goto(server + "/image")
    if not features.available("images"):
        assert page.locator("#unavailable").is_visible()
        shoot(page, "image")
        return
    page.set_input_files("#files", files=[{"name": "report.png", "mimeType": "image/png", "buffer": _report_png()}])
    page.click("#check-images")
    page.wait_for_selector(".image-card canvas", timeout=60_000)
    page.wait_for_selector(".image-card .finding", timeout=60_000)
    assert "943 476 5919" in page.inner_text(".image-card") or "NHS" in page.inner_text(".image-card")
    shoot(page, "image", top="#image-results-title")
    with page.expect_download(timeout=60_000) as download:
        page.click(".image-card button")
    assert download.value.suggested_filename.endswith(".png")
    assert Path(download.value.path()).read_bytes()[:4] == b"\x89PNG"


def test_audit_my_history(server: str, page: Any, tmp_path: Path) -> None:
    from bedside.web import features

    page.goto(server + "/audit")
    if not features.available("audit"):
        assert page.locator("#unavailable").is_visible()
        shoot(page, "audit")
        return
    export = tmp_path / "posts.jsonl"
    export.write_text(
        '{"id": "1", "text": "Saw Mrs Edith Langley (NHS 943 476 5919) in clinic", "date": "2024-01-02", '
        '"url": "https://example.org/1"}\n'
        '{"id": "2", "text": "Lovely sunny day for a run", "date": "2024-01-03"}\n', encoding="utf-8")
    page.set_input_files("#archive", str(export))
    page.click("#start-audit")
    page.wait_for_selector("#results:not([hidden]) .audit-item", timeout=60_000)
    assert "Done" in page.inner_text("#status")
    page.locator(".audit-item input[type=checkbox]").first.check()
    assert page.inner_text("#ticked").startswith("1 of")
    shoot(page, "audit")
    with page.expect_download() as checklist:
        page.click("#download-checklist")
    assert "example.org/1" in Path(checklist.value.path()).read_text()
    with page.expect_download() as report:
        page.click("#download-report")
    assert "Edith" in Path(report.value.path()).read_text() or "NHS" in Path(report.value.path()).read_text()
    page.wait_for_selector("#status:has-text('deleted')")
