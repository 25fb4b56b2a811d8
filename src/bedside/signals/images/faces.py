"""Faces: MediaPipe's BlazeFace full-range detector (shipped in bedside/models), run by OpenCV on CPU.

The model sees a 192 x 192 square, so faces smaller than about a tenth of the picture would be missed;
large pictures are also cut into overlapping tiles, each seen at the same size. About 10 ms a pass.
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

import numpy as np
from PIL import Image

from bedside.signals.images.model import Region

SIZE = 192
THRESHOLD = 0.6
TILE = 768  # pictures larger than this (either side) are also searched in tiles of about this size
MAX_TILES = 3  # per side


@functools.lru_cache(maxsize=1)
def _net() -> Any:
    import cv2

    # From a path: OpenCV ignores the engine for a model given as bytes, and only its classic engine
    # returns both of BlazeFace's outputs.
    with resources.as_file(resources.files("bedside.models").joinpath("face_detection_full_range.tflite")) as path:
        engine = getattr(cv2.dnn, "ENGINE_CLASSIC", None)  # OpenCV 5; 4.8+ has only the classic engine
        load: Any = cv2.dnn.readNetFromTFLite  # its signature differs between OpenCV 4 and 5
        return load(str(path)) if engine is None else load(str(path), engine)


@functools.lru_cache(maxsize=1)
def _anchors() -> np.ndarray:
    grid = SIZE // 4
    centres = (np.arange(grid, dtype=np.float32) + 0.5) / grid
    xs, ys = np.meshgrid(centres, centres)
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


def find_faces(image: Image.Image, page: int = 0) -> list[tuple[Region, float]]:
    """Boxes of the faces in an image, with their scores."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    windows = [(0, 0, width, height)]
    if max(width, height) > TILE:
        nx = min(MAX_TILES, math.ceil(width / TILE))
        ny = min(MAX_TILES, math.ceil(height / TILE))
        tw, th = math.ceil(width / nx * 1.25), math.ceil(height / ny * 1.25)
        for iy in range(ny):
            for ix in range(nx):
                x = min(width - tw, round(ix * (width - tw) / max(1, nx - 1))) if nx > 1 else 0
                y = min(height - th, round(iy * (height - th) / max(1, ny - 1))) if ny > 1 else 0
                windows.append((max(0, x), max(0, y), min(tw, width), min(th, height)))
    boxes: list[list[float]] = []
    scores: list[float] = []
    for x, y, w, h in windows:
        for box, score in _detect(rgb.crop((x, y, x + w, y + h))):
            boxes.append([box[0] + x, box[1] + y, box[2], box[3]])
            scores.append(score)
    if not boxes:
        return []
    import cv2

    keep = np.array(cv2.dnn.NMSBoxes(boxes, scores, THRESHOLD, 0.3)).reshape(-1)
    out = []
    for i in keep:
        bx, by, bw, bh = boxes[int(i)]
        x0, y0 = max(0, int(bx)), max(0, int(by))
        x1, y1 = min(width, int(bx + bw)), min(height, int(by + bh))
        if x1 > x0 and y1 > y0:
            out.append((Region(x0, y0, x1 - x0, y1 - y0, page), float(scores[int(i)])))
    return out


def _detect(image: Image.Image) -> list[tuple[tuple[float, float, float, float], float]]:
    side = max(image.size)
    square = Image.new("RGB", (side, side))
    square.paste(image, (0, 0))
    pixels = np.asarray(square.resize((SIZE, SIZE), Image.Resampling.BILINEAR), np.float32) / 127.5 - 1.0
    net = _net()
    net.setInput(np.ascontiguousarray(pixels.transpose(2, 0, 1)[None]))
    regression, classes = net.forward(["reshaped_regressor_face_4", "reshaped_classifier_face_4"])
    regression = regression.reshape(-1, 16)
    logits = np.clip(classes.reshape(-1), -80, 80)
    scores = 1.0 / (1.0 + np.exp(-logits))
    hits = np.nonzero(scores > THRESHOLD)[0]
    anchors = _anchors()
    found = []
    for i in hits:
        cx = regression[i, 0] / SIZE + anchors[i, 0]
        cy = regression[i, 1] / SIZE + anchors[i, 1]
        w, h = regression[i, 2] / SIZE, regression[i, 3] / SIZE
        box = ((cx - w / 2) * side, (cy - h / 2) * side, w * side, h * side)
        found.append((box, float(scores[i])))
    return found
