"""Importers on the quirks of real exports, each on a small look-alike fixture written here: Mastodon's
duplicate `orderedItems`, LinkedIn's backslash-escaped quotes and 2018 files, WhatsApp's Finnish and mixed
headers and localised media placeholders, X community posts and direct messages, Bluesky repositories
with history, Instagram threads without participants, Reddit's deleted bodies, Telegram exports."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bedside.importers import Item, plan
from bedside.importers.jsonstream import iter_array, iter_records
from importer_helpers import Link, car_bytes, cbor, read_all, tree_node


def by_id(items: list[Item]) -> dict[str, Item]:
    return {item.id: item for item in items}


def note(number: int, text: str) -> dict[str, object]:
    return {"id": f"https://med.social/users/doc/statuses/{number}/activity", "type": "Create",
            "actor": "https://med.social/users/doc", "published": "2024-03-01T10:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [],
            "object": {"id": f"https://med.social/users/doc/statuses/{number}", "type": "Note",
                       "content": f"<p>{text}</p>", "published": "2024-03-01T10:00:00Z",
                       "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": []}}


# 1. Mastodon ---------------------------------------------------------------------------------------------

def test_mastodon_outbox_with_a_duplicate_ordered_items_key(tmp_path: Path) -> None:
    activities = ",\n".join(json.dumps(note(n, f"post {n}")) for n in (1, 2))
    (tmp_path / "outbox.json").write_text(
        '{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", '
        '"type": "OrderedCollection", "totalItems": 2, "orderedItems": [], "orderedItems": [\n'
        + activities + "\n]}")
    items, warnings, damaged = read_all(tmp_path)
    assert sorted(i.text for i in items) == ["post 1", "post 2"] and not warnings and not damaged
    assert items[0].platform == "mastodon" and items[0].audience == "public"


def test_mastodon_outbox_saved_as_a_bare_array_of_activities(tmp_path: Path) -> None:
    path = tmp_path / "statuses.json"
    path.write_text(json.dumps([note(7, "from the API")]))
    items, _, _ = read_all(path)
    assert [(i.id, i.text, i.platform) for i in items] == [("7", "from the API", "mastodon")]


def test_every_duplicate_key_streams_across_chunk_boundaries() -> None:
    import bedside.importers.jsonstream as js

    data = b'{"a": [1], "skip": {"x": [9]}, "a": [], "a": [2, 3], "b": 4}'
    original = js.CHUNK
    js.CHUNK = 3
    try:
        assert list(iter_array(io.BytesIO(data), "a")) == [1, 2, 3]
        export = b'{"about": "x", "chats": {"about": "y", "list": [{"name": "A", "messages": [1, 2], "z": 0},' \
                 b' 5, {"name": "B", "type": "t", "messages": [3]}]}}'
        assert [(f, list(m)) for f, m in iter_records(io.BytesIO(export), "messages", ("chats", "list"))] == [
            ({"name": "A"}, [1, 2]), ({"name": "B", "type": "t"}, [3])]
    finally:
        js.CHUNK = original


# 2. LinkedIn ---------------------------------------------------------------------------------------------

def test_linkedin_backslash_escaped_quotes_in_comments_and_shares(tmp_path: Path) -> None:
    (tmp_path / "Comments.csv").write_text(
        "Date,Link,Message\n"
        '2021-05-06 11:00:00,https://www.linkedin.com/feed/update/urn:li:activity:1,"She said \\"thank you\\"\n'
        'and the ward \\"clapped\\" for her"\n'
        '2021-05-07 12:00:00,https://www.linkedin.com/feed/update/urn:li:activity:2,"Second \\"one\\""\n')
    (tmp_path / "Shares.csv").write_text(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        '2021-03-04 10:12:13,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A677,'
        '"\\"Proud\\" of the team,\nsee \\"here\\"",,,PUBLIC\n')
    items, _, _ = read_all(tmp_path)
    comments = [i for i in items if i.kind == "reply"]
    assert [c.text for c in comments] == ['She said "thank you"\nand the ward "clapped" for her', 'Second "one"']
    assert all(c.date is not None for c in comments)  # no tail cut off as an undated comment
    assert by_id(items)["677"].text == '"Proud" of the team,\nsee "here"'


def test_linkedin_2018_utf16_tab_separated_shares_in_a_folder(tmp_path: Path) -> None:
    table = ("Date\tShareLink\tShareCommentary\tSharedUrl\tMediaUrl\tVisibility\r\n"
             "2018-10-16 08:36:12\thttps://www.linkedin.com/feed/update/urn:li:activity:6400\t"
             "Night shift done \u2013 caf\u00e9 time\t\t\tCONNECTIONS\r\n")
    (tmp_path / "Shares.csv").write_bytes(b"\xff\xfe" + table.encode("utf-16-le"))
    (tmp_path / "no-bom").mkdir()
    (tmp_path / "no-bom" / "Shares.csv").write_bytes(table.replace("6400", "6401").encode("utf-16-le"))
    items = by_id(read_all(tmp_path)[0])
    share = items["6400"]
    assert share.text == "Night shift done \u2013 caf\u00e9 time" and share.platform == "linkedin"
    assert share.date == datetime(2018, 10, 16, 8, 36, 12) and share.audience == "followers"
    assert "6401" in items


def test_linkedin_2018_messages_are_private_messages_with_dates_and_entities(tmp_path: Path) -> None:
    (tmp_path / "Messages.csv").write_text(
        "From,To,Date,Subject,Content\n"
        'Jane Doe,Sam Smith,"10/16/18, 8:36 AM",Rota,"I&rsquo;m on nights &amp; weekends"\n'
        'Sam Smith,Jane Doe,"10/16/18, 9:01 PM",RE: Rota,Fine by me\n'
        'Jane Doe,Alex Roe,"11/02/18, 12:15 PM",Hi,See you at the M&amp;M meeting\n')
    items, _, _ = read_all(tmp_path)
    assert [i.text for i in items] == ["I\u2019m on nights & weekends", "See you at the M&M meeting"]
    assert all(i.platform == "linkedin" and i.kind == "message" and i.audience == "private" for i in items)
    assert [i.date for i in items] == [datetime(2018, 10, 16, 8, 36), datetime(2018, 11, 2, 12, 15)]
    assert len(read_all(tmp_path, all_authors=True)[0]) == 3


# 3. WhatsApp ---------------------------------------------------------------------------------------------

def test_whatsapp_finnish_klo_headers(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("13.6.2018 klo 21.25.15 - Mika: Yövuoro alkaa\n14.6.2018 klo 7.05.00 - Sanna: Kiitos\n")
    items, _, _ = read_all(path, all_authors=True)
    assert [(i.author, i.text, i.date) for i in items] == [
        ("Mika", "Yövuoro alkaa", datetime(2018, 6, 13, 21, 25, 15)),
        ("Sanna", "Kiitos", datetime(2018, 6, 14, 7, 5))]


def test_whatsapp_file_mixing_android_and_ios_lines(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("15/01/2020, 02:22 - Jane: android line\n"
                    "[1/15/20, 2:23:10 AM] Jane: ios line\n"
                    "16/01/2020, 09:00 - Sam: android again\n"
                    "[1/16/20, 9:01:00 PM] Sam: ios again\n"
                    "17/01/2020, 10:00 - Jane: last\n"
                    "17/01/2020, 10:05: Sam: a colon after the time, as the sniffer accepts\n", encoding="utf-8")
    items, _, _ = read_all(path, all_authors=True)
    assert [i.text for i in items] == ["android line", "ios line", "android again", "ios again", "last",
                                       "a colon after the time, as the sniffer accepts"]
    assert [i.date for i in items] == [datetime(2020, 1, 15, 2, 22), datetime(2020, 1, 15, 2, 23, 10),
                                       datetime(2020, 1, 16, 9, 0), datetime(2020, 1, 16, 21, 1),
                                       datetime(2020, 1, 17, 10, 0), datetime(2020, 1, 17, 10, 5)]


@pytest.mark.parametrize("placeholder", ["<Media omitted>", "<Medien ausgelassen>", "\u2039Médias omis\u203a",
                                         "\u2039メディアなし\u203a", "<Multimedia omitido>", "<Media weggelaten>",
                                         "<Media omessi>", "\u200e<Mídia oculta>"])
def test_whatsapp_localised_media_placeholders_are_not_text(tmp_path: Path, placeholder: str) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(f"12/01/2024, 09:00 - Jane: {placeholder}\n12/01/2024, 09:01 - Jane: <b>real</b> text\n",
                    encoding="utf-8")
    items, _, _ = read_all(path, all_authors=True)
    assert [i.text for i in items] == ["<b>real</b> text"]


# 4. X ----------------------------------------------------------------------------------------------------

def test_x_community_tweets_and_direct_messages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "account.js").write_text('window.YTD.account.part0 = [{"account": {"username": "drtest", '
                                     '"accountId": "111", "accountDisplayName": "Dr Test"}}]')
    (data / "community-tweet.js").write_text('window.YTD.community_tweet.part0 = [{"tweet": {"id_str": "55", '
                                             '"full_text": "Community post &amp; more", "community_id": "9", '
                                             '"created_at": "Wed Mar 22 07:41:49 +0000 2023"}}]')

    def message(number: int, sender: str, text: str) -> dict[str, object]:
        return {"messageCreate": {"id": str(number), "senderId": sender, "recipientId": "222", "text": text,
                                  "createdAt": "2023-04-01T10:00:00.000Z", "urls": [], "mediaUrls": []}}

    direct = [{"dmConversation": {"conversationId": "111-222", "messages": [
        message(1, "111", "my message"), message(2, "222", "their message")]}}]
    group = [{"dmConversation": {"conversationId": "g1", "messages": [
        {"joinConversation": {"initiatingUserId": "111"}}, message(3, "111", "to the group"),
        message(4, "333", "someone else")]}}]
    (data / "direct-messages.js").write_text("window.YTD.direct_messages.part0 = " + json.dumps(direct))
    (data / "direct-messages-group.js").write_text("window.YTD.direct_messages_group.part0 = " + json.dumps(group))
    items = by_id(read_all(tmp_path)[0])
    assert set(items) == {"55", "1", "3"}
    assert items["55"].text == "Community post & more" and items["55"].audience == "public"
    assert items["1"].audience == "private" and items["1"].kind == "message" and items["1"].own
    assert items["1"].date == datetime(2023, 4, 1, 10, tzinfo=UTC)
    assert items["3"].audience == "group"
    everyone = by_id(read_all(tmp_path, all_authors=True)[0])
    assert not everyone["2"].own and set(everyone) == {"55", "1", "2", "3", "4"}
    (data / "account.js").unlink()
    unknown, warnings, _ = read_all(tmp_path)
    assert len(unknown) == 5 and any("account id" in w for w in warnings)


# 5. Bluesky ----------------------------------------------------------------------------------------------

def test_bluesky_repository_with_history_uses_the_header_root(tmp_path: Path) -> None:
    posts = {rkey: cbor({"$type": "app.bsky.feed.post", "text": text, "createdAt": "2024-01-02T03:04:05Z"})
             for rkey, text in (("3kaaa", "old post"), ("3kbbb", "new post"))}
    old_node, new_node = tree_node({"3kaaa": posts["3kaaa"]}), tree_node(posts)
    did = "did:plc:hist"
    old = cbor({"did": did, "rev": "1", "sig": b"\x01", "data": Link(old_node), "prev": None, "version": 3})
    new = cbor({"did": did, "rev": "2", "sig": b"\x02", "data": Link(new_node), "prev": Link(old), "version": 3})
    car = tmp_path / "repo.car"
    car.write_bytes(car_bytes(new, [old, old_node, new, new_node, *posts.values()]))  # the older commit first
    items = by_id(read_all(car)[0])
    assert set(items) == {"3kaaa", "3kbbb"}
    assert items["3kbbb"].url == "https://bsky.app/profile/did:plc:hist/post/3kbbb"


# 6. Instagram, Reddit, Telegram, unsupported -------------------------------------------------------------

def test_instagram_thread_without_participants(tmp_path: Path) -> None:
    folder = tmp_path / "your_instagram_activity" / "messages" / "inbox" / "sam_1"
    folder.mkdir(parents=True)
    (folder / "message_1.json").write_text(json.dumps({
        "messages": [{"sender_name": "Sam", "timestamp_ms": 1600000000000, "content": "hi"},
                     {"sender_name": "Dr Jo", "timestamp_ms": 1600000001000, "content": "on my way"}],
        "title": "Sam", "thread_path": "inbox/sam_1"}))
    items, _, _ = read_all(tmp_path, me=("Dr Jo",))
    assert [(i.text, i.platform, i.audience, i.kind) for i in items] == [
        ("on my way", "instagram", "private", "message")]
    assert len(read_all(tmp_path, all_authors=True)[0]) == 2


def test_reddit_deleted_and_removed_bodies_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text(
        "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n"
        "c1,https://www.reddit.com/r/x/c1,2020-01-01 10:00:00 UTC,,x,0,,,[deleted],\n"
        "c2,https://www.reddit.com/r/x/c2,2020-01-01 10:00:00 UTC,,x,0,,,[removed],\n"
        "c3,https://www.reddit.com/r/x/c3,2020-01-01 10:00:00 UTC,,x,0,,,kept,\n")
    (tmp_path / "posts.csv").write_text(
        "id,permalink,date,ip,subreddit,gildings,title,url,body\n"
        "p1,https://www.reddit.com/r/x/p1,2020-01-01 10:00:00 UTC,,x,0,A title,,[removed]\n"
        "p2,https://www.reddit.com/r/x/p2,2020-01-01 10:00:00 UTC,,x,0,[deleted],,[deleted]\n")
    items, warnings, _ = read_all(tmp_path)
    assert sorted((i.id, i.text) for i in items) == [("c3", "kept"), ("p1", "A title")]
    assert any("comments.csv: skipped 2 deleted or removed entries" in w for w in warnings)
    assert any("posts.csv: skipped 1 deleted or removed entry" in w for w in warnings)


SINGLE_CHAT = {"name": "Mika", "type": "personal_chat", "id": 4242, "messages": [
    {"id": 1, "type": "service", "date": "2018-06-13T21:00:00", "actor": "Mika", "action": "phone_call"},
    {"id": 2, "type": "message", "date": "2018-06-13T21:25:15", "from": "Mika", "from_id": "user4242",
     "text": "Is bed 4 free?"},
    {"id": 3, "type": "message", "date": "2018-06-13T21:26:00", "from": "Dr Jo", "from_id": "user1",
     "text": ["Yes, ", {"type": "bold", "text": "Mrs Langley"}, " went home"]}]}


def test_telegram_single_chat_export(tmp_path: Path) -> None:
    (tmp_path / "result.json").write_text(json.dumps(SINGLE_CHAT, indent=1))
    items, warnings, _ = read_all(tmp_path)
    assert [(i.id, i.text, i.author, i.audience, i.kind) for i in items] == [
        ("result.json#3", "Yes, Mrs Langley went home", "Dr Jo", "private", "message")]
    assert items[0].date == datetime(2018, 6, 13, 21, 26) and items[0].platform == "telegram" and not warnings
    assert len(read_all(tmp_path, all_authors=True)[0]) == 2


def test_telegram_full_export_with_personal_and_group_chats(tmp_path: Path) -> None:
    group = {"name": "Ward 7", "type": "private_supergroup", "id": 99, "messages": [
        {"id": 2, "type": "message", "date": "2019-01-01T08:00:00", "from": "Dr Jo", "from_id": "user1",
         "text": "Handover at 8"},
        {"id": 3, "type": "message", "date": "2019-01-01T08:01:00", "from": "Sam", "from_id": "user7",
         "text": "ok"}]}
    export = {"about": "Here is the data you requested.",
              "personal_information": {"user_id": 1, "first_name": "Jo", "last_name": "", "phone_number": "+1"},
              "contacts": {"about": "", "list": []},
              "chats": {"about": "", "list": [SINGLE_CHAT, group]}}
    (tmp_path / "DataExport").mkdir()
    (tmp_path / "DataExport" / "result.json").write_text(json.dumps(export, indent=1))
    items = by_id(read_all(tmp_path)[0])
    assert set(items) == {"DataExport/result.json#4242/3", "DataExport/result.json#99/2"}
    assert items["DataExport/result.json#99/2"].audience == "group"
    assert items["DataExport/result.json#4242/3"].audience == "private"
    del export["personal_information"]  # exported without account details: each chat tells who is who
    (tmp_path / "DataExport" / "result.json").write_text(json.dumps(export))
    unnamed, warnings, _ = read_all(tmp_path)
    assert {i.text for i in unnamed} == {"Yes, Mrs Langley went home", "Handover at 8", "ok"}
    assert any("use --me" in w for w in warnings)  # the group cannot tell without a name


def test_an_unsupported_export_says_what_is_supported(tmp_path: Path) -> None:
    from bedside.audit.runner import run_audit

    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    assert plan(blob).parts == []
    summary = run_audit(blob, db=tmp_path / "a.db")
    message = next(w for w in summary.warnings if "nothing here is an export" in w)
    assert all(name in message for name in ("X archive", "WhatsApp", "LinkedIn", "Telegram", "Mastodon", "Bluesky",
                                            "Reddit", "Facebook / Instagram", "CSV"))


def _outbox(stream: io.BufferedWriter, count: int) -> None:
    stream.write(b'{"type": "OrderedCollection", "orderedItems": [], "orderedItems": [')
    for n in range(count):
        stream.write((b"," if n else b"") + json.dumps(note(n, "x" * 400)).encode())
    stream.write(b"]}")


def _telegram(stream: io.BufferedWriter, count: int) -> None:
    stream.write(b'{"name": "Mika", "type": "personal_chat", "id": 1, "messages": [')
    for n in range(count):
        message = {"id": n, "type": "message", "date": "2018-06-13T21:25:15", "from": "Dr Jo", "text": "x" * 400}
        stream.write((b"," if n else b"") + json.dumps(message).encode())
    stream.write(b"]}")


@pytest.mark.parametrize("write", [_outbox, _telegram])
def test_duplicate_keys_and_chats_stream_in_bounded_memory(
        tmp_path: Path, write: Callable[[io.BufferedWriter, int], None]) -> None:
    import tracemalloc

    from bedside.importers import iter_items

    peaks = []
    for count in (4_000, 20_000):  # both beyond the 1 MB read chunk
        path = tmp_path / f"{count}.json"
        with path.open("wb") as stream:
            write(stream, count)
        found = plan(path)
        tracemalloc.start()
        try:
            assert sum(1 for _ in iter_items(found)) == count
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
            found.source.close()
    assert peaks[1] < 1.3 * peaks[0] + 500_000, peaks
