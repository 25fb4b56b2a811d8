"""pictured: the text says the picture it goes with shows a patient's details.

`signals[PICTURED]` -> tuple[Signal, ...]: sentences that put a picture (a photo, screenshot, scan, ECG, label,
sticker, wristband) together with a person's identifying details ("ignore the sticker with his name and NHS
number", "the label still says her DOB", "didn't have time to crop"), and do not say the details were taken out
("cropped the name out", "blurred her details"). The text may be all bedside sees of the picture.
"""

from __future__ import annotations

import re

from bedside.signals import Signal, Signals, extractor
from bedside.signals.keys import PICTURED

_PICTURE = re.compile(
    r"\b(?:photos?|pics?|pictures?|screenshots?|screen\s?shots?|snaps?|images?|x-?rays?|films?|ecgs?|ekgs?|"
    r"ctgs?|scans?|labels?|stickers?|wristbands?|id\s+bands?|request\s+forms?|print-?outs?|screens?)\b",
    re.IGNORECASE,
)
_DETAILS = r"(?:full\s+)?(?:name|nhs\s+(?:no|number)|chi\s+(?:no|number)|dob|d\.o\.b|date\s+of\s+birth|" \
           r"hospital\s+(?:no|number)|mrn|address|details|postcode)s?"
_SHOWN = re.compile(
    rf"\b(?:his|her|their|the\s+(?:patient|pt|lady|man|woman|child|baby|kid|guy|gent)'?s|pt'?s|patient'?s)\s+"
    rf"(?:[\w-]+\s+(?:and|&)\s+)?{_DETAILS}\b"
    rf"|\b{_DETAILS}\s+(?:is\s+|are\s+)?(?:still\s+)(?:on|visible|showing|there|in|says)\b"
    r"|\bstill\s+(?:says|shows|has)\b"
    r"|\b(?:didn'?t|did\s+not|no\s+time\s+to|forgot\s+to|couldn'?t\s+be\s+bothered\s+to)\s+(?:have\s+time\s+to\s+)?"
    r"(?:crop|blur|cover|redact)\b",
    re.IGNORECASE,
)
_TAKEN_OUT = re.compile(
    r"\b(?:cropped|crop(?:ped)?\s+out|blurred|covered|redacted|removed|hidden|anonymi[sz]ed|taken\s+off|"
    r"before\s+(?:posting|sharing|you\s+post|you\s+share)|never|don'?t|do\s+not|make\s+sure)\b",
    re.IGNORECASE,
)
_FORGOT = re.compile(r"\b(?:didn'?t|did\s+not|no\s+time\s+to|forgot\s+to)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+")


@extractor(PICTURED)
def pictured(signals: Signals) -> tuple[Signal, ...]:
    found = []
    for sentence in _SENTENCE.finditer(signals.post.text):
        text = sentence.group()
        shown = _SHOWN.search(text)
        if not shown or not _PICTURE.search(text):
            continue
        if _TAKEN_OUT.search(text) and not _FORGOT.search(text):
            continue
        start = sentence.start() + shown.start()
        found.append(Signal("pictured", start, sentence.start() + shown.end(), shown.group()))
    return tuple(found)
