"""Bluesky repository export (`Settings → Export my data`: a CAR file of the account's repository).

The repository is a Merkle search tree: the CAR header's root is the current commit (a repository that
carries history holds older commits too, in any order), which names the tree's root; tree nodes map keys
such as `app.bsky.feed.post/<rkey>` to record blocks. Records are small, so one pass keeps the tree
nodes and the posts' few fields; the walk then gives each post its rkey, hence its id and link
(`https://bsky.app/profile/<did>/post/<rkey>`). Image files are not part of the CAR; alt texts are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedside.importers import Item, Options, importer, iso
from bedside.importers.car import CID, CarError, decode, read_car
from bedside.importers.source import Member, Source

POST = "app.bsky.feed.post"


def _claims(member: Member) -> bool:
    return member.kind == "car"


@importer("bluesky", "Bluesky repository", _claims, order=12)
def read(source: Source, members: list[Member], options: Options) -> Iterator[Item]:
    for member in members:
        yield from _repository(source, member)


def _repository(source: Source, member: Member) -> Iterator[Item]:
    nodes: dict[bytes, dict[str, Any]] = {}
    posts: dict[bytes, dict[str, Any]] = {}
    commits: dict[bytes, dict[str, Any]] = {}
    with source.open(member.name) as stream:
        header, blocks = read_car(stream)
        try:
            for cid, block in blocks:
                try:
                    value = decode(block)
                except (CarError, UnicodeError, ValueError):
                    continue
                if not isinstance(value, dict):
                    continue
                if value.get("$type") == POST:
                    posts[cid] = _slim(value)
                elif "e" in value and "l" in value:
                    nodes[cid] = value
                elif "did" in value and "data" in value:
                    commits[cid] = value
        except CarError as error:
            source.warn(f"{member.name}: {error}; read the posts before it", damaged=True)
    commit = _current(header, commits)
    did = str(commit["did"]) if commit else ""
    keys = _walk(nodes, commit["data"]) if commit else {}
    for link, post in posts.items():
        rkey = keys.get(link)
        yield Item(
            id=rkey or link.hex(), platform="bluesky", text=post["text"], date=iso(post["createdAt"]),
            kind="reply" if post["reply"] else "post", author=did or None, in_reply_to=post["reply"],
            parent=post["reply"].rsplit("/", 1)[-1] if post["reply"] else None,
            url=f"https://bsky.app/profile/{did}/post/{rkey}" if did and rkey else None, member=member.name,
        )


def _current(header: dict[str, Any], commits: dict[bytes, dict[str, Any]]) -> dict[str, Any] | None:
    """The commit the header names as root; failing that (a root not in the file), the first one read."""
    roots = header.get("roots") if isinstance(header.get("roots"), list) else []
    for root in roots or []:
        if isinstance(root, CID) and root in commits:
            return commits[root]
    return next(iter(commits.values()), None)


def _slim(record: dict[str, Any]) -> dict[str, Any]:
    """The fields a check needs: text (with image alt texts), date, what it replies to."""
    text = str(record.get("text") or "")
    embed = record.get("embed") if isinstance(record.get("embed"), dict) else {}
    alts = [str(i.get("alt")) for i in (embed or {}).get("images") or [] if isinstance(i, dict) and i.get("alt")]
    if alts:
        text = "\n".join([text, *alts]).strip()
    reply = record.get("reply") if isinstance(record.get("reply"), dict) else None
    parent = (reply or {}).get("parent") or {}
    return {"text": text, "createdAt": record.get("createdAt"),
            "reply": str(parent.get("uri")) if isinstance(parent, dict) and parent.get("uri") else None}


def _walk(nodes: dict[bytes, dict[str, Any]], root: Any) -> dict[bytes, str]:
    """record CID → rkey for every `app.bsky.feed.post/…` key in the tree under `root`."""
    found: dict[bytes, str] = {}
    stack = [root]
    seen: set[bytes] = set()
    while stack:
        cid = stack.pop()
        if not isinstance(cid, CID) or cid in seen or cid not in nodes:
            continue
        seen.add(cid)
        node = nodes[cid]
        stack.append(node.get("l"))
        key = b""
        for entry in node.get("e") or []:
            if not isinstance(entry, dict):
                continue
            key = key[: int(entry.get("p") or 0)] + bytes(entry.get("k") or b"")
            collection, _, rkey = key.decode("utf-8", errors="replace").partition("/")
            if collection == POST and isinstance(entry.get("v"), CID):
                found[entry["v"]] = rkey
            stack.append(entry.get("t"))
    return found
