"""A rule's judgement of given readings: set what the models read, run one rule, whatever the models would read."""

from __future__ import annotations

from bedside.config import Config
from bedside.model import Finding, Post
from bedside.packs import select_pack
from bedside.rules import RuleContext, get_rule
from bedside.signals import Signals
from bedside.signals.keys import POST_READING, READER
from bedside.signals.post_reading import PostReading
from bedside.signals.reader import Mention, Reading


def judged(code: str, text: str, reading: dict[str, dict[str, float]] | None = None,
           mentions: tuple[Mention, ...] = (), about: float = 0.1,
           public: dict[str, float] | None = None) -> list[Finding]:
    """`code`'s findings on a post whose reader reads `mentions` and the post as about a patient with
    probability `about`, and whose post reading is `reading` (field -> class -> probability; None: the model's),
    with the public heads' scores `public` (offensive, hate, misinformation)."""
    signals = Signals(Post(text=text), Config())
    if reading is not None:
        signals._cache[POST_READING.name] = PostReading(reading, public or {})
    signals._cache[READER.name] = Reading(mentions, about)
    ctx = RuleContext(signals.post, signals, select_pack("GB", "doctor"), Config(), rule=get_rule(code))
    return list(get_rule(code).check(ctx))


def mentioned(text: str, *read: tuple[str, str, str, float]) -> tuple[Mention, ...]:
    """Mentions (text, type, role, probability) at the first place each text occurs in `text`."""
    return tuple(Mention(text.index(t), text.index(t) + len(t), t, kind, role, p) for t, kind, role, p in read)
