"""Evaluating ConditionStep conditions: AND of the list, Or/Not nesting, typed comparisons."""

from __future__ import annotations

from typing import Any

import pytest

from dagmaker.definition.conditions import parse_conditions
from dagmaker.engine.conditions import evaluate, evaluate_all
from dagmaker.errors import ResolutionError


class Recorder:
    """Resolves ``{"Var": name}`` operands from a table and records what was asked."""

    def __init__(self, **values: Any) -> None:
        self.values = values
        self.asked: list[str] = []

    def __call__(self, value: Any, path: str) -> Any:
        self.asked.append(path)
        if isinstance(value, dict) and "Var" in value:
            return self.values[value["Var"]]
        return value


def _cmp(kind: str, left: Any, right: Any) -> dict[str, Any]:
    return {"Type": kind, "LeftValue": left, "RightValue": right}


def _run(*conditions: dict[str, Any], **values: Any) -> bool:
    return evaluate_all(parse_conditions(list(conditions)), Recorder(**values))


@pytest.mark.parametrize(
    ("kind", "left", "right", "expected"),
    [
        ("Equals", 1, 1, True),
        ("Equals", "a", "a", True),
        ("Equals", "a", "b", False),
        ("Equals", True, True, True),
        ("Equals", [1, 2], [1, 2], True),
        ("GreaterThan", 2, 1, True),
        ("GreaterThan", 1, 1, False),
        ("GreaterThanOrEqualTo", 1, 1, True),
        ("LessThan", 0.5, 1, True),
        ("LessThan", 1, 1, False),
        ("LessThanOrEqualTo", 1, 1, True),
        ("LessThanOrEqualTo", 2, 1, False),
        ("LessThan", "a", "b", True),
    ],
)
def test_comparisons(kind: str, left: Any, right: Any, expected: bool) -> None:
    assert _run(_cmp(kind, left, right)) is expected


def test_equals_int_vs_float_compares_numerically() -> None:
    assert _run(_cmp("Equals", 6, 6.0)) is True
    assert _run(_cmp("Equals", 6, 6.5)) is False
    assert _run(_cmp("LessThanOrEqualTo", 4.25, 6)) is True


def test_equals_bool_vs_int_is_not_equal_rather_than_an_error() -> None:
    assert _run(_cmp("Equals", True, 1)) is False
    assert _run(_cmp("Equals", 0, False)) is False


@pytest.mark.parametrize(
    ("left", "right", "described"),
    [
        ("1", 1, "'1' (str) with 1 (int)"),
        (6.0, "6.0", "6.0 (float) with '6.0' (str)"),
        (True, "True", "True (bool) with 'True' (str)"),
        ({"a": 1}, [1], "{'a': 1} (dict) with [1] (list)"),
        (None, 0, "None (NoneType) with 0 (int)"),
    ],
)
def test_equals_on_unrelated_types_fails_with_a_clear_message(
    left: Any, right: Any, described: str
) -> None:
    with pytest.raises(ResolutionError) as info:
        _run(_cmp("Equals", left, right))
    assert info.value.message == (
        f"Equals cannot compare {described}; make both operands the same type"
    )
    assert info.value.field == "Arguments.Conditions[0]"


@pytest.mark.parametrize("kind", ["GreaterThan", "GreaterThanOrEqualTo", "LessThan"])
def test_ordered_comparison_of_a_string_with_a_number_fails(kind: str) -> None:
    with pytest.raises(ResolutionError, match=f"{kind} cannot compare 'high' \\(str\\) with 6"):
        _run(_cmp(kind, "high", 6))


def test_ordered_comparison_of_none_fails() -> None:
    with pytest.raises(ResolutionError, match=r"LessThan cannot compare None \(NoneType\)"):
        _run(_cmp("LessThan", None, 1))


def test_operands_are_resolved_with_their_paths() -> None:
    resolver = Recorder(mse=4.25, limit=6.0)
    condition = parse_conditions([_cmp("LessThanOrEqualTo", {"Var": "mse"}, {"Var": "limit"})])
    assert evaluate_all(condition, resolver) is True
    assert resolver.asked == [
        "Arguments.Conditions[0].LeftValue",
        "Arguments.Conditions[0].RightValue",
    ]


def test_in() -> None:
    assert _run({"Type": "In", "QueryValue": "cat", "Values": ["dog", "cat"]}) is True
    assert _run({"Type": "In", "QueryValue": "cow", "Values": ["dog", "cat"]}) is False
    assert _run({"Type": "In", "QueryValue": 2, "Values": [1.0, 2.0]}) is True
    assert _run({"Type": "In", "QueryValue": "x", "Values": []}) is False


def test_in_never_matches_across_types_and_does_not_raise() -> None:
    assert _run({"Type": "In", "QueryValue": 1, "Values": [True, "1"]}) is False
    assert _run({"Type": "In", "QueryValue": True, "Values": [1]}) is False


def test_in_resolves_every_value_with_its_path() -> None:
    resolver = Recorder(mode="fast")
    tree = parse_conditions([{"Type": "In", "QueryValue": {"Var": "mode"}, "Values": ["a", "b"]}])
    assert evaluate_all(tree, resolver) is False
    assert resolver.asked == [
        "Arguments.Conditions[0].QueryValue",
        "Arguments.Conditions[0].Values[0]",
        "Arguments.Conditions[0].Values[1]",
    ]


def test_not() -> None:
    assert _run({"Type": "Not", "Condition": _cmp("Equals", 1, 2)}) is True
    assert _run({"Type": "Not", "Condition": _cmp("Equals", 1, 1)}) is False


def test_or() -> None:
    assert _run({"Type": "Or", "Conditions": [_cmp("Equals", 1, 2), _cmp("Equals", 1, 1)]})
    assert not _run({"Type": "Or", "Conditions": [_cmp("Equals", 1, 2), _cmp("Equals", 3, 4)]})


def test_or_short_circuits_so_a_later_bad_comparison_is_not_evaluated() -> None:
    resolver = Recorder()
    tree = parse_conditions(
        [{"Type": "Or", "Conditions": [_cmp("Equals", 1, 1), _cmp("Equals", "a", 1)]}]
    )
    assert evaluate_all(tree, resolver) is True
    assert resolver.asked == [
        "Arguments.Conditions[0].Conditions[0].LeftValue",
        "Arguments.Conditions[0].Conditions[0].RightValue",
    ]


def test_or_reaches_a_bad_comparison_when_earlier_ones_are_false() -> None:
    with pytest.raises(ResolutionError) as info:
        _run({"Type": "Or", "Conditions": [_cmp("Equals", 1, 2), _cmp("Equals", "a", 1)]})
    assert info.value.field == "Arguments.Conditions[0].Conditions[1]"


def test_nested_or_and_not() -> None:
    tree = {
        "Type": "Or",
        "Conditions": [
            {"Type": "Not", "Condition": {"Type": "In", "QueryValue": "a", "Values": ["a"]}},
            {
                "Type": "Or",
                "Conditions": [
                    _cmp("Equals", "x", "y"),
                    {"Type": "Not", "Condition": _cmp("LessThan", 2, 1)},
                ],
            },
        ],
    }
    assert _run(tree) is True
    assert _run({"Type": "Not", "Condition": tree}) is False


def test_the_list_is_an_and() -> None:
    assert _run(_cmp("Equals", 1, 1), _cmp("LessThan", 1, 2)) is True
    assert _run(_cmp("Equals", 1, 1), _cmp("LessThan", 2, 1)) is False


def test_the_and_short_circuits_too() -> None:
    assert _run(_cmp("Equals", 1, 2), _cmp("Equals", "a", 1)) is False


def test_an_empty_list_is_true() -> None:
    assert _run() is True


def test_evaluate_one_condition() -> None:
    (tree,) = parse_conditions([_cmp("GreaterThan", {"Var": "n"}, 3)])
    assert evaluate(tree, Recorder(n=4)) is True
    assert evaluate(tree, Recorder(n=3)) is False
