"""Small text models that need nothing but NumPy: hashed n-gram features, linear heads, a claim index.

Why hashing: a vocabulary of half a million word and character n-grams would cost a large file and a
dict lookup per n-gram in Python; hashing the n-grams with vectorised NumPy arithmetic costs tens of
microseconds per post and needs no vocabulary at all. Training (training/train_conduct.py) calls the
same `features()` so the shipped weights line up with it exactly.

`load_onnx` opens the reader's fine-tuned MiniLM (signals/reader.py), run with onnxruntime and tokenizers
only. Models are loaded lazily, once per process, never at import.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODELS = Path(__file__).parent / "models"
DATA = Path(__file__).parent / "data"
BITS = 20
DIM = 1 << BITS
_MASK = np.uint64(DIM - 1)
_CHAR_ORDERS = (2, 3, 4, 5)
_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD_SALT = 0x5BD1E995

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1{2,}")
_NON_WORD = re.compile(r"[^a-z0-9#!?']+")
_TOKEN = re.compile(r"[a-z0-9#']+|[!?]")


def normalise(text: str) -> str:
    """Lower case, URLs and handles replaced by placeholders, runs of a letter cut to two."""
    text = _URL.sub(" httpurl ", text.lower())
    text = _HANDLE.sub(" @user ", text)
    return _REPEAT.sub(r"\1\1", text)


def _hash_words(tokens: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(t.encode("utf-8"), _WORD_SALT) for t in tokens], dtype=np.uint64)


def _mix(values: np.ndarray, salt: int) -> np.ndarray:
    mixed = (values ^ np.uint64(salt)) * _MIX
    return (mixed >> np.uint64(64 - BITS)) & _MASK


def features(text: str, idf: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Hashed word (1-2) and character (2-5) n-grams of `text`: unique indices and their weights.

    Each n-gram weighs its inverse document frequency (1 when no `idf` is given); each block (words,
    characters) is scaled to unit length, so long and short posts weigh the same.
    """
    norm = normalise(text[:4000])
    tokens = _TOKEN.findall(norm)
    blocks: list[np.ndarray] = []
    if tokens:
        words = _hash_words(tokens)
        grams = [_mix(words, 1)]
        if len(words) > 1:
            grams.append(_mix(words[:-1] * _PRIME + words[1:], 2))
        blocks.append(np.unique(np.concatenate(grams)))
    squeezed = " ".join(_NON_WORD.sub(" ", norm).split())
    chars = f" {squeezed} " if squeezed else ""
    raw = np.frombuffer(chars.encode("utf-8"), dtype=np.uint8).astype(np.uint64)
    grams = []
    with np.errstate(over="ignore"):
        for order in _CHAR_ORDERS:
            if len(raw) < order:
                break
            span = len(raw) - order + 1
            value = raw[:span].copy()
            for k in range(1, order):
                value = value * _PRIME + raw[k : k + span]
            grams.append(_mix(value, 10 + order))
    if grams:
        blocks.append(np.unique(np.concatenate(grams)))
    if not blocks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index = np.concatenate(blocks).astype(np.int64)
    if idf is None:
        weight = np.concatenate([np.full(len(b), 1.0 / np.sqrt(len(b)), dtype=np.float32) for b in blocks])
        return index, weight
    parts = []
    for block in blocks:
        w = idf[block.astype(np.int64)].astype(np.float32)
        parts.append(w / max(float(np.sqrt(np.sum(w * w))), 1e-6))
    return index, np.concatenate(parts)


@dataclass(frozen=True)
class LinearHeads:
    """Logistic-regression heads over the hashed features: one column of weights per head."""

    names: tuple[str, ...]
    weights: np.ndarray  # (DIM, heads), float16
    bias: np.ndarray  # (heads,)
    idf: np.ndarray  # (DIM,), float16: inverse document frequency of each hashed n-gram

    def scores(self, text: str) -> dict[str, float]:
        index, weight = features(text, self.idf)
        logits = self.bias + weight @ self.weights[index].astype(np.float32) if len(index) else self.bias
        probs = 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))
        return {name: float(p) for name, p in zip(self.names, probs, strict=True)}


@cache
def load_heads(name: str = "conduct_linear.npz") -> LinearHeads:
    with np.load(MODELS / name) as data:
        return LinearHeads(tuple(str(n) for n in data["names"]), data["weights"], data["bias"].astype(np.float32),
                           data["idf"])


def load_session(model: str) -> Any:
    """An ONNX session on one thread (one post at a time: threads cost more than they give)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(MODELS / model), options, providers=["CPUExecutionProvider"])


@cache
def load_onnx(model: str, tokenizer: str, max_tokens: int) -> tuple[Any, Any]:
    """An ONNX session (`load_session`) and its tokenizer, truncating, unpadded."""
    from tokenizers import Tokenizer

    session = load_session(model)
    words = Tokenizer.from_file(str(MODELS / tokenizer))
    words.enable_truncation(max_tokens)
    words.no_padding()
    return session, words


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    claim: str
    source: str


@dataclass(frozen=True)
class ClaimIndex:
    """Documented false claims and their phrasings as an inverted index of hashed n-grams.

    Cosine similarity over the same features as the classifiers; the inverted index (sorted feature ids
    with the phrasing and weight of each) makes a lookup a few vectorised searches, not a loop.
    """

    claims: tuple[Claim, ...]
    phrasings: tuple[str, ...]
    owners: np.ndarray  # for each phrasing, the index of its claim
    feature: np.ndarray  # sorted feature ids of every (phrasing, feature) pair
    phrasing: np.ndarray
    weight: np.ndarray

    def nearest(self, text: str) -> tuple[Claim, str, float] | None:
        """The closest claim, the phrasing that matched and its cosine similarity; None when nothing is shared."""
        index, weight = features(text)
        if not len(index):
            return None
        weight = weight / np.sqrt(np.sum(weight**2))
        lo = np.searchsorted(self.feature, index, "left")
        hi = np.searchsorted(self.feature, index, "right")
        counts = hi - lo
        if not counts.any():
            return None
        starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
        rows = starts + np.arange(int(counts.sum()))
        sims = np.bincount(self.phrasing[rows], weights=self.weight[rows] * np.repeat(weight, counts),
                           minlength=len(self.owners))
        best = int(np.argmax(sims))
        return self.claims[int(self.owners[best])], self.phrasings[best], float(sims[best])

    def by_id(self, claim_id: str) -> Claim:
        return next(c for c in self.claims if c.id == claim_id)


@cache
def load_claims(name: str = "false_claims.json") -> ClaimIndex:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    claims: list[Claim] = []
    owners: list[int] = []
    phrasings: list[str] = []
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for number, item in enumerate(data["claims"]):
        claims.append(Claim(item["id"], item["topic"], item["claim"], item["source"]))
        for phrasing in [item["claim"], *item.get("variants", [])]:
            index, weight = features(phrasing)
            parts.append((index, np.full(len(index), len(owners)), weight / np.sqrt(np.sum(weight**2))))
            owners.append(number)
            phrasings.append(phrasing)
    feature = np.concatenate([p[0] for p in parts])
    order = np.argsort(feature, kind="stable")
    return ClaimIndex(
        tuple(claims),
        tuple(phrasings),
        np.array(owners, dtype=np.int64),
        feature[order],
        np.concatenate([p[1] for p in parts])[order].astype(np.int64),
        np.concatenate([p[2] for p in parts])[order].astype(np.float64),
    )
