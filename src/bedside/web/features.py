"""Capabilities the web app offers only when their module is installed: images, complaint replies, audits.

bedside is built in parts; a page whose part is missing says so (and its API answers 503) instead of
failing. A feature is looked up on use, so nothing heavy is imported when the app starts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException

FEATURES: dict[str, tuple[str, str]] = {
    "images": ("bedside.redaction", "redact_bytes"),
    "reply": ("bedside.complaints", "draft_reply"),
    "audit": ("bedside.audit", "run_audit"),
}
_found: dict[str, Callable[..., Any]] = {}


def lookup(name: str) -> Callable[..., Any] | None:
    """The feature's entry point, or None when its module (or the function in it) is not there."""
    if name in _found:
        return _found[name]
    module_name, attribute = FEATURES[name]
    try:
        module = importlib.import_module(module_name)
    except Exception:  # missing, or broken in this install: the page says the feature is unavailable
        return None
    function: Callable[..., Any] | None = getattr(module, attribute, None)
    if callable(function):
        _found[name] = function
        return function
    return None


def available(name: str) -> bool:
    return lookup(name) is not None


def require(name: str) -> Callable[..., Any]:
    function = lookup(name)
    if function is None:
        raise HTTPException(status_code=503, detail=f"this bedside has no {name} support installed")
    return function
