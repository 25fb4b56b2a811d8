"""Small tables written for bedside: how common an occupation, identity, family detail, life stage or
event is in the UK, and how to say it vaguely. Figures are rounded public statistics (ONS Census 2021
and Labour Force Survey occupation counts, NHS Blood and Transplant, ELSO/NHS ECMO activity, DfT road
casualties, ONS births); docs/jigsaw.md lists the sources and the reasoning for each default.

Health jobs (nurse, doctor, paramedic, carer) are left out on purpose: in a clinician's post they almost
always name staff, not the patient. Shares are of all UK residents (about 67 million). Occupation shares
never go below 1 in 10,000 (one in
1,000 for jobs that cluster in small places, such as fishing and farming), because a national share
understates how common a job is where it clusters. Events are yearly rates per person; the population
model scales them by the time window the post gives (a day, a week; a year when it says nothing).
Each table is matched with one compiled alternation, not a regex per entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    label: str
    share: float | None  # share of people, yearly rate for events; None: the model computes it
    general: str  # a vaguer way to say it in a rewrite
    attrs: dict[str, Any] = field(default_factory=dict)


class Table:
    """Phrases -> Entry, matched in lower-case text with a single alternation."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        for phrases, entry in entries.items():
            for phrase in phrases.split("|"):
                self.entries[phrase] = entry
        alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(self.entries, key=len,
                                                                                        reverse=True))
        self.pattern = re.compile(r"\b(?:" + alternation + r")\b")

    def lookup(self, matched: str) -> Entry:
        return self.entries[" ".join(matched.split())]


_OCCUPATIONS: dict[str, tuple[float, str]] = {
    "fisherman|fishermen|trawlerman|fisher": (1e-3, "someone who works at sea"),
    "farmer|farm worker|farmhand|shepherd": (2e-3, "someone who works outdoors"),
    "lifeboat crew|lifeboatman|coastguard": (1e-4, "a volunteer"),
    "teacher|headteacher|head teacher": (9e-3, "a professional"),
    "police officer|policeman|policewoman": (2.5e-3, "a public servant"),
    "firefighter|fireman": (1e-3, "a public servant"),
    "soldier|royal marine|paratrooper|sailor|raf pilot": (2e-3, "someone in the forces"),
    "airline pilot|helicopter pilot": (4e-4, "a professional"),
    "builder|bricklayer|scaffolder|roofer": (6e-3, "a tradesperson"),
    "electrician|plumber|joiner|carpenter|mechanic": (5e-3, "a tradesperson"),
    "lorry driver|hgv driver|taxi driver|cabbie|bus driver|delivery driver": (5e-3, "a driver"),
    "chef|waiter|waitress|barman|barmaid|bartender": (6e-3, "someone in hospitality"),
    "hairdresser|barber|beautician": (3e-3, "someone in a service job"),
    "cleaner|cleaning lady": (8e-3, "a service worker"),
    "shop assistant|cashier|shopkeeper": (1e-2, "someone in retail"),
    "accountant|lawyer|solicitor|barrister|architect|engineer": (5e-3, "a professional"),
    "vicar|priest|imam|rabbi|minister": (3e-4, "someone in a faith role"),
    "a judge|high court judge|magistrate|coroner": (1e-4, "a public figure"),
    "mp|member of parliament|councillor|mayor": (1e-4, "a public figure"),
    "footballer|professional footballer|jockey|professional boxer|olympian": (1e-4, "a sportsperson"),
    "actor|actress|singer|musician|tv presenter|celebrity": (1e-4, "someone in the arts"),
    "miner|quarryman|oil rig worker|offshore worker": (1e-4, "a manual worker"),
    "student|undergraduate": (4e-2, "a student"),
}
OCCUPATIONS = Table({k: Entry(k.split("|")[0], s, g) for k, (s, g) in _OCCUPATIONS.items()})

_IDENTITY: dict[str, tuple[float, str]] = {
    "muslim": (0.065, "a person of faith"), "hindu": (0.017, "a person of faith"),
    "sikh": (0.009, "a person of faith"), "jewish|orthodox jewish|hasidic": (0.005, "a person of faith"),
    "buddhist": (0.005, "a person of faith"), "jehovah's witness|jehovah’s witness": (0.002, "a person of faith"),
    "black man|black woman|black lady|black boy|black girl|black patient|black british|black african|"
    "black caribbean": (0.04, ""),
    "asian man|asian woman|asian lady|asian boy|asian girl|asian patient|british asian": (0.093, ""),
    "chinese": (0.007, ""), "arab": (0.006, ""),
    "gypsy|traveller|romany|irish traveller": (0.001, ""), "mixed race|mixed-race": (0.03, ""),
    "polish": (0.011, "from overseas"), "romanian": (0.008, "from overseas"), "irish": (0.007, ""),
    "indian": (0.014, ""), "pakistani": (0.012, ""), "bangladeshi": (0.011, ""), "nigerian": (0.004, ""),
    "somali": (0.002, "from overseas"), "italian": (0.004, "from overseas"), "portuguese": (0.004, ""),
    "lithuanian": (0.002, "from overseas"), "ukrainian": (0.002, "from overseas"),
    "syrian|afghan|eritrean|sudanese": (0.001, "from overseas"), "american": (0.002, "from overseas"),
    "german": (0.003, "from overseas"), "french": (0.002, "from overseas"), "spanish": (0.003, ""),
    "refugee|asylum seeker": (0.003, "someone new to the area"), "wheelchair user": (0.02, ""),
    "deaf": (0.002, ""), "transgender|trans woman|trans man": (0.005, ""),
}
IDENTITY = Table({k: Entry(k.split("|")[0], s, g or "(leave it out)") for k, (s, g) in _IDENTITY.items()})

FAMILY = Table({
    "twin|twins": Entry("a twin", 0.03, "(leave it out)"),
    "triplet|triplets": Entry("a triplet", 3e-4, "(leave it out)"),
    "quadruplets|quintuplets": Entry("quadruplets", 1e-5, "(leave it out)"),
    "conjoined twins": Entry("conjoined twins", 1e-6, "(leave it out)"),
    "mother of five|mother of six|mother of seven|mother of eight|mum of five|mum of six|mum of seven|"
    "father of five|father of six|father of seven|dad of five|dad of six": Entry("a parent of five or more",
                                                                                 0.01, "a parent"),
    "pregnant": Entry("pregnant", 0.014, "(leave it out)", {"sex": "female"}),
    "widow|widower|widowed": Entry("widowed", 0.05, "(leave it out)"),
    "was adopted|adopted son|adopted daughter|adopted child|foster child|in foster care|looked after child": Entry(
        "adopted or in care", 0.005,
                                                                    "(leave it out)"),
})

_EVENTS: dict[str, tuple[float, str, str]] = {
    "ecmo": (1.8e-5, "ECMO", "specialist treatment"),
    "heart transplant|lung transplant|heart-lung transplant": (3e-6, "a heart or lung transplant",
                                                               "specialist treatment"),
    "liver transplant": (1.5e-5, "a liver transplant", "specialist treatment"),
    "kidney transplant|renal transplant": (5e-5, "a kidney transplant", "specialist treatment"),
    "transplant": (6.7e-5, "a transplant", "specialist treatment"),
    "major incident|mass casualty|terror attack|explosion": (1e-4, "a major incident", "an emergency"),
    "in the storm|during the storm|the floods|flooding|blizzard": (1e-4, "a storm or flood", "bad weather"),
    "came off his boat|came off her boat|fell overboard|man overboard|capsized|boat accident": (
        1e-5, "an accident at sea", "an accident"),
    "road traffic collision|rtc|rta|car crash|car accident|motorbike accident|motorcycle accident|"
    "hit by a car|knocked off his bike|knocked off her bike": (2e-3, "a road accident", "an accident"),
    "stabbed|stabbing|knife attack": (7e-5, "a stabbing", "an assault"),
    "gunshot|was shot|shot in the|shooting victim": (5e-6, "a shooting", "an assault"),
    "drowning|near-drowning|near drowning": (1e-5, "a drowning", "an accident"),
    "dog attack|bitten by a dog|mauled": (1.2e-4, "a dog attack", "an injury"),
    "fell from a ladder|fell off a ladder|fell off a roof|fall from height|fell from height": (
        1e-4, "a fall from height", "a fall"),
    "house fire|caught fire|burns victim": (1e-4, "a fire", "an injury"),
    "struck by lightning|lightning strike": (1e-6, "a lightning strike", "an injury"),
    "horse riding accident|fell off his horse|fell off her horse|thrown from a horse": (
        5e-5, "a riding accident", "an accident"),
    "tractor accident|farm accident": (1e-5, "a farm accident", "an accident"),
    "out of hospital cardiac arrest|cardiac arrest": (4.5e-4, "a cardiac arrest", "a serious illness"),
    # hospital presentations for self-poisoning: about 1 in 250 people a year in England (NHS Digital, HES)
    "overdose|overdosed|took an od|suspected od|an od|paracetamol od": (4e-3, "an overdose", "a crisis"),
    "gave birth|home birth|born before arrival|bba": (9e-3, "a birth", "(leave it out)"),
}
EVENTS = Table({k: Entry(label, rate, general) for k, (rate, label, general) in _EVENTS.items()})

# Local roles and events that make a person findable where they live: read only inside a span the reader
# calls a local role of the patient ("the mayor's wife", "the Co-op manager", "last night's crash on Ashby
# Road"). `holders`: how many people the role or event points to in its place, whatever the place's size;
# `share`: for a role held by a share of residents (a town has many councillors). docs/jigsaw.md.
LOCAL_ROLE_HOLDERS = 3  # a local role or event the table does not know: a few people
LOCAL_ROLES = Table({
    "mayor|mayoress|lord mayor|lady mayoress|provost|lord provost": Entry("the mayor", None, "someone local",
                                                                          {"holders": 1}),
    "mp|member of parliament|msp|ms|mla|council leader|leader of the council|police commissioner": Entry(
        "an elected figure", None, "someone local", {"holders": 1}),
    "councillor|local councillor|cllr|town councillor|parish councillor": Entry(
        "a councillor", 2.7e-4, "someone local", {}),
    "head teacher|headteacher|headmaster|headmistress|head|principal|deputy head": Entry(
        "a school's head", None, "a teacher", {"holders": 1}),
    "vicar|rector|parish priest|priest|imam|rabbi|minister|pastor|chaplain": Entry(
        "a faith leader", 3e-4, "someone in a faith role", {}),
    "manager|owner|landlord|landlady|shopkeeper|chef|publican": Entry(
        "a local business's manager", None, "someone who works locally", {"holders": 1}),
    "goalkeeper|keeper|captain|striker|player|coach|manager of": Entry(
        "a local club's player", None, "a sportsperson", {"holders": 2}),
    "lollipop lady|lollipop man|postman|postwoman|milkman|butcher|baker|barber|hairdresser": Entry(
        "someone everyone local knows", None, "someone local", {"holders": 2}),
    "crash|collision|fire|robbery|stabbing|attack|assault|explosion|shooting|incident|flood|accident|rescue": Entry(
        "a named local event", None, "an incident", {"holders": 3}),
})

LIFE_STAGES = Table({
    "newborn|neonate|neonatal": Entry("a newborn", 0.011, "a baby", {"low": 0, "high": 0}),
    "baby|infant": Entry("a baby", 0.022, "a young child", {"low": 0, "high": 1}),
    "toddler": Entry("a toddler", 0.035, "a young child", {"low": 1, "high": 3}),
    "child|kid|paediatric|pediatric|schoolboy|schoolgirl": Entry("a child", 0.19, "a young person",
                                                                   {"low": 0, "high": 15}),
    "teenager|teen|adolescent|teenage": Entry("a teenager", 0.08, "a young person", {"low": 13, "high": 19}),
    "pensioner|elderly|retired": Entry("65 or over", 0.19, "an older person", {"low": 65, "high": 105}),
    "centenarian": Entry("100 or over", 2e-4, "a very old person", {"low": 100, "high": 110}),
})

SEASONS = Table({
    "this summer|last summer|this winter|last winter|this spring|last spring|this autumn|last autumn|"
    "over the summer|over the winter|over christmas|at christmas": Entry("a season", None, "this year",
                                                                         {"window_days": 90.0}),
    "this year|last year": Entry("a year", None, "", {"window_days": 365.0}),
    "tonight|overnight|this afternoon|this evening|earlier today": Entry("today", None, "recently",
                                                                         {"window_days": 1.0}),
})
