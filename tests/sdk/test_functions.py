import pytest

from dagmaker.workflow.condition_step import JsonGet as LegacyJsonGet
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.properties import Properties, PropertyFile

REPORT = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")


def test_property_file_form_by_object_and_by_name() -> None:
    by_object = JsonGet(step_name="Eval", property_file=REPORT, json_path="mse.value")
    by_name = JsonGet(step_name="Eval", property_file="EvaluationReport", json_path="mse.value")
    expected = {
        "Std:JsonGet": {
            "PropertyFile": {"Get": "Steps.Eval.PropertyFiles.EvaluationReport"},
            "Path": "mse.value",
        }
    }
    assert by_object.expr == expected
    assert by_name.expr == expected
    assert by_name._referenced_steps == ["Eval"]


def test_step_object_form() -> None:
    step = FailStep(name="Eval")
    json_get = JsonGet(step=step, property_file=REPORT, json_path="a")
    assert json_get.step_name == "Eval"
    assert json_get._referenced_steps == [step]
    with pytest.raises(ValueError, match="step_name='Other' but step='Eval'"):
        JsonGet(step_name="Other", step=step, property_file=REPORT, json_path="a")
    with pytest.raises(TypeError, match="must be a pipeline step"):
        JsonGet(step=object(), property_file=REPORT, json_path="a")


def test_s3_uri_form() -> None:
    bucket = ParameterString(name="Bucket")
    prop = Properties("F", shape_name="DescribeTrainingJobResponse").OutputDataConfig.S3OutputPath
    uri = Join(on="/", values=["s3:/", bucket, ExecutionVariables.PIPELINE_EXECUTION_ID, prop])
    json_get = JsonGet(s3_uri=uri, json_path="Result['k']")
    assert json_get.expr == {"Std:JsonGet": {"S3Uri": uri.expr, "Path": "Result['k']"}}
    assert json_get._referenced_steps == ["F"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"step_name": "S", "property_file": REPORT, "s3_uri": Join(values=["s3://b/k"])},
            "not both",
        ),
        ({"step_name": "S", "json_path": "a"}, "needs property_file="),
        ({"property_file": REPORT, "json_path": "a"}, "pass step_name=step.name or step=step"),
        (
            {"s3_uri": "s3://b/k.json", "json_path": "a"},
            "must be a dagmaker.workflow.functions.Join",
        ),
        ({"step_name": "S", "property_file": REPORT}, "needs json_path="),
        ({"step_name": "S", "property_file": REPORT, "json_path": "a[*]"}, "not supported"),
    ],
)
def test_invalid_forms_are_refused_with_a_clear_message(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        JsonGet(**kwargs)


def test_s3_uri_join_may_not_hold_functions() -> None:
    inner = JsonGet(s3_uri=Join(values=["s3://b/k.json"]), json_path="a")
    with pytest.raises(ValueError, match="JsonGet is not allowed"):
        JsonGet(s3_uri=Join(on="/", values=["s3:/", inner]), json_path="b")
    with pytest.raises(ValueError, match="Join is not allowed"):
        JsonGet(s3_uri=Join(values=[Join(values=["x"])]), json_path="b")


def test_property_file_must_be_a_file_or_name() -> None:
    with pytest.raises(TypeError, match="PropertyFile or its name"):
        JsonGet(step_name="S", property_file=3, json_path="a")  # type: ignore[arg-type]


def test_deprecated_condition_step_json_get() -> None:
    step = FailStep(name="Eval")
    with pytest.warns(DeprecationWarning, match="functions.JsonGet"):
        legacy = LegacyJsonGet(step=step, property_file=REPORT, json_path="a.b")
    assert legacy.expr["Std:JsonGet"]["PropertyFile"] == {
        "Get": "Steps.Eval.PropertyFiles.EvaluationReport"
    }
