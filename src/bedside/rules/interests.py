"""IDEN002: promoting a product, service or course without saying what the author gains from it."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.rules.reading import READ, reading_of
from bedside.signals.keys import PROMOTION


@rule(
    code="IDEN002",
    name="undeclared-interest",
    category="conflict-of-interest",
    severity="review",
    summary="Endorsing a product, clinic, course or supplement, or a discount or affiliate link, with no disclosure.",
    what=(
        "Endorsement of a product, drug, device, clinic, course or supplement; discount, promo or "
        "affiliate codes and links; promoting your own paid services; paid speaking for a company; all "
        "without a disclosure such as #ad, #sponsored, 'paid partnership' or 'I receive fees from …'."
    ),
    why=(
        "Readers trust a clinician's recommendation as impartial. Regulators expect any financial or "
        "commercial interest to be declared, and advertising rules require paid content to be labelled."
    ),
    example="I swear by these collagen gummies for my skin. Use code DRJESS20 for 20% off!",
    fix="Declare the interest plainly (#ad, 'paid partnership with …', 'I receive fees from …'), or remove it.",
)
def undeclared_interest(ctx: RuleContext) -> Iterator[Finding]:
    promotion = ctx.signals[PROMOTION]
    if promotion.disclosures:
        return
    reading = reading_of(ctx)
    if not promotion.endorsements:
        if reading is not None and (undisclosed := reading.p("promotion", "undisclosed")) >= READ:
            yield ctx.finding(
                "review", f"The post reads as promoting a product, drug, device or service with no interest "
                f"declared ({undisclosed:.2f}); declare any payment, gift, commission or ownership.",
                details={"probability": round(undisclosed, 2)},
            )
        return
    first = promotion.endorsements[0]
    words = "; ".join(dict.fromkeys(s.text for s in promotion.endorsements))
    yield ctx.finding(
        "review",
        f"This promotes something ({words}) without saying what you gain from it; declare any payment, "
        "gift, commission or ownership.",
        start=first.start, end=first.end,
        details={"endorsements": [s.text for s in promotion.endorsements]},
    )
