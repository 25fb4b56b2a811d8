"""reader: every mention in a post with what it is and whose it is, and whether the post is about a patient.

A fine-tuned MiniLM (training/train_reader.py, model card docs/models/reader.md) tags each word piece with a
type:role ("person:patient", "person:staff", "place:ward", "date:birth", "identifier:organisation", ...);
neighbouring pieces of one kind join into a mention whose probability is the mean of theirs. A post-level
head gives the probability that the post describes a real patient or their care. The model reads the first
128 word pieces of each 600-character window, so long notes are read whole.

Returns Reading (see below); rules judge it, this module knows nothing of guidance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from bedside.signals import Signals, extractor
from bedside.textmodels import MODELS

MAX_TOKENS = 128
WINDOW = 600


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
    path = MODELS / "reader.onnx"
    if not path.exists():
        return None
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(MODELS / "reader_tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    tags = tuple(json.loads((MODELS / "reader_tags.json").read_text(encoding="utf-8")))
    return _Model(session, tokenizer, tags)


def _spans(offsets: list[tuple[int, int]], probs: np.ndarray, tags: tuple[str, ...]) -> list[list[Any]]:
    """Word pieces to spans: a B- tag opens one, I- tags (or touching pieces) of the same kind extend it."""
    spans: list[list[Any]] = []
    best = probs.argmax(-1)
    for (a, b), index, row in zip(offsets, best, probs, strict=False):
        if a == b or tags[index] == "O":
            continue
        bio, kind = tags[index].split("-", 1)
        if spans and spans[-1][2] == kind and (bio == "I" or a <= spans[-1][1] + 1):
            spans[-1][1] = b
            spans[-1][3].append(float(row[index]))
        else:
            spans.append([a, b, kind, [float(row[index])]])
    return spans


def read(text: str) -> Reading:
    model = _model()
    if model is None or not text.strip():
        return Reading((), 0.0)
    mentions: list[Mention] = []
    post = 0.0
    for begin in range(0, len(text), WINDOW):
        window = text[begin : begin + WINDOW]
        encoding = model.tokenizer.encode(window)
        ids = np.array([encoding.ids], dtype=np.int64)
        token_probs, post_prob = model.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        post = max(post, float(post_prob[0]))
        for a, b, kind, probs in _spans(encoding.offsets, token_probs[0], model.tags):
            kind_type, role = kind.split(":", 1)
            mentions.append(Mention(begin + a, begin + b, text[begin + a : begin + b], kind_type, role,
                                    float(np.mean(probs))))
    return Reading(tuple(mentions), post)


@extractor("reader")
def reader(signals: Signals) -> Reading:
    return read(signals.post.text)
