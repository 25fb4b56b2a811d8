"""Rules: what the guidance says about the signals. They know nothing of regexes or models.

A rule is a function decorated with `@rule(...)`, which carries its documentation (what it flags, why
it matters, an example, the fix). It receives a `RuleContext` and yields findings made with
`ctx.finding(...)`, which fills in the rule's name, category and the selected pack's guidance
references. A rule may also ask for spans to be replaced in the redacted text with `ctx.redact(...)`.

Every module in this package is imported on first use: a new rule family is a new module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bedside.model import Amendment, Box, Category, Finding, Redaction, Severity
from bedside.signals.keys import CONDUCT_CONTEXT

if TYPE_CHECKING:
    from bedside.config import Config
    from bedside.model import Post
    from bedside.packs import Pack
    from bedside.signals import Signals

Check = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: Category
    severity: Severity  # the usual severity, for the docs; a rule may emit others
    summary: str  # one line
    what: str  # what it flags
    why: str  # why it matters
    example: str  # a post that triggers it
    fix: str  # how to put it right
    check: Check = field(compare=False, repr=False)


_RULES: dict[str, Rule] = {}
_loaded = False


def rule(
    *,
    code: str,
    name: str,
    category: Category,
    severity: Severity,
    summary: str,
    what: str,
    why: str,
    example: str,
    fix: str,
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if code in _RULES:
            raise ValueError(f"rule {code} is defined twice")
        _RULES[code] = Rule(code, name, category, severity, summary, what, why, example, fix, check)
        return check

    return register


def all_rules() -> list[Rule]:
    global _loaded
    if not _loaded:
        for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):  # a family's package too
            importlib.import_module(module.name)
        _loaded = True
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule | None:
    return {r.code: r for r in all_rules()}.get(code.upper())


def matches(code: str, patterns: Iterable[str]) -> bool:
    """True when a rule code is named by any pattern: a full code (CONF001) or a prefix (CONF, PROF00)."""
    return any(code.startswith(p.upper()) for p in patterns)


def selected_rules(config: Config) -> list[Rule]:
    rules = all_rules()
    if config.select:
        rules = [r for r in rules if matches(r.code, config.select)]
    return [r for r in rules if not matches(r.code, config.ignore)]


def rules_for(pack: Pack, config: Config) -> list[Rule]:
    """The rules a post judged under `pack` runs: the user's selection, less those the pack switches off
    (unless the user's settings select them by name or family)."""
    return [r for r in selected_rules(config)
            if not matches(r.code, pack.rules_off) or matches(r.code, config.select)]


@dataclass
class RuleContext:
    post: Post
    signals: Signals
    pack: Pack
    config: Config
    rule: Rule | None = None
    redactions: list[Redaction] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.post.text

    def finding(
        self,
        severity: Severity,
        message: str,
        *,
        start: int | None = None,
        end: int | None = None,
        box: Box | None = None,
        text: str | None = None,
        fix: str | None = None,
        details: dict[str, Any] | None = None,
        category: Category | None = None,
        amendment: Amendment | None = None,
    ) -> Finding:
        assert self.rule is not None, "ctx.finding is only for use inside a rule"
        if text is None:
            text = self.post.text[start:end] if start is not None and end is not None else ""
        return Finding(
            code=self.rule.code,
            name=self.rule.name,
            category=category or self.rule.category,
            severity=self.pack.severity_for(self.rule.code, severity),
            message=message,
            start=start,
            end=end,
            text=text,
            box=box,
            references=self.pack.references(self.rule.code),
            fix=self.rule.fix if fix is None else fix,
            details=details or {},
            amendment=amendment,
        )

    def sentence_amended(self, start: int, end: int, text: str = "") -> Amendment:
        """The sentence holding a span, with its closing punctuation, to be rewritten as `text` ("" drops it)."""
        left, right = self.signals[CONDUCT_CONTEXT].sentence(start, max(start, end - 1))  # its own stop too
        while right < len(self.text) and self.text[right] in ".!?":
            right += 1
        return Amendment(left, right, text)

    def redact(self, start: int, end: int, label: str) -> None:
        assert self.rule is not None, "ctx.redact is only for use inside a rule"
        self.redactions.append(Redaction(start, end, label, (self.rule.code,)))
