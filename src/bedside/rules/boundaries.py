"""BOUN001 and BOUN002: a patient reaching the author personally. Both depend on the post's kind or on
the text it replies to, so an ordinary public post never fires them."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.complaints import care_redirect, decline_contact
from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.rules.reading import READ, reading_of
from bedside.signals.keys import CONTACT


@rule(
    code="BOUN001",
    name="patient-contact",
    category="boundaries",
    severity="review",
    summary="A friend or follow request, or a personal message, from a patient (decline politely), or to one.",
    what=(
        "A friend or follow request (`--kind friend-request`), or a personal message that says the sender "
        "is or was your patient ('you delivered my baby', 'you were my GP'); or a message or reply in which "
        "you tell someone you were their clinician ('from your fav night nurse', 'I was your midwife')."
    ),
    why=(
        "Personal online contact with patients blurs the professional relationship, exposes both sides' "
        "private lives, and can lead to care being discussed in an insecure place. Guidance asks you to "
        "decline politely and point to a professional page or the proper route."
    ),
    example="bedside check --kind friend-request \"Hi Dr Khan! You looked after my mum last month, add me?\"",
    fix="Decline kindly, without a lecture: bedside writes a reply you can send (see the finding's details).",
)
def patient_contact(ctx: RuleContext) -> Iterator[Finding]:
    contact = ctx.signals[CONTACT]
    if contact.carer_ties and not contact.request:
        tie = contact.carer_ties[0]
        yield ctx.finding(
            "review", f'A personal message to someone you treat or treated ("{tie.text}"): contact with patients '
            "belongs to the service's own channels, not your personal account.", start=tie.start, end=tie.end,
            fix="Don't message or follow patients from a personal account; if there is a reason to be in touch, "
                "use the service's own channels.")
        return
    if not contact.request and not contact.ties:
        return
    reply = decline_contact(ctx.config.options.get("professional_page"))
    first = contact.ties[0] if contact.ties else None
    what = "A friend or follow request" if contact.request else "A personal message from a patient"
    yield ctx.finding(
        "review",
        f"{what}: keep personal and professional contact apart. Decline politely and point to a "
        "professional page or the practice.",
        start=first.start if first else None, end=first.end if first else None,
        fix=f"Send a polite decline, for example: {reply}",
        details={"reply": reply},
    )


@rule(
    code="BOUN002",
    name="care-on-social-media",
    category="boundaries",
    severity="review",
    summary="A patient asks about their own care through social media: move it to proper channels.",
    what=(
        "A message, comment or request in which a person asks about their own or a relative's results, "
        "medication, symptoms or appointments ('should I stop my tablets?', 'can you check my bloods?')."
    ),
    why=(
        "Answering in a comment thread or a personal chat discloses health information, gives advice "
        "without the records or an examination, and leaves no clinical record. Guidance asks for such "
        "questions to move to a proper consultation."
    ),
    example="Replying to: 'Dr Sam, should I stop my blood pressure tablets? My results came back high?'",
    fix="Do not advise here: thank them and point them to the practice or an urgent care service.",
)
def care_on_social_media(ctx: RuleContext) -> Iterator[Finding]:
    contact = ctx.signals[CONTACT]
    reading = reading_of(ctx)
    if not contact.care_questions:
        if reading is not None and (advice := reading.p("advice", "individual", "by-message")) >= READ:
            yield ctx.finding(
                "review", f"The post reads as individual clinical advice or care given by message ({advice:.2f}): "
                "advise in a proper consultation, with the records, not here.",
                fix=f"Point them to a consultation instead, for example: {care_redirect()}",
                details={"probability": round(advice, 2)},
            )
        return
    first = contact.care_questions[0]
    where = "The message you are answering" if contact.in_reply_to else "This message"
    reply = care_redirect()
    in_text = not contact.in_reply_to
    yield ctx.finding(
        "review",
        f"{where} asks about a person's own care ({first.text!r}): answer through the practice, not here.",
        start=first.start if in_text else None, end=first.end if in_text else None,
        fix=f"Reply only to move the conversation, for example: {reply}",
        details={"reply": reply, "question": first.text},
    )
