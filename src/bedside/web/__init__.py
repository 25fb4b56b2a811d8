"""bedside in the browser: a local web app over the same check (see docs/web.md)."""

from bedside.web.app import create_app

__all__ = ["create_app"]
