"""Cost of the jigsaw stage: the place finder, the quasi-identifiers and the population model.

Times, on the 2,000 realistic posts of benchmarks/posts.py: loading the gazetteer and the condition
dictionary, the geo finders per post, and the whole check with and without CONF002 (posts/s, p95).
Writes the figures to docs/performance.md (section "jigsaw").

    python benchmarks/bench_jigsaw.py [DATA]      (DATA is unused here; accepted for `make bench`)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from posts import generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT / "src"))
from docs_section import write_section  # noqa: E402

from bedside import Post, check  # noqa: E402
from bedside.config import Config  # noqa: E402
from bedside.packs import select_pack  # noqa: E402
from bedside.rules import RuleContext, get_rule  # noqa: E402
from bedside.signals import Signals, geo, quasi  # noqa: E402
from bedside.signals.keys import IDENTIFIERS, PATIENT, READER  # noqa: E402


def timed_checks(posts: list[str], config: Config) -> tuple[float, float, float]:
    latencies = []
    started = time.perf_counter()
    for text in posts:
        t = time.perf_counter()
        check(Post(text=text), config)
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - started
    latencies.sort()
    return len(posts) / total, statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.95)] * 1000


def rule_cost(posts: list[str]) -> tuple[float, float]:
    """Mean and p95 microseconds of CONF002 itself, once the signals other rules share are computed."""
    config, rule = Config(), get_rule("CONF002")
    pack = select_pack("GB", "doctor", ())
    contexts = []
    for text in posts:
        signals = Signals(Post(text=text), config)
        signals[IDENTIFIERS], signals[PATIENT], signals[READER]  # shared with CONF001: computed anyway
        context = RuleContext(signals.post, signals, pack, config)
        context.rule = rule
        contexts.append(context)
    latencies = []
    for context in contexts:
        t = time.perf_counter()
        list(rule.check(context))  # type: ignore[union-attr]
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    return statistics.mean(latencies) * 1e6, latencies[int(len(latencies) * 0.95)] * 1e6


def main() -> None:
    posts = generate(2000)
    t = time.perf_counter()
    geo.gazetteer()
    gazetteer_s = time.perf_counter() - t
    t = time.perf_counter()
    quasi.conditions()
    conditions_s = time.perf_counter() - t
    for text in posts[:100]:  # warm up every other stage too
        check(Post(text=text))
    t = time.perf_counter()
    for text in posts:
        list(geo.places(text, "GB"))
        list(geo.postcode_districts(text, "GB"))
    finder_us = (time.perf_counter() - t) / len(posts) * 1e6
    t = time.perf_counter()
    for text in posts:
        quasi.quasi_details(text, [], "GB")
    quasi_us = (time.perf_counter() - t) / len(posts) * 1e6
    rule_mean, rule_p95 = rule_cost(posts)
    runs: dict[str, list[tuple[float, float, float]]] = {"with": [], "without": []}
    for _ in range(2):  # alternate, keep the best of two: the machine is shared
        runs["without"].append(timed_checks(posts, Config(ignore=("CONF002",))))
        runs["with"].append(timed_checks(posts, Config()))
    with_rate, with_p50, with_p95 = max(runs["with"])
    without_rate, without_p50, without_p95 = max(runs["without"])
    lines = [
        "## Jigsaw stage (CONF002, places and organisations)", "",
        "Produced by `python benchmarks/bench_jigsaw.py` (part of `make bench`) on 2,000 generated posts.", "",
        f"- gazetteer load {gazetteer_s * 1000:.0f} ms, condition dictionary load {conditions_s * 1000:.0f} ms "
        "(once per process)",
        f"- place and organisation finders: {finder_us:.0f} µs a post; quasi-identifiers (all posts, ungated): "
        f"{quasi_us:.0f} µs a post",
        f"- CONF002 itself, given the shared signals: mean {rule_mean:.0f} µs, p95 {rule_p95:.0f} µs a post",
        f"- whole check with CONF002: {with_rate:,.0f} posts/s, p50 {with_p50:.2f} ms, p95 {with_p95:.2f} ms",
        f"- whole check without CONF002: {without_rate:,.0f} posts/s, p50 {without_p50:.2f} ms, "
        f"p95 {without_p95:.2f} ms",
    ]
    print("\n".join(lines))
    write_section("performance.md", "jigsaw", "\n".join(lines))


if __name__ == "__main__":
    main()
