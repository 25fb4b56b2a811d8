"""CONF002 counts local roles and events the reader attributes to the patient: the mayor is one person."""

from __future__ import annotations

from bedside.signals.jigsaw import estimate
from bedside.signals.quasi import quasi_details
from bedside.signals.reader import Mention


def _read(text: str, phrase: str, role: str = "patient") -> tuple[Mention, ...]:
    start = text.index(phrase)
    return (Mention(start, start + len(phrase), phrase, "local-role", role, 0.9),)


def test_a_role_held_by_one_person_in_a_town_is_about_one_person() -> None:
    text = "The mayor of Barnsley came in last night after a fall"
    found = estimate(quasi_details(text, [], "GB", _read(text, "The mayor")), text)
    assert found is not None
    assert found.expected <= 1.0
    role = next(f for f in found.factors if f.kind == "local-role")
    assert "mayor" in role.label and "~1 in Barnsley" in role.label


def test_councillors_are_a_share_of_the_town() -> None:
    text = "Sectioned a local councillor tonight in Barnsley"
    details = quasi_details(text, [], "GB", _read(text, "a local councillor"))
    found = estimate(details, text)
    assert found is not None
    assert 10 < found.expected < 200  # Barnsley has dozens of councillors: not one person by itself
    assert not any(d.kind == "occupation" for d in details)  # counted once, as the local role


def test_a_role_read_as_someone_elses_is_not_a_detail_of_the_patient() -> None:
    text = "The mayor of Barnsley opened our new ward today"
    assert not any(d.kind == "local-role" for d in quasi_details(text, [], "GB", _read(text, "The mayor", "other")))
