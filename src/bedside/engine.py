"""The check: a post flows through signals, then rules, into a report. Nothing here knows a regex or a
guidance paragraph; it only orders the stages and applies the user's settings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from bedside import config as settings
from bedside import rewrite
from bedside.model import SEVERITY_RANK, Finding, InputError, Post, Redaction, Report, verdict_of
from bedside.packs import known_countries, select_pack
from bedside.rules import RuleContext, rules_for
from bedside.signals import Signals, prefetch
from bedside.signals.keys import LANGUAGE

# Categories still judged when the text is not English: identifiers do not need the language.
IDENTIFIER_CATEGORIES = frozenset(
    {"patient-identifier", "personal-data", "jigsaw", "image-text", "image-metadata", "face", "dicom"}
)
MAX_TEXT = 5_000_000  # characters; larger input is refused rather than slowly processed
BATCH = 512  # posts whose model signals check_many computes in one pass (sorted by length, little padding)


def check(post: Post | str, config: settings.Config | None = None, *, suggest: bool = True) -> Report:
    """Check one post (or plain text, as a public post) and return its report. Where redaction cannot make it
    safe, the report carries a neutral rewrite if a safe one exists (`suggest=False` skips it: an archive's
    audit reports what was posted and does not rewrite it)."""
    config = config or settings.Config()
    post = _valid(post)
    report = _judge(Signals(post, config))
    if suggest and report.rewrite_needed:
        def judge(text: str) -> Report:  # as the post was checked: its audience, pack, settings
            return _judge(Signals(replace(post, text=text, images=[]), config))

        report.suggestion = rewrite.suggest(post.text, report, judge)
    return report


def check_many(posts: Iterable[Post | str], config: settings.Config | None = None) -> Iterator[Report]:
    """Check posts in order, BATCH at a time: the models read a batch in one pass, so this is faster than
    check() in a loop and decides the same. A post check() would refuse raises InputError at its turn."""
    config = config or settings.Config()
    batch: list[Post | str] = []
    for post in posts:
        batch.append(post)
        if len(batch) == BATCH:
            yield from _check_batch(batch, config)
            batch = []
    yield from _check_batch(batch, config)


def _check_batch(posts: list[Post | str], config: settings.Config) -> Iterator[Report]:
    many: list[Signals | InputError] = []
    for post in posts:
        try:
            many.append(Signals(_valid(post), config))
        except InputError as error:
            many.append(error)
    prefetch([s for s in many if isinstance(s, Signals)])
    for signals in many:
        if isinstance(signals, InputError):
            raise signals
        yield _judge(signals)


def _valid(post: Post | str) -> Post:
    if isinstance(post, str):
        post = Post(text=post)
    if not isinstance(post, Post):
        raise InputError("check() takes a Post or a string")
    if len(post.text) > MAX_TEXT:
        raise InputError(f"text is {len(post.text):,} characters; the limit is {MAX_TEXT:,}")
    return post


def _judge(signals: Signals) -> Report:
    post, config = signals.post, signals.config
    pack = select_pack(post.country, post.profession, config.packs)
    if post.country not in pack.countries and post.country not in known_countries(config.packs):
        signals.warn(f"No guidance pack names the country {post.country!r}: the {pack.name} pack was applied.")
    context = RuleContext(post, signals, pack, config)
    english = signals[LANGUAGE] == "en"
    if not english:
        signals.warn("The text does not look like English: it was checked for identifiers only.")

    findings: list[Finding] = []
    for rule in rules_for(pack, config):
        if not english and rule.category not in IDENTIFIER_CATEGORIES:
            continue
        context.rule = rule
        findings.extend(rule.check(context))

    findings = [f for f in findings if not _allowed(f.text, config.allow)]
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.code))
    redactions = merge_redactions(
        r for r in context.redactions if not _allowed(post.text[r.start : r.end], config.allow))
    return Report(
        verdict=verdict_of(findings),
        findings=findings,
        redacted=apply_redactions(post.text, redactions),
        warnings=signals.warnings,
        pack=pack.id,
        redactions=redactions,
    )


def redact(post: Post | str, config: settings.Config | None = None) -> str:
    return check(post, config).redacted


def exit_code(report: Report, fail_on: str) -> int:
    """0 when nothing is at or above `fail_on`, else 1 (the CLI's contract)."""
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings))


def _allowed(text: str, allow: Iterable[str]) -> bool:
    if not text:
        return False
    folded = _fold(text)
    return any(folded == _fold(entry) for entry in allow)


def _fold(text: str) -> str:
    """Compare allow-list entries loosely: case, spaces and phone punctuation do not matter."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def merge_redactions(redactions: Iterable[Redaction]) -> list[Redaction]:
    """Overlapping spans merge into one, keeping the label of the longest and the codes of all, in order."""
    merged: list[Redaction] = []
    for r in sorted(redactions, key=lambda r: (r.start, -(r.end - r.start))):
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            longer = r if (r.end - r.start) > (last.end - last.start) else last
            codes = last.codes + tuple(c for c in r.codes if c not in last.codes)
            merged[-1] = Redaction(last.start, max(last.end, r.end), longer.label, codes)
        else:
            merged.append(r)
    return merged


def apply_redactions(text: str, redactions: Iterable[Redaction]) -> str:
    """Replace each span with [LABEL]; overlapping spans merge, keeping the label of the longest."""
    out: list[str] = []
    cursor = 0
    for r in merge_redactions(redactions):
        out.append(text[cursor : r.start])
        out.append(f"[{r.label}]")
        cursor = r.end
    out.append(text[cursor:])
    return "".join(out)


