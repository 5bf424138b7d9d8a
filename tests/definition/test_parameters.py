"""Start parameters: strings from the start request coerced to the declared types.

The SDK sends ``str(value)``, so Booleans arrive as "True"/"False", ints as "2" and
floats as "5.5". Decisions made here are spelt out in the test names.
"""

from __future__ import annotations

from typing import Any

import pytest

from dagmaker.definition import codec
from dagmaker.definition.model import ParameterDecl, PipelineDefinition
from dagmaker.definition.parameters import CoercionError, coerce, resolve
from dagmaker.errors import InvalidRequest, Issue


def _decl(kind: str) -> ParameterDecl:
    return ParameterDecl(name="P", type=kind)


@pytest.mark.parametrize(
    ("text", "value"),
    [("True", True), ("true", True), ("TRUE", True), ("False", False), ("false", False)],
)
def test_boolean_accepts_true_and_false_in_any_case(text: str, value: bool) -> None:
    assert coerce(_decl("Boolean"), text) is value


@pytest.mark.parametrize(
    ("text", "value"), [("1", True), ("0", False), ("yes", True), ("no", False), (" true ", True)]
)
def test_boolean_also_accepts_1_0_yes_no(text: str, value: bool) -> None:
    assert coerce(_decl("Boolean"), text) is value


def test_boolean_keeps_real_booleans() -> None:
    assert coerce(_decl("Boolean"), False) is False


@pytest.mark.parametrize("text", ["2", "T", "", "maybe"])
def test_boolean_rejects_other_text(text: str) -> None:
    with pytest.raises(CoercionError, match=r"expected a Boolean: true/false \(any case\)"):
        coerce(_decl("Boolean"), text)


@pytest.mark.parametrize(("text", "value"), [("2", 2), ("-7", -7), (" 3 ", 3), ("0", 0)])
def test_integer_accepts_integer_text(text: str, value: int) -> None:
    result = coerce(_decl("Integer"), text)
    assert result == value and type(result) is int


def test_integer_rejects_the_string_2_point_0() -> None:
    with pytest.raises(CoercionError, match="expected an Integer such as 2"):
        coerce(_decl("Integer"), "2.0")


def test_integer_accepts_a_whole_json_number_2_point_0() -> None:
    result = coerce(_decl("Integer"), 2.0)
    assert result == 2 and type(result) is int


@pytest.mark.parametrize("value", ["5.5", 5.5, "True", "two", ""])
def test_integer_rejects_fractions_and_words(value: Any) -> None:
    with pytest.raises(CoercionError, match="expected an Integer such as 2"):
        coerce(_decl("Integer"), value)


def test_integer_rejects_a_real_boolean() -> None:
    with pytest.raises(CoercionError, match="expected an Integer, not a Boolean"):
        coerce(_decl("Integer"), True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5.5", 5.5), ("2", 2.0), ("2.0", 2.0), (" 1e-3 ", 0.001), (3, 3.0), (0.25, 0.25)],
)
def test_float_accepts_numbers_and_numeric_text(value: Any, expected: float) -> None:
    result = coerce(_decl("Float"), value)
    assert result == expected and type(result) is float


@pytest.mark.parametrize("value", ["True", "five", ""])
def test_float_rejects_words(value: str) -> None:
    with pytest.raises(CoercionError, match=r"expected a Float such as 5\.5"):
        coerce(_decl("Float"), value)


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", float("inf")])
def test_float_rejects_nan_and_infinities_which_json_cannot_hold(value: Any) -> None:
    with pytest.raises(CoercionError, match="expected a finite Float"):
        coerce(_decl("Float"), value)


def test_float_rejects_a_real_boolean() -> None:
    with pytest.raises(CoercionError, match="not a Boolean"):
        coerce(_decl("Float"), False)


@pytest.mark.parametrize(("value", "text"), [("x", "x"), (5, "5"), (True, "True"), ("", "")])
def test_string_keeps_strings_and_stringifies_the_rest(value: Any, text: str) -> None:
    assert coerce(_decl("String"), value) == text


def test_unknown_type() -> None:
    with pytest.raises(CoercionError, match="unknown parameter Type 'Number'"):
        coerce(_decl("Number"), "1")


def _definition(*parameters: dict[str, Any]) -> PipelineDefinition:
    definition, issues = codec.decode(
        {"Version": "2020-12-01", "Parameters": list(parameters), "Steps": []}
    )
    assert issues == []
    return definition


FULL = _definition(
    {"Name": "InputData", "Type": "String", "DefaultValue": "s3://b/in"},
    {"Name": "Count", "Type": "Integer", "DefaultValue": 1},
    {"Name": "Threshold", "Type": "Float", "DefaultValue": 6.0},
    {"Name": "UseGpu", "Type": "Boolean", "DefaultValue": False},
    {"Name": "Env", "Type": "String", "DefaultValue": "dev", "EnumValues": ["dev", "prod"]},
    {"Name": "Tag", "Type": "String"},
)


def test_defaults_fill_what_is_not_overridden() -> None:
    assert resolve(FULL, {"Tag": "t"}) == {
        "InputData": "s3://b/in",
        "Count": 1,
        "Threshold": 6.0,
        "UseGpu": False,
        "Env": "dev",
        "Tag": "t",
    }


def test_sdk_style_string_overrides_are_typed() -> None:
    values = resolve(
        FULL, {"Count": "2", "Threshold": "5.5", "UseGpu": "True", "Env": "prod", "Tag": "x"}
    )
    assert values["Count"] == 2
    assert values["Threshold"] == 5.5
    assert values["UseGpu"] is True
    assert values["Env"] == "prod"


def test_empty_string_is_a_value_not_a_missing_parameter() -> None:
    assert resolve(FULL, {"Tag": ""})["Tag"] == ""


def test_every_problem_at_once_with_exact_messages() -> None:
    with pytest.raises(InvalidRequest) as info:
        resolve(
            FULL,
            {
                "Count": "2.0",
                "Threshold": "high",
                "UseGpu": "perhaps",
                "Env": "staging",
                "Nope": "1",
                "Extra": "2",
            },
        )
    assert info.value.issues == [
        Issue(
            "",
            "PipelineParameters.Count",
            "value '2.0' for Integer parameter: expected an Integer such as 2",
        ),
        Issue("", "PipelineParameters.Env", "value 'staging' is not one of ['dev', 'prod']"),
        Issue(
            "",
            "PipelineParameters.Extra",
            "parameter 'Extra' is not declared; "
            "declared: Count, Env, InputData, Tag, Threshold, UseGpu",
        ),
        Issue(
            "",
            "PipelineParameters.Nope",
            "parameter 'Nope' is not declared; "
            "declared: Count, Env, InputData, Tag, Threshold, UseGpu",
        ),
        Issue("", "PipelineParameters.Tag", "parameter 'Tag' has no default; supply a value"),
        Issue(
            "",
            "PipelineParameters.Threshold",
            "value 'high' for Float parameter: expected a Float such as 5.5",
        ),
        Issue(
            "",
            "PipelineParameters.UseGpu",
            "value 'perhaps' for Boolean parameter: expected a Boolean: true/false (any case)",
        ),
    ]
    assert info.value.message.startswith("7 problems found:\n  1. PipelineParameters.Count: ")
    assert info.value.headline == "Invalid request"


def test_unknown_parameter_when_none_are_declared() -> None:
    with pytest.raises(InvalidRequest) as info:
        resolve(_definition(), {"X": "1"})
    assert info.value.issues[0].message == "parameter 'X' is not declared; declared: (none)"


def test_a_bad_default_is_reported_at_start() -> None:
    definition = _definition({"Name": "N", "Type": "Integer", "DefaultValue": "five"})
    with pytest.raises(InvalidRequest) as info:
        resolve(definition, {})
    assert info.value.issues == [
        Issue(
            "",
            "PipelineParameters.N",
            "default 'five' for Integer parameter: expected an Integer such as 2",
        )
    ]
    assert resolve(definition, {"N": "3"}) == {"N": 3}


def test_an_enum_default_outside_the_enum_is_reported_at_start() -> None:
    definition = _definition(
        {"Name": "E", "Type": "String", "DefaultValue": "test", "EnumValues": ["dev", "prod"]}
    )
    with pytest.raises(InvalidRequest, match=r"default 'test' is not one of \['dev', 'prod'\]"):
        resolve(definition, {})


def test_a_null_default_means_required() -> None:
    definition = _definition({"Name": "R", "Type": "String", "DefaultValue": None})
    with pytest.raises(InvalidRequest, match="parameter 'R' has no default; supply a value"):
        resolve(definition, {})


def test_falsy_defaults_are_real_defaults() -> None:
    definition = _definition(
        {"Name": "B", "Type": "Boolean", "DefaultValue": False},
        {"Name": "I", "Type": "Integer", "DefaultValue": 0},
        {"Name": "S", "Type": "String", "DefaultValue": ""},
    )
    assert resolve(definition, {}) == {"B": False, "I": 0, "S": ""}
