"""jigsaw: how many people could the details of a post describe?

`signals[JIGSAW]` -> Estimate | None (None when the post has fewer than two kinds of quasi-identifier).

expected matches = people in the place
                   x share of them in the age band            (local authority profile, ONS/NRS/NISRA)
                   x share of that sex in that age group      (Census 2021 by local authority)
                   x prevalence of the rarest condition       (Orphanet class, upper end; or a default)
                   x share with the occupation / identity / family detail (lexicons)
                   x holders of a local role or event / people in the place (the mayor: 1 in the town)
                   x yearly rate of the rarest event x window (a day for "today", a week...; a year if unsaid)
and at most 1 when the post itself says the case is unique ("the only ...", "first ever").
Every factor keeps the span of the words it came from, so the arithmetic can be shown and each detail
generalised. Missing data gets the documented defaults below, chosen on the side of more people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bedside.signals import Signals, extractor
from bedside.signals.geo import gazetteer
from bedside.signals.keys import JIGSAW, QUASI
from bedside.signals.quasi import Detail, describes_a_case

# People in a place with no population figure, by settlement type (rounded medians for England and
# Wales built-up areas; generous, so a missing figure never makes a post look rarer than it is).
SETTLEMENT_DEFAULTS = {
    "postcode": 40, "hamlet": 150, "other-settlement": 500, "village": 1_000, "locality": 2_000,
    "suburban-area": 10_000,
    "postcode-district": 15_000, "town": 20_000, "world-city": 50_000, "city": 250_000,
    "local-authority": 150_000, "county": 500_000, "region": 5_000_000, "us-state": 5_000_000,
    "country": 10_000_000,
}
GP_LIST_SIZE = 9_500  # mean registered patients per GP practice in England (NHS Digital, 2023)
HOSPITAL_CATCHMENT = 500_000  # a district general hospital's population when its area is unknown
DAYS_PER_YEAR = 365.0
SHARED_KINDS = ("condition", "occupation", "identity", "family")


@dataclass(frozen=True)
class Factor:
    """One multiplier of the estimate and the words it came from."""

    kind: str
    label: str  # as shown: "Mousehole (pop. ~1,000)", "age 30-39 (~11%)"
    value: float  # people for the base, a share or a rate x window for the others
    start: int
    end: int
    text: str
    general: str = ""  # a vaguer way to say it


@dataclass(frozen=True)
class Estimate:
    expected: float
    base: Factor
    factors: tuple[Factor, ...]
    national: float  # people in the post's country: the base when no place is given
    unique: Detail | None = None
    case: bool = False

    def breakdown(self) -> str:
        parts = [self.base.label] + [f.label for f in self.factors]
        if self.unique is not None:
            parts.append(f'"{self.unique.text}" (at most 1)')
        return " x ".join(parts)

    def without(self, dropped: set[int]) -> float:
        """Expected matches if the factors at these positions (0 = the place) were left out."""
        value = self.national if 0 in dropped else self.base.value
        for index, f in enumerate(self.factors, start=1):
            if index not in dropped:
                value *= f.value
        return value


def approx(number: float) -> str:
    """~1,000 / ~0.001: one or two significant figures, never scientific notation."""
    if number >= 10:
        digits = max(0, math.floor(math.log10(number)) - 1)
        return f"~{round(number, -digits):,.0f}"
    if number >= 1:
        return f"~{number:.1f}".replace(".0", "")
    if number < 0.001:
        return "<0.001"
    places = -math.floor(math.log10(number))
    return f"~{number:.{places}f}"


def one_in(share: float) -> str:
    return f"~{share * 100:.0f}%" if share >= 0.01 else f"~1 in {approx(1 / share)[1:]}"


def _place_people(d: Detail) -> tuple[float, str]:
    """People in a place or an organisation's area, and the local authority whose profile applies."""
    gaz = gazetteer()
    kind, area = str(d.attrs.get("type", "")), str(d.attrs.get("area", ""))
    if d.kind == "organisation":
        if kind == "gp":
            return GP_LIST_SIZE, area
        return (float(gaz.las[area][1]) if area in gaz.las else HOSPITAL_CATCHMENT), area
    population = d.attrs.get("population")
    if population:
        return float(population), area
    return float(SETTLEMENT_DEFAULTS.get(kind, SETTLEMENT_DEFAULTS["town"])), area


def _age_share(profile: list[object], low: int, high: int) -> float:
    bands: list[float] = profile[2]  # type: ignore[assignment]
    share = 0.0
    for index, band_share in enumerate(bands):
        band_low, band_high = index * 10, (index * 10 + 9 if index < 9 else 104)
        overlap = min(high, band_high) - max(low, band_low) + 1
        if overlap > 0:
            share += band_share * overlap / (band_high - band_low + 1)
    return min(1.0, share)


def _male_share(profile: list[object], low: int | None) -> float:
    shares: list[float] = profile[3]  # type: ignore[assignment]
    if low is None:
        return sum(shares) / len(shares)
    return shares[0] if low < 20 else shares[1] if low < 65 else shares[2]


def _country_people(country: str) -> tuple[float, str]:
    """The population of the post's country (the UK's age and sex profile stands in for others)."""
    gaz = gazetteer()
    if country in ("GB", "UK") or country not in gaz.countries:
        return float(gaz.national[1]), "the UK"
    name, population = gaz.countries[country]
    return float(population), str(name)


def _base(details: list[Detail], national: list[object], country: str) -> tuple[Factor, list[object]]:
    gaz = gazetteer()
    located = [(d, *_place_people(d)) for d in details if d.kind in ("place", "organisation")]
    if not located:
        people, name = _country_people(country)
        return Factor("place", f"{name} (pop. {approx(people)[1:]})", people, -1, -1, "", ""), national
    d, people, area = min(located, key=lambda item: item[1])
    profile = gaz.area(area)
    estimated = "" if d.attrs.get("population") or (d.kind == "organisation" and area in gaz.las) else ", default"
    label = f"{d.text} (pop. {approx(people)}{estimated})"
    wider = str(profile[0]) if profile is not national and str(profile[0]) != d.text else "the region"
    return Factor("place", label, people, d.start, d.end, d.text, f"in {wider}"), profile


def estimate(details: list[Detail], text: str, country: str = "GB") -> Estimate | None:
    kinds = {d.kind for d in details if d.kind != "unique"}
    if len(kinds) < 2:
        return None
    national = gazetteer().national
    base, profile = _base(details, national, country)
    factors: list[Factor] = []
    ages = [d for d in details if d.kind == "age"]
    age = next((d for d in ages if d.label.startswith("age ")), ages[0] if ages else None)
    low: int | None = None
    if age is not None:
        low, high = int(age.attrs["low"]), int(age.attrs["high"])
        share = _age_share(profile, low, high)
        name = age.label if age.label.startswith("age") else f"{age.label} ({low}-{high})"
        factors.append(Factor("age", f"{name} ({one_in(share)})", share, age.start, age.end, age.text,
                              str(age.attrs.get("general", ""))))
    sex = next((d for d in details if d.kind == "sex"), None)
    if sex is not None:
        male = _male_share(profile, low)
        share = male if sex.label == "male" else 1 - male
        factors.append(Factor("sex", f"{sex.label} ({one_in(share)})", share, sex.start, sex.end, sex.text, ""))
    for kind in SHARED_KINDS:
        chosen = min((d for d in details if d.kind == kind and d.share), key=lambda d: d.share or 1.0, default=None)
        if chosen is None or (kind == "occupation" and low is not None and low < 16):
            continue
        share = float(chosen.share or 1.0)
        if kind == "condition":
            low_share = float(chosen.attrs["low"])
            spread = one_in(share)
            if low_share < share / 1.5:
                spread = f"~1 in {approx(1 / share)[1:]}-{approx(1 / low_share)[1:]}"
            label = f"{chosen.label} ({spread})"
        else:
            label = f"{chosen.label or chosen.text} ({one_in(share)})"
        factors.append(Factor(kind, label, share, chosen.start, chosen.end, chosen.text,
                              str(chosen.attrs.get("general", ""))))
    role = min((d for d in details if d.kind == "local-role"), key=lambda d: _holders(d, base.value), default=None)
    if role is not None:
        holders = _holders(role, base.value)
        factors.append(Factor("local-role", f'"{role.text}", {role.label} (~{approx(holders)[1:]} in '
                              f"{base.text or 'the area'})", min(1.0, holders / base.value), role.start, role.end,
                              role.text, str(role.attrs.get("general", ""))))
    _time_and_event(details, factors)
    expected = base.value * math.prod(f.value for f in factors)
    unique = next((d for d in details if d.kind == "unique"), None)
    case = describes_a_case(text, details)
    if unique is not None and case:
        expected = min(expected, 1.0)
    return Estimate(expected, base, tuple(factors), _country_people(country)[0], unique if case else None, case)


def _holders(role: Detail, people: float) -> float:
    """People a local role points to: a fixed few (the mayor), or a share of the place (councillors)."""
    if role.share:
        return max(1.0, role.share * people)
    return float(role.attrs.get("holders", 1))


def _time_and_event(details: list[Detail], factors: list[Factor]) -> None:
    times = [d for d in details if d.kind == "time"]
    window = min((float(d.attrs.get("window_days") or 1.0) for d in times), default=DAYS_PER_YEAR)
    event = min((d for d in details if d.kind == "event" and d.share), key=lambda d: d.share or 1.0, default=None)
    if event is not None:
        rate = float(event.share or 1.0)
        factors.append(Factor("event", f"{event.text} ({one_in(rate)} a year)", rate, event.start, event.end,
                              event.text, str(event.attrs.get("general", ""))))
    if times:
        time = min(times, key=lambda d: float(d.attrs.get("window_days") or 1.0))
        share = window / DAYS_PER_YEAR if event is not None else 1.0
        days = "a day" if window <= 1 else f"{window:.0f} days"
        known = "a known day" if window <= 1 else "a known time"
        note = f"{days} of a year" if event is not None else f"pins it to {known}"
        factors.append(Factor("time", f"{time.text} ({note})", share, time.start, time.end, time.text,
                              "recently" if window < 30 else "this year"))


@extractor(JIGSAW)
def jigsaw(signals: Signals) -> Estimate | None:
    return estimate(signals[QUASI], signals.post.text, signals.post.country)
