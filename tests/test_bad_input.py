"""Bad input gives a result or a clear one-line error, in linear time: no regex blow-up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bedside import check
from cli_helpers import run_cli


@pytest.mark.parametrize(
    "text",
    [
        "9" * 100_000,
        "." * 100_000,
        "-/" * 50_000,
        "1 " * 50_000,
        "Aa " * 40_000,
        "@" * 100_000,
        "12/12/" * 20_000,
        ("Mr " * 30_000),
    ],
    ids=["digits", "dots", "slashes", "spaced-digits", "caps-words", "ats", "dates", "titles"],
)
def test_pathological_lines_finish_quickly(text: str) -> None:
    started = time.perf_counter()
    report = check(text)
    assert report.verdict in ("ok", "review", "do-not-post")
    assert time.perf_counter() - started < 10


def test_a_megabyte_of_text_is_checked() -> None:
    paragraph = "Busy night on the ward, handover at 8. Teaching on sepsis later this week. "
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    report = check(text)
    assert report.redacted.count("Teaching") == text.count("Teaching")
    assert time.perf_counter() - started < 30


def test_binary_junk_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 100)
    result = run_cli(capsys, monkeypatch, "check", str(junk))
    assert result.code == 2 and "binary" in result.err and "Traceback" not in result.err


def test_invalid_utf8_is_decoded_with_a_warning(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "check", "-", "--format", "json",
                     stdin=b"pt seen today \xff\xfe NHS 943 476 5919")
    assert result.code == 1
    assert "UTF-8" in result.out
