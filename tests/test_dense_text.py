"""A long text dense with identifiers (issue 16, point 20): time grows linearly, findings share their guidance,
and the JSON is written a finding at a time, the same text as in one piece."""

from __future__ import annotations

import io
import json
import time

from bedside import check
from bedside.render import write_json

LINE = "Saw Mrs Edith Langley (NHS 943 476 5919) DOB 03/04/1952 tel 07700 900123. "


def _cpu_seconds(text: str) -> float:
    started = time.process_time()
    check(text)
    return time.process_time() - started


def test_checking_dense_text_grows_linearly() -> None:
    check(LINE)  # models and lexicons load once
    small = _cpu_seconds(LINE * 60)
    large = _cpu_seconds(LINE * 600)
    assert large < 15 * max(small, 0.05)  # ten times the text; quadratic work would cost a hundred times


def test_findings_of_a_dense_text_share_their_guidance_and_stream_as_json() -> None:
    report = check(LINE * 40)
    texts = {id(ref.text) for finding in report.findings for ref in finding.references}
    assert len(report.findings) > 100 and len(texts) < 10
    written = io.StringIO()
    write_json(report, written)
    assert written.getvalue() == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
