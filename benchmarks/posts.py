"""Realistic short posts by clinicians, generated from templates written for bedside (no real posts).

Most posts clinicians write are not about patients (teaching, rotas, opinions, news); a minority
describe cases, some with identifiers. The mix here is about one in four case descriptions.
"""

from __future__ import annotations

import random

EVERYDAY = [
    "Great teaching session on {topic} this morning, thanks to everyone who came along!",
    "Reminder: the {topic} journal club moves to Thursday at 12:30 in the seminar room.",
    "Really proud of our team today. Hard shift but everyone pulled together. #NHS",
    "New guidance on {topic} is out - worth a read before your next on-call.",
    "Anyone have a good summary of the latest evidence on {topic}? Asking for our trainees.",
    "Congratulations to our FY1s who finished their first rotation today!",
    "Exhausted after nights but the coffee at the new cafe by the station is excellent.",
    "Our poster on {topic} got accepted for the conference in {city}. Delighted!",
    "Please get your flu jab if you work in healthcare. It protects your patients and your family.",
    "Looking for a locum GP for two sessions a week from {month}. DM for details.",
    "The waiting list figures published today are worrying. We need more staff, not slogans.",
    "Spent the afternoon updating the {topic} pathway with the pharmacists. Good progress.",
    "If you have chest pain that spreads to your arm or jaw, call 999. Don't wait.",
    "Lovely walk along the coast after a long week on the wards.",
    "Vaccines remain one of the safest and most effective things we have in medicine.",
    "Handover went smoothly tonight - thanks to the night team for the brilliant work.",
]
CASES = [
    "Interesting case today: {age}yo {sex_word} with {condition}, presented to A&E after a fall.",
    "Saw a {age}{sex_letter} in clinic today with {condition}. Bloods pending, will update.",
    "My patient {name} was admitted on {date} with {condition} - anyone seen this before?",
    "Pt {name}, NHS {nhs}, DOB {dob}, needs a bed on {ward} tonight. Who can help?",
    "A lady I saw this morning from {town} with {condition} - such a rare presentation.",
    "{age} year old {sex_word} with {condition}, transferred to {hospital} overnight.",
    "Our patient in bed {bed} keeps asking for {name_first}. Family visiting at {time}.",
    "Case for the group: {age}M, {condition}, MRN RCH{mrn}. Thoughts on management?",
]
TOPICS = ["sepsis", "heart failure", "asthma", "diabetes", "frailty", "delirium", "AKI", "COPD", "stroke"]
CONDITIONS = ["pneumonia", "a fractured neck of femur", "Fabry disease", "sepsis", "an NSTEMI", "DKA",
              "a pulmonary embolism", "Guillain-Barre syndrome", "appendicitis", "cellulitis"]
CITIES = ["Manchester", "Glasgow", "Cardiff", "Belfast", "Leeds", "Bristol"]
TOWNS = ["Truro", "Penzance", "Bodmin", "Falmouth", "St Ives", "Redruth"]
HOSPITALS = ["Treliske", "Derriford", "the Royal Infirmary", "St Thomas'"]
NAMES = ["Edith Langley", "John Smith", "Priya Patel", "Mohammed Khan", "Sarah Jones", "Tom Evans"]
NHS = ["943 476 5919", "401 023 2137", "450 557 7104"]
MONTHS = ["January", "March", "June", "September"]


def generate(count: int = 2000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        template = rng.choice(CASES) if rng.random() < 0.25 else rng.choice(EVERYDAY)
        name = rng.choice(NAMES)
        sex = rng.choice(["man", "woman"])
        posts.append(
            template.format(
                topic=rng.choice(TOPICS), city=rng.choice(CITIES), month=rng.choice(MONTHS),
                age=rng.randint(18, 95), sex_word=sex, sex_letter="M" if sex == "man" else "F",
                condition=rng.choice(CONDITIONS), name=name, name_first=name.split()[0],
                date=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2026", nhs=rng.choice(NHS),
                dob=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{rng.randint(30, 99)}",
                ward=f"Ward {rng.randint(1, 30)}", town=rng.choice(TOWNS), hospital=rng.choice(HOSPITALS),
                bed=rng.randint(1, 30), time=f"{rng.randint(10, 20)}:00", mrn=rng.randint(100000, 999999),
            )
        )
    return posts
