"""Pipeline.definition(): document shape and the compile-time errors."""

import json

import pytest

from dagmaker.errors import DefinitionError
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import JsonGet
from dagmaker.workflow.lambda_step import LambdaOutput, LambdaStep
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.sdk.sdk_doubles import RequestJob

SESSION = PipelineSession()
REPORT = PropertyFile(name="Report", output_name="evaluation", path="report.json")


def _pipeline(*steps, **kwargs) -> Pipeline:
    return Pipeline(name="P", steps=list(steps), sagemaker_session=SESSION, **kwargs)


def _processing(name: str, outputs=("evaluation",), files=(REPORT,)) -> ProcessingStep:
    def request() -> dict:
        items = [{"OutputName": o, "S3Output": {"S3Uri": f"s3://b/{o}"}} for o in outputs]
        return {"ProcessingJobName": name, "ProcessingOutputConfig": {"Outputs": items}}

    args = RequestJob("process", request, SESSION).run()
    return ProcessingStep(name=name, step_args=args, property_files=list(files))


def _reading(json_get: JsonGet, name: str = "Check") -> ConditionStep:
    return ConditionStep(name=name, conditions=[ConditionEquals(left=json_get, right=1)])


def test_document_shape_and_default_experiment_config() -> None:
    count = ParameterInteger(name="Count", default_value=1)
    document = json.loads(_pipeline(FailStep(name="F"), parameters=[count]).definition())
    assert document == {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [{"Name": "Count", "Type": "Integer", "DefaultValue": 1}],
        "PipelineExperimentConfig": {
            "ExperimentName": {"Get": "Execution.PipelineName"},
            "TrialName": {"Get": "Execution.PipelineExecutionId"},
        },
        "Steps": [{"Name": "F", "Type": "Fail", "Arguments": {"ErrorMessage": ""}}],
    }


def test_duplicate_step_names() -> None:
    with pytest.raises(DefinitionError, match="two steps are named 'A'") as error:
        _pipeline(FailStep(name="A"), FailStep(name="A")).definition()
    assert (error.value.step, error.value.field) == ("A", "Name")


def test_a_branch_step_also_listed_at_top_level() -> None:
    branch = FailStep(name="Branch")
    condition = ConditionStep(name="C", conditions=[], if_steps=[branch])
    with pytest.raises(DefinitionError, match="must not also be listed in Pipeline"):
        _pipeline(condition, branch).definition()


def test_unknown_depends_on_name_names_the_step_and_field() -> None:
    with pytest.raises(DefinitionError) as error:
        _pipeline(FailStep(name="A"), FailStep(name="B", depends_on=["Nope"])).definition()
    assert (error.value.step, error.value.field, error.value.value) == ("B", "DependsOn", "Nope")
    assert "not a step of this pipeline (steps: A, B)" in str(error.value)


def test_unknown_step_name_in_a_json_get() -> None:
    json_get = JsonGet(step_name="Ghost", property_file="Report", json_path="a")
    with pytest.raises(DefinitionError, match="names step 'Ghost'") as error:
        _pipeline(_reading(json_get)).definition()
    assert error.value.step == "Check"
    assert error.value.field == "Arguments.Conditions[0].LeftValue"


def test_json_get_must_read_a_declared_property_file_of_a_processing_step() -> None:
    prep = _processing("Prep")
    good = JsonGet(step_name="Prep", property_file=REPORT, json_path="a")
    _pipeline(prep, _reading(good)).definition()
    undeclared = JsonGet(step_name="Prep", property_file="Other", json_path="a")
    with pytest.raises(DefinitionError, match="declares only: Report") as error:
        _pipeline(prep, _reading(undeclared)).definition()
    assert (error.value.step, error.value.field) == ("Check", "Arguments.Conditions[0].LeftValue")


def test_json_get_of_a_non_processing_step() -> None:
    train = TrainingStep(name="Train", step_args=RequestJob("train", dict, SESSION).fit())
    json_get = JsonGet(step=train, property_file=REPORT, json_path="a")
    with pytest.raises(DefinitionError, match="a Training step; property files exist only"):
        _pipeline(_reading(json_get)).definition()


def test_property_file_output_must_exist_and_all_problems_are_reported() -> None:
    prep = _processing("Prep", outputs=("train",))
    first = _reading(JsonGet(step_name="Prep", property_file=REPORT, json_path="a"), "One")
    second = _reading(JsonGet(step_name="Prep", property_file="Missing", json_path="a"), "Two")
    with pytest.raises(DefinitionError) as error:
        _pipeline(prep, first, second).definition()
    assert "2 problems found" in str(error.value)
    messages = [issue.message for issue in error.value.issues]
    assert any("written to output 'evaluation'" in m for m in messages)
    assert any("declares only: Report" in m for m in messages)


def test_values_that_are_not_json_are_located() -> None:
    bad = LambdaStep(name="L", lambda_func="arn:f", inputs={"when": object()})
    with pytest.raises(DefinitionError, match="a object cannot go into a pipeline definition") as e:
        _pipeline(bad).definition()
    assert (e.value.step, e.value.field) == ("L", "Arguments.when")


def test_parameters_are_checked() -> None:
    first, second = ParameterString(name="X"), ParameterInteger(name="X")
    with pytest.raises(DefinitionError, match="parameter 'X' is declared twice"):
        _pipeline(FailStep(name="F"), parameters=[first, second]).definition()
    with pytest.raises(DefinitionError, match="not a pipeline parameter"):
        _pipeline(FailStep(name="F"), parameters=["X"]).definition()


def test_only_steps_can_be_listed() -> None:
    with pytest.raises(DefinitionError, match="is not a step"):
        _pipeline("StepName").definition()
    with pytest.raises(TypeError, match="depends_on holds step names, steps and step collections"):
        FailStep(name="F", depends_on=[42])


def test_an_unattached_lambda_output_cannot_be_rendered() -> None:
    free = LambdaOutput("free")
    with pytest.raises(ValueError, match="belongs to no step yet"):
        _pipeline(_reading(free)).definition()  # type: ignore[arg-type]


def test_experiment_config_none_and_definition_is_repeatable() -> None:
    pipeline = _pipeline(_processing("Prep"), pipeline_experiment_config=None)
    assert json.loads(pipeline.definition())["PipelineExperimentConfig"] is None
    assert pipeline.definition() == pipeline.definition()
