"""What keeps a local app that handles patient data private inside the browser.

Any web page the user visits can make their browser send requests to http://127.0.0.1:8765. Three checks
stop that from reaching patient data or doing work:

- the Host header must name this machine (loopback, or the host given to `--host`), which defeats DNS
  rebinding: an attacker's domain re-pointed at 127.0.0.1 still sends its own name as Host;
- a request that carries an Origin (every browser POST does) must come from this app's own origin;
- every API call must carry the per-run token that only this app's own pages know (see `require_token`).

The middleware also caps request bodies (413), turns a bug into a one-line 500, and adds the headers
that forbid inline scripts, framing, sniffing, referrers and caching of results.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "X-Bedside-Token"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
NO_STORE = (b"cache-control", b"no-store")
log = logging.getLogger("bedside.web")

_api_key = APIKeyHeader(name=TOKEN_HEADER, auto_error=False,
                        description="The per-run token that bedside embeds in its own pages.")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def require_token(request: Request, supplied: str | None = Security(_api_key)) -> None:
    """An API call without this run's token, or with a wrong one, is refused (403)."""
    expected: str = request.app.state.token
    if not supplied or not secrets.compare_digest(supplied.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="missing or wrong token: use the page bedside serves")


def host_name(host_header: str) -> str:
    """'127.0.0.1:8765' → '127.0.0.1'; '[::1]:8765' → '::1'; lower-cased."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """ASGI middleware: Host and Origin checks, body size limits, security headers."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str], limits: dict[str, int], default_limit: int) -> None:
        self.app = app
        self.hosts = frozenset(h.lower().strip("[]") for h in hosts) | LOOPBACK
        self.limits = sorted(limits.items(), key=lambda item: -len(item[0]))  # longest prefix first
        self.default_limit = default_limit

    def limit_for(self, path: str) -> int:
        return next((size for prefix, size in self.limits if path.startswith(prefix)), self.default_limit)

    def refusal(self, scope: Scope, headers: dict[str, str], limit: int) -> tuple[int, str] | None:
        """Why a request is refused before the app sees it (status, message): another host, another site's
        page, or a declared body over the limit; None when it may pass."""
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            return 403, "this address is not allowed: open bedside at http://127.0.0.1"
        origin = headers.get("origin")
        if origin is not None and _origin_of(origin) != f"{scope.get('scheme', 'http')}://{host.lower()}":
            return 403, "requests from other sites are refused"
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return 413, f"the upload is larger than {limit // 1_000_000} MB"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self.limit_for(scope["path"])
        refusal = self.refusal(scope, headers, limit)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        exchange = _Exchange(receive, send, limit, api=scope["path"].startswith("/api/"))
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except HTTPException as error:
            if exchange.started or error.status_code != 413:
                raise
            await _refuse(send, 413, str(error.detail))
        except Exception as error:  # a bug: one line for the page and the terminal, never a traceback
            if exchange.started or os.environ.get("BEDSIDE_DEBUG"):
                raise
            log.error("bedside: %s on %s (BEDSIDE_DEBUG=1 shows more)", type(error).__name__, scope["path"])
            await _refuse(send, 500, f"bedside hit a problem: {type(error).__name__}: {str(error)[:200]}")


class _Exchange:
    """One request's receive and send as the app sees them: the body counted against the limit as it
    arrives (a chunked upload declares no length), and the security headers added to the response."""

    def __init__(self, receive: Receive, send: Send, limit: int, *, api: bool) -> None:
        self._receive, self._send, self.limit, self.api = receive, send, limit, api
        self.received = 0
        self.started = False  # the response has begun: an error can no longer be answered with a page

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise HTTPException(status_code=413, detail=f"the upload is larger than {self.limit // 1_000_000} MB")
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            extra = list(HEADERS)
            if self.api or _is_page(message):
                extra.append(NO_STORE)
            message["headers"] = [*message.get("headers", []), *extra]
        await self._send(message)


def _is_page(message: Message) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in message.get("headers", []))


def _origin_of(value: str) -> str:
    parts = urlsplit(value.strip().lower())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "invalid"


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS, NO_STORE]})
    await send({"type": "http.response.body", "body": body})
