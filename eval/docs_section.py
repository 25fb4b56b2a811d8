"""Write one measured section into a docs page, between markers, leaving the other sections alone.

Each evaluation or benchmark script owns one section (its name), so they can run in any order and
`make eval` / `make bench` rewrite only the figures they measured.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def write_section(page: str, name: str, markdown: str) -> Path:
    """Write section `name` of docs/<page>."""
    return write_block(DOCS / page, name, markdown, default=f"# {page.removesuffix('.md').title()}\n")


def write_block(path: Path, name: str, markdown: str, default: str = "") -> Path:
    """Write the block between `<!-- begin:name -->` and `<!-- end:name -->` of any markdown file."""
    begin, end = f"<!-- begin:{name} -->", f"<!-- end:{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else default
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path
