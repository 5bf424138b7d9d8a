import copy

import pytest

from dagmaker.workflow import is_pipeline_parameter_string, is_pipeline_variable
from dagmaker.workflow.entities import DefaultEnumMeta, Join
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.parameters import ParameterInteger, ParameterString, ParameterTypeEnum
from dagmaker.workflow.properties import Properties, PropertyFile


@pytest.fixture
def variable() -> ParameterString:
    return ParameterString(name="MyBucket", default_value="b")


@pytest.mark.parametrize(
    "operation",
    [
        lambda v: str(v),
        lambda v: f"s3://{v}/training",
        lambda v: "s3://{}/training".format(v),  # noqa: UP032 (the seed's own example)
        lambda v: "%s" % v,  # noqa: UP031
        lambda v: v + "x",
        lambda v: "x" + v,
        lambda v: format(v, ""),
    ],
)
def test_string_operations_point_to_join_and_to_string(variable, operation) -> None:
    with pytest.raises(TypeError) as error:
        operation(variable)
    message = str(error.value)
    assert "Join" in message and ".to_string()" in message
    assert "Parameters.MyBucket" in message


def test_numeric_conversions_are_refused() -> None:
    count = ParameterInteger(name="Count", default_value=1)
    with pytest.raises(TypeError, match="int\\(\\)"):
        int(count)
    with pytest.raises(TypeError, match="float\\(\\)"):
        float(count)


def test_iteration_is_refused_even_for_list_properties() -> None:
    outputs = Properties("P", shape_name="DescribeProcessingJobResponse").ProcessingOutputConfig
    with pytest.raises(TypeError, match=r"cannot be iterated.*\[0\]"):
        list(outputs.Outputs)
    with pytest.raises(TypeError):
        "x" in outputs.Outputs  # noqa: B015


def test_truthiness_and_repr_stay_usable(variable) -> None:
    # SageMaker's SDK relies on `if value:` for variables, so they stay truthy.
    assert bool(variable)
    assert "MyBucket" in repr(variable)
    assert repr(Join(on="/", values=["a", variable]))


def test_to_string_wraps_non_strings_and_keeps_strings(variable) -> None:
    assert variable.to_string() is variable
    assert ExecutionVariables.PIPELINE_NAME.to_string() is ExecutionVariables.PIPELINE_NAME
    count = ParameterInteger(name="Count")
    assert count.to_string().expr == {
        "Std:Join": {"On": "", "Values": [{"Get": "Parameters.Count"}]}
    }
    join = Join(values=[count])
    assert join.to_string() is join


def test_copies_are_the_same_reference() -> None:
    prop = Properties("Train", shape_name="DescribeTrainingJobResponse").TrainingJobName
    request = {"Name": prop, "List": [prop]}
    copied = copy.deepcopy(request)
    assert copied["Name"] is prop and copied["List"][0] is prop
    assert copy.copy(prop) is prop


def test_is_pipeline_variable() -> None:
    assert is_pipeline_variable(ParameterInteger(name="I"))
    assert is_pipeline_variable(PropertyFile(name="f", output_name="o", path="p.json"))
    assert not is_pipeline_variable("text")
    assert is_pipeline_parameter_string(ParameterString(name="S"))
    assert not is_pipeline_parameter_string(ParameterInteger(name="I"))


def test_default_enum_meta_gives_first_member() -> None:
    assert isinstance(ParameterTypeEnum, DefaultEnumMeta)
    assert ParameterTypeEnum() is ParameterTypeEnum.STRING
    assert ParameterTypeEnum("Float") is ParameterTypeEnum.FLOAT
    assert ParameterTypeEnum(value="Integer") is ParameterTypeEnum.INTEGER
    assert ParameterTypeEnum.factory() is ParameterTypeEnum.STRING


def test_join_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="separator"):
        Join(on=1, values=[])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list of values"):
        Join(on="", values="abc")  # type: ignore[arg-type]


def test_join_expr_renders_nested_variables() -> None:
    inner = Join(on="-", values=["a", ExecutionVariables.PIPELINE_EXECUTION_ID])
    outer = Join(on="/", values=["s3:/", inner, 3, True])
    assert outer.expr == {
        "Std:Join": {
            "On": "/",
            "Values": [
                "s3:/",
                {
                    "Std:Join": {
                        "On": "-",
                        "Values": ["a", {"Get": "Execution.PipelineExecutionId"}],
                    }
                },
                3,
                True,
            ],
        }
    }
    assert Join(values=["a"]) == Join(on="", values=["a"])
