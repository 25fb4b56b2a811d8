"""`bedside serve`: the address it prints, the warning off loopback, the browser only with a display."""

from __future__ import annotations

import socket
from typing import Any

import pytest
import uvicorn

from bedside.commands import serve
from cli_helpers import run_cli


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the server that would run, instead of running it."""
    started: list[Any] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.append(self))
    return started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_prints_the_loopback_address(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                           no_server: list[Any]) -> None:
    port = _free_port()
    result = run_cli(capsys, monkeypatch, "serve", "--port", str(port), "--no-browser")
    assert result.code == 0
    assert f"http://127.0.0.1:{port}/" in result.out and "warning" not in result.err
    config = no_server[0].config
    assert config.host == "127.0.0.1" and config.port == port


def test_serve_warns_off_loopback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  no_server: list[Any]) -> None:
    result = run_cli(capsys, monkeypatch, "serve", "--host", "0.0.0.0", "--port", str(_free_port()), "--no-browser")
    assert result.code == 0
    assert "warning" in result.err and "other machines" in result.err


def test_serve_refuses_a_busy_port(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                   no_server: list[Any]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli(capsys, monkeypatch, "serve", "--port", str(busy.getsockname()[1]), "--no-browser")
    assert result.code == 2 and "another --port" in result.err and not no_server
    assert "Traceback" not in result.err


def test_serve_rejects_a_bad_port(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  no_server: list[Any]) -> None:
    assert run_cli(capsys, monkeypatch, "serve", "--port", "70000").code == 2


def test_loopback_and_hosts() -> None:
    assert all(serve.is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(serve.is_loopback(h) for h in ("0.0.0.0", "192.168.1.20", "example.org", "::"))
    assert serve.extra_hosts("192.168.1.20") == ["192.168.1.20"]
    assert socket.gethostname() in serve.extra_hosts("0.0.0.0")


def test_browser_opens_only_with_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not serve.has_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert serve.has_display()


def test_browser_opens_once_the_server_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(serve.webbrowser, "open", opened.append)

    class Started:
        started = True

    serve._open_when_ready(Started(), "http://127.0.0.1:8765/")
    assert opened == ["http://127.0.0.1:8765/"]
