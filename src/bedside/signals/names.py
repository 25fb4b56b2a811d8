"""Person names. A title followed by capitalised words ("Mrs Edith Langley", "Dr Patel") is a name;
`role` says whether the title marks a clinician."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedside.signals import Signal
from bedside.signals.identifiers import finder

_CLINICIAN_TITLES = {"dr", "doctor", "prof", "professor", "nurse", "sister", "consultant"}
_TITLED = re.compile(
    r"\b(?P<title>mr|mrs|ms|miss|mx|master|dr|doctor|prof|professor|nurse|sister|consultant)\.?\s+"
    r"(?P<name>(?:[A-Z][a-z'’-]+|[A-Z]\.?)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.))*|[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?)",
    re.IGNORECASE,
)


@finder(40)
def titled_names(text: str, country: str) -> Iterator[Signal]:
    for match in _TITLED.finditer(text):
        name = match.group("name")
        if not name[0].isupper():
            continue
        role = "clinician" if match.group("title").lower() in _CLINICIAN_TITLES else "person"
        yield Signal("name", match.start(), match.end("name"), match.group(), "NAME", 0.9, {"role": role})
