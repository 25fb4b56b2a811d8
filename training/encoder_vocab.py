"""Shrink the shipped encoder by dropping word pieces that no training text ever uses.

Half of the int8 encoder is its word-embedding table (30,522 rows). Rows for pieces that never occur in
the corpora the encoder learnt from are never looked up for similar text either, so they are dropped:
the tokenizer's vocabulary and the embedding table are renumbered together. Single characters, their
"##" continuations and the special tokens are always kept, so any word still tokenises without [UNK].

    .venv-train/bin/python training/encoder_vocab.py [DATA] [MODELS]   (train_conduct_encoder.py runs it after export)

Needs the `onnx` package (in .venv-train).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "src" / "bedside" / "models"
EMBEDDINGS = "encoder.embeddings.word_embeddings.weight_quantized"


def corpus(data: Path) -> list[str]:
    """Every text the conduct models learn from or are measured on, train and validation splits."""
    sys.path.insert(0, str(ROOT / "training"))
    import conduct_data as cd
    from identity_examples import identity_abusive, identity_neutral

    from bedside.textmodels import encoder_text

    texts: list[str] = []
    for task in ("offensive", "hate"):
        for split in ("train", "val"):
            texts += cd.tweeteval(data, task, split)[0]
    for split in ("train", "val"):
        texts += cd.constraint(data, split)[0]
    texts += cd.davidson(data, ("hate",))[0]
    texts += cd.covidlies(data)
    texts += cd.coaid_claims(data)[0]
    texts += identity_neutral() + identity_abusive()
    return [encoder_text(t) for t in texts]


def prune(data: Path, models: Path = MODELS) -> None:
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from tokenizers import Tokenizer

    tokenizer_path = models / "conduct_tokenizer.json"
    model_path = models / "conduct_encoder.onnx"
    spec = json.loads(tokenizer_path.read_text(encoding="utf-8"))
    vocab: dict[str, int] = spec["model"]["vocab"]
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_truncation()
    used = {i for encoding in tokenizer.encode_batch(corpus(data)) for i in encoding.ids}
    specials = {t["content"] for t in spec["added_tokens"]}
    keep_tokens = sorted(
        (i, t) for t, i in vocab.items()
        if i in used or t in specials or len(t.removeprefix("##")) == 1
    )
    new_id = {old: new for new, (old, _) in enumerate(keep_tokens)}

    model = onnx.load(str(model_path))
    table = next(t for t in model.graph.initializer if t.name == EMBEDDINGS)
    rows = numpy_helper.to_array(table)
    pruned = numpy_helper.from_array(np.ascontiguousarray(rows[[old for old, _ in keep_tokens]]), EMBEDDINGS)
    table.CopyFrom(pruned)
    onnx.save(model, str(model_path))

    spec["model"]["vocab"] = {token: new_id[old] for old, token in keep_tokens}
    for added in spec["added_tokens"]:
        added["id"] = new_id[added["id"]]
    for special in spec["post_processor"]["special_tokens"].values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    if spec.get("padding"):
        spec["padding"]["pad_id"] = new_id[spec["padding"]["pad_id"]]
    tokenizer_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    print(f"kept {len(keep_tokens):,} of {len(vocab):,} word pieces; "
          f"{model_path.name} is now {model_path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    prune(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data",
          Path(sys.argv[2]) if len(sys.argv) > 2 else MODELS)
