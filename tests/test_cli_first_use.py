"""What a first-time user runs into: typos are errors that list the valid choices (never a quiet OK), the
README's examples work as printed, usage mistakes read as plain words, defamation triage reads the
statement, the web pages say what they do themselves, and scan answers every line in its place."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from bedside import Post, check
from bedside.commands._common import looks_like_path
from bedside.defamation import assess, read_statement
from bedside.model import InputError, profession_of
from bedside.packs import select_pack
from bedside.rules import all_rules
from bedside.web import create_app
from bedside.web.fixes import for_the_page
from cli_helpers import run_cli

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FINDINGS_JS = ROOT / "src" / "bedside" / "web" / "static" / "findings.js"
TOKEN = "test-token"
AUTH = {"X-Bedside-Token": TOKEN}
CASE = "Saw Mrs Edith Langley (NHS 943 476 5919) from Truro today, 72F"
Fixtures = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Fixtures:
    monkeypatch.chdir(tmp_path)  # no settings file of the project's own is read
    return capsys, monkeypatch


# 10. Typos are errors naming the valid choices


@pytest.mark.parametrize("args", [("--select", "CONF01"), ("--ignore", "CONF0X"), ("--ignore", "PORF")])
def test_an_unknown_rule_code_is_an_error_not_a_quiet_ok(cli: Fixtures, args: tuple[str, str]) -> None:
    result = run_cli(*cli, "check", CASE, *args)
    assert result.code == 2 and "OK" not in result.out
    assert args[1] in result.err and "CONF001" in result.err and "PROF" in result.err  # the valid choices


def test_a_typo_suggests_the_nearest_code(cli: Fixtures) -> None:
    assert "did you mean CONF001?" in run_cli(*cli, "check", CASE, "--select", "CONF01").err


@pytest.mark.parametrize("prefix", ["CONF", "conf", "PROF00", "CONF001"])
def test_codes_and_prefixes_still_select(cli: Fixtures, prefix: str) -> None:
    assert run_cli(*cli, "check", "Lovely walk by the sea", "--select", prefix).code == 0


def test_an_unknown_code_in_the_settings_file_is_an_error(cli: Fixtures, tmp_path: Path) -> None:
    (tmp_path / "bedside.toml").write_text('ignore = ["PROF07"]\n', encoding="utf-8")
    result = run_cli(*cli, "check", "Lovely walk by the sea")
    assert result.code == 2 and "PROF07" in result.err and "settings" in result.err


@pytest.mark.parametrize("command", [("check", "hello"), ("redact", "hello"), ("rules",), ("rule", "CONF001"),
                                     ("reply", "--complaint", "Rude staff, waited an hour")])
def test_an_unknown_country_is_an_error_listing_the_known_ones(cli: Fixtures, command: tuple[str, ...]) -> None:
    result = run_cli(*cli, *command, "--country", "XX")
    assert result.code == 2
    assert "'XX'" in result.err and "GB" in result.err and "IE" in result.err and "US" in result.err
    assert not result.out


def test_a_missing_file_is_an_error_not_text_to_check(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "nosuchfile.txt")
    assert result.code == 2 and "nosuchfile.txt is not a file" in result.err and "OK" not in result.out


def test_a_folder_is_not_text_to_check(cli: Fixtures, tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    result = run_cli(*cli, "check", "drafts/")
    assert result.code == 2 and "folder" in result.err


def test_reply_to_a_missing_complaint_file_writes_nothing(cli: Fixtures) -> None:
    result = run_cli(*cli, "reply", "--complaint", "complant.txt")
    assert result.code == 2 and "complant.txt is not a file" in result.err
    assert result.out == ""


def test_profile_and_reply_to_files_are_checked_too(cli: Fixtures) -> None:
    assert run_cli(*cli, "check", "hello", "--reply-to", "review.txt").code == 2


@pytest.mark.parametrize(("value", "path"), [
    ("nosuchfile.txt", True), ("notes/draft", True), ("~/drafts/post.md", True), ("scan.DCM", True),
    ("C:\\posts\\draft", True), ("24/7", False), ("03/04/1952", False), ("https://example.org/a.html", False),
    ("Lovely day.", False), ("see draft.txt tomorrow", False), ("e.g.", False), ("5.30pm", False), ("", False),
])
def test_what_looks_like_a_path(value: str, path: bool) -> None:
    assert looks_like_path(value) is path


def test_text_that_merely_mentions_a_date_or_link_is_still_checked(cli: Fixtures) -> None:
    assert run_cli(*cli, "check", "24/7").code == 0
    assert run_cli(*cli, "check", "https://example.org/journal-club").code == 0


# 11. The README's examples work as printed


def _readme_settings() -> str:
    found = re.search(r"```toml\n(.*?)```", README, re.DOTALL)
    assert found, "the README shows a bedside.toml"
    return found.group(1)


def test_the_readme_settings_example_works_as_printed(cli: Fixtures, tmp_path: Path) -> None:
    (tmp_path / "bedside.toml").write_text(_readme_settings(), encoding="utf-8")
    result = run_cli(*cli, "check", "Lovely walk by the sea")
    assert result.code == 0, result.err
    assert "warning" in result.err and "our-packs" in result.err  # not created yet: said, not fatal
    (tmp_path / "our-packs").mkdir()  # as the README shows
    child = tmp_path / "sub"
    child.mkdir()
    cli[1].chdir(child)  # a relative folder is found beside bedside.toml, wherever bedside runs
    result = run_cli(*cli, "rules")
    assert result.code == 0 and "warning" not in result.err


def test_the_readme_says_how_to_reach_the_command_and_keeps_two_commands() -> None:
    fresh = README.split("## On a fresh machine", 1)[1].split("## Usage", 1)[0]
    assert re.findall(r"^make \w+", fresh, re.MULTILINE) == ["make run", "make test"]
    assert ".venv/bin/bedside" in fresh and "source .venv/bin/activate" in fresh


# 12. Plain words, never an exception's name


@pytest.mark.parametrize(("args", "words"), [
    ((), "Usage"),
    (("rule",), "Missing argument"),
    (("nosuch",), "No such command"),
    (("check", "--nope", "x"), "No such option"),
])
def test_usage_mistakes_are_plain_words(cli: Fixtures, args: tuple[str, ...], words: str) -> None:
    result = run_cli(*cli, *args)
    both = result.out + result.err
    assert result.code == 2 and words in both
    for internal in ("NoArgsIsHelpError", "MissingParameter", "UsageError", "NoSuchOption", "Traceback"):
        assert internal not in both


def test_an_unknown_command_lists_the_commands(cli: Fixtures) -> None:
    err = run_cli(*cli, "nosuch").err
    assert "check" in err and "reply" in err and "serve" in err


def test_defamation_reads_the_statement(cli: Fixtures) -> None:
    result = run_cli(*cli, "defamation", "--no-input", "--format", "json",
                     "--statement", "Dr Patel is a butcher who killed my mum")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    answers = data["answers"]
    assert (answers["claimant"], answers["gravity"], answers["author"]) == ("individual", "competence", "patient")
    assert "died" in data["read_from_statement"]["gravity"] and "Dr Patel" in data["read_from_statement"]["claimant"]
    reasons = " ".join(data["serious_harm_reasons"])
    assert "service" not in reasons and "trading for profit" not in reasons  # not a business's service complaint
    assert "gravest" in reasons and "not known" in reasons  # the death counts; the reach is assumed, and said so
    assert "how widely it was published" in data["not_judged"]
    assert "whether it could be shown to be true" in data["not_judged"]
    assert "who is criticised (a person, a business or a public body)" not in data["not_judged"]


def test_defamation_text_says_what_it_cannot_judge(cli: Fixtures) -> None:
    out = run_cli(*cli, "defamation", "--no-input", "--statement", "Dr Patel is a butcher who killed my mum").out
    assert "Read from the statement:" in out and "Not answered, so not judged" in out


def test_interactive_questions_offer_what_the_statement_shows(cli: Fixtures) -> None:
    answers = ["Dr Patel is a butcher who killed my mum"] + [""] * 11  # Enter accepts each offered answer
    result = run_cli(*cli, "defamation", "--interactive", stdin=("\n".join(answers) + "\n").encode())
    assert result.code == 0, result.err
    assert "[individual]" in result.out and "[competence]" in result.out  # offered, not "business"/"service"
    assert "Serious harm: possible" in result.out


def test_given_answers_win_over_the_statement() -> None:
    triage = assess({"statement": "Dr Patel killed my mum", "claimant": "business", "reach": "wide"},
                    select_pack("GB", "doctor"))
    assert triage.answers["claimant"] == "business" and "claimant" not in triage.read_from_statement
    assert "how widely it was published" not in triage.not_judged


@pytest.mark.parametrize(("statement", "expected"), [
    ("The receptionists at this surgery are rude and I waited two hours", {"claimant": "business",
                                                                          "gravity": "service"}),
    ("Nurse Jones stole from my dad", {"claimant": "individual", "gravity": "crime", "author": "patient"}),
    ("In my opinion the hospital was useless", {"claimant": "public-body", "kind": "opinion"}),
    ("", {}),
])
def test_read_statement(statement: str, expected: dict[str, str]) -> None:
    read = read_statement(statement)
    assert {key: reading.value for key, reading in read.items() if key in expected} == expected


def test_the_defamation_country_is_checked_before_any_question(cli: Fixtures) -> None:
    result = run_cli(*cli, "defamation", "--interactive", "--country", "XX", stdin=b"")
    assert result.code == 2 and "'XX'" in result.err and "What was said" not in result.out


# 14. The web app


@pytest.fixture
def client() -> Any:
    with TestClient(create_app(token=TOKEN), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def test_the_check_page_offers_every_kind_the_engine_takes(client: TestClient) -> None:
    from bedside.model import KINDS

    page = client.get("/").text
    assert all(f'value="{kind}"' in page for kind in KINDS)
    data = client.post("/api/check", headers=AUTH, json={
        "text": "Hi doctor, it's Jenny from your Tuesday clinic - would love to connect!",
        "kind": "friend-request"}).json()
    assert any(f["code"] == "BOUN001" for f in data["findings"])


def test_no_fix_on_a_page_tells_the_user_to_run_a_command(client: TestClient) -> None:
    for rule in all_rules():
        shown = for_the_page(rule.fix)
        assert "`" not in shown and not re.search(r"bedside (redact|reply|check|scan|audit) ", shown), rule.code
    assert "Download the clean copy" in for_the_page(next(r for r in all_rules() if r.code == "CONF004").fix)
    data = client.post("/api/check", headers=AUTH, json={
        "text": "We saw you on Tuesday and your blood results were normal.", "kind": "reply",
        "reply_to": "1 star. Rude receptionist at Example Surgery, waited an hour."}).json()
    fixes = [f["fix"] for f in data["findings"] if f["code"].startswith("COMP")]
    assert fixes and all("Write a compliant reply" in fix and "`" not in fix for fix in fixes)
    rules = client.get("/api/rules", headers=AUTH).json()["rules"]
    assert not any("`" in rule["fix"] for rule in rules)


def test_the_guidance_page_does_not_name_commands_either(client: TestClient) -> None:
    assert "bedside reply --complaint" not in client.get("/guidance").text


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_findings_are_grouped_under_the_paragraph_they_rest_on() -> None:
    shared = {"source": "GMC, Using social media (2024)", "paragraph": "Patient confidentiality",
              "text": "Do not share what could identify a patient."}
    other = {"source": "GMC, Good medical practice (2024)", "paragraph": "para 1", "text": "Be kind."}
    report = {"findings": [
        {"code": "CONF001", "category": "patient-identifier", "severity": "do-not-post", "message": "A name",
         "text": "Mrs A", "references": [shared], "start": 0, "end": 5},
        {"code": "CONF001", "category": "patient-identifier", "severity": "do-not-post", "message": "A date",
         "text": "3/4", "references": [shared, other], "start": 6, "end": 9},
        {"code": "PROF001", "category": "derogatory", "severity": "review", "message": "Unkind",
         "text": "silly", "references": [other]},
        {"code": "CONF001", "category": "patient-identifier", "severity": "review", "message": "A place",
         "text": "Truro", "references": [shared], "start": 10, "end": 15},
        {"code": "CHAN001", "category": "private-channel", "severity": "info", "message": "No guidance",
         "references": []},
    ], "redactions": []}
    shown = _render_in_node(report)
    assert shown["findings"] == 5
    assert shown["guidance"].count(shared["text"]) == 1 and shown["guidance"].count(other["text"]) == 1
    assert shown["groups"] == [3, 1]  # the three confidentiality findings under one paragraph, in order


def _render_in_node(report: dict[str, Any]) -> dict[str, Any]:
    """findings.render on a small stand-in for the DOM: how many finding cards, guidance texts, and the
    number of cards in each group."""
    script = r"""
const fs = require("fs"), vm = require("vm");
class Node {
  constructor(tag) { this.tag = tag; this.children = []; this.className = ""; }
  append(...c) { this.children.push(...c); }
  replaceChildren(...c) { this.children = c; }
  setAttribute() {}
  addEventListener() {}
  get text() { return this.children.map((c) => (typeof c.data === "string" ? c.data : c.text)).join(""); }
}
globalThis.document = { createElement: (t) => new Node(t), createTextNode: (s) => ({ data: s }) };
globalThis.bedside = { el(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props || {});
  for (const c of children) if (c !== null && c !== undefined && c !== false)
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
} };
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8") + "\nglobalThis.findingsModule = findings;");
const list = new Node("ol");
findingsModule.render(list, JSON.parse(process.argv[2]), null);
const all = [];
const walk = (n) => { if (n && n.children) { all.push(n); n.children.forEach(walk); } };
walk(list);
const groups = list.children.filter((c) => c.className === "guidance-group")
  .map((g) => g.children.find((c) => c.tag === "ol").children.length);
console.log(JSON.stringify({
  findings: all.filter((n) => n.className.startsWith("finding ")).length,
  guidance: all.filter((n) => n.className === "guidance").map((n) => n.text).join("|"),
  groups,
}));
"""
    done = subprocess.run(["node", "-e", script, str(FINDINGS_JS), json.dumps(report)], capture_output=True,
                          text=True, check=True, timeout=60)
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize(("host", "promise"), [("127.0.0.1", True), ("0.0.0.0", False)])
def test_serve_only_promises_privacy_on_loopback(cli: Fixtures, host: str, promise: bool) -> None:
    import socket

    cli[1].setattr(uvicorn.Server, "run", lambda self: None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli(*cli, "serve", "--host", host, "--port", str(port), "--no-browser")
    assert result.code == 0
    assert ("Nothing leaves this machine" in result.out) is promise
    if not promise:
        assert "Other machines on the network can reach it" in result.out


# 15. Professions, and scan answering every line


@pytest.mark.parametrize(("profession", "pack"), [
    ("paramedic", "hcpc"), ("physiotherapist", "hcpc"), ("Pharmacist", "gphc"), ("dentist", "gdc"),
    ("midwife", "nmc"), ("student", "gmc"), ("practice manager", "uk-practice"), ("allied-health", "hcpc"),
])
def test_professions_users_have_resolve_to_their_pack(profession: str, pack: str) -> None:
    assert select_pack("GB", profession).id == pack
    assert check(Post(text="Lovely day", profession=profession)).pack == pack  # type: ignore[arg-type]


def test_an_unknown_profession_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="one of doctor, nurse, midwife, allied-health, pharmacist, dentist"):
        profession_of("astronaut")


def test_the_new_packs_cite_their_regulators_guidance(cli: Fixtures) -> None:
    result = run_cli(*cli, "rule", "CONF001", "--profession", "pharmacist")
    assert result.code == 0 and "General Pharmaceutical Council" in result.out
    result = run_cli(*cli, "rule", "CONF001", "--profession", "dentist")
    assert "General Dental Council" in result.out and "standard 4.2.3" in result.out
    assert run_cli(*cli, "check", "hello", "--profession", "other").code == 2


def test_scan_answers_every_line_in_its_place(cli: Fixtures) -> None:
    lines = [json.dumps({"id": "a", "text": "Lovely walk", "profession": "paramedic"}),
             json.dumps({"id": "b", "text": "Lovely walk", "profession": "other"}),
             "not json",
             json.dumps({"id": "c", "text": CASE, "profession": "pharmacist"}),
             json.dumps({"id": "d", "text": "Lovely walk", "country": "XX"}),
             json.dumps({"id": "e", "text": "Lovely walk", "profession": "practice manager"})]
    result = run_cli(*cli, "scan", "--jsonl", stdin="\n".join(lines).encode())
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", None, "c", "d", "e"]
    assert [("error" in o) for o in out] == [False, True, True, False, True, False]
    assert "pharmacist" in out[1]["error"] and "paramedic" in out[1]["error"]  # the known professions
    assert "not valid JSON" in out[2]["error"] and out[2]["line"] == 3
    assert "GB" in out[4]["error"]
    assert out[3]["verdict"] == "do-not-post"
    assert result.code == 2 and "line 2" in result.err


# Issue 15, point 3: the safe version is honest
def test_a_post_redaction_cannot_fix_says_rewrite_needed_not_redacted(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "Mrs Edith Langley (NHS 943 476 5919) is a total heartsink")
    assert "Rewrite needed" in result.out and "PROF001 'heartsink'" in result.out
    assert "Redacted:" not in result.out
    assert "Identifiers replaced (still needs the rewrite): [NAME] (NHS [NHS NUMBER]) is a total" in result.out


def test_a_rewrite_where_a_safe_one_exists_is_offered_and_none_is_said_where_not(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "Mrs Edith Langley (NHS 943 476 5919) was admitted with acopia again, lovely lady")
    assert "A neutral rewrite (checked again: nothing in it needs rewriting): [NAME] (NHS [NHS NUMBER]) was admitted " \
           "with difficulty coping at home again" in " ".join(result.out.split())
    result = run_cli(*cli, "check", "Mrs Edith Langley (NHS 943 476 5919) is a total heartsink")
    assert "bedside found no safe rewrite: rewrite it yourself." in result.out


def test_a_post_redaction_fixes_keeps_its_redacted_line(cli: Fixtures) -> None:
    result = run_cli(*cli, "check", "Saw Mrs Edith Langley (NHS 943 476 5919) on the ward today")
    assert "Redacted: Saw [NAME] (NHS [NHS NUMBER])" in result.out and "Rewrite needed" not in result.out
