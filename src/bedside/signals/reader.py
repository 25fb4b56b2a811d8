"""reader: every mention in a post with what it is and whose it is, and whether the post is about a patient.

A fine-tuned MiniLM (training/train_reader.py, model card docs/models/reader.md) tags each word piece with a
type:role ("person:patient", "person:staff", "place:ward", "date:birth", "identifier:organisation", ...);
the pieces of a word are read together, and neighbouring words of one kind join into a mention. A post-level
head gives the probability that the post describes a real patient or their care. The model reads the first
128 word pieces of each 600-character window, so notes are read whole up to MAX_CHARACTERS.

Returns Reading (see below); rules judge it, this module knows nothing of guidance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from bedside.signals import Signals, extractor
from bedside.textmodels import MODELS, load_onnx

MAX_TOKENS = 128
WINDOW = 600
BATCH = 32  # windows per ONNX run: long notes are read in a few calls
MAX_CHARACTERS = 30_000  # 50 windows, about a second; a longer text is read this far (with a warning)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # person, place, date, identifier, local-role, age
    role: str  # patient, relative, staff, author, public-figure, cited-author, fictional, dummy, ward, ...
    probability: float


@dataclass(frozen=True)
class Reading:
    mentions: tuple[Mention, ...]
    about_patient: float  # probability that the post describes a real patient or their care

    def roles_at(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]


@dataclass(frozen=True)
class _Model:
    session: Any
    tokenizer: Any
    tags: tuple[str, ...]


@cache
def _model() -> _Model | None:
    if not (MODELS / "reader.onnx").exists():
        return None
    session, tokenizer = load_onnx("reader.onnx", "reader_tokenizer.json", MAX_TOKENS)
    tags = tuple(json.loads((MODELS / "reader_tags.json").read_text(encoding="utf-8")))
    return _Model(session, tokenizer, tags)


def spans_from_pieces(offsets: list[tuple[int, int]], word_ids: list[int | None], probs: np.ndarray,
                      tags: tuple[str, ...]) -> list[tuple[int, int, str, float]]:
    """Word pieces to mentions. The pieces of one word share one reading (their mean); a kind's probability
    is that of its B- and I- tags together; a word opens a mention unless it continues the previous word's
    kind with I- more likely than B-. Returns (start, end, "type:role", mean probability of its words)."""
    kinds = sorted({tag[2:] for tag in tags if tag != "O"})
    begin = np.array([tags.index(f"B-{k}") for k in kinds])
    inside = np.array([tags.index(f"I-{k}") for k in kinds])
    words: dict[int, list[int]] = {}
    for index, word in enumerate(word_ids):
        if word is not None and offsets[index][0] < offsets[index][1]:
            words.setdefault(word, []).append(index)
    mentions: list[list[Any]] = []
    previous = ""
    for pieces in words.values():
        mean = probs[pieces].mean(axis=0)
        by_kind = mean[begin] + mean[inside]
        best = int(by_kind.argmax())
        start, end = offsets[pieces[0]][0], offsets[pieces[-1]][1]
        if by_kind[best] <= mean[0]:
            previous = ""
            continue
        kind = kinds[best]
        if kind == previous and mean[inside[best]] >= mean[begin[best]]:
            mentions[-1][1] = end
            mentions[-1][3].append(float(by_kind[best]))
        else:
            mentions.append([start, end, kind, [float(by_kind[best])]])
        previous = kind
    return [(a, b, kind, float(np.mean(p))) for a, b, kind, p in mentions]


def read(text: str) -> Reading:
    """Read the text window by window, the windows in padded batches (one ONNX run per BATCH windows)."""
    model = _model()
    if model is None or not text.strip():
        return Reading((), 0.0)
    starts = list(range(0, min(len(text), MAX_CHARACTERS), WINDOW))
    encodings = model.tokenizer.encode_batch([text[b : b + WINDOW] for b in starts])
    mentions: list[Mention] = []
    post = 0.0
    for first in range(0, len(encodings), BATCH):
        chunk = encodings[first : first + BATCH]
        width = max(len(e.ids) for e in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(chunk):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        token_probs, post_probs = model.session.run(None, {"input_ids": ids, "attention_mask": mask})
        post = max(post, float(post_probs.max()))
        for row, encoding in enumerate(chunk):
            begin = starts[first + row]
            pieces = len(encoding.ids)
            for a, b, kind, probability in spans_from_pieces(encoding.offsets, encoding.word_ids,
                                                              token_probs[row, :pieces], model.tags):
                kind_type, role = kind.split(":", 1)
                mentions.append(Mention(begin + a, begin + b, text[begin + a : begin + b], kind_type, role,
                                        probability))
    return Reading(tuple(mentions), post)


@extractor("reader")
def reader(signals: Signals) -> Reading:
    text = signals.post.text
    if len(text) > MAX_CHARACTERS:
        signals.warn(f"The reader read the first {MAX_CHARACTERS:,} characters only; the pattern finders read "
                     "the whole text.")
    return read(text)
