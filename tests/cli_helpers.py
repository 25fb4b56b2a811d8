"""Run the real `bedside` entry point in-process, capturing its output and exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from bedside.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
            stdin: bytes | None = None) -> Result:
    monkeypatch.setattr(sys, "argv", ["bedside", *args])
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return Result(int(exited.value.code or 0), captured.out, captured.err)
