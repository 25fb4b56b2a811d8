"""The audit report in a real browser (headless Chromium from Debian's packages): it renders, shows the
summary, the chart and the checklist, shows a `<script>` post as text without running it, and fetches
nothing from the network. A screenshot is saved to test-artifacts/ and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside.audit import run_audit, write_html
from importer_helpers import x_archive

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCRIPT = '<script>alert("x")</script>'

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")]


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    archive = x_archive(tmp_path / "x.zip", 40, extra={3: f"Saw Mrs Edith Langley (NHS 943 476 5919) {SCRIPT} today"})
    run_audit(archive, db=tmp_path / "a.db")
    report = write_html(tmp_path / "a.db", tmp_path / "audit.html")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "audit-report.png"
    shot.unlink(missing_ok=True)
    dialogs: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri())
            assert page.get_by_role("heading", name="bedside audit").is_visible()
            assert page.get_by_text("do not post", exact=True).is_visible()
            assert page.get_by_role("heading", name="Delete these (4)").is_visible()
            assert page.locator("svg rect").count() >= 1
            post = page.locator("article blockquote", has_text=SCRIPT).first
            assert post.is_visible() and SCRIPT in post.inner_text()
            assert page.locator("mark").count() >= 4  # flagged spans are highlighted
            assert page.locator("a[href='https://x.com/drtest/status/1003']").count() >= 1
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert dialogs == []  # the script did not run
    assert all(url.startswith("file://") for url in requests)  # no network, no external assets
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    from PIL import Image

    with Image.open(shot) as image:
        assert image.width >= 1000 and image.height > 1500
        colours = image.convert("RGB").resize((64, 64)).getcolors(64 * 64) or []
        assert len(colours) > 20  # not a blank page
