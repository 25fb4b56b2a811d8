"""The post reading (issue 15): one encoder pass reads every post, the rules judge what it read, and each
finding says what was read. The texts are the issue's own examples."""

from __future__ import annotations

import numpy as np
import pytest

from bedside import Post, check
from bedside.signals import reader
from bedside.signals.post_reading import Heads, PostReading, combine

# Posts the post reading still misreads; strict, so a better model shows up as a pass to promote.
READING_LIMIT = pytest.mark.xfail(strict=True, reason="known limit of the post reading (docs/models/post-reading.md)")


def categories(text: str, **post: str) -> dict[str, str]:
    """Categories reported above info, each with its highest severity."""
    order = ("info", "review", "do-not-post")
    found: dict[str, str] = {}
    for f in check(Post(text=text, **post)).findings:  # type: ignore[arg-type]
        if f.severity != "info" and order.index(f.severity) >= order.index(found.get(f.category, "info")):
            found[f.category] = f.severity
    return found


def test_heads_decode_to_probabilities() -> None:
    heads = Heads({"stance": ("neutral", "hostile"), "venting": ("false", "true")}, ("offensive",))
    reading = heads.decode(np.array([0.0, 2.0, 1.0, -1.0, 3.0], dtype=np.float32))
    assert sum(reading.fields["stance"].values()) == pytest.approx(1.0)
    assert reading.top("stance")[0] == "hostile"
    assert reading.p("venting", "false") > 0.5
    assert 0.9 < reading.public["offensive"] < 1.0


def test_a_long_post_is_read_as_the_mean_of_its_windows() -> None:
    quiet = PostReading({"stance": {"neutral": 0.9, "hostile": 0.1}}, {"hate": 0.1})
    remark = PostReading({"stance": {"neutral": 0.3, "hostile": 0.7}}, {"hate": 0.7})
    combined = combine([quiet, remark])
    assert combined.fields["stance"]["hostile"] == pytest.approx(0.4)
    assert combined.public["hate"] == pytest.approx(0.4)
    assert combine([remark]) is remark


def test_every_post_is_read_in_the_same_pass_as_its_mentions() -> None:
    readings = reader.read_many(["Lovely teaching session today", "ok", "x" * 2000])
    assert all(r.post is not None for r in readings)
    assert all(set(r.post.fields) >= {"target", "stance", "claim", "promotion", "advice", "allegation"}
               for r in readings if r.post is not None)


@pytest.mark.parametrize("text", [
    "Religious people are deluded idiots and frankly I'd rather not treat them",
    "Muslims are ruining this country",
    "Christians are idiots who believe in fairy tales",
])
def test_attacks_on_groups_are_hate(text: str) -> None:
    assert "hate" in categories(text)


def test_a_hate_finding_says_what_was_read() -> None:
    findings = check(Post(text="Religious people are deluded idiots and frankly I'd rather not treat them")).findings
    hate = next(f for f in findings if f.category == "hate")
    assert "reads as" in hate.message and "religious group" in hate.message


def test_a_sexual_remark_about_a_patient_in_a_private_chat() -> None:
    found = categories("that patient in bay 3 is seriously fit, I'd happily give her a more thorough examination ;)",
                       kind="message", audience="private")
    assert found.get("sexual") == "do-not-post"


@pytest.mark.parametrize("text", [
    "Vaccines cause autism, the evidence is clear and doctors are paid to hide it",
    "mRNA gets into your DNA and changes it permanently. Nobody told you that did they?",
])
def test_false_claims_are_misinformation(text: str) -> None:
    assert "misinformation" in categories(text)


@pytest.mark.parametrize("text", [
    # not read as a mention; quiet because single quotes now count as quoting, like double ones
    "Please can we stop writing 'acopia' in the notes? It tells the next team nothing about the patient.",
    "Parents keep asking about the HPV vaccine and fertility. Large studies found no link with infertility.",
    "Happy Diwali from all of us at the health centre! We close at 1pm on Monday, NHS 111 for anything urgent.",
])
def test_discussing_teaching_and_greeting_raise_nothing(text: str) -> None:
    assert not categories(text)
