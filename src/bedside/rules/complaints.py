"""COMP001..COMP003: replying to a complaint or review. These run only on a reply (a post with
`reply_to`, or of kind "reply") that answers a complaint or review, so ordinary posts never fire them."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.signals.keys import COMPLAINT


@rule(
    code="COMP001",
    name="reply-confirms-care",
    category="complaint-reply",
    severity="do-not-post",
    summary="A reply to a complaint or review that confirms or hints the person is a patient, or details their care.",
    what=(
        "In a reply to a complaint or review: anything that confirms the person is, or was, a patient, that "
        "they attended or were seen, or any detail of their care, by direct statement ('we saw you on "
        "Tuesday', 'your results were normal', 'as your GP', 'our records show'), by omission or by "
        "inference ('we can't discuss your treatment', 'we have no record of you attending')."
    ),
    why=(
        "Confirming that someone is a patient is itself a disclosure of confidential health information, "
        "and a complaint does not give consent to it. US regulators have fined "
        "practices for replies to online reviews that did this."
    ),
    example="Replying to a 1-star review: 'We saw you on Tuesday and your blood results were normal.'",
    fix="Remove every reference to the person's care; say only that you cannot discuss anyone's care in "
        "public and how to contact you (`bedside reply --complaint FILE` drafts such a reply).",
)
def reply_confirms_care(ctx: RuleContext) -> Iterator[Finding]:
    reply = ctx.signals[COMPLAINT]
    if reply is None:
        return
    for span in reply.confirms_care:
        ctx.redact(span.start, span.end, "CARE DETAIL")
        yield ctx.finding(
            "do-not-post",
            f"{span.text!r} confirms or hints that the person was cared for by you: in a public reply that "
            "is a disclosure, even to someone who complained.",
            start=span.start, end=span.end,
        )


@rule(
    code="COMP002",
    name="reply-argues",
    category="complaint-reply",
    severity="review",
    summary="A reply to a complaint that argues, blames the person or rebuts their account.",
    what=(
        "In a reply to a complaint or review: blaming the person ('you were rude', 'you failed to attend'), "
        "calling the review false or fake, threatening legal action, or setting out 'the facts' to rebut it."
    ),
    why=(
        "Arguing in public rarely ends well: it escalates, it tempts disclosure of the person's care to win "
        "the point, and it looks defensive to every other reader. Complaints belong in the complaints "
        "procedure, answered in private."
    ),
    example="This review is simply not true. You were rude to our receptionist and you failed to attend.",
    fix="Do not rebut in public: thank them, explain confidentiality and give a private contact route.",
)
def reply_argues(ctx: RuleContext) -> Iterator[Finding]:
    reply = ctx.signals[COMPLAINT]
    if reply is None:
        return
    for span in reply.argues:
        yield ctx.finding(
            "review",
            f"{span.text!r} argues with or blames the person; take the discussion to the complaints procedure.",
            start=span.start, end=span.end,
        )


@rule(
    code="COMP003",
    name="reply-missing-essentials",
    category="complaint-reply",
    severity="info",
    summary="A reply to a complaint that does not explain confidentiality or offer a private route.",
    what=(
        "A reply to a complaint or review that does not say that you cannot discuss anyone's care in "
        "public, or does not offer a way to raise it privately (contact details, the complaints procedure)."
    ),
    why=(
        "Readers judge the practice by how it answers criticism. A good public reply is short: thanks, "
        "the duty of confidentiality, and a route to the complaints procedure."
    ),
    example="Sorry you feel that way.",
    fix="Use `bedside reply --complaint FILE` to draft a reply with all three parts for your country.",
)
def reply_missing_essentials(ctx: RuleContext) -> Iterator[Finding]:
    reply = ctx.signals[COMPLAINT]
    if reply is None or not reply.to_review:
        return
    missing = [part for part, present in (("the duty of confidentiality", reply.confidentiality),
                                          ("a private contact route", reply.route)) if not present]
    if missing:
        yield ctx.finding("info", f"The reply does not mention {' or '.join(missing)}.",
                          details={"missing": missing})
