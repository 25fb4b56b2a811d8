"""The command line's contracts: output formats, exit codes 0/1/2, one-line errors, scan's JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run_cli

CASE = "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F, DOB 03/04/1952"
Fixtures = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Fixtures:
    return capsys, monkeypatch


def test_check_text_reports_and_exits_1(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", CASE)
    assert result.code == 1
    assert "DO-NOT-POST" in result.out
    assert "CONF001" in result.out
    assert "guidance:" in result.out and "fix:" in result.out


def test_check_clean_text_exits_0(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "Brilliant journal club on heart failure tonight")
    assert result.code == 0
    assert "OK" in result.out


def test_check_json_from_stdin(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "-", "--format", "json", stdin=CASE.encode())
    data = json.loads(result.out)
    assert result.code == 1
    assert data["verdict"] == "do-not-post"
    assert any(f["text"] == "943 476 5919" and f["code"] == "CONF001" for f in data["findings"])
    assert "[NHS NUMBER]" in data["redacted"]


def test_check_reads_a_file(cli: Fixtures, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(CASE, encoding="utf-8")
    result = run_cli(*cli, "check", str(draft), "--format", "json")
    assert json.loads(result.out)["verdict"] == "do-not-post"


def test_fail_on_do_not_post_and_ignore(cli: Fixtures) -> None:
    assert run_cli(*cli, "check", CASE, "--fail-on", "do-not-post").code == 1
    assert run_cli(*cli, "check", CASE, "--ignore", "CONF").code == 0


def test_allow_option(cli: Fixtures) -> None:
    text = "Patient seen today; ring me on 01872 250000"
    result = run_cli(*cli, "check", text, "--format", "json", "--allow", "01872 250000")
    assert not any(f["text"] == "01872 250000" for f in json.loads(result.out)["findings"])


def test_redact_prints_the_safe_text(cli: Fixtures) -> None:
    result = run_cli(*cli, "redact", CASE)
    assert result.code == 0
    assert "[NHS NUMBER]" in result.out and "943 476 5919" not in result.out


def test_scan_jsonl(cli: Fixtures) -> None:
    lines = [
        {"id": "a", "text": CASE},
        {"id": "b", "text": "Lovely walk by the sea"},
        {"id": "c", "text": "pt in bed 4 NHS 943 476 5919", "audience": "group"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines).encode()
    result = run_cli(*cli, "scan", "--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["verdict"] == "do-not-post" and out[1]["verdict"] == "ok"
    finding = out[0]["findings"][0]
    assert set(finding) == {"code", "category", "severity", "start", "end", "text", "message"}
    assert result.code == 1


def test_scan_speaks_only_json_lines(cli: Fixtures) -> None:
    result = run_cli(*cli, "scan", "--no-jsonl", stdin=b'{"id": 1, "text": "fine"}\n')
    assert result.code == 2 and "JSON lines only" in result.err and "bedside check" in result.err
    assert result.out == ""


def test_scan_reports_bad_lines_and_carries_on(cli: Fixtures) -> None:
    stdin = b'{"id": 1, "text": "fine"}\nnot json\n{"id": 2, "text": "ok", "audience": "everyone"}\n'
    result = run_cli(*cli, "scan", "--jsonl", stdin=stdin)
    assert result.code == 2
    out = [json.loads(line) for line in result.out.splitlines()]  # one answer a line, errors in their place
    assert [o["id"] for o in out] == [1, None, 2]
    assert "verdict" in out[0] and "error" in out[1] and "audience" in out[2]["error"]
    assert "line 2" in result.err and "line 3" in result.err


def test_scan_answers_each_line_with_its_own_id_after_a_bad_line(cli: Fixtures) -> None:
    lines = [{"id": 1, "text": "fine"}, {"id": 2, "text": "ok", "profession": "astronaut"},
             {"id": 3, "text": CASE}, "not an object", {"id": 4, "text": "Lovely walk by the sea"}]
    stdin = "\n".join(json.dumps(line) for line in lines).encode()
    result = run_cli(*cli, "scan", "--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [(o["id"], o.get("verdict", "error")) for o in out] == [(1, "ok"), (2, "error"), (3, "do-not-post"),
                                                                    (None, "error"), (4, "ok")]
    assert "line 2" in result.err and "line 4" in result.err
    assert result.code == 2


def test_rules_and_rule(cli: Fixtures) -> None:
    listed = run_cli(*cli, "rules")
    assert listed.code == 0 and "CONF001" in listed.out
    data = json.loads(run_cli(*cli, "rules", "--format", "json").out)
    assert any(r["code"] == "CONF001" for r in data["rules"])
    shown = run_cli(*cli, "rule", "CONF001")
    for heading in ("What it flags", "Why it matters", "Example", "Fix", "Guidance"):
        assert heading in shown.out


def test_version(cli: Fixtures) -> None:
    result = run_cli(*cli, "--version")
    assert result.code == 0 and result.out.startswith("bedside ")


@pytest.mark.parametrize(
    "args",
    [
        ("rule", "NOPE999"),
        ("check", ""),
        ("check", "x", "--audience", "everyone"),
        ("check", "x", "--format", "xml"),
        ("check", "x", "--created-at", "yesterday-ish"),
        ("check", "x", "--image", "/no/such/image.png"),
        ("check", "x", "--fail-on", "sometimes"),
        ("nosuchcommand",),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Fixtures, args: tuple[str, ...]) -> None:
    result = run_cli(*cli, *args)
    assert result.code == 2
    assert "Traceback" not in result.err + result.out
    assert result.err.strip()
