"""Redaction above the engine: a clean copy of an image or DICOM file, made from what a check found.

    from bedside.redaction import redact_file, redact_bytes
    report = redact_file(Path("report.png"), Path("report.clean.png"), config)
    clean, filename, report = redact_bytes(data, "report.png", config)

Reading an image is input, like text: the `images` signal (bedside.signals.images: loading, ocr, metadata,
faces, dicom, analysis) finds what it holds, and the image rules judge it. This layer checks the file, paints
and blurs what the findings box, re-encodes without metadata and checks its own output again (images.py). A
post's text is redacted by the engine itself, from the rules' redactions (`Report.redactions`, `redacted`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from bedside.config import Config
    from bedside.model import Report


def redact_file(src: Path, dst: Path, config: Config | None = None, *, header_only: bool = False) -> Report:
    """Write a redacted copy of an image or DICOM file; nothing is written if anything goes wrong. A DICOM
    file whose pixels cannot be decoded is refused unless header_only (then only its header is cleaned)."""
    from bedside.redaction.images import redact_file as run

    return run(src, dst, config, header_only=header_only)


def redact_bytes(data: bytes, filename: str, config: Config | None = None, *,
                 header_only: bool = False) -> tuple[bytes, str, Report]:
    """Redact an uploaded image: the clean bytes, a suggested file name, and the report."""
    from bedside.redaction.images import redact_bytes as run

    return run(data, filename, config, header_only=header_only)


__all__ = ["redact_bytes", "redact_file"]
