"""Conduct signals and the NumPy text models: lexicon hits with spans, context, scores, claim retrieval."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from bedside.signals.conduct import (
    ConductContext,
    find_terms,
    first_pass,
    lexicon,
    nearest_claim,
    reported_spans,
)
from bedside.textmodels import DIM, features, load_claims, load_heads


def test_features_are_deterministic_unit_blocks() -> None:
    index, weight = features("Great teaching session on sepsis this morning")
    again, _ = features("Great teaching session on sepsis this morning")
    assert np.array_equal(index, again)
    assert index.min() >= 0 and index.max() < DIM
    assert abs(float(np.sum(weight**2)) - 2.0) < 1e-4  # two blocks (words, characters), each of unit length


def test_features_of_empty_and_symbol_text() -> None:
    assert len(features("")[0]) == 0
    index, _ = features("!!!")
    assert len(index) > 0


def test_first_pass_scores_are_probabilities() -> None:
    scores = first_pass("You are a disgusting pathetic excuse for a human being")
    assert set(scores) == {"offensive", "hate", "misinformation"}
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert scores["offensive"] > first_pass("Thank you for the lovely teaching session today")["offensive"]


def test_lexicon_has_every_list() -> None:
    kinds = {e.kind for e in lexicon().values()}
    assert {"patient-slang", "profanity", "insult", "threat", "sexualising", "disability-slur"} <= kinds
    assert ("breast",) not in lexicon() and ("rectal",) not in lexicon()  # clinical words are left out


def test_term_spans_and_plurals() -> None:
    text = "Two frequent flyers and a heartsink"
    hits = find_terms(text)
    assert [(h.kind, text[h.start : h.end]) for h in hits] == [("patient-slang", "frequent flyers"),
                                                               ("patient-slang", "heartsink")]


def test_reported_speech_marks_hits() -> None:
    text = 'The man called me a stupid cow. I said "calm down please".'
    assert any(a <= text.index("stupid") < b for a, b in reported_spans(text))
    hits = find_terms("A patient called me a moron today")
    assert hits and all(h.attrs["reported"] for h in hits)
    assert not find_terms("My registrar is a moron")[0].attrs["reported"]


def test_context_parts() -> None:
    context = ConductContext("Dr Patel said Muslim patients can fast; you are wrong. Myth busted.")
    assert [s.text for s in context.identities] == ["Muslim"]
    assert {s.kind for s in context.people} >= {"titled", "second-person"}
    assert context.patients and context.debunking
    assert ConductContext("Breast lump clinic").clinical


def test_claim_index_finds_the_nearest_claim() -> None:
    index = load_claims()
    assert len(index.claims) >= 40
    assert all(c.source.startswith("https://") for c in index.claims)
    match = nearest_claim("5G towers are spreading coronavirus")
    assert match is not None and match.id == "covid-5g" and not match.negated


def test_claim_negation_is_noticed() -> None:
    match = nearest_claim("Children are not immune to coronavirus")
    assert match is not None and match.negated


def test_claim_lookup_is_skipped_off_topic() -> None:
    assert nearest_claim("Lovely walk along the coast after a long week") is None


def test_models_load_lazily_not_at_import() -> None:
    # Importing bedside (and its CLI, for `--help`) loads no model; the first check loads the mention reader,
    # which reads every post.
    code = "import sys, bedside, bedside.cli; print('onnxruntime' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert load_heads().weights.shape[0] == DIM
