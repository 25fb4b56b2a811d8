"""What kind of statement the author is making: promoting something, alleging something about someone,
venting, or declaring a political or religious stance.

  promotion   Promotion: endorsement spans (codes, affiliate links, "I swear by this supplement", "book my
              clinic") and disclosure spans (#ad, "paid partnership", "I receive fees from …")
  allegations tuple[Signal, ...]: a damaging statement of fact about a named person or organisation;
              attrs: target, opinion (framed as opinion), reported (reporting proceedings or allegations)
  venting     Venting: strong first-person negative emotion, whom it is about, and late-night posting
  beliefs     tuple[Signal, ...]: strongly worded political or religious stances (attrs: kind)

  words       frozenset[str]: the post's lower-case words, computed once and shared

Each first looks its trigger words up in `words` (a set intersection), and runs its regular expression
only when one is there, so most posts cost a few microseconds here in all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.signals import Signal, Signals, extractor
from bedside.signals.keys import ALLEGATIONS, BELIEFS, PROMOTION, VENTING, WORDS

_WORD = re.compile(r"[a-z]+")


@extractor(WORDS)
def words(signals: Signals) -> frozenset[str]:
    return frozenset(_WORD.findall(signals.post.text.lower()))


def _triggers(text: str) -> frozenset[str]:
    return frozenset(text.split())

# --- promotion --------------------------------------------------------------------------------------
_PRODUCT = (
    r"(?:supplements?|vitamins?|gummies|serums?|creams?|skincare|moisturi[sz]ers?|protein|powders?|shakes?|"
    r"teas?|apps?|devices?|gadgets?|monitors?|trackers?|wearables?|courses?|masterclass(?:es)?|programmes?|"
    r"programs?|products?|brands?|kits?|formulas?|collagen|probiotics?|mattress(?:es)?|clinics?|range)"
)
# Words before "code" that make it an organisation's or a classification's code, not a discount.
_REGISTER_CODES = ("ods", "practice", "site", "location", "organisation", "organization", "icd", "icd-10", "icd-11",
                   "snomed", "read", "ccg", "icb", "nacs", "billing", "cpt", "hcpcs", "diagnosis", "procedure",
                   "tariff", "trust", "provider")
_ENDORSES = re.compile(
    r"\b(?:discount|promo|promotional|voucher|coupon|referral|affiliate)\s+(?:codes?|links?)\b"
    r"|\b(?:use|enter|apply)\s+(?:my\s+|the\s+|our\s+)?(?:discount\s+|promo\s+)?code\b"
    # "code DRJESS20" is a discount code; "ODS code Y02756", "ICD-10 code J45" and a practice's code are not
    r"|\b" + "".join(rf"(?<!\b{word}\s)" for word in _REGISTER_CODES) + r"code\s*:?\s*(?-i:[A-Z]+\d+[A-Z0-9]*)\b"
    r"|\b\d{1,2}\s?%\s*off\b|\bshop\s+(?:now|here|the\s+range)\b"
    r"|\b(?:amzn\.to|amazon\.[a-z.]+/\S*tag=)|[?&](?:ref|aff|affiliate|affid)=\w"
    r"|\b(?:I|we)\s+(?:really\s+|highly\s+|truly\s+|genuinely\s+)?(?:recommend|love|swear\s+by|rely\s+on|"
    r"(?:have\s+been\s+|am\s+|'m\s+)?using|use|can'?t\s+live\s+without|partnered\s+with|teamed\s+up\s+with)\s+"
    r"(?:[\w'’&-]+\s+){0,4}?" + _PRODUCT + r"\b"
    r"|\b(?:book|join|enrol|enroll|sign\s+up|register)\s+(?:[\w'’-]+\s+){0,3}?my\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:clinic|course|masterclass|webinar|programme|program|workshop|consultations?|"
    r"retreat|app|treatments?)\b"
    r"|\bmy\s+(?:new\s+)?(?:clinic|course|book|app|supplement|product|brand|skincare\s+line|range)\b"
    r"[^.!?\n]{0,50}\b(?:now\s+(?:open|available|live|out)|launch\w*|out\s+now|pre-?order|discount|offer|buy)\b"
    r"|\bI(?:'m|\s+am|\s+will\s+be|\s+was)\s+(?:speaking|presenting|talking|lecturing)\b[^.!?\n]{0,80}"
    r"\b(?:Pfizer|AstraZeneca|GSK|GlaxoSmithKline|Novartis|Roche|Sanofi|MSD|Merck|Lilly|Novo\s+Nordisk|Bayer|"
    r"AbbVie|Janssen|Moderna|BioNTech|Takeda|Boehringer|Teva|Viatris|Gilead|Amgen|Medtronic|sponsored)\b",
    re.IGNORECASE,
)
_DISCLOSES = re.compile(
    r"#(?:ad|advert|advertisement|sponsored|spon|gifted|paidpartnership|paidpartner|affiliate|collab)\b"
    r"|\bpaid\s+partnership\b|\bsponsored\s+(?:by|post|content)\b|\b(?:ad|advert|advertisement)\s*[:|]"
    r"|\bI\s+(?:receive|received|get|got|have\s+received|am\s+paid|was\s+paid|'m\s+paid|earn|make)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:fees?|payments?|commission|honorari(?:a|um)|funding|money)\b"
    r"|\b(?:conflicts?|competing)\s+of\s+interests?\b|\bcompeting\s+interests?\b|\b(?-i:COI)\b|\bdisclosures?\s*:"
    r"|\bI\s+(?:own|co-own|founded|co-founded|hold\s+shares|have\s+shares|am\s+a\s+shareholder|"
    r"am\s+an?\s+(?:paid\s+)?(?:ambassador|consultant|adviser|advisor|speaker))\b"
    r"|\b(?:this\s+is\s+an?\s+ad|this\s+post\s+is\s+sponsored|contains\s+affiliate\s+links?)\b",
    re.IGNORECASE,
)


_PROMOTION_WORDS = _triggers(
    "code codes discount promo promotional voucher coupon referral affiliate off shop amzn ref aff "
    "affid supplement supplements vitamin vitamins gummies serum serums cream creams skincare moisturiser "
    "moisturizer protein powder powders shake shakes tea teas app apps device devices gadget gadgets monitor "
    "monitors tracker trackers wearable wearables course courses masterclass masterclasses programme "
    "programmes program programs product products brand brands kit kits formula formulas collagen probiotic "
    "probiotics mattress clinic clinics range book webinar workshop consultation consultations retreat "
    "treatments pfizer astrazeneca gsk glaxosmithkline novartis roche sanofi msd merck lilly novo bayer "
    "abbvie janssen moderna biontech takeda boehringer teva viatris gilead amgen medtronic sponsored"
)


@dataclass(frozen=True)
class Promotion:
    endorsements: tuple[Signal, ...]
    disclosures: tuple[Signal, ...]


def _spans(pattern: re.Pattern[str], text: str, kind: str, **attrs: object) -> tuple[Signal, ...]:
    return tuple(Signal(kind, m.start(), m.end(), m.group(), attrs=attrs) for m in pattern.finditer(text))


@extractor(PROMOTION)
def promotion(signals: Signals) -> Promotion:
    text = signals.post.text
    if not signals[WORDS] & _PROMOTION_WORDS:
        return Promotion((), ())
    endorsements = _spans(_ENDORSES, text, "endorsement")
    disclosures = _spans(_DISCLOSES, text, "disclosure") if endorsements else ()
    return Promotion(endorsements, disclosures)


# --- allegations ------------------------------------------------------------------------------------
_DAMAGING = re.compile(
    r"\b(?:is|was|are|were|has\s+been|have\s+been|being)\s+(?:(?:a|an|totally|completely|utterly|so|clearly|"
    r"just|such\s+a|an\s+absolute)\s+){0,2}(?:fraud|fraudster|liar|crook|criminal|thief|drunk|alcoholic|"
    r"addict|quack|butcher|paedophile|pedophile|predator|rapist|racist|abuser|corrupt|negligent|"
    r"incompetent|dishonest|lying|stealing|embezzling|falsifying|fiddling|bribed|on\s+the\s+take)\b"
    r"|(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bgot\s)(?<!\bget\s)(?<!\bgetting\s)"
    r"\b(?:killed|murdered|stole|steals|defrauded|defrauds|falsified|falsifies|forged|fabricated|faked|"
    r"lied\s+(?:about|to)|assaulted|abused|molested|bribed|embezzled|covered\s+up|covers\s+up|botched|"
    r"fiddled|fiddles|took\s+bribes|drunk\s+on\s+(?:duty|shift))\b",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Prof|Professor|Nurse|Sister)\.?\s+[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"
    r"|\b(?:[A-Z][\w'’&-]*\s+){1,4}(?:Surgery|Practice|Hospital|Clinic|Medical\s+Cent(?:re|er)|Health\s+Cent(?:re|er)|"
    r"Trust|Pharmacy|Dental|Dentists|Care\s+Home|Nursing\s+Home|Partnership|Group)\b"
    r"|(?<![\w@])@\w{2,}"
)
_OPINION = re.compile(
    r"\b(?:I\s+think|I\s+believe|I\s+feel|I\s+felt|in\s+my\s+(?:opinion|view|experience)|imo|imho|seems?|"
    r"seemed|appears?|I\s+reckon|it\s+felt|felt\s+like|to\s+me)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:convicted|jailed|sentenced|found\s+guilty|charged|accused|alleged\w*|court|tribunal|inquest|"
    r"struck\s+off|suspended|investigat\w+|admitted|pleaded|reports?|reported|according\s+to)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# Between the person named and the claim: another person, a hypothetical or a cause means the claim is
# not (or not plainly) about them.
_NOT_ABOUT_TARGET = re.compile(
    r"@|\b(?:he|she|they|it|could|would|might|may|should|if|because|not|never)\b", re.IGNORECASE
)
_DAMAGING_WORDS = _triggers(
    "fraud fraudster liar crook criminal thief drunk alcoholic addict quack butcher paedophile pedophile "
    "predator rapist racist abuser corrupt negligent incompetent dishonest lying stealing embezzling "
    "falsifying fiddling bribed bribes killed murdered stole steals defrauded defrauds falsified falsifies "
    "forged fabricated faked lied assaulted abused molested embezzled covered covers botched fiddled fiddles"
)


@extractor(ALLEGATIONS)
def allegations(signals: Signals) -> tuple[Signal, ...]:
    text = signals.post.text
    if not signals[WORDS] & _DAMAGING_WORDS or not _DAMAGING.search(text):
        return ()
    found: list[Signal] = []
    for target in _TARGET.finditer(text):
        end = _SENTENCE_END.search(text, target.end())
        stop = min(end.start() if end else len(text), target.end() + 120)
        claim = _DAMAGING.search(text, target.end(), min(stop, target.end() + 50))
        if claim is None or _NOT_ABOUT_TARGET.search(text, target.end(), claim.start()):
            continue
        begin = text.rfind(".", 0, target.start()) + 1
        sentence = text[begin:stop]
        found.append(Signal(
            "allegation", target.start(), claim.end(), text[target.start() : claim.end()],
            attrs={"target": target.group(), "claim": claim.group(),
                   "opinion": bool(_OPINION.search(sentence)), "reported": bool(_REPORTED.search(sentence))},
        ))
    return tuple(found)


# --- venting ----------------------------------------------------------------------------------------
_EMOTION = re.compile(
    r"\bI\s+(?:really\s+|absolutely\s+|just\s+|fucking\s+|bloody\s+|honestly\s+)?(?:hate|loathe|despise|"
    r"can'?t\s+stand|cannot\s+stand)\b"
    r"|\b(?:I'?m|I\s+am|I\s+was|I'?ve\s+been|we'?re|we\s+are)\s+(?:(?:so|really|absolutely|fucking|bloody|"
    r"utterly|totally|just|completely)\s+)*(?:sick\s+(?:and\s+tired\s+)?of|fed\s+up|tired\s+of|done\s+with|"
    r"furious|fuming|livid|raging|seething|enraged|disgusted|at\s+the\s+end\s+of\s+my\s+tether|"
    r"at\s+breaking\s+point|burnt\s+out|burned\s+out|losing\s+my\s+mind)\b"
    r"|\bI'?ve\s+had\s+enough\b|\bI\s+(?:want|wanna)\s+(?:to\s+)?(?:scream|quit)\b"
    r"|#(?:rant|vent|venting)\b|\b(?:rant|vent)\s*:|\bworst\s+shift\b|\bfml\b|\bthis\s+place\s+is\s+a\s+joke\b"
    r"|\bone\s+more\s+(?:patient|relative|consultant|manager)\b[^.!?\n]{0,40}\bI\s+(?:swear|will|'ll)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"\b(?:patients?|pts|relatives|families|people|time-?wasters|frequent\s+flyers|colleagues?|"
    r"consultants?|registrars?|juniors?|nurses|doctors|gps|managers?|management|boss|seniors?|receptionists?)\b",
    re.IGNORECASE,
)
_WORK = re.compile(
    r"\b(?:work|job|shift|shifts|rota|ward|a&e|ed|department|trust|nhs|hospital|surgery|clinic|on\s+call|"
    r"night\s+shift|patients?|colleagues?)\b",
    re.IGNORECASE,
)
_EMOTION_WORDS = _triggers(
    "hate loathe despise stand sick fed tired done furious fuming livid raging seething enraged disgusted "
    "tether enough breaking scream quit burnt burned losing rant vent venting worst fml joke"
)
LATE_FROM, LATE_UNTIL = 23, 5  # hours: a post made from 23:00 to 04:59 local time counts as late-night


@dataclass(frozen=True)
class Venting:
    spans: tuple[Signal, ...]  # strong negative emotion; attrs: about ("people" or "work")
    late_night: bool  # posted (or to be posted) late at night, when the time is known
    about_work: bool  # the post mentions work, patients or colleagues


@extractor(VENTING)
def venting(signals: Signals) -> Venting:
    post = signals.post
    text = post.text
    when = post.created_at
    late = when is not None and (when.hour >= LATE_FROM or when.hour < LATE_UNTIL)
    spans: list[Signal] = []
    emotional = bool(signals[WORDS] & _EMOTION_WORDS)
    for match in _EMOTION.finditer(text) if emotional else ():
        end = _SENTENCE_END.search(text, match.end())
        sentence = text[text.rfind(".", 0, match.start()) + 1 : end.start() if end else len(text)]
        about = "people" if _PEOPLE.search(sentence) else "work" if _WORK.search(sentence) else ""
        spans.append(Signal("venting", match.start(), match.end(), match.group(), attrs={"about": about}))
    about_work = bool(spans or late) and bool(_WORK.search(text))
    return Venting(tuple(spans), late, about_work)


# --- political and religious stances ----------------------------------------------------------------
_PARTY = (
    r"(?:tor(?:y|ies)|conservatives?|labour|lib\s+dems?|reform(?:\s+uk)?|snp|sinn\s+f[eé]in|greens?|"
    r"trump|biden|harris|starmer|sunak|farage|republicans?|democrats?|gop|maga|brexit(?:eers)?|remainers?|"
    r"the\s+left|the\s+right|lefties|leftists?|liberals|socialists?|communists?|woke|the\s+government)"
)
_BELIEF = re.compile(
    r"\b(?:vote|voting|never\s+vote|don'?t\s+vote)\s+(?:for\s+|against\s+)?" + _PARTY + r"\b"
    r"|\b" + _PARTY + r"\b[^.!?\n]{0,40}\b(?:destroy\w*|ruin\w*|evil|scum|traitors?|disgrace\w*|liars?|"
    r"corrupt|must\s+go|out\s+now|criminals?|fascists?|nazis?|vermin|idiots|morons|hate)\b"
    r"|#(?:ToriesOut|ToryOut|GTTO|JC4PM|MAGA|FBPE|StopBrexit|BrexitNow|FreePalestine|StandWithIsrael|"
    r"ProLife|ProChoice|Resist|LabourOut|ReformUK)\b"
    r"|\b(?:jesus|god|allah|the\s+lord|christ)\s+(?:is\s+the\s+(?:only\s+)?(?:way|truth|answer)|will\s+"
    r"(?:punish|judge|save|heal)|is\s+great|saves|hates|is\s+coming)\b"
    r"|\b(?:repent|sinners|heathens?|infidels?|unbelievers|godless|abortion\s+is\s+murder|burn\s+in\s+hell|"
    r"going\s+to\s+hell|pray\s+the\s+gay\s+away)\b"
    r"|\b(?:accept|find|turn\s+to)\s+(?:jesus|god|christ|allah)\b",
    re.IGNORECASE,
)
_RELIGIOUS = re.compile(
    r"\b(?:jesus|god|allah|lord|christ|repent|sinners?|heathens?|infidels?|unbelievers|godless|hell|pray)\b",
    re.IGNORECASE,
)


_BELIEF_WORDS = _triggers(
    "tory tories conservative conservatives labour lib dem dems reform snp sinn greens trump biden harris "
    "starmer sunak farage republican republicans democrat democrats gop maga brexit brexiteers remainers "
    "left right lefties leftist leftists liberals socialist socialists communist communists woke government "
    "toriesout toryout gtto fbpe stopbrexit brexitnow freepalestine standwithisrael prolife prochoice resist "
    "labourout reformuk jesus god allah lord christ repent sinners heathen heathens infidel infidels "
    "unbelievers godless abortion hell vote voting"
)


@extractor(BELIEFS)
def beliefs(signals: Signals) -> tuple[Signal, ...]:
    if not signals[WORDS] & _BELIEF_WORDS:
        return ()
    found = []
    for match in _BELIEF.finditer(signals.post.text):
        kind = "religious" if _RELIGIOUS.search(match.group()) else "political"
        found.append(Signal("belief", match.start(), match.end(), match.group(), attrs={"kind": kind}))
    return tuple(found)
