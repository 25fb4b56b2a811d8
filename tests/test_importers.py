"""Each importer on its own fixtures (tests/fixtures/importers, or files written here): ids, dates,
audiences, authors, reply context, links, media; formats recognised by content, not by name."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from importer_helpers import make_car, make_zip, read_all

FIXTURES = Path(__file__).parent / "fixtures" / "importers"


def by_id(items):  # type: ignore[no-untyped-def]
    return {item.id: item for item in items}


# X / Twitter ---------------------------------------------------------------------------------------------

def test_x_folder_reads_every_tweet_file_with_ids_dates_links_and_media() -> None:
    items, warnings, damaged = read_all(FIXTURES / "x")
    found = by_id(items)
    assert set(found) == {"1500000000000000001", "1500000000000000002", "1500000000000000003",
                          "844454048556355584", "1600000000000000009", "1700000000000000001"}
    first = found["1500000000000000001"]
    assert first.text == "Teaching on sepsis today & tomorrow https://example.org/sepsis"  # entities, t.co
    assert first.date == datetime(2021, 2, 11, 11, 49, 33, tzinfo=UTC)
    assert first.url == "https://x.com/drtest/status/1500000000000000001"
    assert first.platform == "x" and first.audience == "public" and first.kind == "post"
    reply = found["1500000000000000002"]
    assert reply.kind == "reply" and reply.in_reply_to == "https://x.com/colleague/status/1499999999999999999"
    retweet = found["1500000000000000003"]
    assert retweet.text == "RT @nhsuk: Get your flu jab"  # media link removed
    assert retweet.images == ["data/tweets_media/1500000000000000003-flu.png"]
    assert found["844454048556355584"].text == "Old format post <3"  # legacy tweet.js, entities decoded
    assert "deleted" in found["1600000000000000009"].member
    assert found["1700000000000000001"].date == datetime(2023, 5, 1, 10, tzinfo=UTC)  # note-tweet.js
    assert not warnings and not damaged


def test_x_zip_is_recognised_by_content_whatever_the_names(tmp_path: Path) -> None:
    source = (FIXTURES / "x" / "data" / "tweets.js").read_text()
    archive = make_zip(tmp_path / "holiday-photos.bin", {"stuff/a.txt.js.weird": source})
    items, _, _ = read_all(archive)
    assert len(items) == 3 and items[0].url == "https://x.com/i/web/status/1500000000000000001"


def test_x_multipart_archive(tmp_path: Path) -> None:
    part = 'window.YTD.tweets.part1 = [ {"tweet": {"id_str": "77", "full_text": "second part", ' \
           '"created_at": "Wed Mar 22 07:41:49 +0000 2017"}} ]'
    folder = tmp_path / "x"
    shutil.copytree(FIXTURES / "x", folder)
    (folder / "data" / "tweets-part1.js").write_text(part)
    assert "77" in by_id(read_all(folder)[0])


# WhatsApp ------------------------------------------------------------------------------------------------

ANDROID_DOTS = """15.04.2016, 15:04 - Messages and calls are end-to-end encrypted. No one outside can read them.
15.04.2016, 15:05 - Dr Jane Smith: Bed 4 is free now
and the next line belongs to the same message
16.04.2016, 09:10 - Sam Nurse: thanks
"""
ANDROID_US_12H = "1/2/23, 10:15\u202fPM - Dr Jane Smith: night shift\n1/13/23, 7:05\u202fAM - Sam Nurse: ok\n"
ANDROID_PM = "2016-04-15, 3:04 p.m. - Dr Jane Smith: afternoon\n2016-04-16, 11:30 a.m. - Sam Nurse: morning\n"
DASH_SECONDS_12H = "15-04-2016, 03:04:10 PM - Dr Jane Smith: hello\n06-08-2016, 12:18:10 AM - Sam Nurse: hi\n"
IOS = ("\u200e[15/01/2020, 02:20:00] Ward Team: \u200eMessages and calls are end-to-end encrypted.\n"
       "[15/01/2020, 02:22:56] Dr Jane Smith: Patient in bay 3\n"
       "\u200e[15/01/2020, 02:23:10] Dr Jane Smith: \u200e<attached: 00000012-PHOTO-2020-01-15-02-23-10.jpg>\n"
       "[15/01/2020, 02:24:00] Sam Nurse: \u200eimage omitted\n"
       "\u200e[15/01/2020, 02:25:00] Ward Team: \u200eSam Nurse added Alex\n")
IOS_12H = "[1/2/23, 10:15:30 PM] Dr Jane Smith: late\n[1/3/23, 9:00:00 AM] Sam Nurse: early\n"
ISO_BRACKETS = "[2019-04-16 02:09] Dr Jane Smith: early start\n[2019-04-16 03:01] Sam Nurse: indeed\n"


@pytest.mark.parametrize(("text", "when"), [
    (ANDROID_DOTS, datetime(2016, 4, 15, 15, 5)),
    (ANDROID_US_12H, datetime(2023, 1, 2, 22, 15)),  # 1/13/23 proves month first; U+202F before PM
    (ANDROID_PM, datetime(2016, 4, 15, 15, 4)),
    (DASH_SECONDS_12H, datetime(2016, 4, 15, 15, 4, 10)),
    (IOS, datetime(2020, 1, 15, 2, 22, 56)),
    (IOS_12H, datetime(2023, 1, 2, 22, 15, 30)),  # ambiguous d/m: a day apart beats a month apart
    (ISO_BRACKETS, datetime(2019, 4, 16, 2, 9)),
])
def test_whatsapp_every_date_format(tmp_path: Path, text: str, when: datetime) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    items, _, _ = read_all(path, me=("Dr Jane Smith",))
    assert items, text
    assert items[0].date == when
    assert all(item.author == "Dr Jane Smith" and item.platform == "whatsapp" for item in items)
    assert all(item.kind == "message" for item in items)


def test_whatsapp_ambiguous_day_month_follows_the_chat_forward(tmp_path: Path) -> None:
    # read day-first, 1/2 then 3/2 then 2/3 runs backwards once; month-first runs forward
    text = "1/2/23, 10:00 - A: one\n1/3/23, 10:00 - A: two\n2/1/23, 10:00 - A: three\n"
    path = tmp_path / "chat.txt"
    path.write_text(text)
    items, _, _ = read_all(path, all_authors=True)
    assert [i.date.month for i in items if i.date] == [1, 1, 2]


def test_whatsapp_multiline_system_messages_and_own_author(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(ANDROID_DOTS, encoding="utf-8")
    items, _, _ = read_all(path, me=("dr jane smith",))  # names compare loosely
    assert [i.text for i in items] == ["Bed 4 is free now\nand the next line belongs to the same message"]
    assert items[0].id == "chat.txt:2" and items[0].audience == "private"
    everyone, _, _ = read_all(path, me=("Dr Jane Smith",), all_authors=True)
    assert [i.author for i in everyone] == ["Dr Jane Smith", "Sam Nurse"]
    assert [i.own for i in everyone] == [True, False]


def test_whatsapp_who_is_me_from_the_chat_name_or_a_warning(tmp_path: Path) -> None:
    named = tmp_path / "WhatsApp Chat with Sam Nurse.txt"
    named.write_text(ANDROID_DOTS, encoding="utf-8")
    items, warnings, _ = read_all(named)
    assert [i.author for i in items] == ["Dr Jane Smith"] and not warnings
    anonymous = tmp_path / "_chat.txt"
    anonymous.write_text(ANDROID_DOTS, encoding="utf-8")
    items, warnings, _ = read_all(anonymous)
    assert len(items) == 2 and "use --me" in warnings[0]


def test_whatsapp_ios_zip_with_media_marks_and_group(tmp_path: Path) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    archive = make_zip(tmp_path / "WhatsApp Chat - Ward Team.zip", {
        "_chat.txt": IOS, "00000012-PHOTO-2020-01-15-02-23-10.jpg": jpeg})
    items, _, _ = read_all(archive, me=("Dr Jane Smith",))
    assert [i.text for i in items] == ["Patient in bay 3", ""]
    assert items[1].images == ["00000012-PHOTO-2020-01-15-02-23-10.jpg"]
    assert all(i.audience == "group" for i in items)  # "added" system line
    everyone, _, _ = read_all(archive, all_authors=True, me=("Dr Jane Smith",))
    assert "Ward Team" not in {i.author for i in everyone}  # system lines are not messages
    assert all("omitted" not in i.text for i in everyone)


# Facebook / Instagram ------------------------------------------------------------------------------------

def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def test_facebook_posts_groups_comments_and_mojibake(tmp_path: Path) -> None:
    posts = [{"timestamp": 1354805114, "data": [{"post": mojibake("Før vagten 😂")}],
              "attachments": [{"data": [{"media": {"uri": "posts/media/a.jpg", "description": "caption here"}}]}],
              "title": "x updated her status."},
             {"timestamp": 1354805115, "data": [{"update_timestamp": 1}], "title": "no text"}]
    groups = {"group_posts_v2": [{"timestamp": 1307279530, "data": [{"post": "Group post"}], "title": "t"}]}
    comment = {"timestamp": 1239798000, "comment": "A comment", "author": "Jane"}
    comments = {"comments_v2": [{"timestamp": 1239798000, "data": [{"comment": comment}],
                                 "title": "Jane commented on Sam's post."}]}
    folder = tmp_path / "facebook"
    (folder / "posts" / "media").mkdir(parents=True)
    (folder / "posts" / "your_posts_1.json").write_text(json.dumps(posts))
    (folder / "posts" / "media" / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 32)
    (folder / "groups.json").write_text(json.dumps(groups))
    (folder / "comments.json").write_text(json.dumps(comments))
    items, _, _ = read_all(folder)
    texts = {i.text: i for i in items}
    post = texts["Før vagten 😂\n\ncaption here"]
    assert post.platform == "facebook" and post.audience == "followers"
    assert post.date == datetime(2012, 12, 6, 14, 45, 14, tzinfo=UTC)
    assert texts["Group post"].audience == "group"
    comment = texts["A comment"]
    assert comment.kind == "reply" and comment.in_reply_to == "Jane commented on Sam's post."
    assert len(items) == 3  # the post without text is skipped


def test_facebook_messages_only_own_unless_all_authors(tmp_path: Path) -> None:
    def thread(other: str, lines: list[tuple[str, str]]) -> str:
        return json.dumps({"participants": [{"name": mojibake("Åsa Doctor")}, {"name": other}],
                           "messages": [{"sender_name": mojibake(s), "timestamp_ms": 1600000000000 + n,
                                         "content": mojibake(t)} for n, (s, t) in enumerate(lines)],
                           "title": other, "thread_path": "inbox/x"})
    folder = tmp_path / "messages"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    (folder / "a" / "message_1.json").write_text(thread("Sam", [("Åsa Doctor", "mine"), ("Sam", "theirs")]))
    (folder / "b" / "message_1.json").write_text(thread("Lee", [("Lee", "hello"), ("Åsa Doctor", "also mine")]))
    items, _, _ = read_all(folder)
    assert sorted(i.text for i in items) == ["also mine", "mine"]  # the one person in every thread is me
    assert all(i.audience == "private" and i.kind == "message" for i in items)
    everyone, _, _ = read_all(folder, all_authors=True)
    assert len(everyone) == 4 and {i.own for i in everyone} == {True, False}


def test_instagram_posts_and_comments(tmp_path: Path) -> None:
    posts = [{"media": [{"uri": "media/posts/1.jpg", "creation_timestamp": 1528646598, "title": "A caption"}]}]
    comments = {"comments_media_comments": [{"title": "friend", "string_list_data": [
        {"href": "", "value": mojibake("Nice ❤"), "timestamp": 1550618520}]}]}
    folder = tmp_path / "instagram"
    (folder / "media" / "posts").mkdir(parents=True)
    (folder / "media" / "posts" / "1.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 32)
    (folder / "posts_1.json").write_text(json.dumps(posts))
    (folder / "post_comments.json").write_text(json.dumps(comments))
    items = by_id(read_all(folder)[0])
    post = items["posts_1.json#0"]
    assert post.platform == "instagram" and post.text == "A caption" and post.images == ["media/posts/1.jpg"]
    comment = items["post_comments.json#0"]
    assert comment.text == "Nice ❤" and comment.in_reply_to == "@friend" and comment.kind == "reply"


# Mastodon, LinkedIn, Reddit, Bluesky ---------------------------------------------------------------------

def test_mastodon_outbox_audiences_content_warning_media_and_boosts() -> None:
    items = by_id(read_all(FIXTURES / "mastodon")[0])
    assert set(items) == {"101", "102", "103"}  # the boost (Announce) is not the user's text
    assert items["101"].text == "Public post with a link\n\nsecond & para"
    assert items["101"].audience == "public" and items["101"].url == "https://med.social/@doc/101"
    assert items["101"].images == ["media_attachments/files/000/001/original/pic.png"]
    assert items["102"].audience == "followers" and items["102"].text.startswith("patient story")
    assert items["102"].kind == "reply" and items["102"].in_reply_to.endswith("/101")
    assert items["103"].audience == "private"


def test_linkedin_shares_comments_and_own_messages() -> None:
    items = by_id(read_all(FIXTURES / "linkedin")[0])
    share = items["6774000000000000001"]
    assert share.text == "Proud of our ward team.\nSecond line of the post." and share.audience == "followers"
    assert items["6800000000000000002"].audience == "public"
    assert items["Comments.csv:2"].kind == "reply"
    messages = [i for i in items.values() if i.kind == "message"]
    assert sorted(m.text for m in messages) == ["Are you on call?", "Hello Sam"]  # Jane is in both conversations


def test_reddit_posts_comments_and_own_messages() -> None:
    items = by_id(read_all(FIXTURES / "reddit")[0])
    assert items["abc1"].text == "A title\n\nThe body text" and items["abc1"].url.startswith("https://www.reddit")
    assert items["c9"].kind == "reply"
    assert "m2" not in items and items["m1"].audience == "private"  # statistics.csv names the account
    assert len(read_all(FIXTURES / "reddit", all_authors=True)[0]) == 4


def test_bluesky_repository_car(tmp_path: Path) -> None:
    car = make_car(tmp_path / "repo.car", "did:plc:abc123", {
        "3kaaa": {"$type": "app.bsky.feed.post", "text": "First post", "createdAt": "2024-01-02T03:04:05.000Z"},
        "3kaab": {"$type": "app.bsky.feed.post", "text": "A reply", "createdAt": "2024-01-03T03:04:05.000Z",
                  "reply": {"parent": {"uri": "at://did:plc:x/app.bsky.feed.post/1", "cid": "b"}},
                  "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": "x-ray of a hand"}]}},
    })
    items = by_id(read_all(car)[0])
    assert set(items) == {"3kaaa", "3kaab"}
    assert items["3kaaa"].url == "https://bsky.app/profile/did:plc:abc123/post/3kaaa"
    assert items["3kaaa"].date == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert items["3kaab"].kind == "reply" and items["3kaab"].text == "A reply\nx-ray of a hand"


def test_bluesky_truncated_car_keeps_what_was_read(tmp_path: Path) -> None:
    car = make_car(tmp_path / "repo.car", "did:plc:abc", {
        "3a": {"$type": "app.bsky.feed.post", "text": "kept", "createdAt": "2024-01-02T03:04:05Z"},
        "3b": {"$type": "app.bsky.feed.post", "text": "cut off", "createdAt": "2024-01-02T03:04:06Z"}}, cut=5)
    items, warnings, damaged = read_all(car)
    assert [i.text for i in items] == ["kept"] and damaged and "ends inside" in warnings[0]


# Generic -------------------------------------------------------------------------------------------------

def test_generic_csv_jsonl_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,created_at,Body,url\n7,2020-01-01T10:00:00,csv post,https://e.org/7\n")
    (tmp_path / "b.jsonl").write_text('{"id": "j1", "text": "json line", "audience": "group"}\n'
                                      '{"id": "j2", "text": "second"}\n')
    (tmp_path / "c.txt").write_text("first paragraph\nstill first\n\n\nsecond paragraph\n")
    items = by_id(read_all(tmp_path)[0])
    assert items["7"].text == "csv post" and items["7"].url == "https://e.org/7"
    assert items["7"].date == datetime(2020, 1, 1, 10)
    assert items["j1"].audience == "group" and items["j2"].text == "second"
    assert items["c.txt:1"].text == "first paragraph\nstill first" and items["c.txt:5"].text == "second paragraph"


def test_readme_beside_an_export_is_not_a_post(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    shutil.copytree(FIXTURES / "x", folder)
    (folder / "README.txt").write_text("This archive contains your tweets.\n")
    assert all(i.platform == "x" for i in read_all(folder)[0])


def test_whatsapp_android_zip_attachments_and_omitted_media(tmp_path: Path) -> None:
    chat = ("12/01/2024, 09:00 - Dr Jane Smith: IMG-20240112-WA0001.jpg (file attached)\nlook at this rash\n"
            "12/01/2024, 09:01 - Dr Jane Smith: <Media omitted>\n"
            "13/01/2024, 10:00 - Sam Nurse: This message was deleted\n")
    archive = make_zip(tmp_path / "WhatsApp Chat with Sam Nurse.zip", {
        "WhatsApp Chat with Sam Nurse.txt": chat, "IMG-20240112-WA0001.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 40})
    items, warnings, _ = read_all(archive)
    assert not warnings
    assert len(items) == 1 and items[0].text == "look at this rash"
    assert items[0].images == ["IMG-20240112-WA0001.jpg"] and items[0].date == datetime(2024, 1, 12, 9, 0)
