"""Images, screenshots, scans and DICOM: find what identifies a patient, and remove it.

    from bedside.images import redact_file, redact_bytes
    report = redact_file(Path("report.png"), Path("report.clean.png"), config)
    clean, filename, report = redact_bytes(data, "report.png", config)

Checking images is part of `bedside.check(Post(text=..., images=[...]))`: the `images` signal
(bedside.signals.images) analyses them and rules CONF003–CONF006 judge what it found. Modules:
loading (limits and sniffing), ocr, metadata, faces, dicom, analysis, redaction.
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
    from bedside.images.redaction import redact_file as run

    return run(src, dst, config, header_only=header_only)


def redact_bytes(data: bytes, filename: str, config: Config | None = None, *,
                 header_only: bool = False) -> tuple[bytes, str, Report]:
    """Redact an uploaded image: the clean bytes, a suggested file name, and the report."""
    from bedside.images.redaction import redact_bytes as run

    return run(data, filename, config, header_only=header_only)


__all__ = ["redact_bytes", "redact_file"]
