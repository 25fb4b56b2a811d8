"""Train the conduct stage's linear heads (offensive, hate, misinformation) from the shared data.

    .venv/bin/python training/train_conduct.py [DATA]     # DATA defaults to ../shared/data

Features are bedside.textmodels.features (hashed word 1-2-grams and character 2-5-grams), so what is
trained here is exactly what runs. Each head is an L2 logistic regression (scikit-learn, training only);
the weights ship as float16 in src/bedside/models/conduct_linear.npz (about 6 MB).

Training sets (train splits only; validation is split into tuning and sealed parts by eval/splits.py):
  offensive       TweetEval offensive train, plus Davidson and HateXplain train (weight 0.9)
  hate            TweetEval hate train, plus HateXplain hate speech and Davidson hate (weight 0.3)
  misinformation  Constraint train (CoAID titles lowered validation F1; COVIDLies is kept for evaluation)
All three also see identity-neutral sentences written for bedside (training/identity_examples.py) as
negatives, so that naming a group is not learnt as a sign of abuse (cf. Dixon et al. 2018).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conduct_data as cd
from identity_examples import identity_neutral

from bedside.textmodels import DIM, MODELS, features

EXTRA_WEIGHT = 0.3  # other corpora teach other domains, but must not swamp the in-domain set
# Davidson and HateXplain pair identity words with both abusive and ordinary labels; weighing them more in the
# offensive head cut its false positives on identity templates from 23% to 4% at a cost of 0.015 TweetEval F1.
OFFENSIVE_EXTRA_WEIGHT = 0.9
NEUTRAL_WEIGHT = 2.0
MIN_COUNT = 2
C = {"offensive": 3.0, "hate": 1.0, "misinformation": 30.0}


def matrix(texts: list[str], idf: np.ndarray | None = None) -> csr_matrix:
    rows, cols, vals = [], [], []
    for number, text in enumerate(texts):
        index, weight = features(text, idf)
        rows.append(np.full(len(index), number))
        cols.append(index)
        vals.append(weight)
    return csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), DIM))


def training_sets(data: Path) -> dict[str, tuple[list[str], list[int], list[float]]]:
    neutral = identity_neutral()
    sets: dict[str, list[tuple[list[str], list[int], float]]] = {
        "offensive": [
            (*cd.tweeteval(data, "offensive", "train"), 1.0),
            (*cd.davidson(data, ("0", "1")), OFFENSIVE_EXTRA_WEIGHT),
            (*cd.hatexplain(data, "train", ("hatespeech", "offensive")), OFFENSIVE_EXTRA_WEIGHT),
        ],
        "hate": [
            (*cd.tweeteval(data, "hate", "train"), 1.0),
            (*cd.hatexplain(data, "train", ("hatespeech",)), EXTRA_WEIGHT),
            (*cd.davidson(data, ("0",)), EXTRA_WEIGHT),
        ],
        "misinformation": [
            (*cd.constraint(data, "train"), 1.0),
        ],
    }
    out = {}
    for head, parts in sets.items():
        parts.append((neutral, [0] * len(neutral), NEUTRAL_WEIGHT))
        texts = [t for p in parts for t in p[0]]
        labels = [y for p in parts for y in p[1]]
        weights = [p[2] for p in parts for _ in p[0]]
        out[head] = (texts, labels, weights)
    return out


def inverse_document_frequency(texts: list[str]) -> np.ndarray:
    """Smoothed idf of every hashed n-gram over all training texts; 0 for rare ones."""
    counts = np.zeros(DIM, dtype=np.float64)
    for text in texts:
        counts[features(text)[0]] += 1
    idf = np.log((1 + len(texts)) / (1 + counts)) + 1
    idf[counts < MIN_COUNT] = 0.0  # n-grams seen once are noise (and hash collisions): drop them
    return idf.astype(np.float16)


def main() -> None:
    data = cd.data_dir()
    started = time.time()
    sets = training_sets(data)
    idf = inverse_document_frequency(sorted({t for texts, _, _ in sets.values() for t in texts}))
    names, columns, biases = [], [], []
    for head, (texts, labels, weights) in sets.items():
        x = matrix(texts, idf)
        model = LogisticRegression(C=C[head], max_iter=3000, class_weight="balanced")
        model.fit(x, np.array(labels), sample_weight=np.array(weights))
        names.append(head)
        columns.append(model.coef_[0])
        biases.append(model.intercept_[0])
        print(f"{head}: {len(texts):,} texts ({sum(labels):,} positive), {time.time() - started:.0f} s", flush=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    target = MODELS / "conduct_linear.npz"
    np.savez_compressed(target, names=np.array(names), weights=np.stack(columns, axis=1).astype(np.float16),
                        bias=np.array(biases, dtype=np.float32), idf=idf)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
