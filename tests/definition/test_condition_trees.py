"""Parsing a ConditionStep's Conditions into Comparison / In / Not / Or trees."""

from __future__ import annotations

import pytest

from dagmaker.definition.conditions import (
    COMPARISONS,
    Comparison,
    In,
    Not,
    Or,
    parse_condition,
    parse_conditions,
)
from dagmaker.definition.expressions import ExpressionError


@pytest.mark.parametrize("kind", COMPARISONS)
def test_every_comparison(kind: str) -> None:
    value = {"Type": kind, "LeftValue": {"Get": "Parameters.A"}, "RightValue": 2}
    assert parse_condition(value, "C[0]") == Comparison(kind, {"Get": "Parameters.A"}, 2, "C[0]")


def test_in_uses_query_value_and_values() -> None:
    value = {"Type": "In", "QueryValue": "a", "Values": ["a", {"Get": "Parameters.B"}]}
    assert parse_condition(value, "C") == In("a", ("a", {"Get": "Parameters.B"}), "C")


def test_nested_or_and_not_keep_their_paths() -> None:
    value = {
        "Type": "Or",
        "Conditions": [
            {"Type": "Not", "Condition": {"Type": "Equals", "LeftValue": 1, "RightValue": 2}},
            {
                "Type": "Or",
                "Conditions": [{"Type": "In", "QueryValue": 1, "Values": [1]}],
            },
        ],
    }
    tree = parse_condition(value, "Arguments.Conditions[3]")
    assert isinstance(tree, Or)
    first, second = tree.conditions
    assert isinstance(first, Not)
    assert first.condition == Comparison(
        "Equals", 1, 2, "Arguments.Conditions[3].Conditions[0].Condition"
    )
    assert isinstance(second, Or)
    assert second.conditions == (
        In(1, (1,), "Arguments.Conditions[3].Conditions[1].Conditions[0]"),
    )


def test_parse_conditions_gives_one_tree_per_item() -> None:
    items = [
        {"Type": "Equals", "LeftValue": 1, "RightValue": 1},
        {"Type": "LessThan", "LeftValue": 1, "RightValue": 2},
    ]
    trees = parse_conditions(items)
    assert [t.path for t in trees] == ["Arguments.Conditions[0]", "Arguments.Conditions[1]"]


def test_an_empty_list_is_allowed() -> None:
    assert parse_conditions([]) == []


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        ("x", "C", "a condition must be an object with a 'Type'"),
        ({"LeftValue": 1}, "C", "a condition must be an object with a 'Type'"),
        ({"Type": "NotEquals", "LeftValue": 1, "RightValue": 2}, "C.Type", "unknown condition"),
        ({"Type": "Equals", "RightValue": 2}, "C", "Equals needs LeftValue"),
        ({"Type": "LessThan"}, "C", "LessThan needs LeftValue and RightValue"),
        ({"Type": "In", "Values": [1]}, "C", "In needs 'QueryValue' and a 'Values' list"),
        ({"Type": "In", "QueryValue": 1, "Values": 1}, "C", "In needs"),
        ({"Type": "Not"}, "C", "Not needs a 'Condition'"),
        ({"Type": "Not", "Condition": {"Type": "X"}}, "C.Condition.Type", "unknown condition"),
        ({"Type": "Or", "Conditions": []}, "C", "Or needs a non-empty 'Conditions' list"),
        ({"Type": "Or"}, "C", "Or needs a non-empty 'Conditions' list"),
        ({"Type": "Or", "Conditions": [{"Type": 1}]}, "C.Conditions[0].Type", "unknown"),
    ],
)
def test_malformed_conditions_name_the_path(value: object, path: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_condition(value, "C")
    assert message in str(info.value)
    assert info.value.json_path == path


def test_unknown_type_lists_the_known_ones() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_condition({"Type": "And"}, "C")
    assert str(info.value) == (
        "unknown condition Type 'And'; known: Equals, GreaterThan, GreaterThanOrEqualTo, "
        "LessThan, LessThanOrEqualTo, In, Not, Or"
    )


def test_conditions_must_be_a_list() -> None:
    with pytest.raises(ExpressionError, match="Conditions must be a list") as info:
        parse_conditions({"Type": "Equals"})
    assert info.value.json_path == "Arguments.Conditions"
