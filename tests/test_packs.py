"""Guidance packs: every built-in pack loads, validates and covers every rule; selection by country and
profession; an organisation's folder adds or overrides a pack without code (settings or BEDSIDE_PACKS)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bedside import Post, check
from bedside.config import Config
from bedside.model import PROFESSIONS, InputError
from bedside.packs import BUILT_IN, load_packs, parse, select_pack, validate
from bedside.rules import all_rules
from cli_helpers import run_cli

# Every rule code of the project (some land in other issues); the GB packs must cite guidance for each.
PROJECT_CODES = (
    [f"CONF00{i}" for i in range(1, 7)] + [f"PROF00{i}" for i in range(1, 8)]
    + ["MISI001", "IDEN001", "IDEN002", "IDEN003", "BOUN001", "BOUN002", "COMP001", "COMP002", "COMP003",
       "DEFM001", "CHAN001"]
)
EXPECTED = {"gmc", "nmc", "hcpc", "gphc", "gdc", "uk-practice", "mci", "ahpra", "mcnz", "hpcsa", "smc", "mchk", "us"}
MINIMAL = """
id = "{id}"
name = "{name}"
countries = ["{country}"]
professions = ["doctor"]
advice = "Ask the trust's legal team."
[documents.policy]
title = "Trust social media policy"
publisher = "Example Trust"
year = 2025
url = "https://example.org/policy"
[[paragraphs]]
document = "policy"
ref = "section 3"
text = "{text}"
rules = ["CONF"]
"""


def all_codes() -> list[str]:
    return sorted(set(PROJECT_CODES) | {r.code for r in all_rules()})


def test_every_built_in_pack_loads_and_validates() -> None:
    packs = load_packs()
    assert set(packs) >= EXPECTED
    for pack in packs.values():
        assert validate(pack) == [], pack.id
        assert pack.documents and pack.paragraphs and pack.advice
        assert all(d.url.startswith("https://") and 1990 < d.year <= 2026 for d in pack.documents)
        assert pack.complaints.get("process") and pack.complaints.get("escalation"), pack.id
        assert pack.law.get("defamation") and pack.law.get("privacy"), pack.id


@pytest.mark.parametrize("pack_id", sorted(EXPECTED))
def test_every_pack_cites_guidance_for_every_rule(pack_id: str) -> None:
    pack = load_packs()[pack_id]
    missing = [code for code in all_codes() if not pack.references(code)]
    assert missing == [], f"{pack_id} has no paragraph for {missing}"


def test_paragraph_texts_are_paraphrases_not_quotations() -> None:
    for path in BUILT_IN.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert "“" not in text and "”" not in text, path.name  # no quoted guidance text
    for pack in load_packs().values():
        for paragraph in pack.paragraphs:
            assert 40 <= len(paragraph.text) <= 320, (pack.id, paragraph.ref)
            assert re.fullmatch(r"[^\n]+", paragraph.text)


def test_gb_has_every_profession_and_the_mapping_is_documented() -> None:
    chosen = {profession: select_pack("GB", profession).id for profession in PROFESSIONS}
    assert chosen == {"doctor": "gmc", "student": "gmc", "nurse": "nmc", "midwife": "nmc",
                      "allied-health": "hcpc", "pharmacist": "gphc", "dentist": "gdc",
                      "practice-manager": "uk-practice"}
    docs = (Path(__file__).parents[1] / "docs" / "packs.md").read_text(encoding="utf-8")
    for pack_id in EXPECTED:
        assert f"`{pack_id}`" in docs


@pytest.mark.parametrize(("country", "expected"), [
    ("IE", "mci"), ("AU", "ahpra"), ("NZ", "mcnz"), ("ZA", "hpcsa"), ("SG", "smc"), ("HK", "mchk"),
    ("US", "us"), ("uk", "gmc"), ("GB", "gmc"),
])
def test_country_selects_its_pack(country: str, expected: str) -> None:
    assert select_pack(country, "doctor").id == expected
    assert check(Post(text="Lovely day", country=country)).pack == expected


def test_unknown_country_falls_back_to_the_uk_pack_for_the_profession() -> None:
    assert select_pack("FR", "doctor").id == "gmc"
    assert select_pack("FR", "nurse").id == "nmc"
    # and a check says so, not silently: the web app and the library have no exit code to refuse with
    assert check(Post(text="Lovely walk", country="FR")).warnings == [
        "No guidance pack names the country 'FR': the General Medical Council (UK) pack was applied."]
    assert check(Post(text="Lovely walk", country="IE")).warnings == []


def test_findings_cite_the_selected_packs_paragraph() -> None:
    text = "Saw a patient today, Mrs Edith Langley from Truro"
    gb = check(Post(text=text)).findings
    us = check(Post(text=text, country="US")).findings
    assert any("GMC" in r.source for f in gb for r in f.references)
    assert any("HIPAA" in r.source or "American Medical Association" in r.source for f in us for r in f.references)


def test_severity_override_applies() -> None:
    pack = select_pack("US", "doctor")
    assert pack.severity_for("IDEN001", "review") == "info"
    assert select_pack("GB", "doctor").severity_for("IDEN001", "review") == "review"
    assert select_pack("SG", "doctor").severity_for("IDEN002", "review") == "do-not-post"


def test_an_organisation_pack_adds_a_country_via_settings(tmp_path: Path) -> None:
    (tmp_path / "jersey.toml").write_text(MINIMAL.format(id="jersey", name="Jersey policy", country="JE",
                                                         text="Keep patient details out of every post."))
    config = Config(packs=(str(tmp_path),))
    assert select_pack("JE", "doctor", config.packs).id == "jersey"
    report = check(Post(text="Saw Mrs Edith Langley in clinic today", country="JE"), config)
    assert report.pack == "jersey"
    assert any(r.source.startswith("Example Trust") for f in report.findings for r in f.references)


def test_an_organisation_pack_overrides_a_built_in_one_via_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gmc.toml").write_text(MINIMAL.format(id="gmc", name="Our GMC", country="GB",
                                                      text="Our trust's own reading of the confidentiality duty."))
    monkeypatch.setenv("BEDSIDE_PACKS", str(tmp_path))
    assert select_pack("GB", "doctor").name == "Our GMC"
    monkeypatch.delenv("BEDSIDE_PACKS")
    assert select_pack("GB", "doctor").name == "General Medical Council (UK)"


def test_settings_file_names_a_pack_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "ours.toml").write_text(MINIMAL.format(id="ours", name="Our pack", country="JE",
                                                     text="Keep patient details out of every post."))
    (tmp_path / "bedside.toml").write_text(f'packs = ["{folder.as_posix()}"]\n')
    monkeypatch.chdir(tmp_path)
    result = run_cli(capsys, monkeypatch, "rules", "--country", "JE")
    assert result.code == 0 and "Our pack" in result.out


@pytest.mark.parametrize(("change", "problem"), [
    ({"professions": ["surgeon"]}, "unknown profession"),
    ({"severity": {"CONF001": "loud"}}, "severity of CONF001"),
    ({"countries": ["Britain"]}, "two-letter"),
    ({"advice": " "}, "medicolegal advice"),
    ({"severty": {"CONF001": "info"}}, "unknown key 'severty'"),
])
def test_invalid_packs_are_refused_with_one_line(change: dict[str, object], problem: str) -> None:
    import tomllib

    data = tomllib.loads(MINIMAL.format(id="bad", name="Bad", country="GB", text="Some paraphrased text here."))
    data.update(change)
    with pytest.raises(InputError, match=problem):
        parse(data, "bad.toml")


def test_paragraph_naming_a_non_code_is_refused() -> None:
    pack = select_pack("GB", "doctor")
    bad = replace(pack, paragraphs=(replace(pack.paragraphs[0], rules=("confidentiality",)),))
    assert any("not a rule code" in problem for problem in validate(bad))


def test_broken_pack_folder_gives_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("id = [")
    with pytest.raises(InputError, match="cannot read pack"):
        load_packs((str(tmp_path),))
    with pytest.raises(InputError, match="pack folder not found"):
        load_packs((str(tmp_path / "missing"),))


def test_rules_command_shows_the_country_guidance(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(capsys, monkeypatch, "rules", "--country", "IE", "--format", "json")
    assert result.code == 0
    import json

    data = json.loads(result.out)
    assert data["pack"] == "mci"
    assert all(rule["references"] for rule in data["rules"])


def _pack_folder(tmp_path: Path, extra: str) -> tuple[str, ...]:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "ours.toml").write_text(MINIMAL.format(id="ours", name="Our pack", country="JE",
                                                     text="Keep patient details out of every post.") + extra)
    return (str(folder),)


def test_a_pack_switches_rules_off_and_the_users_selection_still_wins(tmp_path: Path) -> None:
    packs = _pack_folder(tmp_path, '[rules]\noff = ["PROF003"]\n')
    swearing = Post(text="Absolutely fucking shattered after that shift", country="JE")
    assert "PROF003" in {f.code for f in check(replace(swearing, country="GB")).findings}
    assert "PROF003" not in {f.code for f in check(swearing, Config(packs=packs)).findings}
    assert "PROF003" in {f.code for f in check(swearing, Config(packs=packs, select=("PROF",))).findings}


def test_a_pack_sets_the_jigsaw_threshold_below_the_users_own(tmp_path: Path) -> None:
    packs = _pack_folder(tmp_path, "[thresholds]\njigsaw = 100000\n")
    post = Post(text="Saw a 34-year-old man from London with asthma in clinic today", country="JE")
    assert not any(f.code == "CONF002" for f in check(post, Config()).findings)  # about 38,000 people fit
    assert any(f.code == "CONF002" for f in check(post, Config(packs=packs)).findings)
    assert not any(f.code == "CONF002" for f in check(post, Config(packs=packs, jigsaw_threshold=10)).findings)


@pytest.mark.parametrize(("extra", "problem"), [
    ('[rules]\non = ["PROF003"]\n', r"\[rules\] takes one key, off"),
    ('[rules]\noff = ["swearing"]\n', "not a rule code"),
    ("[thresholds]\njigsaw = -1\n", "positive numbers"),
    ("[thresholds]\njigsw = 5\n", r"\[thresholds\] takes jigsaw"),
    ('[identity]\nprofessions = ["wizard"]\n', "unknown profession 'wizard'"),
    ('[identity]\nwho = ["nurse"]\n', r"\[identity\] takes one key, professions"),
])
def test_a_packs_switches_and_thresholds_are_validated(extra: str, problem: str) -> None:
    import tomllib

    data = tomllib.loads(MINIMAL.format(id="bad", name="Bad", country="GB", text="Some paraphrased text here.")
                         + extra)
    with pytest.raises(InputError, match=problem):
        parse(data, "bad.toml")
