"""Who the author is: IDEN001 and IDEN003, who they say they are (both need a profile, `--profile` or a post of
kind "profile", so a check without one never pays for them or fires them); IDEN002, what they gain from what
they promote."""

from __future__ import annotations

from collections.abc import Iterator

from bedside.model import Finding
from bedside.rules import RuleContext, rule
from bedside.rules.about import about_a_patient
from bedside.rules.reading import READ, reading_of
from bedside.signals.keys import PROFILE, PROMOTION


def _a(profession: str) -> str:
    """'a nurse', 'an allied health professional': a profession as a sentence names one of its members."""
    person = {"allied-health": "allied health professional", "practice-manager": "practice manager"}.get(
        profession, profession.replace("-", " "))
    return f"{'an' if person[:1] in 'aeiou' else 'a'} {person}"


@rule(
    code="IDEN001",
    name="clinician-without-name",
    category="identity",
    severity="review",
    summary="The profile says you are a clinician but gives no name, and the post comments on health.",
    what=(
        "A profile that presents its author as a doctor, nurse or other clinician (Dr, GP, FY1, consultant, "
        "RN, MBBS, 'NHS doctor') without saying who they are, on a post that comments on health."
    ),
    why=(
        "Readers give weight to what a clinician says about health because of that status. Guidance asks "
        "clinicians who identify themselves as such in public to give their name too, so that what they "
        "say can be attributed and weighed."
    ),
    example="Profile: 'NHS doctor. Views my own.'  Post: 'The new weight-loss jabs are safe for everyone.'",
    fix="Add your name to the profile, or do not present yourself as a clinician on this account.",
)
def clinician_without_name(ctx: RuleContext) -> Iterator[Finding]:
    profile = ctx.signals[PROFILE]
    if profile is None or not profile.clinician or profile.named:
        return
    if not profile.health and ctx.post.kind != "profile":
        return
    roles = ", ".join(dict.fromkeys(profile.clinician))
    asked = ctx.pack.identity_professions
    if profile.anonymous and asked is not None and ctx.post.profession not in asked:
        yield ctx.finding(  # the name is not asked for, but a clinician's persona that hides on purpose is weighed
            "review", f"The profile presents you as a clinician ({roles}) and says it is anonymous: "
            f"{ctx.pack.name} guidance does not ask {_a(ctx.post.profession)} to give their name, but people rely on "
            "what a clinician says, anonymity is easily lost, and the same standards apply.",
            details={"roles": list(dict.fromkeys(profile.clinician)), "anonymous": list(profile.anonymous)})
        return
    if asked is not None and ctx.post.profession not in asked:  # e.g. the NMC asks nurses to act responsibly
        yield ctx.finding(  # when they say they are nurses, not to give their name
            "info", f"The profile presents you as a clinician ({roles}) but gives no name. {ctx.pack.name} "
            f"guidance does not ask {_a(ctx.post.profession)} to give their name, but posts can be traced and "
            "the same standards apply.", details={"roles": list(dict.fromkeys(profile.clinician))})
        return
    yield ctx.finding(
        "review",
        f"The profile presents you as a clinician ({roles}) but gives no name; people may rely on health "
        "comments because of that status, so guidance expects you to say who you are.",
        details={"roles": list(dict.fromkeys(profile.clinician))},
    )


@rule(
    code="IDEN003",
    name="anonymous-account",
    category="identity",
    severity="review",
    summary="An anonymous or pseudonymous account posting about patients or health: posts can be traced.",
    what=(
        "A profile that says it is anonymous or a pseudonym (anon, pseudonym, throwaway, 'secret'), or "
        "gives no name, on a post about patients; or an anonymous profile on a post about health."
    ),
    why=(
        "Anonymity online is easily lost: writing style, shift patterns, places and the details of cases "
        "let colleagues, patients and journalists work out who wrote a post, and the professional "
        "standards apply to it just the same."
    ),
    example="Profile: 'The Secret Registrar (anon)'.  Post: 'Saw a patient today who had swallowed a battery.'",
    fix="Write only what you would be content to post under your own name; remove anything about patients.",
)
def anonymous_account(ctx: RuleContext) -> Iterator[Finding]:
    profile = ctx.signals[PROFILE]
    if profile is None or ctx.post.kind == "profile":
        return
    about_patient = about_a_patient(ctx)
    if profile.anonymous and (about_patient or profile.health):
        why = f"the profile calls itself {', '.join(dict.fromkeys(w.lower() for w in profile.anonymous))}"
    elif not profile.named and about_patient:
        why = "the profile gives no name"
    else:
        return
    subject = "patients" if about_patient else "health"
    yield ctx.finding(
        "review" if about_patient else "info",
        f"This account is anonymous ({why}), but posts about {subject} can be traced back to their author, "
        "and the same standards apply to them.",
        details={"anonymous": list(profile.anonymous), "about_patient": about_patient},
    )


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
