"""citation: references to published work (a DOI, a PubMed or PMC id, a Cochrane review number, an author and
year with "et al.", a journal and year in brackets). They are nobody's identifiers, and they hold digit runs and
names that other finders would take for hospital numbers, dates or patients ("CD001704", "10.1002/14651858",
"O'Dowd, 'Five years of heartsink patients' (BMJ 1988)"); found here, they win the overlap and the rules pass
them over."""

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


# Journals a clinician cites by name in brackets with the year: "(BMJ 1988)", "(N Engl J Med, 2019)".
_JOURNALS = ("BMJ|Lancet|NEJM|N\\s?Engl\\s?J\\s?Med|JAMA|BJGP|Br\\s?J\\s?Gen\\s?Pract|Nature|Science|PLoS|Cochrane|"
             "Ann\\s?Intern\\s?Med|Arch\\s?Dis\\s?Child|Anaesthesia|Resuscitation|Thorax|Gut|Heart|Circulation|"
             "Pediatrics|Emerg\\s?Med\\s?J|EMJ|BJA|Br\\s?J\\s?Anaesth|Age\\s?Ageing|J\\s?Med\\s?Ethics|Med\\s?Educ")
_AUTHOR = r"[A-Z][A-Za-z'\u2019\-]+"
_YEAR = r"(?:19|20)\d{2}[a-z]?"
_REFERENCE = re.compile(
    # An author, a quoted title and the journal with its year: "Groves, 'Taking care of …' (NEJM 1978)".
    rf"(?:\b{_AUTHOR}(?:\s+et\s+al\.?)?,?\s+)?(?:['\u2018\"\u201c][^'\u2019\"\u201d\n]{{3,200}}['\u2019\"\u201d]\s*)?"
    rf"\((?:{_JOURNALS})\b[^()\n]{{0,40}}?\b{_YEAR}\b[^()\n]{{0,24}}\)"
    # "Smith et al. (2019)", "Smith et al., 2019", "(Smith and Jones, 2019)".
    rf"|\b{_AUTHOR}\s+et\s+al\.?,?\s+\(?{_YEAR}\)?"
    rf"|\(\s*{_AUTHOR}\s+(?:and|&)\s+{_AUTHOR},?\s+{_YEAR}\s*\)"
)


@finder(15)
def citations(text: str, country: str) -> Iterator[Signal]:
    if "10." in text or re.search(r"(?i)pmid|pmc\d|cd\d{6}", text):
        for match in _CITATION.finditer(text):
            value = match.group().rstrip(".,;:")
            yield Signal("citation", match.start(), match.start() + len(value), value, "CITATION")
    if "(" in text or "et al" in text:
        for match in _REFERENCE.finditer(text):
            yield Signal("citation", match.start(), match.end(), match.group(), "CITATION")
