"""Settings files: bedside.toml and [tool.bedside] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside import InputError
from bedside import config as settings


def test_defaults_when_no_file(tmp_path: Path) -> None:
    assert settings.load(tmp_path) == settings.Config()


def test_bedside_toml_is_read_from_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "bedside.toml").write_text(
        'allow = ["Dr Jane Example"]\nignore = ["PROF007"]\nfail-on = "do-not-post"\n'
    )
    child = tmp_path / "a" / "b"
    child.mkdir(parents=True)
    loaded = settings.load(child)
    assert loaded.allow == ("Dr Jane Example",)
    assert loaded.ignore == ("PROF007",)
    assert loaded.fail_on == "do-not-post"


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.bedside]\njigsaw_threshold = 25\nprofessional_page = "@DrKhanGP"\n'
                                             '[tool.bedside.options]\nmy_rule_option = 3\n')
    loaded = settings.load(tmp_path)
    assert loaded.jigsaw_threshold == 25
    assert loaded.options == {"professional_page": "@DrKhanGP", "my_rule_option": 3}


def test_a_misspelled_setting_is_an_error_that_names_the_right_one(tmp_path: Path) -> None:
    (tmp_path / "bedside.toml").write_text("jigsaw_treshold = 25\n")
    with pytest.raises(InputError, match=r"'jigsaw_treshold' is not a setting\. Did you mean jigsaw_threshold\?"):
        settings.load(tmp_path)


def test_overrides_extend_lists_and_replace_scalars() -> None:
    base = settings.Config(allow=("me",))
    merged = base.with_overrides(allow=["my practice"], fail_on="info", select=None)
    assert merged.allow == ("me", "my practice")
    assert merged.fail_on == "info"


def test_bad_settings_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "bedside.toml").write_text('fail_on = "sometimes"\n')
    with pytest.raises(InputError):
        settings.load(tmp_path)
    (tmp_path / "bedside.toml").write_text("this is not toml [")
    with pytest.raises(InputError):
        settings.load(tmp_path)
