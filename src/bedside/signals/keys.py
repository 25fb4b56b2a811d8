"""The signals by name, each with the type of its value, so mypy checks every rule's use of every signal:
`ctx.signals[PATIENT]` is a PatientContext, and `@extractor(PATIENT)` must return one.

A new signal adds its key here (or in its own module: an organisation's signal needs no edit of this file).
The types are imported for the type checker only: this module loads no signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedside.signals import Signal, SignalKey

if TYPE_CHECKING:
    from bedside.signals.complaint import ReplyContext
    from bedside.signals.conduct import ClaimMatch, ConductContext
    from bedside.signals.context import Channel, Contact, Profile
    from bedside.signals.jigsaw import Estimate
    from bedside.signals.patient import PatientContext
    from bedside.signals.post_reading import PostReading
    from bedside.signals.quasi import Detail
    from bedside.signals.reader import Reading
    from bedside.signals.statements import Promotion, Venting

# What is in the text
IDENTIFIERS: SignalKey[list[Signal]] = SignalKey("identifiers")  # direct and quasi identifiers (IDENTIFIER_KINDS)
LANGUAGE: SignalKey[str] = SignalKey("language")  # "en", or a guess at another ("other")
WORDS: SignalKey[frozenset[str]] = SignalKey("words")  # the post's lower-case words
STATISTICS: SignalKey[bool] = SignalKey("statistics")  # the text is mostly numbers (a table, a list of results)
ORGANISATION_NAMED: SignalKey[bool] = SignalKey("organisation_named")  # a surgery, helpline, team or office is named
IMAGES: SignalKey[list[Any]] = SignalKey("images")  # bedside.signals.images.model.ImageAnalysis, one per image

# Who it is about
PATIENT: SignalKey[PatientContext] = SignalKey("patient")  # is it about a patient, and where it says so
READER: SignalKey[Reading] = SignalKey("reader")  # the trained reader: each mention's type, role, probability
CASE_SUBJECT: SignalKey[bool] = SignalKey("case_subject")  # the text names a case or a person ("a man", "a child")
QUASI: SignalKey[list[Detail]] = SignalKey("quasi")  # details that together may identify someone
JIGSAW: SignalKey[Estimate | None] = SignalKey("jigsaw")  # how many people would fit those details
PICTURED: SignalKey[tuple[Signal, ...]] = SignalKey("pictured")  # the text says its picture shows a patient's details

# What it says
POST_READING: SignalKey[PostReading | None] = SignalKey("post_reading")  # target, stance, claim ... of the post
CONDUCT_TERMS: SignalKey[list[Signal]] = SignalKey("conduct_terms")  # lexicon hits: slang, insults, swearing
CONDUCT_CONTEXT: SignalKey[ConductContext] = SignalKey("conduct_context")  # identities, people, claim topics
CONDUCT_SCORES: SignalKey[dict[str, float]] = SignalKey("conduct_scores")  # the n-gram model's scores
FALSE_CLAIM: SignalKey[ClaimMatch | None] = SignalKey("false_claim")  # the nearest documented false claim
PROMOTION: SignalKey[Promotion] = SignalKey("promotion")  # a product promoted, an interest declared
ALLEGATIONS: SignalKey[tuple[Signal, ...]] = SignalKey("allegations")  # wrongdoing alleged of someone
VENTING: SignalKey[Venting] = SignalKey("venting")  # letting off steam about work
BELIEFS: SignalKey[tuple[Signal, ...]] = SignalKey("beliefs")  # political or religious views stated

# Where and by whom
PROFILE: SignalKey[Profile | None] = SignalKey("profile")  # the author's profile: name, profession
VOICE: SignalKey[tuple[Signal, ...]] = SignalKey("voice")  # where the author speaks as a clinician
CHANNEL: SignalKey[Channel] = SignalKey("channel")  # public, closed group or private chat
ADDRESSEE: SignalKey[Signal | None] = SignalKey("addressee")  # whom a message greets: "Hi Oluwaseun,"
CONTACT: SignalKey[Contact] = SignalKey("contact")  # a friend request, ties to a patient, questions about care
COMPLAINT: SignalKey[ReplyContext | None] = SignalKey("complaint")  # a reply to a complaint, and what it gives away
