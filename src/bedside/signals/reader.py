"""reader: every mention in a post with what it is and whose it is, and whether the post is about a patient.

A fine-tuned MiniLM (training/train_reader.py, model card docs/models/reader.md) tags each word piece with a
type:role ("person:patient", "person:staff", "place:ward", "date:birth", "identifier:organisation", ...);
the pieces of a word are read together, and neighbouring words of one kind join into a mention. A post-level
head gives the probability that the post describes a real patient or their care. The model reads the first
128 word pieces of each 600-character window, so notes are read whole up to MAX_CHARACTERS.

The reader reads the original text, not the finders' normalised view (signals/textview.py): its tokenizer
drops format characters and accents itself, and its offsets are then already the original's.

Returns Reading (see below); rules judge it, this module knows nothing of guidance.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from bedside.signals import Signals, batch_extractor, extractor
from bedside.signals.keys import READER
from bedside.signals.post_reading import Heads, PostReading, combine
from bedside.textmodels import MODELS, load_onnx, load_session

MAX_TOKENS = 128
WINDOW = 600
BATCH = 32  # windows per ONNX run: long notes are read in a few calls
MAX_CHARACTERS = 30_000  # 50 windows, about a second; a longer text is read this far (with a warning)
POST_READING_REACH = 2 * WINDOW  # the post reading reads the first two windows: each later one cost a layer more
LETTER_CASES = 5  # special or padding, lower, Capitalised, ALL CAPS, no letters (see letter_cases)


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
    post: PostReading | None = None  # what the post says (signals/post_reading.py), None without its model

    def roles_at(self, start: int, end: int) -> list[Mention]:
        """The mentions overlapping [start, end), in order: a bisection, since a long note has thousands of
        identifiers and as many mentions (a scan of every mention for each was quadratic)."""
        order, starts, longest = self._by_start
        first = bisect.bisect_right(starts, start - longest)
        last = bisect.bisect_left(starts, end)
        return [m for m in order[first:last] if start < m.end]

    @cached_property
    def _by_start(self) -> tuple[tuple[Mention, ...], list[int], int]:
        order = tuple(sorted(self.mentions, key=lambda m: m.start))
        return order, [m.start for m in order], max((m.end - m.start for m in order), default=0)


@dataclass(frozen=True)
class _Model:
    session: Any
    tokenizer: Any
    tags: tuple[str, ...]
    branch: Any = None  # the post reading's layer (an ONNX session) on the reader's shared hidden states
    heads: Heads | None = None


def load_model(folder: Path) -> _Model | None:
    """The reader in `folder`, with the post reading where its files are there too."""
    if not (folder / "reader.onnx").exists():
        return None
    session, tokenizer = load_onnx(str(folder / "reader.onnx"), str(folder / "reader_tokenizer.json"), MAX_TOKENS)
    tags = tuple(json.loads((folder / "reader_tags.json").read_text(encoding="utf-8")))
    if not (folder / "post_reading.onnx").exists():
        return _Model(session, tokenizer, tags)
    branch = load_session(str(folder / "post_reading.onnx"))
    spec = json.loads((folder / "post_reading.json").read_text(encoding="utf-8"))
    heads = Heads({f: tuple(c) for f, c in spec["fields"].items()}, tuple(spec["public"]))
    return _Model(session, tokenizer, tags, branch, heads)


@cache
def _model() -> _Model | None:
    return load_model(MODELS)


@cache
def _kind_columns(tags: tuple[str, ...]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    kinds = tuple(sorted({tag[2:] for tag in tags if tag != "O"}))
    return (kinds, np.array([tags.index(f"B-{k}") for k in kinds]),
            np.array([tags.index(f"I-{k}") for k in kinds]))


def letter_cases(text: str, offsets: list[tuple[int, int]], word_ids: list[int | None]) -> list[int]:
    """The case of each piece's whole word: 1 lower, 2 Capitalised, 3 ALL CAPS, 4 no letters, 0 special.

    MiniLM's vocabulary is lower-cased, so without this the model could not tell "Will" from "will" or a
    surname from the same word in a sentence; the reader adds a learnt vector for the case to each piece."""
    words: dict[int, tuple[int, int]] = {}
    for (a, b), word in zip(offsets, word_ids, strict=True):
        if word is not None and a < b:
            words[word] = (words[word][0], b) if word in words else (a, b)
    cases = []
    for (a, b), word in zip(offsets, word_ids, strict=True):
        if word is None or a >= b:
            cases.append(0)
            continue
        letters = [c for c in text[slice(*words[word])] if c.isalpha()]
        if not letters:
            cases.append(4)
        elif len(letters) > 1 and all(c.isupper() for c in letters):
            cases.append(3)
        else:
            cases.append(2 if letters[0].isupper() else 1)
    return cases


def spans_from_pieces(offsets: list[tuple[int, int]], word_ids: list[int | None], probs: np.ndarray,
                      tags: tuple[str, ...]) -> list[tuple[int, int, str, float]]:
    """Word pieces to mentions. The pieces of one word share one reading (their mean); a kind's probability
    is that of its B- and I- tags together; a word opens a mention unless it continues the previous word's
    kind with I- more likely than B-. Returns (start, end, "type:role", mean probability of its words)."""
    kinds, begin, inside = _kind_columns(tags)
    pieces = [i for i, word in enumerate(word_ids) if word is not None and offsets[i][0] < offsets[i][1]]
    if not pieces:
        return []
    words = np.array([word_ids[i] for i in pieces])
    first = np.flatnonzero(np.r_[True, words[1:] != words[:-1]])  # the pieces of a word are consecutive
    mean = np.add.reduceat(probs[pieces], first, axis=0) / np.diff(np.r_[first, len(pieces)])[:, None]
    by_kind = mean[:, begin] + mean[:, inside]
    best = by_kind.argmax(axis=1)
    score = by_kind[np.arange(len(best)), best]
    last = np.r_[first[1:], len(pieces)] - 1
    mentions: list[list[Any]] = []
    previous = previous_word = -2
    for w in np.flatnonzero(score > mean[:, 0]):
        kind = int(best[w])
        start, end = offsets[pieces[first[w]]][0], offsets[pieces[last[w]]][1]
        if kind == previous and w == previous_word + 1 and mean[w, inside[kind]] >= mean[w, begin[kind]]:
            mentions[-1][1] = end
            mentions[-1][3].append(float(score[w]))
        else:
            mentions.append([start, end, kinds[kind], [float(score[w])]])
        previous, previous_word = kind, int(w)
    return [(a, b, kind, float(np.mean(p))) for a, b, kind, p in mentions]


def _feeds(pieces: list[str], encodings: list[Any], chunk: list[int]) -> dict[str, np.ndarray]:
    """The reader's inputs for the windows `chunk`: word pieces, attention mask and letter cases, zero-padded."""
    width = max(len(encodings[w].ids) for w in chunk)
    ids = np.zeros((len(chunk), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    cases = np.zeros_like(ids)
    for row, w in enumerate(chunk):
        encoding = encodings[w]
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
        cases[row, : len(encoding.ids)] = letter_cases(pieces[w], encoding.offsets, encoding.word_ids)
    return {"input_ids": ids, "attention_mask": mask, "case_ids": cases}


def read(text: str) -> Reading:
    return read_many([text])[0]


def read_many(texts: list[str]) -> list[Reading]:
    model = _model()
    if model is None:
        return [Reading((), 0.0) for _ in texts]
    return read_with(model, texts)


def read_with(model: _Model, texts: list[str]) -> list[Reading]:
    """Read texts window by window: the windows of all texts, ordered by length so that a padded batch wastes
    little, go through the model BATCH at a time (one ONNX run each)."""
    windows = [(index, begin) for index, text in enumerate(texts) if text.strip()
               for begin in range(0, min(len(text), MAX_CHARACTERS), WINDOW)]
    pieces = [texts[i][b : b + WINDOW] for i, b in windows]
    encodings = model.tokenizer.encode_batch(pieces)
    order = sorted(range(len(windows)), key=lambda w: len(encodings[w].ids))
    found: list[list[tuple[int, Mention]]] = [[] for _ in texts]
    post = [0.0] * len(texts)
    said: list[list[PostReading]] = [[] for _ in texts]
    for first in range(0, len(order), BATCH):
        chunk = order[first : first + BATCH]
        feeds = _feeds(pieces, encodings, chunk)
        token_probs, post_probs, shared = model.session.run(None, feeds)
        mask = feeds["attention_mask"]
        rows = [row for row, w in enumerate(chunk) if windows[w][1] < POST_READING_REACH]
        if model.branch is not None and model.heads is not None and rows:
            logits = model.branch.run(None, {"shared": shared[rows], "attention_mask": mask[rows]})[0]
            for row, values in zip(rows, logits, strict=True):
                said[windows[chunk[row]][0]].append(model.heads.decode(values))
        for row, w in enumerate(chunk):
            index, begin = windows[w]
            encoding, text = encodings[w], texts[index]
            post[index] = max(post[index], float(post_probs[row]))
            for a, b, kind, probability in spans_from_pieces(encoding.offsets, encoding.word_ids,
                                                              token_probs[row, : len(encoding.ids)], model.tags):
                kind_type, role = kind.split(":", 1)
                found[index].append((begin, Mention(begin + a, begin + b, text[begin + a : begin + b], kind_type,
                                                    role, probability)))
    return [Reading(tuple(m for _, m in sorted(mentions, key=lambda x: x[0])), p, combine(s) if s else None)
            for mentions, p, s in zip(found, post, said, strict=True)]


def shared_states(model: _Model, texts: list[str]) -> list[np.ndarray]:
    """The hidden states entering the reader's last layer for the first window of each text, unpadded: what the
    post reading's layer reads (training/train_post_reading.py trains on them)."""
    pieces = [text[:WINDOW] if text.strip() else "." for text in texts]
    encodings = model.tokenizer.encode_batch(pieces)
    out: list[np.ndarray] = [np.zeros(0)] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for first in range(0, len(order), BATCH):
        chunk = order[first : first + BATCH]
        shared = model.session.run(["shared"], _feeds(pieces, encodings, chunk))[0]
        for row, i in enumerate(chunk):
            out[i] = shared[row, : len(encodings[i].ids)].astype(np.float16)
    return out


@extractor(READER)
def reader(signals: Signals) -> Reading:
    return readers([signals])[0]


@batch_extractor(READER)
def readers(many: list[Signals]) -> list[Reading]:
    for signals in many:
        if len(signals.post.text) > MAX_CHARACTERS:
            signals.warn(f"The reader read the first {MAX_CHARACTERS:,} characters only; the pattern finders "
                         "read the whole text.")
    return read_many([signals.post.text for signals in many])
