"""Text in pixels: RapidOCR's pipeline on PaddleOCR's PP-OCRv6 tiny models by default (shipped in
bedside.models by training/build_ocr_models.py), Tesseract when asked for and installed.

The result is one string (lines joined by newlines) and, for every character, the box it came from, so
that an identifier found in the string by the text detectors can be mapped back to pixels. Where the
recogniser runs two words together, a gap between its character boxes as wide as the line is high puts the
space back (its character boxes are rough: a narrower gap split "Le mon" and "Exa m", measured).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from PIL import Image

from bedside.model import InputError
from bedside.signals.images.model import Region
from bedside.signals.images.words import mend

CharBox = tuple[int, int, int, int]  # x0, y0, x1, y1
DET_MAX_SIDE = 1280  # detection runs at most at this size: screenshot text stays findable, time halves
SPACE_GAP = 1.0  # a gap wider than this fraction of the line height between characters is a space
MIN_SCORE = 0.5


@dataclass(frozen=True)
class OcrText:
    text: str
    boxes: tuple[CharBox | None, ...]  # one per character of text; None for inserted newlines

    def regions(self, start: int, end: int, page: int = 0) -> list[Region]:
        """The boxes covering text[start:end], one per line it spans."""
        lines: list[list[CharBox]] = [[]]
        for i in range(start, min(end, len(self.boxes))):
            box = self.boxes[i]
            if box is None:
                if self.text[i] == "\n" and lines[-1]:
                    lines.append([])
                continue
            lines[-1].append(box)
        out = []
        for boxes in lines:
            if boxes:
                x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
                x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
                out.append(Region(x0, y0, x1 - x0, y1 - y0, page))
        return out


def read_text(image: Image.Image, engine: str = "rapidocr") -> OcrText:
    """OCR one image (RGB or greyscale)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if engine == "tesseract" and tesseract_available():
        return _tesseract(rgb)
    return _rapidocr(rgb)


def tesseract_available() -> bool:
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


@functools.lru_cache(maxsize=1)
def _rapid_engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise InputError("reading text in images needs rapidocr-onnxruntime (pip install it)") from error
    # Dilating the detector's map merges close lines and can lose one (a report's last line, measured).
    # One line per recogniser run: batches are padded to their longest line, which cost more than it saved.
    # The detector was trained on ImageNet's normalisation, not RapidOCR's default (0.5, 0.5).
    models = resources.files("bedside.models")
    with _sessions_keeping_memory_arena():
        engine = RapidOCR(det_limit_side_len=DET_MAX_SIDE, det_limit_type="max", det_use_dilation=False,
                          det_model_path=str(models / "ocr_det.onnx"), det_mean=[0.485, 0.456, 0.406],
                          det_std=[0.229, 0.224, 0.225],
                          rec_model_path=str(models / "ocr_rec.onnx"), rec_keys_path=str(models / "ocr_keys.txt"),
                          rec_batch_num=1, intra_op_num_threads=os.cpu_count() or 1, print_verbose=False)
    # RapidOCR 1.4.4 ignores det_limit_side_len with "max" (it picks 960, 1500 or 2000 by size): detection
    # at 1280 px finds the same lines of a 1920x1080 screenshot in half the time; recognition still reads
    # the full-resolution crops.
    detector = engine.text_det
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    detector.get_preprocess = lambda _longest: DetPreProcess(DET_MAX_SIDE, "max", detector.mean, detector.std)
    return engine


@contextlib.contextmanager
def _sessions_keeping_memory_arena() -> Iterator[None]:
    """RapidOCR's sessions with ONNX Runtime's memory arena, which it turns off: detection on a 1280x736
    screenshot then takes 0.20 s rather than 0.28 s (0.28 rather than 0.38 s the first time), and peak memory
    over five image sizes was lower, not higher (592 against 644 MB, measured)."""
    from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

    original = OrtInferSession._init_sess_opts

    def options(config: dict[str, Any]) -> Any:
        chosen = original(config)
        chosen.enable_cpu_mem_arena = True
        return chosen

    OrtInferSession._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        OrtInferSession._init_sess_opts = staticmethod(original)


def _rapidocr(image: Image.Image) -> OcrText:
    array = np.asarray(image)[:, :, ::-1].copy()  # RapidOCR wants BGR like OpenCV
    result, _ = _rapid_engine()(array, return_word_box=True)
    lines = sorted(result or [], key=lambda r: (_centre_y(r[0]), r[0][0][0]))
    text: list[str] = []
    boxes: list[CharBox | None] = []
    for line in lines:
        quad, string, score = line[0], str(line[1]), float(line[2])
        if score < MIN_SCORE or not string.strip():
            continue
        chars = line[3] if len(line) > 3 and line[3] and len(line[3]) == len(string) else None
        if text:
            text.append("\n")
            boxes.append(None)
        _append_line(string, chars, quad, text, boxes)
    return OcrText(*mend("".join(text), tuple(boxes)))


def _centre_y(quad: Any) -> float:
    return float(sum(point[1] for point in quad)) / len(quad)


def _bounds(quad: Any) -> CharBox:
    xs = [int(p[0]) for p in quad]
    ys = [int(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _append_line(string: str, chars: Any, quad: Any, text: list[str], boxes: list[CharBox | None]) -> None:
    line_box = _bounds(quad)
    if chars is None:  # no character boxes: share the line's box out evenly
        x0, y0, x1, y1 = line_box
        step = (x1 - x0) / max(1, len(string))
        for i, ch in enumerate(string):
            text.append(ch)
            boxes.append((int(x0 + i * step), y0, int(x0 + (i + 1) * step), y1))
        return
    height = max(1, line_box[3] - line_box[1])
    previous: CharBox | None = None
    string = _letter_o("".join(_plain(ch) for ch in string))
    for i, (ch, char_quad) in enumerate(zip(string, chars, strict=True)):
        box = _bounds(char_quad)
        if previous is not None and ch != " " and text and text[-1] != " " and (
            box[0] - previous[2] > SPACE_GAP * height or _joined(text[-1], ch, string[i + 1 : i + 3])
        ):
            text.append(" ")
            boxes.append((previous[2], box[1], box[0], box[3]))
        text.append(ch)
        boxes.append(box)
        previous = box


# A zero among letters and no other digit: "J0AN", "D0B", "J0hn" (the recogniser reads a monospaced O as 0).
_ZERO_IN_WORD = re.compile(r"\b(?=(?:0*[A-Za-z]){2})[A-Za-z]*0[A-Za-z0]*\b")


def _letter_o(string: str) -> str:
    """Zeros inside words of letters as the letter O, in the word's case; one character for one."""
    def letters(match: re.Match[str]) -> str:
        word = match.group()
        return word.replace("0", "o" if sum(c.islower() for c in word) > sum(c.isupper() for c in word) else "O")

    return _ZERO_IN_WORD.sub(letters, string)


def _plain(ch: str) -> str:
    """Full-width punctuation and digits (the recogniser was trained on Chinese) as ASCII, one for one."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _joined(before: str, ch: str, after: str) -> bool:
    """Words the recogniser ran together: "RoyalCornwall", "SmithTel", "Name:Edith", "61Park", "Born10",
    "2026at" (but not "RCH123456" or "21st")."""
    return (
        (before.islower() and (ch.isupper() or ch.isdigit()))
        or (before in ":," and ch.isalnum())
        or (before.isdigit() and ch.isupper() and after[:1].islower())
        or (before.isdigit() and ch.islower() and (ch + after[:1]).lower() not in ("st", "nd", "rd", "th"))
    )


def _tesseract(image: Image.Image) -> OcrText:
    import pytesseract

    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    text: list[str] = []
    boxes: list[CharBox | None] = []
    current: tuple[int, int, int] | None = None
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        if not word or float(data["conf"][i]) < 30:
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if text:
            text.append("\n" if line != current else " ")
            boxes.append(None)
        current = line
        box = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i], data["top"][i] + data["height"][i])
        for ch in word:
            text.append(ch)
            boxes.append(box)
    return OcrText(*mend("".join(text), tuple(boxes)))
