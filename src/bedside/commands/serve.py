"""`bedside serve`: the web app on this machine, at http://127.0.0.1:8765 unless told otherwise."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys
import threading
import time
import webbrowser
from typing import Annotated

import typer

from bedside.model import InputError

WILDCARD = {"0.0.0.0", "::", ""}


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8765,
    host: Annotated[str, typer.Option(help="The address to listen on. Keep the default unless you know why: "
                                           "anything but 127.0.0.1 lets other machines reach the app.")] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
) -> None:
    """Start the web app: check posts, images, complaint replies and whole histories in your browser."""
    import uvicorn

    from bedside.commands._common import err, load_config, out
    from bedside.web import create_app

    _check_free(host, port)
    if not is_loopback(host):
        err.print(f"[yellow]warning:[/] --host {host} makes bedside reachable from other machines on the network. "
                  "Patient data you type or upload will travel over it unencrypted. Use 127.0.0.1 unless you "
                  "are sure.")
    url = f"http://{'127.0.0.1' if host in WILDCARD else _bracket(host)}:{port}/"
    app = create_app(load_config(None, None, None, None), hosts=extra_hosts(host))
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                           server_header=False, date_header=False))
    out.print(f"bedside is running at [bold]{url}[/] (Ctrl-C to stop). {where_data_goes(host)}")
    if not no_browser and has_display():
        threading.Thread(target=_open_when_ready, args=(server, url), daemon=True).start()
    server.run()


def where_data_goes(host: str) -> str:
    """The promise the start-up line can honestly make: only on loopback does nothing leave the machine."""
    if is_loopback(host):
        return "Nothing leaves this machine."
    return "Other machines on the network can reach it: what you type or upload travels over the network unencrypted."


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def extra_hosts(host: str) -> list[str]:
    """Names the Host header may carry besides loopback: the given host, and for a wildcard address the
    machine's own names and addresses."""
    if host not in WILDCARD:
        return [host]
    names = {socket.gethostname(), socket.getfqdn()}
    with contextlib.suppress(OSError):
        names |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    return sorted(names)


def has_display() -> bool:
    """A browser can open: always on macOS and Windows, elsewhere only with a graphical session."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"cannot listen on {host}:{port} ({error.strerror}); try another --port") from error


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _open_when_ready(server: object, url: str) -> None:
    for _ in range(100):
        if getattr(server, "started", False):
            webbrowser.open(url)
            return
        time.sleep(0.1)
