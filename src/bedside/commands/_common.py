"""What every command shares: the consoles, reading a text argument, and loading the settings with the
user's options checked. Here, not in cli.py, so that the commands never import the CLI that registers them."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from bedside import config as settings
from bedside.model import InputError
from bedside.rules import all_rules

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

MAX_INPUT_BYTES = 20_000_000

# A single word ending like a file a user would name: checking "draft.txt" as the text would say OK about it.
FILE_SUFFIX = re.compile(r"\.(txt|text|md|json|jsonl|csv|tsv|html?|xml|eml|log|rtf|docx?|odt|pdf|png|jpe?g|gif|"
                         r"webp|heic|tiff?|bmp|dcm|dicom|zip)$", re.IGNORECASE)


def read_text(value: str) -> tuple[str, list[str]]:
    """The text named by an argument: '-' for stdin, an existing file's contents, or the value itself.
    A value that looks like a path but is no file is refused, never checked as if it were the post."""
    warnings: list[str] = []
    if value == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    elif len(value) < 4096 and "\n" not in value and _is_file(value):
        path = Path(value)
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{value} is larger than {MAX_INPUT_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    elif looks_like_path(value):
        what = "is a folder, not a file" if Path(value).expanduser().is_dir() else "is not a file"
        raise InputError(f"{value} {what} (to use these words as the text itself, give '-' and pipe them in)")
    else:
        return value, warnings
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input is larger than {MAX_INPUT_BYTES // 1_000_000} MB")
    if b"\x00" in data[:8192]:
        raise InputError("input looks like a binary file, not text (use --image for pictures)")
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError:
        warnings.append("The input was not valid UTF-8: undecodable bytes were replaced with U+FFFD.")
        return data.decode("utf-8", errors="replace"), warnings


def _is_file(value: str) -> bool:
    try:
        return Path(value).is_file()
    except OSError:
        return False


def looks_like_path(value: str) -> bool:
    """One token with a file suffix, or with a slash that is not part of a web address or a date (24/7)."""
    word = value.strip()
    if not word or any(c.isspace() for c in word) or "://" in word:
        return False
    if FILE_SUFFIX.search(word):
        return True
    return ("/" in word or "\\" in word) and not re.fullmatch(r"[\d/.:-]+", word)


def load_settings() -> settings.Config:
    """The settings file's settings, checked: a rule code that names no rule is an error (it would switch
    checks off without saying so); a pack folder that is missing is a warning, and the built-in packs apply."""
    config = settings.load()
    check_codes(config.select, "select (settings file)")
    check_codes(config.ignore, "ignore (settings file)")
    missing = [folder for folder in config.packs if not Path(folder).is_dir()]
    for folder in missing:
        err.print(f"[yellow]warning:[/] pack folder not found: {escape(folder)} (named in the settings file); "
                  "using the built-in packs")
    return replace(config, packs=tuple(f for f in config.packs if f not in missing)) if missing else config


def load_config(select: list[str] | None, ignore: list[str] | None, allow: list[str] | None,
                fail_on: str | None, **more: Any) -> settings.Config:
    check_codes(select or (), "--select")
    check_codes(ignore or (), "--ignore")
    return load_settings().with_overrides(select=select, ignore=ignore, allow=allow, fail_on=fail_on, **more)


def check_codes(patterns: Iterable[str], where: str) -> None:
    """Refuse a rule code or prefix that names no rule: `--select CONF01` would otherwise run nothing."""
    codes = [r.code for r in all_rules()]
    for pattern in patterns:
        wanted = pattern.strip().upper()
        if wanted and any(code.startswith(wanted) for code in codes):
            continue
        close = difflib.get_close_matches(wanted, codes, n=1)
        guess = f"; did you mean {close[0]}?" if close else "."
        families = ", ".join(sorted({code[:4] for code in codes}))
        raise InputError(f"{where}: {pattern!r} is not a rule code or prefix{guess} Valid: a code "
                         f"({', '.join(codes)}) or a prefix such as {families}")
