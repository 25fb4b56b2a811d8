"""citation: references to published work (a DOI, a PubMed or PMC id, a Cochrane review number). They are
nobody's identifiers, and they hold digit runs that other finders would take for hospital numbers or dates
("CD001704", "10.1002/14651858"); found here, they win the overlap and the rules pass them over."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_CITATION = re.compile(
    r"\b10\.\d{4,9}/[^\s\"'<>()\[\]]+"  # a DOI, to the next space or bracket
    r"|\bPMID:?\s*\d{4,9}\b|\bPMC\d{5,9}\b"  # PubMed and PubMed Central ids
    r"|\bCD\d{6}(?:\.pub\d{1,2})?\b",  # a Cochrane review
    re.IGNORECASE,
)


@finder(15)
def citations(text: str, country: str) -> Iterator[Signal]:
    if "10." not in text and not re.search(r"(?i)pmid|pmc\d|cd\d{6}", text):
        return
    for match in _CITATION.finditer(text):
        value = match.group().rstrip(".,;:")
        yield Signal("citation", match.start(), match.start() + len(value), value, "CITATION")
