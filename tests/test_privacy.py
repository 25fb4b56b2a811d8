"""Checking a post must open no network connection: sockets are blocked and any attempt fails the test."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from bedside import Post, check

POSTS = [
    Post(text="Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952"),
    Post(text="email me at someone@example.com or see https://example.org/case", audience="group"),
    Post(text="34yo fisherman from Mousehole with Fabry disease came off his boat in the storm"),
    Post(text="Another heartsink frequent flyer in A&E tonight, covid was invented by the government"),
    Post(text="Thanks for your review. We cannot discuss any individual's care online.", kind="reply",
         reply_to="Terrible service at the surgery, Dr Jones ignored me"),
    Post(text="Great article on vaccines", profile="Dr J, NHS GP, views my own"),
]


def test_check_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError(f"network use during a check: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for post in POSTS:
        report = check(post)
        assert report.verdict in ("ok", "review", "do-not-post")
    assert attempts == []
