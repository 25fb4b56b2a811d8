"""Speed of the conduct stage (PROF001-PROF005, MISI001) on its own; section "conduct" of docs/performance.md.

    .venv/bin/python benchmarks/bench_conduct.py [DATA]

Times, in one process after a warm-up: the check with only the conduct rules selected (which includes
the signals they read: the reader's encoder pass with the post reading, conduct lexicons, context, the
n-gram model, the claim index, and the patient and name signals) on the 2,000 generated clinician posts,
and on TweetEval offensive validation tweets when DATA holds them. Also the load time of each model and the
latency of one encoder pass (the reader with the post reading) on a short post.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from docs_section import write_section  # noqa: E402
from posts import generate  # noqa: E402

from bedside import Post, check  # noqa: E402
from bedside.config import Config  # noqa: E402
from bedside.signals import reader  # noqa: E402
from bedside.textmodels import load_claims, load_heads, load_onnx  # noqa: E402

CONDUCT = Config(select=("PROF", "MISI"))


def timed(posts: list[str]) -> dict[str, float]:
    for text in posts[:50]:
        check(Post(text=text), CONDUCT)
    latencies = []
    started = time.perf_counter()
    for text in posts:
        t0 = time.perf_counter()
        check(Post(text=text), CONDUCT)
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rate": len(posts) / elapsed, "p50": statistics.median(latencies),
            "p95": latencies[int(len(latencies) * 0.95)]}


def load_times() -> dict[str, float]:
    out = {}
    for name, loader in (("n-gram model", load_heads), ("claim index", load_claims),
                         ("reader with the post reading", reader._model)):
        loader.cache_clear()
        load_onnx.cache_clear()  # the ONNX session under the reader is cached too
        t0 = time.perf_counter()
        loader()
        out[name] = (time.perf_counter() - t0) * 1000
    return out


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    data = data if data.is_absolute() else (ROOT / data).resolve()
    loads = load_times()
    text = "You are an absolute idiot and everyone knows it, get off my ward"
    reader.read(text)
    t0 = time.perf_counter()
    for _ in range(100):
        reader.read(text)
    pass_ms = (time.perf_counter() - t0) * 10
    sets = {"2,000 generated clinician posts": generate(2000)}
    tweets = data / "tweeteval" / "offensive" / "val_text.txt"
    if tweets.exists():
        sets["1,324 TweetEval offensive validation tweets"] = tweets.read_text(encoding="utf-8").splitlines()
    rows = ["| posts | posts/s | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    for name, posts in sets.items():
        result = timed(posts)
        print(f"{name}: {result['rate']:,.0f} posts/s, p50 {result['p50']:.2f} ms, p95 {result['p95']:.2f} ms",
              flush=True)
        rows.append(f"| {name} | {result['rate']:,.0f} | {result['p50']:.2f} | {result['p95']:.2f} |")
    load_line = ", ".join(f"{k} {v:.0f} ms" for k, v in loads.items())
    print(f"load (once per process): {load_line}; one encoder pass {pass_ms:.1f} ms")
    write_section("performance.md", "conduct", "\n".join([
        "## Conduct stage (PROF001-PROF005, MISI001)",
        "",
        "Measured by `python benchmarks/bench_conduct.py`: the check with only the conduct rules selected "
        "(`select = [\"PROF\", \"MISI\"]`), one process, one post at a time, after a warm-up. Every post is "
        "read by the encoder pass (the reader and the post reading); no gate skips it.",
        "",
        *rows,
        "",
        f"Model load, once per process on first use: {load_line}. One encoder pass (the reader's four int8 "
        f"layers and the post reading's layer, one thread, a short post): {pass_ms:.1f} ms.",
    ]))
    print("wrote docs/performance.md (section conduct)")


if __name__ == "__main__":
    main()
