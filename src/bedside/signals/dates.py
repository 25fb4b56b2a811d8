"""Dates, times and ages: absolute dates (numeric and written), dates of birth, relative dates ("last
Tuesday", "on Christmas Eve"), times of day, and ages ("72yo", "72F", "in her 80s", "aged 93")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    r"\b(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})\b(?![.,]\d)"  # 03/04/1952, 3.4.52
    r"|\b(?:0?[1-9]|1[0-2])([/-])(?:0?[1-9]|[12]\d|3[01])\2(?:\d{4}|\d{2})\b"  # US 4/23/1952, 3-24-17
    r"|\b" + _YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"  # ISO
    r"|\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH  # 3rd April 2024, 2 nov, 96
    + r"(?![a-z])(?:,?\s+" + _YEAR + r"|,?\s+'?\d{2}\b(?![:.]\d))?"
    r"|\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b"  # April 3, 2024
    r"|\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]|[4-9]\d)\b(?![/.]\d)"  # 7/22 (month/day), 8/87 (month/year)
    r"|\b" + _MONTH + r"\s+of\s+" + _YEAR + r"\b"  # March of 1993
    r"|\b" + _MONTH + r"\s+" + _YEAR + r"\b",  # April 2024
    re.IGNORECASE,
)
# Fractions, ventilator settings, pain scores and lab series look like 1/2 or 10/5 but are not dates.
_FRACTIONS = frozenset({"1/2", "1/3", "2/3", "1/4", "3/4", "1/8"})
_SETTINGS_NEAR = re.compile(r"\b(?:psv?|cpap|bi-?pap|peep|ac|simv|imv|settings|flowby|mask|trial|ventilation|rsbi|"
                            r"fio2)\b", re.IGNORECASE)
_PAIN_NEAR = re.compile(r"\b(?:pain|cp|c/o|discomfort|angina|ache|headache|rated|scale|sem|murmur)\b|#",
                        re.IGNORECASE)
_TIME_RANGE_NEAR = re.compile(r"(?:\b(?:from|at|aprox|approx|approximately|until|by)\s*|->\s*|-\s*)$", re.IGNORECASE)
_NOT_DATE_BEFORE = re.compile(r"(?:\b(?:ps|psv|peep|cpap|bi-?pap|ac|simv|imv|settings?|pain|co/ci|c\.o\.|vent)\W{0,3}"
                              r"(?:\d+\W{1,3})?|\d[.,]|[/%'-])$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s*(?:-|->|to\s)\s*\d{3,4}|\s*\+|\s?cc\b")
_FEET_BEFORE = re.compile(r"\b(?:x|ambulated|walked|ft)\s*$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+(?!(?:of|at|in|and|or|to|for|with|after|before|when|but|so|as|then|until|"
                         r"she|he|they|we|was|is|had|has|from|by)\b)[A-Za-z]{3,}", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s?%")
_NOT_DATE_AFTER = re.compile(r"(?:\s?%|\s?(?:pain|cp|peep|str)\b|[/.-]\d)", re.IGNORECASE)
_ORDINAL = re.compile(r"\b(?:on\s+)?the\s+((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b", re.IGNORECASE)
_MONTH_ALONE = re.compile(
    r"\b(?:in|since|during|early|late|mid|until|by|of|last|this|next)\s+(" + _MONTH + r")(?![\w'])", re.IGNORECASE
)
_YEAR_ALONE = re.compile(
    r"(?<![\w/.:-])(?<!\bat\s)(?<!@)(?<!@\s)(?<!\buntil\s)(?<!\bby\s)"  # "at 2000" is a time
    r"(?:'(\d{2})|(\d{2})'|((?:19[0-9]|20[0-3])\d)(?:'?s)?)(?![\w/:%-]|\.\d|\s?(?i:mg|mcg|ml|cc|units?|"
    r"u|kg|g|mmhg|hrs?|mins?|cm|mm|calories|kcal|people|patients|cases|deaths)\b)"
    r"|\b(?:mi|cabg|cva|ptca|avr|mvr|tia|dvt|aaa|tah|bso|stent|repair|redo|ablation|ppm|aicd|appy|chole|"
    r"cholecystectomy|mastectomy|nephrectomy|hysterectomy|thyroidectomy|amputation|craniotomy)\s+"
    r"(?:in\s+)?'?(\d{2})\b(?![\w/:%-]|\.\d)",
    re.IGNORECASE,
)
# What labels a date as a date of birth: "DOB", "d.o.b.", "date of birth", "born (on the)", "b."
# (not "newborn", nor "Hep B.").
_DOB_CONTEXT = re.compile(r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|born(?:\s+on)?(?:\s+the)?|(?-i:b)\.)\s*[:\-]?\s*$",
                          re.IGNORECASE)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening|week)|last\s+(?:night|week|month)|"
    r"(?:last|this|on|next)\s+" + _WEEKDAY + r"|" + _WEEKDAY + r"\s+(?:night|morning|afternoon|evening)|"
    r"(?:on\s+)?(?:christmas\s+(?:eve|day)|boxing\s+day|new\s+year'?s\s+(?:eve|day)|easter\s+(?:sunday|monday)|"
    r"bonfire\s+night|valentine'?s\s+day|halloween|bank\s+holiday\s+monday)|"
    r"(?:\d{1,2}|a|two|three|few)\s+(?:days?|weeks?|hours?)\s+ago)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s?(?:am|pm|a\.m\.|p\.m\.|hrs|h)\b)?(?![\d.:])"
    r"|\b(?:1[0-2]|0?[1-9])\s?(?:am|pm|a\.m\.|p\.m\.)"
    r"|\b(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|hours|h)\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b(\d{1,3})\s?(?:yo|y/o|y\.o\.?|yrs?(?:\s+old)?|years?(?:\s+old)?|-year-old|\s?year-old)\b"
    r"|\b(\d{1,3})\s?([MF])\b(?=[\s,.;:)]|$)"
    r"|\b(?:aged|age|ages)\s+(\d{1,3})\b"
    r"|\bin\s+(?:his|her|their)\s+(?:early\s+|mid\s+|late\s+|mid-)?(\d0)'?s\b",
    re.IGNORECASE,
)


# Words just before a date that make it the day of someone's care ("admitted 12/03", "DOA 4th", "attended on
# Monday 3rd"): such a date is marked `admission`.
_ADMISSION_WORDS = ("admit", "admission", "doa", "seen on", "attended", "discharged", "born")
ADMISSION_REACH = 30  # characters before the date


@finder(30)
def dates(text: str, country: str) -> Iterator[Signal]:
    for signal in _dates(text):
        yield _with_admission(text, signal) if signal.kind == "date" else signal


def _with_admission(text: str, signal: Signal) -> Signal:
    before = text[max(0, signal.start - ADMISSION_REACH) : signal.start].lower()
    if any(word in before for word in _ADMISSION_WORDS):
        return replace(signal, attrs={**signal.attrs, "admission": True})
    return signal


def _dates(text: str) -> Iterator[Signal]:
    digits = any(ch.isdigit() for ch in text)  # absolute dates, ordinals and years all need a digit
    if digits:
        yield from _absolute_dates(text)
    for match in _RELATIVE.finditer(text):
        yield Signal("relative-date", match.start(), match.end(), match.group(), "DATE")
    for match in _ORDINAL.finditer(text) if digits else ():
        if _NOUN_AFTER.match(text, match.end()):
            continue  # "the 4th ventricle", "the 2nd dose": an ordinal, not a day
        yield Signal("date", match.start(1), match.end(1), match.group(1), "DATE", 0.8, {"precision": "day"})
    for match in _MONTH_ALONE.finditer(text):
        month = match.group(1)
        if month.lower() in ("may", "march", "mar") and not (month[0].isupper() and month[1:].islower()):
            continue  # "this MAY be", "on the march": words, not months
        yield Signal("date", match.start(1), match.end(1), month, "DATE", 0.8, {"precision": "month"})
    if digits:
        yield from _lone_years(text)


def _absolute_dates(text: str) -> Iterator[Signal]:
    """Whole dates, numeric or written; after "DOB" or "born", dates of birth."""
    for match in _DATE.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()]
        if _not_a_date(text, match, before):
            continue
        if _DOB_CONTEXT.search(before):
            yield Signal("date-of-birth", match.start(), match.end(), match.group(), "DATE OF BIRTH")
        else:
            year = _year(match.group())
            yield Signal("date", match.start(), match.end(), match.group(), "DATE",
                         attrs={"year": year} if year else {})


_YEAR_AT_END = re.compile(r"(?:^|\D)(\d{4})$|^\d{1,2}[/.-]\d{1,2}[/.-](\d{2})$")


def _year(value: str) -> int | None:
    """The year a whole date names, if it names one ("03/04/1952", "12/06/52", "3rd April 2024"); a two-digit
    year later than this year's is last century's."""
    match = _YEAR_AT_END.search(value.strip())
    if match is None:
        return None
    if match.group(1):
        return int(match.group(1))
    short, now = int(match.group(2)), datetime.now().year
    return 2000 + short if 2000 + short <= now else 1900 + short


def _not_a_date(text: str, match: re.Match[str], before: str) -> bool:
    """A lone n/n that is a fraction, a setting or a score rather than a day and month; any n/n/n before a "%"
    ("PSV 20/5/40 %": pressure support, PEEP and oxygen)."""
    value = match.group()
    if _PERCENT_AFTER.match(text, match.end()):
        return True
    return value.count("/") == 1 and bool(
        value in _FRACTIONS or _NOT_DATE_BEFORE.search(before) or _NOT_DATE_AFTER.match(text, match.end())
        or _setting_or_score(text, match.start(), match.end(), value))


def _lone_years(text: str) -> Iterator[Signal]:
    """Years on their own ("in 1992", "MI in '98"), unless they are clock times, volumes or feet."""
    for match in _YEAR_ALONE.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g))
        if not _clock_volume_or_feet(text, match, group):
            yield Signal("date", match.start(group), match.end(group), match.group(group), "DATE", 0.8,
                         {"precision": "year"})


def _clock_volume_or_feet(text: str, match: re.Match[str], group: int) -> bool:
    """Which _YEAR_ALONE group matched tells what else the number may be."""
    if group == 3:  # "from 2000 to 2400", "dumped 2000+": clock times and volumes
        return bool(_TIME_RANGE_NEAR.search(text, max(0, match.start() - 16), match.start())
                    or _CLOCK_AFTER.match(text, match.end()))
    return group == 2 and bool(_FEET_BEFORE.search(text, max(0, match.start() - 12), match.start()))  # "30'": feet


def _setting_or_score(text: str, start: int, end: int, value: str) -> bool:
    """10/5 on a ventilator and 3/10 for pain are settings and scores, not the 10th of May or 3rd of October."""
    first, second = (int(part) for part in value.split("/"))
    if second == 10 and first <= 10 and (_PAIN_NEAR.search(text, max(0, start - 30), start)
                                         or _PAIN_NEAR.search(text, end, end + 25)):
        return True
    return first <= 20 and second <= 15 and bool(_SETTINGS_NEAR.search(text, max(0, start - 25), end + 3))


@finder(30)
def times(text: str, country: str) -> Iterator[Signal]:
    for match in _TIME.finditer(text):
        yield Signal("time", match.start(), match.end(), match.group(), "TIME")


@finder(30)
def ages(text: str, country: str) -> Iterator[Signal]:
    for match in _AGE.finditer(text):
        years_text = match.group(1) or match.group(2) or match.group(4) or match.group(5)
        years = int(years_text)
        if years > 120:
            continue
        attrs: dict[str, object] = {"years": years}
        if match.group(3):
            attrs["sex"] = "female" if match.group(3).upper() == "F" else "male"
        if match.group(5):
            attrs["band"] = (years, years + 9)
        yield Signal("age", match.start(), match.end(), match.group(), "AGE", 1.0, attrs)
