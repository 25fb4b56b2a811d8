"""How the rules read the post reading (signals/post_reading.py): who a remark is aimed at, in what stance, and
whether it is meant or only quoted. Plain arithmetic over the reading's probabilities, and the words a finding
uses to say what was read ("reads as a hostile remark about a religious group, 0.91").

Thresholds were set on the tuning cases and the held-out fifth of the conduct corpus, never on sealed cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedside.rules import RuleContext
from bedside.signals.keys import POST_READING
from bedside.signals.post_reading import PostReading

CONTEMPT = ("demeaning", "hostile", "threatening")
PEOPLE = ("patient", "patients", "colleague", "public-figure", "organisation")
READ = 0.5  # a reading this likely is reported
STRONG = 0.6  # and this likely, at the rule's stronger severity
MENTIONED = 0.35  # quoted, discussed or taught: the words are not the author's own
AIMED = 0.25  # a remark's target: the reading spreads people over several roles, nobody takes the rest
VENTED = 0.6  # a post mostly letting off steam (below, everyday grumbles about the canteen read as venting)
ABUSE_AGREES = 0.45  # a contemptuous stance counts only where the heads trained on abuse in the wild agree:
# alone, the stance head read praise ("brilliant teacher") and health-inequality posts as demeaning or hostile
# (0.55 until the reading trained with conduct_aa and ab, which reads "Muslims are ruining this country" 0.47)
SEXUAL = 0.35  # a sexual remark is reported at a lower probability: the harm is greater, the words rarer

GROUPS = {
    "religion": "a religious group", "ethnicity-nationality": "an ethnic or national group",
    "sex-gender": "women, men or trans people", "sexuality": "gay, lesbian or bisexual people",
    "disability": "disabled people", "age": "people of an age", "weight": "people for their weight",
    "class": "people for their class",
}
TARGETS = {
    "patient": "a patient", "patients": "patients", "colleague": "a colleague", "public-figure": "a public figure",
    "organisation": "an organisation", "author": "the author", "nobody": "nobody in particular",
    "protected-group": "a group of people",
}
STANCES = {"demeaning": "demeaning", "hostile": "hostile", "threatening": "threatening", "sexualised": "sexual",
           "profane": "profane"}


@dataclass(frozen=True)
class Remark:
    """One reading of a post as a remark: in what stance, at whom, and how likely each is."""

    stance: str
    target: str
    probability: float  # of the stance
    aimed: float  # of the target
    group: str = ""

    def words(self) -> str:
        whom = GROUPS.get(self.group, TARGETS["protected-group"]) if self.target == "protected-group" \
            else TARGETS.get(self.target, self.target)
        return (f"reads as a {STANCES.get(self.stance, self.stance)} remark ({self.probability:.2f}) about "
                f"{whom} ({self.aimed:.2f})")


def reading_of(ctx: RuleContext) -> PostReading | None:
    return ctx.signals[POST_READING]


def meant(reading: PostReading) -> bool:
    return reading.p("mention", "true") < MENTIONED


def remark(reading: PostReading, stances: tuple[str, ...], targets: tuple[str, ...],
           least: float = READ) -> Remark | None:
    """The remark in one of `stances` (together at least `least` likely) aimed at `targets`: together at least
    AIMED likely and more likely than any other target but nobody (a remark about a patient is not also one
    about a colleague). None when the words are not the author's own."""
    if not meant(reading):
        return None
    if set(stances) & set(CONTEMPT) and max(reading.public["offensive"], reading.public["hate"]) < ABUSE_AGREES:
        return None
    stance_p = reading.p("stance", *stances)
    aimed = reading.p("target", *targets)
    others = [p for t, p in reading.fields["target"].items() if t not in targets and t != "nobody"]
    if stance_p < least or aimed < AIMED or aimed < max(others, default=0.0):
        return None
    stance = max(stances, key=lambda s: reading.fields["stance"][s])
    target = max(targets, key=lambda t: reading.fields["target"][t])
    group = reading.top("group")[0] if target == "protected-group" else ""
    return Remark(stance, target, round(stance_p, 2), round(aimed, 2), group)
