import pytest

from dagmaker.workflow.conditions import (
    ConditionEquals,
    ConditionGreaterThan,
    ConditionGreaterThanOrEqualTo,
    ConditionIn,
    ConditionLessThan,
    ConditionLessThanOrEqualTo,
    ConditionNot,
    ConditionOr,
    ConditionTypeEnum,
    primitive_or_expr,
)
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.properties import Properties


@pytest.mark.parametrize(
    ("cls", "type_name"),
    [
        (ConditionEquals, "Equals"),
        (ConditionGreaterThan, "GreaterThan"),
        (ConditionGreaterThanOrEqualTo, "GreaterThanOrEqualTo"),
        (ConditionLessThan, "LessThan"),
        (ConditionLessThanOrEqualTo, "LessThanOrEqualTo"),
    ],
)
def test_comparisons(cls, type_name) -> None:
    count = ParameterInteger(name="Count")
    request = cls(left=count, right=3).to_request()
    assert request == {"Type": type_name, "LeftValue": count, "RightValue": 3}


def test_in_not_or_shapes() -> None:
    count = ParameterInteger(name="Count")
    condition = ConditionOr(
        [ConditionNot(ConditionIn(value=count, in_values=[1, 2])), ConditionEquals(1, 1)]
    )
    assert condition.to_request() == {
        "Type": "Or",
        "Conditions": [
            {"Type": "Not", "Condition": {"Type": "In", "QueryValue": count, "Values": [1, 2]}},
            {"Type": "Equals", "LeftValue": 1, "RightValue": 1},
        ],
    }
    assert condition.condition_type is ConditionTypeEnum.OR


def test_referenced_steps_collects_every_operand() -> None:
    outcome = Properties("Cond", "Outcome", shape_name="boolean")
    metric = Properties("Train", shape_name="DescribeTrainingJobResponse").TrainingJobName
    condition = ConditionOr(
        [ConditionNot(ConditionEquals(outcome, True)), ConditionIn("x", [metric])]
    )
    assert condition._referenced_steps == ["Cond", "Train"]


def test_operands_are_checked() -> None:
    with pytest.raises(TypeError, match="ConditionNot needs a condition"):
        ConditionNot(True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="conditions only"):
        ConditionOr([ConditionEquals(1, 1), "x"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="must be a list"):
        ConditionIn(value=1, in_values="abc")  # type: ignore[arg-type]


def test_primitive_or_expr() -> None:
    assert primitive_or_expr(3) == 3
    assert primitive_or_expr(ParameterInteger(name="C")) == {"Get": "Parameters.C"}
