"""Replies bedside writes for the user: a public answer to a complaint or review, and a polite decline of
a patient's friend request.

The reply to a complaint does the three things every pack asks for: it says that confidentiality stops
the practice discussing anyone's care in public (without confirming or denying that the person is a
patient), it points to the complaints procedure of the pack's country, and it gives a private contact
route. It never repeats the complaint's details, names or dates, so bedside's own check of it, as a reply
to that complaint, finds nothing (tests/test_complaints.py holds it to that for every pack).
"""

from __future__ import annotations

import re

from bedside.model import InputError
from bedside.packs import Pack, select_pack

MAX_COMPLAINT = 100_000  # characters: a review or complaint, not a book

# What a complaint is about, named in neutral words that confirm nothing about the person.
_TOPICS = (
    (re.compile(r"\b(?:wait\w*|queue\w*|delay\w*|hours?\s+late|late\s+running)\b", re.I), "waiting times"),
    (re.compile(r"\b(?:phone|phoned|call(?:ed|ing)?|rang|ring|get\s+through|engaged|on\s+hold)\b", re.I),
     "getting through to us by phone"),
    (re.compile(r"\b(?:appointments?|book\w*|slots?)\b", re.I), "access to appointments"),
    (re.compile(r"\b(?:rude\w*|attitude|manner|unfriendly|dismissive|unprofessional|receptionists?)\b", re.I),
     "how people are treated by our team"),
    (re.compile(r"\b(?:prescriptions?|repeat|medication|pharmacy|meds)\b", re.I), "prescription requests"),
    (re.compile(r"\b(?:bill\w*|invoice\w*|charge\w*|fees?|cost|insurance)\b", re.I), "billing"),
    (re.compile(r"\b(?:dirty|clean\w*|hygiene|smell\w*)\b", re.I), "cleanliness"),
)


def complaint_topics(complaint: str) -> list[str]:
    """The neutral topics a complaint raises, in a fixed order, at most two."""
    return [topic for pattern, topic in _TOPICS if pattern.search(complaint)][:2]


def draft_reply(
    complaint: str,
    *,
    country: str = "GB",
    profession: str = "doctor",
    practice: str | None = None,
    contact: str | None = None,
    extra_packs: tuple[str, ...] = (),
) -> str:
    """A public reply to a complaint or review that keeps confidentiality and routes it offline."""
    if not isinstance(complaint, str) or not complaint.strip():
        raise InputError("the complaint is empty: give the text of the review or complaint you are answering")
    if len(complaint) > MAX_COMPLAINT:
        raise InputError(f"the complaint is {len(complaint):,} characters; the limit is {MAX_COMPLAINT:,}")
    pack = select_pack(country, profession, extra_packs)
    return _compose(pack, complaint_topics(complaint), _clean(practice), _clean(contact))


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())[:200]


def _compose(pack: Pack, topics: list[str], practice: str, contact: str) -> str:
    about = f" about {' and '.join(topics)}" if topics else ""
    process = pack.complaints.get("process", "our complaints procedure")
    escalation = pack.complaints.get("escalation", "")
    who = contact or pack.complaints.get("contact", "the practice manager")
    where = f" at {practice}" if practice and not contact else ""
    paragraphs = [
        f"Thank you for taking the time to share this feedback{about}. We are sorry to read that you are "
        "unhappy, and we would like to understand what has happened.",
        "To protect everyone's privacy, we never confirm or discuss in public whether a person has used our "
        "services, or anything about anyone's health. Please do not take that as a sign that we are not "
        "listening.",
        f"Please contact {who}{where} so that we can look into this properly and in confidence, through "
        f"{process}." + (f" If you are still unhappy after that, you can take it to {escalation}."
                         if escalation else ""),
    ]
    if practice:
        paragraphs.append(f"— {practice}")
    return "\n\n".join(paragraphs)


def decline_contact(page: str | None = None) -> str:
    """A kind, firm answer to a friend or follow request, or a personal message, from a patient."""
    follow = (f" You are very welcome to follow {page}, where I post general updates."
              if page else " You are very welcome to follow the practice's page for general updates.")
    return (
        "Thank you for getting in touch, and for thinking of me. To keep things fair and professional for "
        "everyone I look after, I don't connect with patients on my personal accounts." + follow +
        " For anything about your health, please contact the practice directly, where it can be dealt with "
        "properly and in confidence."
    )


def care_redirect() -> str:
    """A public answer to a person who asks about their own care on social media."""
    return (
        "Thank you for your message. I'm not able to give individual advice here, because this is not a "
        "private or secure place to discuss anyone's health. Please contact the practice, or an urgent care "
        "service if it can't wait, so that it can be looked at properly."
    )
