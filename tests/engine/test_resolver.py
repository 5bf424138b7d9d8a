"""Resolving expressions in step arguments against parameters, variables and step properties."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dagmaker.definition import validation
from dagmaker.definition.model import PipelineDefinition
from dagmaker.engine.resolver import ResolutionContext, resolve, stringify
from dagmaker.errors import NotFound, ResolutionError

ROLE = "arn:aws:iam::123456789012:role/Resolver"
CLUSTER = {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1}


def _output(uri: str) -> dict[str, str]:
    return {"S3Uri": uri, "LocalPath": "/opt/ml/processing/out", "S3UploadMode": "EndOfJob"}


DEFINITION = validation.validate(
    {
        "Version": "2020-12-01",
        "Parameters": [
            {"Name": "Bucket", "Type": "String", "DefaultValue": "b"},
            {"Name": "Threshold", "Type": "Float", "DefaultValue": 6.0},
            {"Name": "Flag", "Type": "Boolean", "DefaultValue": True},
            {"Name": "Count", "Type": "Integer", "DefaultValue": 3},
        ],
        "Steps": [
            {
                "Name": "Eval",
                "Type": "Processing",
                "Arguments": {
                    "AppSpecification": {"ImageUri": "img"},
                    "ProcessingResources": {"ClusterConfig": CLUSTER},
                    "RoleArn": ROLE,
                    "ProcessingOutputConfig": {
                        "Outputs": [
                            {"OutputName": "evaluation", "S3Output": _output("s3://x")},
                            {"OutputName": "other", "S3Output": _output("s3://y")},
                        ]
                    },
                },
                "PropertyFiles": [
                    {
                        "PropertyFileName": "Report",
                        "OutputName": "evaluation",
                        "FilePath": "/metrics/evaluation.json",
                    },
                    {"PropertyFileName": "Lost", "OutputName": "other", "FilePath": "l.json"},
                ],
            },
            {
                "Name": "Train",
                "Type": "Training",
                "Arguments": {
                    "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
                    "OutputDataConfig": {"S3OutputPath": "s3://b/train"},
                    "RoleArn": ROLE,
                },
            },
        ],
    }
)
EVAL_PROPS = {
    "ProcessingJobName": "eval-job",
    "ProcessingOutputConfig": {
        "Outputs": [
            {"OutputName": "evaluation", "S3Output": {"S3Uri": "s3://b/run/eval/"}},
        ]
    },
}
TRAIN_PROPS = {
    "TrainingJobName": "train-job",
    "ModelArtifacts": {"S3ModelArtifacts": "s3://b/model.tar.gz"},
    "FinalMetricDataList": [{"MetricName": "validation:rmse", "Value": 3.5}],
    "HyperParameters": {"eta": "0.3"},
}
OBJECTS = {
    "s3://b/run/eval/metrics/evaluation.json": {
        "regression": {"mse": {"value": 4.25}},
        "labels": ["cat", "dog"],
        "passed": True,
        "k.with.dots": 1,
    },
    "s3://b/results/6.0/result.json": {"Result": {"total": 12}},
}


def _read_json(uri: str) -> Any:
    if uri == "s3://b/broken.json":
        raise json.JSONDecodeError("Expecting value", "{", 1)
    if uri not in OBJECTS:
        raise NotFound(f"no object at {uri}")
    return OBJECTS[uri]


def _ctx(
    definition: PipelineDefinition = DEFINITION,
    properties: dict[str, dict[str, Any]] | None = None,
    **overrides: Any,
) -> ResolutionContext:
    ticks = iter(["2024-01-01T00:00:01.000Z", "2024-01-01T00:00:02.000Z"])
    base: dict[str, Any] = {
        "definition": definition,
        "parameters": {"Bucket": "b", "Threshold": 6.0, "Flag": True, "Count": 3},
        "variables": {
            "PipelineExecutionId": "exec1",
            "PipelineName": "p",
            "CurrentDateTime": lambda: next(ticks),
        },
        "step_properties": {"Eval": EVAL_PROPS, "Train": TRAIN_PROPS}
        if properties is None
        else properties,
        "read_json": _read_json,
        "experiment": {"ExperimentName": "p", "TrialName": "exec1"},
        "step": "Consumer",
    }
    base.update(overrides)
    return ResolutionContext(**base)


def _join(on: str, *values: Any) -> dict[str, Any]:
    return {"Std:Join": {"On": on, "Values": list(values)}}


def _file_get(path: str, file: str = "Report") -> dict[str, Any]:
    return {
        "Std:JsonGet": {"PropertyFile": {"Get": f"Steps.Eval.PropertyFiles.{file}"}, "Path": path}
    }


def _uri_get(uri: Any, path: str) -> dict[str, Any]:
    return {"Std:JsonGet": {"S3Uri": uri, "Path": path}}


def test_literals_and_containers_pass_through() -> None:
    value = {"a": [1, 2.5, True, None, "s", {"b": []}]}
    assert resolve(value, _ctx()) == value


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ({"Get": "Parameters.Bucket"}, "b"),
        ({"Get": "Parameters.Threshold"}, 6.0),
        ({"Get": "Parameters.Flag"}, True),
        ({"Get": "Execution.PipelineExecutionId"}, "exec1"),
        ({"Get": "PipelineExperimentConfig.TrialName"}, "exec1"),
        ({"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, "s3://b/model.tar.gz"),
        ({"Get": "Steps.Train.FinalMetricDataList['validation:rmse'].Value"}, 3.5),
        ({"Get": "Steps.Train.HyperParameters['eta']"}, "0.3"),
        (
            {"Get": "Steps.Eval.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri"},
            "s3://b/run/eval/",
        ),
    ],
)
def test_get_kinds_keep_their_types(expr: dict[str, Any], value: Any) -> None:
    assert resolve(expr, _ctx()) == value
    assert type(resolve(expr, _ctx())) is type(value)


def test_callable_variables_are_evaluated_on_each_use() -> None:
    ctx = _ctx()
    now = {"Get": "Execution.CurrentDateTime"}
    assert resolve([now, now], ctx) == ["2024-01-01T00:00:01.000Z", "2024-01-01T00:00:02.000Z"]


def test_expressions_resolve_deep_inside_arguments() -> None:
    args = {
        "Environment": {"B": {"Get": "Parameters.Bucket"}},
        "ContainerArguments": ["--n", {"Get": "Parameters.Count"}],
    }
    assert resolve(args, _ctx()) == {"Environment": {"B": "b"}, "ContainerArguments": ["--n", 3]}


def test_join_stringifies_like_python() -> None:
    expr = _join(
        ",",
        {"Get": "Parameters.Threshold"},
        {"Get": "Parameters.Flag"},
        {"Get": "Parameters.Count"},
        False,
        2.5,
        "s",
    )
    assert resolve(expr, _ctx()) == "6.0,True,3,False,2.5,s"


def test_join_of_one_variable_is_its_string_form() -> None:
    assert resolve(_join("", {"Get": "Parameters.Threshold"}), _ctx()) == "6.0"


def test_nested_join_and_the_s3_idiom() -> None:
    expr = _join(
        "/",
        "s3:/",
        {"Get": "Parameters.Bucket"},
        _join("-", {"Get": "Execution.PipelineName"}, {"Get": "Execution.PipelineExecutionId"}),
        "out",
    )
    assert resolve(expr, _ctx()) == "s3://b/p-exec1/out"


def test_join_with_no_values_is_empty() -> None:
    assert resolve(_join("/"), _ctx()) == ""


def test_stringify() -> None:
    assert [stringify(v) for v in ("a", 1, 6.0, True, None)] == ["a", "1", "6.0", "True", "None"]


def test_json_get_by_property_file_reads_output_uri_plus_file_path() -> None:
    assert resolve(_file_get("regression.mse.value"), _ctx()) == 4.25
    assert resolve(_file_get("$.labels[1]"), _ctx()) == "dog"
    assert resolve(_file_get("passed"), _ctx()) is True
    assert resolve(_file_get("['k.with.dots']"), _ctx()) == 1
    assert resolve(_file_get("regression"), _ctx()) == {"mse": {"value": 4.25}}


def test_json_get_by_s3_uri_built_from_a_join() -> None:
    uri = _join("/", "s3://b/results", {"Get": "Parameters.Threshold"}, "result.json")
    assert resolve(_uri_get(uri, "Result['total']"), _ctx()) == 12


def test_json_get_inside_a_join() -> None:
    expr = _join(" ", "mse", _file_get("regression.mse.value"), "above", 6.0)
    assert resolve(expr, _ctx()) == "mse 4.25 above 6.0"


def _error(value: Any, ctx: ResolutionContext | None = None) -> ResolutionError:
    with pytest.raises(ResolutionError) as info:
        resolve(value, ctx or _ctx(), "Arguments")
    return info.value


def test_missing_parameter_names_step_and_path() -> None:
    error = _error({"Env": {"X": {"Get": "Parameters.Nope"}}})
    assert (error.step, error.field) == ("Consumer", "Arguments.Env.X")
    assert error.message == "parameter 'Nope' has no value"
    assert str(error) == "step 'Consumer' › field Arguments.Env.X: parameter 'Nope' has no value"


def test_unavailable_execution_variable() -> None:
    error = _error({"J": {"Get": "Execution.TrainingJobName"}})
    assert error.message == "execution variable 'TrainingJobName' is not available here"
    assert error.field == "Arguments.J"


def test_property_of_a_step_that_has_not_succeeded() -> None:
    error = _error({"Get": "Steps.Train.TrainingJobName"}, _ctx(properties={}))
    assert error.message == (
        "'Steps.Train.TrainingJobName' is undefined: step 'Train' has not succeeded"
    )


def test_missing_property_path_names_the_token() -> None:
    error = _error(["x", {"Get": "Steps.Train.FinalMetricDataList['train:loss'].Value"}])
    assert error.field == "Arguments[1]"
    assert error.message == (
        "\"Steps.Train.FinalMetricDataList['train:loss'].Value\" is undefined: "
        "FinalMetricDataList['train:loss']: no element named 'train:loss'"
    )


def test_errors_inside_a_join_point_into_the_join() -> None:
    error = _error({"U": _join("/", "a", _join("", {"Get": "Parameters.Nope"}))})
    assert error.field == "Arguments.U.Std:Join.Values[1].Std:Join.Values[0]"


def test_json_get_missing_object() -> None:
    error = _error({"M": _uri_get("s3://b/none.json", "a")})
    assert error.field == "Arguments.M"
    assert error.message == "JsonGet cannot read s3://b/none.json: no object at s3://b/none.json"


def test_json_get_object_that_is_not_json() -> None:
    error = _error(_uri_get("s3://b/broken.json", "a"))
    assert error.message.startswith("JsonGet: s3://b/broken.json is not valid JSON (Expecting")


def test_json_get_missing_path() -> None:
    error = _error(_file_get("regression.rmse"))
    assert error.message == (
        "JsonGet path 'regression.rmse' not found in s3://b/run/eval/metrics/evaluation.json: "
        "regression.rmse: no key 'rmse' (keys: ['mse'])"
    )


def test_json_get_uri_that_is_not_a_string() -> None:
    error = _error(_uri_get({"Get": "Parameters.Count"}, "a"))
    assert error.message == "JsonGet S3Uri resolved to 3, not a string"


def test_json_get_uri_errors_point_into_the_uri() -> None:
    error = _error({"M": _uri_get({"Get": "Steps.Nope.X"}, "a")}, _ctx())
    assert error.field == "Arguments.M.Std:JsonGet.S3Uri"


def test_property_file_of_a_step_that_has_not_succeeded() -> None:
    error = _error(_file_get("a"), _ctx(properties={}))
    assert error.message == "'Steps.Eval.PropertyFiles.Report': step 'Eval' has not succeeded"


def test_property_file_whose_output_is_missing_from_the_properties() -> None:
    error = _error(_file_get("a", file="Lost"))
    assert error.message == "'Steps.Eval.PropertyFiles.Lost': step 'Eval' has no output 'other'"


def test_undeclared_property_file() -> None:
    error = _error(_file_get("a", file="Ghost"))
    assert error.message == "'Steps.Eval.PropertyFiles.Ghost': no such property file"


def test_error_without_a_step_has_only_the_field() -> None:
    error = _error({"Get": "Parameters.Nope"}, _ctx(step=""))
    assert error.step is None
    assert error.location == "field Arguments"
