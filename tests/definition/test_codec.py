"""Reading definition JSON: loads, decode (all structural issues at once), dumps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dagmaker.definition import codec
from dagmaker.definition.model import CacheConfig, ParameterDecl, PropertyFileDecl, RetryPolicy
from dagmaker.errors import DefinitionError, Issue


def _doc(*steps: Any, parameters: Any = None) -> dict[str, Any]:
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [] if parameters is None else parameters,
        "PipelineExperimentConfig": None,
        "Steps": list(steps),
    }


def _fail(name: str, **extra: Any) -> dict[str, Any]:
    return {"Name": name, "Type": "Fail", "Arguments": {"ErrorMessage": "x"}, **extra}


def test_loads_accepts_text_bytes_and_dicts() -> None:
    doc = _doc(_fail("F"))
    assert codec.loads(json.dumps(doc)) == doc
    assert codec.loads(json.dumps(doc).encode()) == doc
    assert codec.loads(doc) is doc


def test_loads_reports_the_json_error_position() -> None:
    with pytest.raises(DefinitionError) as info:
        codec.loads('{"Version": "2020-12-01",\n "Steps": [}')
    assert info.value.issues == [Issue("", "line 2 column 12", "not valid JSON: Expecting value")]
    assert (
        str(info.value)
        == "1 problem found:\n  1. line 2 column 12: not valid JSON: Expecting value"
    )


def test_loads_needs_an_object() -> None:
    with pytest.raises(DefinitionError, match="must be a JSON object with Version and Steps"):
        codec.loads("[1, 2]")


def test_dumps_round_trips_and_keeps_key_order() -> None:
    doc = {"Version": "2020-12-01", "Steps": [], "Metadata": {}, "Parameters": []}
    text = codec.dumps(doc)
    assert json.loads(text) == doc
    assert list(json.loads(text)) == ["Version", "Steps", "Metadata", "Parameters"]


def test_decode_parameters() -> None:
    definition, issues = codec.decode(
        _doc(
            parameters=[
                {"Name": "A", "Type": "Integer", "DefaultValue": 0},
                {"Name": "B", "Type": "String", "EnumValues": ["x", "y"]},
                {"Name": "C", "Type": "Boolean", "DefaultValue": False},
                {"Name": "D"},
            ]
        )
    )
    assert issues == []
    assert definition.parameters == (
        ParameterDecl("A", "Integer", 0, True),
        ParameterDecl("B", "String", None, False, ("x", "y")),
        ParameterDecl("C", "Boolean", False, True),
        ParameterDecl("D", "String"),
    )
    assert definition.parameter("C") == ParameterDecl("C", "Boolean", False, True)
    assert definition.parameter("Nope") is None


def test_decode_envelope() -> None:
    step = {
        "Name": "P",
        "Type": "Processing",
        "Arguments": {"AppSpecification": {}},
        "DependsOn": ["X"],
        "DisplayName": "Preprocess data",
        "Description": "d",
        "RetryPolicies": [
            {"ExceptionType": "Step.THROTTLING", "IntervalSeconds": 5, "MaxAttempts": 3},
            {
                "ExceptionType": ["SageMaker.CAPACITY_ERROR"],
                "BackoffRate": 1.5,
                "ExpireAfterMin": 30,
            },
        ],
        "CacheConfig": {"Enabled": True, "ExpireAfter": "PT1H"},
        "PropertyFiles": [{"PropertyFileName": "R", "OutputName": "o", "FilePath": "a/r.json"}],
        "CustomKey": 1,
    }
    definition, issues = codec.decode(_doc(step))
    assert issues == []
    decoded = definition.steps["P"]
    assert decoded.depends_on == ("X",)
    assert (decoded.display_name, decoded.description) == ("Preprocess data", "d")
    assert decoded.retry_policies == (
        RetryPolicy(("Step.THROTTLING",), 5.0, 2.0, 3, None),
        RetryPolicy(("SageMaker.CAPACITY_ERROR",), 1.0, 1.5, None, 30),
    )
    assert decoded.cache_config == CacheConfig(True, "PT1H")
    assert decoded.property_files == (PropertyFileDecl("R", "o", "a/r.json"),)
    assert decoded.extra("CustomKey") == 1
    assert decoded.extra("Missing", "default") == "default"
    assert (decoded.parent, decoded.branch, decoded.json_path) == (None, None, "Steps[0]")


def test_cache_config_without_expiry_and_disabled() -> None:
    definition, _ = codec.decode(
        _doc(_fail("A", CacheConfig={"Enabled": False}), _fail("B", CacheConfig={"Enabled": True}))
    )
    assert definition.steps["A"].cache_config == CacheConfig(False, None)
    assert definition.steps["B"].cache_config == CacheConfig(True, None)


def test_branch_steps_are_collected_with_parent_branch_and_path() -> None:
    gate = {
        "Name": "Gate",
        "Type": "Condition",
        "Arguments": {"Conditions": [], "IfSteps": [_fail("Y")], "ElseSteps": [_fail("N")]},
    }
    definition, issues = codec.decode(_doc(_fail("Top"), gate))
    assert issues == []
    assert list(definition.steps) == ["Top", "Gate", "Y", "N"]
    assert definition.top_level == ("Top", "Gate")
    no = definition.steps["N"]
    assert (no.parent, no.branch, no.json_path) == (
        "Gate",
        "ElseSteps",
        "Steps[1].Arguments.ElseSteps[0]",
    )


def test_missing_branches_are_empty_and_non_lists_are_reported() -> None:
    gate = {"Name": "Gate", "Type": "Condition", "Arguments": {"Conditions": [], "IfSteps": {}}}
    definition, issues = codec.decode(_doc(gate))
    assert issues == [Issue("Gate", "Arguments.IfSteps", "must be a list of steps")]
    assert list(definition.steps) == ["Gate"]


def test_decode_keeps_going_after_structural_problems() -> None:
    doc = {
        "Version": "1",
        "Parameters": [{"Type": "String"}, {"Name": "Ok", "Type": "String"}],
        "Steps": [
            7,
            {"Name": "", "Type": "Fail"},
            {"Name": "T"},
            _fail("A", DependsOn=[1]),
            _fail("B", RetryPolicies={"ExceptionType": []}),
            _fail("C", RetryPolicies=[{"ExceptionType": ["Step.THROTTLING"], "MaxAttempts": "x"}]),
            _fail("D", CacheConfig=True),
            _fail("E", PropertyFiles=[{"PropertyFileName": "R"}]),
            _fail("F", PropertyFiles={}),
            _fail("A"),
        ],
    }
    definition, issues = codec.decode(doc)
    assert [(i.step, i.path) for i in issues] == [
        ("", "Version"),
        ("", "Parameters[0]"),
        ("", "Steps[0]"),
        ("", "Steps[1].Name"),
        ("T", "Type"),
        ("A", "DependsOn"),
        ("B", "RetryPolicies"),
        ("C", "RetryPolicies[0].MaxAttempts"),
        ("D", "CacheConfig.Enabled"),
        ("E", "PropertyFiles[0]"),
        ("F", "PropertyFiles"),
        ("A", "Steps[9]"),
    ]
    assert issues[9].message == "needs string fields PropertyFileName, OutputName, FilePath"
    assert [d.name for d in definition.parameters] == ["Ok"]
    assert list(definition.steps) == ["A", "B", "C", "D", "E", "F"]
    assert definition.steps["A"].depends_on == ()


def test_decode_strict_raises_with_every_issue() -> None:
    with pytest.raises(DefinitionError) as info:
        codec.decode_strict({"Version": "x", "Steps": "y"})
    assert [i.path for i in info.value.issues] == ["Steps", "Version"]


def test_decode_strict_returns_the_definition_when_clean() -> None:
    definition = codec.decode_strict(_doc(_fail("F")))
    assert definition.version == "2020-12-01"
    assert definition.experiment_config is None
    assert definition.metadata == {}
