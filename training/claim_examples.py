"""Health claims about vaccines and medicines, written for bedside: true ones, false ones, "just asking" ones and
debunkings, each for many topics.

A model trained on misinformation learns that naming a vaccine is itself a sign of a false claim, because
vaccines are named most often in the false posts (the same bias as identity terms in abuse data: see
identity_examples.py). These sentences pair every topic with true statements, invitations and debunkings as
well as false claims, so that the words around the topic decide. No line here is taken from any evaluation set.
"""

from __future__ import annotations

from itertools import product

TOPICS = (
    "flu jab", "flu vaccine", "MMR vaccine", "HPV vaccine", "COVID booster", "COVID vaccine", "shingles vaccine",
    "RSV vaccine", "whooping cough vaccine", "pneumococcal vaccine", "BCG", "mRNA vaccine", "childhood jabs",
    "meningitis vaccine", "rotavirus vaccine",
)
TRUE = (
    "Please get your {x} if you're eligible, it protects you and the people around you",
    "{x} clinic at the surgery this Saturday morning, no appointment needed",
    "You can book your {x} through the NHS App or at your local pharmacy",
    "Side effects of the {x} are usually mild: a sore arm and feeling tired for a day or two",
    "Had my {x} today, quick and painless, thank you to the lovely nurse",
    "The {x} has been given safely to millions of people and is closely monitored",
    "If you're pregnant, ask your midwife about the {x}: it is recommended in pregnancy",
    "Our ward team are getting the {x} this week to protect our patients",
    "The {x} is free for everyone in the eligible groups this winter",
    "Reminder for parents: the {x} is part of the routine schedule, check your red book",
)
FALSE = (
    "The {x} causes autism and they know it",
    "The {x} contains microchips so they can track you",
    "The {x} changes your DNA permanently",
    "The {x} is more dangerous than the disease, don't let them inject your kids",
    "The {x} causes infertility, that's the real plan",
    "Never get the {x}, it's poison and big pharma is hiding the deaths",
    "The {x} gives you the illness it claims to prevent",
    "Doctors are paid to push the {x} even though it kills people",
)
ASKING = (
    "Not saying the {x} is dangerous but isn't it odd how many people got ill after it? Just asking",
    "Funny how everyone's getting sick since the {x} rolled out. Do your own research",
    "Why won't anyone talk about what's really in the {x}? Makes you think",
    "Just asking questions, but has anyone actually looked into the {x} deaths?",
)
DEBUNKING = (
    "No, the {x} does not cause autism. Large studies of millions of children found no link",
    "Myth: the {x} contains microchips. Fact: it contains the active ingredient, salts, sugars and water",
    "Patients keep asking whether the {x} changes your DNA. It doesn't, and here's why",
    "That post saying the {x} causes infertility is false: there is no evidence of any effect on fertility",
)


def claim_examples() -> list[tuple[str, str]]:
    """(sentence, claim class) for every template and topic: true, false, asking or debunking."""
    out: list[tuple[str, str]] = []
    for templates, claim in ((TRUE, "true"), (FALSE, "false"), (ASKING, "asking"), (DEBUNKING, "debunking")):
        out += [(template.format(x=topic), claim) for template, topic in product(templates, TOPICS)]
    return out
