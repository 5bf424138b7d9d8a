"""Broken definitions: every problem is reported at once, each with its step and JSON path.

Each ``broken/*.json`` holds one mix of problems; ``broken/expected.json`` maps the file to
the exact list of ``[step, path, message-substring]`` issues, in sorted order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.definition import validation
from dagmaker.errors import DefinitionError

BROKEN = Path(__file__).parent / "broken"
EXPECTED: dict[str, list[list[str]]] = json.loads((BROKEN / "expected.json").read_text())
FILES = sorted(p.name for p in BROKEN.glob("*.json") if p.name != "expected.json")


def _load(name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads((BROKEN / name).read_text())
    return document


def test_every_broken_file_has_expectations_and_vice_versa() -> None:
    assert sorted(EXPECTED) == FILES


@pytest.mark.parametrize("name", FILES)
def test_check_reports_every_problem_with_step_and_path(name: str) -> None:
    _, issues = validation.check(_load(name))
    found = [[i.step, i.path, i.message] for i in issues]
    expected = EXPECTED[name]
    assert [f[:2] for f in found] == [e[:2] for e in expected], "\n".join(map(str, found))
    for (step, path, message), (_, _, substring) in zip(found, expected, strict=True):
        assert substring in message, f"{step} {path}: {message!r} lacks {substring!r}"


@pytest.mark.parametrize("name", FILES)
def test_validate_raises_one_error_listing_them_all(name: str) -> None:
    _, issues = validation.check(_load(name))
    with pytest.raises(DefinitionError) as info:
        validation.validate(_load(name))
    error = info.value
    assert error.issues == issues
    count = len(issues)
    assert str(error).startswith(f"{count} problems found:")
    for number, issue in enumerate(issues, 1):
        assert f"  {number}. {issue.render()}" in error.message


@pytest.mark.parametrize("name", FILES)
def test_text_and_bytes_give_the_same_issues_as_a_parsed_document(name: str) -> None:
    text = (BROKEN / name).read_text()
    assert validation.check(text)[1] == validation.check(_load(name))[1]
    assert validation.check(text.encode())[1] == validation.check(_load(name))[1]


def test_issues_render_step_then_path_then_message() -> None:
    _, issues = validation.check(_load("unknown_references.json"))
    rendered = [i.render() for i in issues]
    assert "step 'Prep' › DependsOn[0]: unknown step 'Setup'" in rendered
    assert (
        "PipelineExperimentConfig.ExperimentName: "
        "PipelineExperimentConfig cannot refer to step properties"
    ) in rendered


def test_error_dict_carries_each_issue() -> None:
    with pytest.raises(DefinitionError) as info:
        validation.validate(_load("cycles.json"))
    doc = info.value.to_dict()
    assert doc["Error"]["Code"] == "ValidationException"
    assert doc["Headline"] == "Invalid pipeline definition"
    assert {
        "Step": "Self",
        "Path": "DependsOn[0]",
        "Message": "a step cannot depend on itself",
    } in (doc["Issues"])


def test_one_problem_is_singular() -> None:
    document = _load("document.json")
    document["Parameters"] = []
    document["Steps"] = []
    with pytest.raises(DefinitionError) as info:
        validation.validate(document)
    assert info.value.message.startswith("1 problem found:\n  1. Version: must be '2020-12-01'")
