"""complaint: a reply to a complaint or review, and what the reply gives away.

  complaint   ReplyContext | None: None unless the post replies to something (it has `reply_to`, or its
              kind is "reply"); otherwise whether the text replied to reads as a complaint or review, and
              the spans of the reply that confirm care, argue, explain confidentiality or offer a route.

Confirming care covers direct statements ("we saw you on Tuesday", "your results were normal", "as your
GP", "our records show") and inference ("we can't discuss your treatment here" still says there was
treatment; "we have no record of you attending" says the records were searched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.signals import Signal, Signals, extractor
from bedside.signals.keys import COMPLAINT

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_RELATIVE = (
    r"(?:son|daughter|child|baby|mother|mum|mom|father|dad|wife|husband|partner|nan|gran|grandmother|"
    r"grandfather|brother|sister|relative)"
)
_CARE_NOUN = (
    r"(?:appointments?|visits?|consultations?|results?|records?|notes|file|chart|treatment|care|prescriptions?|"
    r"medications?|meds|referrals?|diagnosis|tests?|scans?|x-?rays?|bloods|blood\s+tests?|procedure|operation|"
    r"surgery|admission|discharge|stay|condition|symptoms|medical\s+history|registration|case|injections?|"
    r"vaccinations?|smear|check-?up|review\s+with|call\s+with)"
)
_CONFIRMS_CARE = re.compile(
    r"\b(?:we|i|our\s+(?:team|staff|doctors?|nurses?|gps?|receptionists?|clinicians?)|the\s+(?:doctor|nurse|gp)|"
    r"dr\.?\s+[a-z]+)\s+(?:[\w']+\s+){0,2}?(?:saw|seen|examined|treated|spoke\s+(?:to|with)|called|phoned|rang|"
    r"reviewed|prescribed|referred|discharged|admitted|assessed|tested|vaccinated|operated\s+on|booked|"
    r"triaged|removed)\s+(?:you|your|him|her|them)\b"
    r"|\byou\s+(?:were|was|have\s+been|had\s+been|got)\s+(?:[\w']+\s+)?(?:seen|examined|treated|prescribed|"
    r"referred|discharged|admitted|assessed|tested|offered|given|booked|triaged|registered|removed|called)\b"
    r"|\b(?:when|after|before|since|the\s+day)\s+you\s+(?:came|attended|visited|arrived|were\s+seen|"
    r"were\s+here|called|rang|phoned|registered|joined)\b"
    r"|\byou\s+(?:came\s+in|attended|visited|arrived|missed|cancelled|canceled|did\s+not\s+attend|"
    r"didn'?t\s+attend|turned\s+up|presented|called\s+the|rang\s+the|phoned\s+the)\b"
    r"|\byour\s+(?:[\w'’-]+\s+){0,2}?" + _CARE_NOUN + r"\b"
    r"|\bas\s+your\s+(?:gp|doctor|nurse|midwife|dentist|physio|consultant|surgeon|practice|pharmacist|"
    r"therapist|provider|surgery|clinic)\b"
    r"|\b(?:our|the)\s+(?:records|notes|system|files|computer)\s+(?:clearly\s+)?(?:show|shows|say|says|"
    r"indicate|indicates|confirm|confirms)\b"
    r"|\baccording\s+to\s+(?:our|your|the)\s+(?:records|notes|file)\b|\bwe\s+have\s+no\s+record\s+of\b"
    r"|\byou(?:'re|\s+are|\s+were|\s+have\s+been)\s+(?:registered|a\s+patient|one\s+of\s+our\s+patients|"
    r"on\s+our\s+list)\b"
    r"|\byour\s+" + _RELATIVE + r"(?:'s)?\s+(?:was|were|is)\s+(?:seen|treated|admitted|discharged|"
    r"registered|referred|examined)\b"
    r"|\byour\s+" + _RELATIVE + r"\s+(?:got|had|received|was\s+given|were\s+given)\b"
    r"|\bI\s+remember\s+(?:you|him|her|them|your\s+" + _RELATIVE + r")\b"
    r"|\byou\b[^.?!\n]{0,40}\b(?:on|last)\s+" + _WEEKDAY + r"\b"
    r"|\b(?:on|last)\s+" + _WEEKDAY + r"\b[^.?!\n]{0,40}\byou\b",
    re.IGNORECASE,
)
_ARGUES = re.compile(
    r"\byou\s+(?:were|are|was)\s+(?:[\w']+\s+)?(?:rude|abusive|aggressive|late|drunk|lying|wrong|mistaken|"
    r"threatening|shouting|swearing|unreasonable|demanding|difficult)\b"
    r"|\byou\s+(?:failed|refused|chose|forgot|neglected)\s+to\b"
    r"|\byou\s+(?:didn'?t|did\s+not|never)\s+(?:turn\s+up|show\s+up|attend|come|bother|listen|follow|take)\b"
    r"|\b(?:that|this|which|(?:your|this|the)\s+(?:review|post|claim|comment|account))\s+(?:is|was)\s+(?:simply\s+|completely\s+|"
    r"totally\s+|entirely\s+)?(?:not\s+true|untrue|false|a\s+lie|lies|nonsense|rubbish|incorrect|"
    r"inaccurate|misleading|defamatory)\b"
    r"|\b(?:fake|false|dishonest|malicious|defamatory|vindictive)\s+review\b|\byou(?:'re|\s+are)\s+lying\b"
    r"|\bcontrary\s+to\s+(?:what\s+you|your)\b|\bunlike\s+what\s+you\b"
    r"|\b(?:if\s+you\s+had|you\s+should\s+have|had\s+you)\b"
    r"|\byour\s+(?:own\s+)?(?:behaviour|behavior|attitude|conduct|tone|language)\b"
    r"|\b(?:legal\s+action|our\s+solicitors?|our\s+lawyers?|sue\s+you|see\s+you\s+in\s+court)\b"
    r"|\b(?:to\s+set\s+the\s+record\s+straight|for\s+the\s+record|the\s+facts\s+are|the\s+truth\s+is)\b"
    r"|\b(?:in\s+fact|actually),?\s+you\b",
    re.IGNORECASE,
)
_CONFIDENTIALITY = re.compile(
    r"\bconfidential(?:ity)?\b|\bprivacy\b|\b(?:cannot|can'?t|can\s+not|are\s+unable\s+to|won'?t|do\s+not|"
    r"don'?t|never)\s+(?:publicly\s+)?(?:discuss|comment\s+on|confirm|share|disclose)\b",
    re.IGNORECASE,
)
_ROUTE = re.compile(
    r"\b(?:contact|call|phone|ring|e-?mail|write\s+to|speak\s+(?:to|with)|get\s+in\s+touch|reach\s+out|"
    r"message\s+us|dm\s+us|talk\s+(?:to|with))\b|\bcomplaints?\s+(?:procedure|process|policy|team|manager|"
    r"officer|lead)\b|\bpractice\s+manager\b|\bpals\b|\bombudsman\b",
    re.IGNORECASE,
)
_COMPLAINT = re.compile(
    r"\b(?:complain\w*|disgust\w*|disgrace\w*|appalling|terrible|awful|rude|useless|worst|shocking|"
    r"horrendous|horrible|dreadful|waited|waiting|never\s+again|avoid|negligen\w*|incompeten\w*|"
    r"unprofessional|ignored|misdiagnos\w*|refused|no\s+appointments?|receptionists?|stars?|reviews?|"
    r"rating|recommend\w*|thank\s+you|thanks|brilliant|excellent|amazing|lovely|kind|caring|"
    r"surgery|practice|clinic|hospital|doctors?|gps?|nurses?|staff|appointments?|treated|treatment|"
    r"dr|told\s+me|casualty|a\s*&\s*e|emergency|ambulance|physio\w*|rehab|dentist|pharmacy|chemist|sessions?|"
    r"no\s+better|worse|refund|misdiagnosed|paid|poorer)\b|[★⭐]",
    re.IGNORECASE,
)
_RESPONDS = re.compile(
    r"\b(?:thank\s+you\s+for\s+(?:your|the|taking)|sorry\s+to\s+(?:hear|read|learn)|sorry\s+you\s+(?:feel|felt)|we\s+take\s+(?:all\s+)?"
    r"(?:feedback|complaints|comments|concerns)|your\s+(?:feedback|review|comments?))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReplyContext:
    to_review: bool  # the text replied to reads as a complaint or review, or the reply answers one
    confirms_care: tuple[Signal, ...]  # words confirming or hinting that the person received care
    argues: tuple[Signal, ...]  # words that argue, blame or rebut
    confidentiality: bool  # the reply explains that it cannot discuss anyone's care
    route: bool  # the reply offers a private route: contact, the complaints procedure


def _spans(pattern: re.Pattern[str], text: str, kind: str) -> tuple[Signal, ...]:
    return tuple(Signal(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text))


def read_reply(text: str, reply_to: str | None) -> ReplyContext:
    to_review = bool(reply_to and _COMPLAINT.search(reply_to)) or bool(_RESPONDS.search(text))
    return ReplyContext(
        to_review=to_review,
        confirms_care=_spans(_CONFIRMS_CARE, text, "confirms-care") if to_review else (),
        argues=_spans(_ARGUES, text, "argues") if to_review else (),
        confidentiality=bool(_CONFIDENTIALITY.search(text)),
        route=bool(_ROUTE.search(text)),
    )


@extractor(COMPLAINT)
def complaint(signals: Signals) -> ReplyContext | None:
    post = signals.post
    if not post.reply_to and post.kind != "reply":
        return None
    return read_reply(post.text, post.reply_to)
