"""User settings: rules selected or ignored, the allow-list, thresholds.

Read from `bedside.toml` (top level) or `[tool.bedside]` in `pyproject.toml`, found in the current folder
or the nearest parent; command-line options add to what the file says. Relative `packs` folders are
relative to the file.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from bedside.model import SEVERITIES, InputError, Severity


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # rule codes or prefixes to run (empty: all)
    ignore: tuple[str, ...] = ()  # rule codes or prefixes never to run
    allow: tuple[str, ...] = ()  # the user's own name, practice, phone: never flagged or redacted
    fail_on: Severity = "review"  # exit 1 when a finding is at or above this
    jigsaw_threshold: float | None = None  # expected matching people below which a post is reviewed (None:
    # the pack's threshold, else 10)
    packs: tuple[str, ...] = ()  # extra folders of guidance packs (TOML), overriding built-in ones
    ocr: str = "rapidocr"  # or "tesseract", when installed
    options: dict[str, Any] = field(default_factory=dict, hash=False)  # per-rule settings

    def with_overrides(self, **changes: Any) -> Config:
        """A copy where list settings are extended and scalars replaced by the non-empty changes."""
        merged: dict[str, Any] = {}
        for name, value in changes.items():
            if value is None or value == () or value == []:
                continue
            current = getattr(self, name)
            merged[name] = tuple(current) + tuple(value) if isinstance(current, tuple) else value
        return _validated(replace(self, **merged))


def _validated(config: Config) -> Config:
    if config.fail_on not in SEVERITIES:
        raise InputError(f"fail_on must be one of {', '.join(SEVERITIES)}; got {config.fail_on!r}")
    if config.jigsaw_threshold is not None and config.jigsaw_threshold <= 0:
        raise InputError("jigsaw_threshold must be a positive number")
    return config


# Options that built-in rules read from the top level of the settings; an organisation's own rules read
# theirs from an [options] table.
RULE_OPTIONS = frozenset({"professional_page"})  # BOUN001's reply points patients to this page


def from_mapping(data: dict[str, Any], source: str = "settings") -> Config:
    """Settings from a parsed file. A key that is no setting is an error, not filed away: a misspelled
    `jigsaw_treshold` would otherwise leave the default in force without a word."""
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name == "options":
            if not isinstance(value, dict):
                raise InputError(f"{source}: options must be a table of rule options")
            options.update(value)
        elif name in known:
            values[name] = tuple(value) if isinstance(value, list) else value
        elif name in RULE_OPTIONS:
            options[name] = value
        else:
            raise InputError(_unknown(key, sorted((known - {"options"}) | RULE_OPTIONS), source))
    if options:
        values["options"] = options
    try:
        return _validated(Config(**values))
    except TypeError as error:
        raise InputError(f"{source}: {error}") from error


def _unknown(key: str, names: list[str], source: str) -> str:
    close = difflib.get_close_matches(key.replace("-", "_"), names, n=1)
    guess = f" Did you mean {close[0]}?" if close else ""
    return (f"{source}: {key!r} is not a setting.{guess} Settings: {', '.join(names)}; a rule's own option goes "
            "in an [options] table.")


def load(start: Path | None = None) -> Config:
    """The settings file nearest to `start` (default: the current folder), or the defaults."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        own = directory / "bedside.toml"
        if own.is_file():
            return _beside(from_mapping(_read_toml(own), str(own)), directory)
        project = directory / "pyproject.toml"
        if project.is_file():
            section = _read_toml(project).get("tool", {}).get("bedside")
            if section is not None:
                return _beside(from_mapping(section, f"{project} [tool.bedside]"), directory)
    return Config()


def _beside(config: Config, directory: Path) -> Config:
    """Relative pack folders are read from beside the settings file, wherever the command runs from."""
    if not config.packs:
        return config
    return replace(config, packs=tuple(str(directory / Path(folder).expanduser()) for folder in config.packs))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read settings from {path}: {error}") from error
