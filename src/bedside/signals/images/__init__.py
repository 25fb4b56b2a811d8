"""images: what each image of a post holds (`list[bedside.signals.images.model.ImageAnalysis]`).

Per image: identifiers in its text (OCR, through the same detectors as a post's text), metadata
items, faces, DICOM header attributes and text burned into DICOM pixels, each with its box. A post
without images pays nothing: the list is empty and no image module is imported. The modules here read
an image (loading, ocr, metadata, makernotes, faces, dicom, words) and `analysis` puts them together; making a
clean copy is bedside.redaction's, above the engine.
"""

from __future__ import annotations

from typing import Any

from bedside.signals import Signals, extractor
from bedside.signals.keys import IMAGES


@extractor(IMAGES)
def images(signals: Signals) -> list[Any]:
    post = signals.post
    if not post.images:
        return []
    from bedside.signals.images.analysis import analyse

    found = [analyse(item, i, country=post.country, engine=signals.config.ocr) for i, item in enumerate(post.images)]
    for analysis in found:
        for warning in analysis.warnings:
            signals.warn(warning)
    if signals.config.ocr == "tesseract":
        from bedside.signals.images.ocr import tesseract_available

        if not tesseract_available():
            signals.warn("Tesseract is not installed (apt install tesseract-ocr; pip install pytesseract): "
                         "RapidOCR read the images instead.")
    return found
