"""The rules' fixes as the web pages say them: what to press on a page, not a command to type."""

from __future__ import annotations

import re

REPLY_PAGE = "“Write a compliant reply” on the Reply to a complaint page"
# The rules' fixes are written for the command line; the pages do these things themselves, so a finding
# shown there says what to press instead of a command to run.
ON_THE_PAGE = (
    (re.compile(r"`?bedside redact --image FILE(?:\.dcm)? -o CLEAN`? writes a copy"),
     "“Download the clean copy” on the Check an image page gives a copy"),
    (re.compile(r"\(`bedside reply --complaint FILE` drafts such a reply\)"), f"({REPLY_PAGE} drafts one)"),
    (re.compile(r"Use `bedside reply --complaint FILE` to draft"), f"Use {REPLY_PAGE} to draft"),
)


def for_the_page(fix: str) -> str:
    """A rule's fix as the web app says it: what to press on a page rather than a command to type."""
    for pattern, words in ON_THE_PAGE:
        fix = pattern.sub(words, fix)
    return fix
