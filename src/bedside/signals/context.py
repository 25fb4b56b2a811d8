"""Who is speaking, through what channel, and to whom: the author's profile, the channel, and contact
from a patient.

  profile   Profile | None: what the author's profile says about them (None when no profile is given;
            the text itself is the profile when the post's kind is "profile")
  voice     tuple[Signal, ...]: where the text itself says the author is a clinician ("as a GP", "I'm a nurse")
  channel   Channel: whether the post goes to a closed or private audience, and words that treat it so
  contact   Contact: a patient reaching out personally, or asking about their own care

All of these are cheap regular expressions gated by the post's kind, audience or profile, or by the
`words` signal (the post's lower-case words, in bedside.signals.statements): an ordinary public post
pays for none of them beyond a set lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.signals import Signal, Signals, extractor
from bedside.signals.geo import gazetteer, normalise
from bedside.signals.keys import ADDRESSEE, CHANNEL, CONTACT, PROFILE, VOICE, WORDS
from bedside.signals.names import lexicon

# Titles and roles a clinician's profile uses. Acronyms are matched with their case; words without.
_ROLE_ACRONYMS = re.compile(
    r"\b(?:Dr|GP|GPs|FY1|FY2|F1|F2|ST[1-8]|CT[1-3]|SHO|SpR|RN|RGN|RMN|RM|RNLD|MBBS|MBChB|BMBS|MRCP|MRCGP|MRCS|"
    r"FRCS|FRCP|FRCA|FRCEM|MRCPCH|MD|DO|NP|ANP|ACP|HCA|ODP|AHP|HCP|NHS)\b"
)
_ROLE_WORDS = re.compile(
    r"\b(?:doctor|physician|surgeon|consultant|registrar|resident|intern|medic|junior\s+doctor|"
    r"general\s+practitioner|anaesthetist|anesthetist|psychiatrist|paediatrician|pediatrician|"
    r"obstetrician|gynaecologist|radiologist|oncologist|cardiologist|dermatologist|nurse|midwife|"
    r"paramedic|physio(?:therapist)?|pharmacist|radiographer|dietitian|occupational\s+therapist|"
    r"medical\s+student|med\s+student|student\s+nurse|student\s+midwife|clinician|healthcare\s+professional)\b",
    re.IGNORECASE,
)
# Capitalised words that are roles, places of work or profile boilerplate, not parts of a person's name.
_NOT_NAME = frozenset(
    "nhs gp gps dr doctor nurse midwife consultant registrar junior senior emergency medicine general practitioner "
    "surgeon surgery hospital trust medical student paediatric paediatrics pediatric anaesthetist anesthetist "
    "psychiatrist physician paramedic physio physiotherapist pharmacist radiographer intensive care critical "
    "acute internal family health healthcare clinical lead the a an and of in at my views own tweets opinions "
    "are not mine endorsement retweets rts ed ae icu itu uk england scotland wales london manchester "
    "birmingham leeds glasgow edinburgh cardiff belfast dublin sydney melbourne auckland mum dad wife husband "
    "parent proud tired grumpy secret anonymous anon working based love lover fan husband father mother "
    "obstetrics gynaecology oncology cardiology dermatology radiology psychiatry orthopaedics neurology "
    "public specialist trainee resident fellow lecturer professor prof honorary clinic practice partner "
    "he him she her they them also ex retired former locum salaried sister matron charge staff manager "
    "educator advanced ward department community royal north south east west st saint teaching hospitals "
    "university infirmary county foundation outreach national".split()
)
# Two capitalised words; the second may be a Mc/Mac/O' surname ("MacLeod", "O'Brien").
_NAME_PAIR = re.compile(r"\b([A-Z][a-z'’-]+)\s+(?=([A-Z][a-z'’-]*(?:[A-Z][a-z'’-]+)?)\b)")
_SEPARATOR = "|,·•-–—/:("
# One capitalised word opening a profile, set off by a separator (emoji between allowed): "Priya | GP 🩺".
_LONE_NAME = re.compile(r"^\s*([A-Z][a-z'’-]+)[^\w|,·•\-–—/:(]*[|,·•\-–—/:(]")
_CREDENTIAL = re.compile(r"[A-Z][A-Za-z]{0,5}$")  # RN, RGN, MSc, MBBS, PhD: at least two capitals
NAMELIKE = 4.0  # a first- or surname score from this: a word that is a name, whatever else it is
SURNAME = 4.4  # a surname score from this: the second word of a pair is a surname
STRONG_SURNAME = 5.5  # so common a surname ("Evans") that the word before it is taken for a given name
_TITLED_NAME = re.compile(r"\b(?:Dr|Prof|Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<name>[A-Z][a-z'’-]+)")
_SAYS_NAME = re.compile(r"\b(?:my name is|I'?m|I am|call me)\s+(?P<name>[A-Z][a-z'’-]+)\b")
_ANONYMOUS = re.compile(
    r"\b(?:anon|anonymous|anonymously|pseudonym(?:ous)?|pseudo|incognito|throwaway|burner|alt\s+account|"
    r"secret|undercover|nameless|not\s+my\s+real\s+name|no\s+names?|masked)\b",
    re.IGNORECASE,
)
_HEALTH_WORDS = frozenset(
    "patient patients pt pts nhs health healthcare hospital hospitals clinic surgery ward gp doctor doctors nurse "
    "nurses medicine medicines drug drugs vaccine vaccines vaccination vaccinations jab jabs covid virus cancer "
    "diabetes disease diseases symptom symptoms diagnosis diagnosed treatment treatments prescription prescribed "
    "prescribing therapy surgeon operation ambulance pandemic infection infections antibiotic antibiotics blood "
    "heart stroke dementia pregnancy pregnant waiting mental weight obesity cholesterol statins screening".split()
)
_VOICE = re.compile(
    r"\b(?:as\s+an?|I'?m\s+an?|I\s+am\s+an?|speaking\s+as\s+an?|#)\s*(?:NHS\s*)?(?:junior\s+)?"
    r"(?:doctor|GP|nurse|midwife|medic|surgeon|consultant|paramedic|physician|clinician|pharmacist|physio|"
    r"healthcare\s+professional|HCP|registrar|anaesthetist|psychiatrist)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Profile:
    """What a profile tells readers about its author."""

    text: str
    clinician: tuple[str, ...]  # the words that say the author is a clinician
    named: bool  # whether it gives a person's name
    anonymous: tuple[str, ...]  # words that say the account is anonymous or a pseudonym
    health: bool  # whether the post itself comments on health


def _first_name(word: str) -> bool:
    """A common given name that is more a name than an English word ("Sarah", "Tom"; not "Will", "Hope")."""
    entry = lexicon().names.get(word.strip("'’"))
    return entry is not None and entry[0] >= 4.5 and entry[0] - entry[2] >= 0.5


def _names_a_person(profile: str) -> bool:
    if _TITLED_NAME.search(profile):
        return True
    if any(m.group("name").lower() not in _NOT_NAME for m in _SAYS_NAME.finditer(profile)):
        return True
    if any(_a_name(profile, match) for match in _NAME_PAIR.finditer(profile)):
        return True
    lone = _LONE_NAME.match(profile)  # a given name alone is how many clinicians sign a profile
    return lone is not None and lone.group(1).lower() not in _NOT_NAME and _namelike(lone.group(1).lower())


def _a_name(profile: str, match: re.Match[str]) -> bool:
    """Whether a pair of capitalised words is a person's name: a common given name and anything ("Sarah
    Jones", "Tom K"); a name-like word and a surname ("Orla Fitzgerald", "Sian Evans"); or two words, not both
    plain English, set out as a name is in a profile, between separators or after a role ("Mere Paki, Nurse
    Manager", "Pharmacist Sunil Mistry"). Given names missing from the name list are common: recall first."""
    first, second = match.group(1).lower(), match.group(2).lower()
    if first in _NOT_NAME or second in _NOT_NAME:
        return False
    if _first_name(first):
        return True
    names = lexicon().names
    surname = names.get(second, (0.0, 0.0, 0.0))[1]
    if _namelike(second) and surname >= SURNAME and (_namelike(first) or surname >= STRONG_SURNAME):
        return True
    return (_namelike(first) or _namelike(second)) and _set_out_as_name(profile, match)


def _namelike(word: str) -> bool:
    """A word that the name lists know as a name, or that is neither an English word nor a British or Irish
    place ("Calderdale Royal" is a hospital, "Happy Feet" a pseudonym)."""
    lex = lexicon()
    entry = lex.names.get(word)
    if entry is not None and max(entry[0], entry[1]) >= NAMELIKE:
        return True
    place = gazetteer().place(normalise(word), "GB")
    return not lex.is_word(word) and (place is None or place[1] == "world-city")


def _set_out_as_name(profile: str, match: re.Match[str]) -> bool:
    """Between the start, a separator or a role word, and the end, a separator or a credential."""
    before = profile[: match.start()].rstrip()
    words_before = before.split()
    placed = not before or before[-1] in _SEPARATOR or words_before[-1].lower().strip(".,") in _NOT_NAME
    after = profile[match.start(2) + len(match.group(2)) :].lstrip()
    ends = not after or after[0] in _SEPARATOR or bool(_CREDENTIAL.match(after.split()[0].strip(".,")))
    return placed and ends


@lru_cache(maxsize=256)  # an audit checks many posts of one author: read their profile once
def _read(profile: str) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    clinician = tuple(m.group() for m in _ROLE_ACRONYMS.finditer(profile)) + tuple(
        m.group() for m in _ROLE_WORDS.finditer(profile)
    )
    return (
        tuple(c for c in clinician if c != "NHS"),  # "NHS" alone may be a manager or a patient
        _names_a_person(profile),
        tuple(m.group() for m in _ANONYMOUS.finditer(profile)),
    )


def read_profile(profile: str, health: bool) -> Profile:
    clinician, named, anonymous = _read(profile[:2000])
    return Profile(profile, clinician, named, anonymous, health)


@extractor(PROFILE)
def profile(signals: Signals) -> Profile | None:
    post = signals.post
    if post.kind == "profile":
        return read_profile(post.text, True)
    if not post.profile or not post.profile.strip():
        return None
    return read_profile(post.profile, bool(signals[WORDS] & _HEALTH_WORDS))


_GREETING = re.compile(r"^\W*(?:hi|hello|hey|hiya|dear|morning|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you)"
                       r"\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*[,!.]", re.IGNORECASE)


@extractor(ADDRESSEE)
def addressee(signals: Signals) -> Signal | None:
    """Whom a message greets ("Hi Oluwaseun, great to meet you"): in a message to them, their own name."""
    if signals.post.kind not in ("message", "friend-request"):
        return None
    match = _GREETING.match(signals.post.text)
    return Signal("addressee", match.start("name"), match.end("name"), match.group("name")) if match else None


@extractor(VOICE)
def voice(signals: Signals) -> tuple[Signal, ...]:
    return tuple(Signal("clinician-voice", m.start(), m.end(), m.group()) for m in _VOICE.finditer(signals.post.text))


# --- channel ----------------------------------------------------------------------------------------
_MESSAGING = frozenset(
    {"whatsapp", "telegram", "signal", "messenger", "imessage", "sms", "dm", "slack", "teams", "discord",
     "snapchat", "wechat", "viber", "email"}
)
_PRIVATE_WORDS = re.compile(
    r"\b(?:between\s+(?:us|ourselves|you\s+and\s+me)|off\s+the\s+record|"
    r"(?:don'?t|do\s+not|please\s+don'?t)\s+(?:share|screenshot|forward|repost|retweet)|"
    r"(?:private|closed|secret)\s+(?:group|chat|forum)|(?:in|for)\s+(?:this|the)\s+group\s+(?:only|chat)|"
    r"stays?\s+in\s+(?:this|the)\s+(?:group|chat)|what(?:'s|\s+is)\s+said\s+here)\b",
    re.IGNORECASE,
)

_PRIVATE_TRIGGERS = frozenset(
    "between record share screenshot forward repost retweet private closed secret group stays said".split()
)


@dataclass(frozen=True)
class Channel:
    closed: bool  # the post goes to a closed group, a private chat or a direct message
    medium: str  # what makes it so: "group", "private", "message", a platform name, or ""
    cues: tuple[Signal, ...]  # words in the text that treat it as private


@extractor(CHANNEL)
def channel(signals: Signals) -> Channel:
    post = signals.post
    platform = (post.platform or "").strip().lower()
    medium = ""
    if post.audience in ("group", "private"):
        medium = post.audience
    elif post.kind == "message":
        medium = "message"
    elif platform in _MESSAGING:
        medium = platform
    cues: tuple[Signal, ...] = ()
    if signals[WORDS] & _PRIVATE_TRIGGERS:
        cues = tuple(Signal("private-cue", m.start(), m.end(), m.group()) for m in _PRIVATE_WORDS.finditer(post.text))
    return Channel(bool(medium), medium, cues)


# --- contact from a patient -------------------------------------------------------------------------
_PATIENT_TIE = re.compile(
    r"\b(?:you\s+(?:treated|saw|looked\s+after|cared\s+for|delivered|operated\s+on|examined|helped)\s+(?:me|my)|"
    r"you\s+were\s+my\s+(?:\w+\s+)?(?:doctor|gp|nurse|midwife|surgeon|consultant|physio|therapist)|"
    r"(?:i\s+(?:was|am|'m)|i'm)\s+(?:one\s+of\s+)?your\s+patients?|my\s+(?:doctor|gp|nurse|midwife|surgeon|consultant)|"
    r"remember\s+me|from\s+(?:the|your)\s+(?:surgery|practice|clinic|ward|hospital)|at\s+my\s+appointment)\b",
    re.IGNORECASE,
)
# The author tells the person they write to that they were that person's clinician: "from your fav night nurse",
# "— your physio", "I was your midwife", "I looked after you on the ward".
_CLINICIAN = r"(?:nurse|doctor|dr|physio|physiotherapist|midwife|gp|dentist|paramedic|surgeon|therapist|carer|hca)"
_CARER_TIE = re.compile(  # signed as theirs ("from your...", "— your..."), or said outright
    rf"(?:\bfrom\s+|[—–-]\s*|\blove,?\s+)your\s+(?:fav(?:ou?rite)?\s+|old\s+|lovely\s+)?(?:[\w-]+\s+)?{_CLINICIAN}\b"
    rf"|\bI\s+(?:was|am|'m)\s+your\s+(?:[\w-]+\s+)?{_CLINICIAN}\b|\bI\s+looked\s+after\s+you\b",
    re.IGNORECASE,
)
_OWN_CARE = re.compile(
    r"\b(?:my|our|my\s+(?:son|daughter|child|baby|husband|wife|partner|mum|mother|dad|father)'?s?)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:results?|bloods?|blood\s+tests?|scans?|x-?rays?|biopsy|prescriptions?|"
    r"medications?|meds|tablets|pills|dose|appointments?|referrals?|diagnosis|operation|surgery|"
    r"treatment|symptoms?|rash|lump|pain|smear|tests?|letter|inhaler|injection)\b"
    r"|\bshould\s+I\s+(?:stop|start|take|keep\s+taking|double|increase|reduce|come\s+off|be\s+worried)\b"
    r"|\bis\s+it\s+normal\s+(?:that|to|for)\s+(?:my|me|i)\b",
    re.IGNORECASE,
)
_ASKING = re.compile(r"\?|\b(?:can|could|would|will)\s+you\b|\bplease\b|\bany\s+advice\b|\bwhat\s+do\s+you\s+think\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Contact:
    request: bool  # the post is a friend or follow request
    ties: tuple[Signal, ...]  # words by which a person says they are, or were, the author's patient
    care_questions: tuple[Signal, ...]  # a person asking about their own (or their family's) care
    in_reply_to: bool  # whether the care question is in the text replied to (rather than in the post)
    carer_ties: tuple[Signal, ...]  # words by which the author tells the person addressed they were their clinician


def _spans(pattern: re.Pattern[str], text: str, kind: str) -> tuple[Signal, ...]:
    return tuple(Signal(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text))


@extractor(CONTACT)
def contact(signals: Signals) -> Contact:
    post = signals.post
    personal = post.kind in ("friend-request", "message")
    ties = _spans(_PATIENT_TIE, post.text, "patient-tie") if personal else ()
    questions: tuple[Signal, ...] = ()
    in_reply_to = False
    if post.reply_to and _ASKING.search(post.reply_to):
        questions = _spans(_OWN_CARE, post.reply_to, "care-question")
        in_reply_to = bool(questions)
    if not questions and personal and _ASKING.search(post.text):
        questions = _spans(_OWN_CARE, post.text, "care-question")
    addressed = personal or post.kind == "reply" or post.text.lstrip().startswith("@")
    carer = _spans(_CARER_TIE, post.text, "carer-tie") if addressed else ()
    return Contact(post.kind == "friend-request", ties, questions, in_reply_to, carer)
