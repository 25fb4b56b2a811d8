"""Sentences that name an identity, written for bedside: neutral ones and abusive ones.

Classifiers trained on social-media abuse learn that naming a group is itself a sign of abuse, because
groups are named mostly when attacked (Dixon et al. 2018, "Measuring and Mitigating Unintended Bias in
Text Classification"). The mitigation is to add non-toxic identity mentions to training. The abusive
counterparts (used by the encoder, which reads whole sentences) keep the lesson "the words around the
group decide", not "identity words are harmless". No line here is taken from any evaluation set.
"""

from __future__ import annotations

from itertools import product

IDENTITIES = (
    "muslim", "jewish", "christian", "hindu", "sikh", "buddhist", "catholic", "atheist", "religious",
    "gay", "lesbian", "bisexual", "transgender", "trans", "queer", "lgbt", "lgbtq", "nonbinary",
    "straight", "black", "white", "asian", "african", "african american", "arab", "middle eastern",
    "chinese", "indian", "pakistani", "polish", "latino", "latina", "hispanic", "mexican", "european",
    "american", "canadian", "japanese", "immigrant", "refugee", "migrant", "disabled", "deaf", "blind",
    "autistic", "paralysed", "paralyzed", "elderly", "old", "older", "young", "teenage", "female", "male",
    "women", "men", "feminist", "homosexual", "heterosexual",
)
NEUTRAL_TEMPLATES = (
    "{x} patients", "{x} people", "I am {x}", "my colleague is {x}", "she is a {x} nurse",
    "he is a {x} doctor", "our {x} staff network meets on Tuesday", "health needs of {x} communities",
    "{x} men's health clinic", "support for {x} families", "being {x} is part of who I am",
    "proud to be {x}", "a {x} friend of mine", "we welcome {x} students", "listening to {x} voices",
    "talk about {x} health", "research on {x} carers", "{x} representation in medicine matters",
    "celebrating {x} colleagues", "a kind {x} neighbour",
)
ABUSIVE_TEMPLATES = (
    "{x} people are vermin", "I can't stand {x} scum", "get those filthy {x} out of my ward",
    "{x} freaks make me sick", "shut up you stupid {x} idiot", "every {x} is a worthless parasite",
    "no {x} should be allowed near decent people", "{x} trash like you deserve nothing",
)
NAMES = ("Aisha", "Wei", "Priya", "Tom", "Olu", "Maria", "Kenji", "Fatima", "Jamal", "Sofia", "Dmitri", "Ngozi",
         "Siobhan", "Mohammed", "Hana", "Carlos")
KIND_WORDS = ("kind", "lovely", "brilliant", "thoughtful", "great", "wonderful", "helpful", "decent", "friendly",
              "clever", "calm", "funny")


def identity_neutral() -> list[str]:
    """Sentences that name an identity and say nothing bad: negatives for every head."""
    sentences = [t.format(x=x) for t, x in product(NEUTRAL_TEMPLATES, IDENTITIES)]
    for number, (x, word) in enumerate(product(IDENTITIES, KIND_WORDS)):
        name = NAMES[number % len(NAMES)]
        sentences += [f"{name} is a {word} {x}", f"{name} is {x}", f"a {word} {x} person"]
    return sentences


def identity_abusive() -> list[str]:
    """Sentences that attack a group by name: positives for the offensive head."""
    return [t.format(x=x) for t, x in product(ABUSIVE_TEMPLATES, IDENTITIES)]
