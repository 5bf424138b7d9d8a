"""Hyperparameter ranges and their request forms."""

from __future__ import annotations

import pytest

from dagmaker.parameter import CategoricalParameter, ContinuousParameter, IntegerParameter
from dagmaker.workflow._serialize import to_json
from dagmaker.workflow.parameters import ParameterFloat, ParameterString


def test_numeric_ranges_send_strings() -> None:
    assert ContinuousParameter(0.01, 0.5, "Logarithmic").as_tuning_range("eta") == {
        "Name": "eta",
        "MinValue": "0.01",
        "MaxValue": "0.5",
        "ScalingType": "Logarithmic",
    }
    assert IntegerParameter(1, 9).as_tuning_range("depth")["MaxValue"] == "9"


def test_variable_bounds_become_strings_at_run_time() -> None:
    bound = ParameterFloat(name="Max", default_value=1.0)
    rendered = to_json(ContinuousParameter(0, bound).as_tuning_range("x"))
    assert rendered["MaxValue"] == {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Max"}]}}


def test_categorical_values_and_their_json_form() -> None:
    parameter = CategoricalParameter(["gbtree", 3])
    assert parameter.as_tuning_range("b") == {"Name": "b", "Values": ["gbtree", "3"]}
    assert parameter.as_json_range("b") == {"Name": "b", "Values": ['"gbtree"', '"3"']}
    assert CategoricalParameter("single").values == ["single"]
    variable = to_json(CategoricalParameter([ParameterString("C")]).as_json_range("c"))
    assert variable["Values"][0]["Std:Join"]["Values"][0] == '"'


def test_membership_and_casting() -> None:
    assert IntegerParameter(1, 5).is_valid(5)
    assert not ContinuousParameter(0.0, 1.0).is_valid(1.5)
    assert CategoricalParameter(["a"]).is_valid("a")
    assert IntegerParameter.cast_to_type("7") == 7
    assert CategoricalParameter.cast_to_type(7) == "7"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: ContinuousParameter(1, 0), ValueError, "greater than max_value"),
        (lambda: IntegerParameter(1, 2, "Exponential"), ValueError, "scaling_type must be one of"),
        (lambda: ContinuousParameter([0], 1), TypeError, "numbers or pipeline variables"),
        (lambda: CategoricalParameter([]), ValueError, "at least one value"),
    ],
)
def test_invalid_ranges(build: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()  # type: ignore[operator]
