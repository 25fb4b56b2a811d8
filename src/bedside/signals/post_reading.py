"""post_reading: what a post says, to whom and about whom, read on the reader's own encoder pass.

The reader (signals/reader.py) runs three shared MiniLM layers, then its last layer for the mentions; a second
copy of that last layer, fine-tuned on the conduct corpus and public sets (training/train_post_reading.py, model
card docs/models/post-reading.md), reads the same hidden states for the post as a whole. So one pass per post
serves both. Each field is a probability for each of its classes:

  target      nobody, patient, patients, colleague, protected-group, public-figure, author, organisation
  group       religion, ethnicity-nationality, sex-gender, sexuality, disability, age, weight, class
              (which group, when the target is a protected group)
  stance      neutral, positive, demeaning, hostile, sexualised, threatening, profane
  claim       none, true, false, asking ("just asking" a false claim), debunking, question
  promotion   none, undisclosed, disclosed
  advice      none, individual (to one member of the public), by-message (care by DM), general
  allegation  none, fact, opinion, hearsay (against an identifiable person or organisation)
  venting     false, true
  mention     false, true (a slur, insult or false claim quoted, discussed, criticised or taught)

and three public-set scores: offensive, hate, misinformation. Rules judge these; this module knows nothing of
guidance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bedside.signals import Signals, extractor
from bedside.signals.keys import POST_READING, READER

BRANCH_LAYER = 3  # the reader keeps MiniLM's first four layers; the branch is a second copy of the fourth


@dataclass(frozen=True)
class PostReading:
    fields: dict[str, dict[str, float]]  # field -> class -> probability
    public: dict[str, float]  # offensive, hate, misinformation

    def p(self, field: str, *classes: str) -> float:
        """The probability that `field` is any of `classes`."""
        return sum(self.fields[field].get(c, 0.0) for c in classes)

    def top(self, field: str) -> tuple[str, float]:
        scores = self.fields[field]
        best = max(scores, key=scores.__getitem__)
        return best, scores[best]


@dataclass(frozen=True)
class Heads:
    fields: dict[str, tuple[str, ...]]
    public: tuple[str, ...]

    def decode(self, logits: np.ndarray) -> PostReading:
        """One window's logits: a softmax per field, a sigmoid per public score."""
        fields: dict[str, dict[str, float]] = {}
        begin = 0
        for field, classes in self.fields.items():
            part = logits[begin : begin + len(classes)].astype(np.float64)
            probs = np.exp(part - part.max())
            probs /= probs.sum()
            fields[field] = {c: float(p) for c, p in zip(classes, probs, strict=True)}
            begin += len(classes)
        public = 1.0 / (1.0 + np.exp(-logits[begin:].astype(np.float64)))
        return PostReading(fields, {name: float(p) for name, p in zip(self.public, public, strict=True)})


def combine(windows: list[PostReading]) -> PostReading:
    """A long post read in several windows: the mean of each class's probability over the windows. (Taking each
    field from its least quiet window let the fragment at the end of a long reply decide the whole post.)"""
    if len(windows) == 1:
        return windows[0]
    fields = {field: {c: sum(w.fields[field][c] for w in windows) / len(windows) for c in classes}
              for field, classes in windows[0].fields.items()}
    public = {name: sum(w.public[name] for w in windows) / len(windows) for name in windows[0].public}
    return PostReading(fields, public)


def pad(states: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Hidden states of several windows as one zero-padded batch and its attention mask."""
    width = max(len(s) for s in states)
    batch = np.zeros((len(states), width, states[0].shape[1]), dtype=np.float32)
    mask = np.zeros((len(states), width), dtype=np.int64)
    for row, s in enumerate(states):
        batch[row, : len(s)] = s
        mask[row, : len(s)] = 1
    return batch, mask


@extractor(POST_READING)
def post_reading(signals: Signals) -> PostReading | None:
    """None where the model is not built: rules then fall back on what is certain (lexicons, claim index)."""
    reading: PostReading | None = signals[READER].post
    return reading
