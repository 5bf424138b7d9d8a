"""Validation rules one by one: no false positives on valid shapes, exact messages on bad ones."""

from __future__ import annotations

from typing import Any

import pytest

from dagmaker._lib.json_path import parse
from dagmaker.definition import document_rules, validation
from dagmaker.definition.model import StepDef
from dagmaker.errors import Issue
from tests.definition import request_bodies as requests


def _doc(*steps: Any, parameters: Any = None) -> dict[str, Any]:
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": parameters or [],
        "Steps": list(steps),
    }


def _issues(*steps: Any, parameters: Any = None) -> list[tuple[str, str, str]]:
    _, issues = validation.check(_doc(*steps, parameters=parameters))
    return [(i.step, i.path, i.message) for i in issues]


def _proc(name: str, **args: Any) -> dict[str, Any]:
    return {
        "Name": name,
        "Type": "Processing",
        "Arguments": requests.arguments("Processing", **args),
    }


def _uses(name: str, *refs: str) -> dict[str, Any]:
    # Lambda inputs take a value of any type, so only the reference itself is checked.
    return {
        "Name": name,
        "Type": "Lambda",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Arguments": {f"V{i}": {"Get": r} for i, r in enumerate(refs)},
        "OutputParameters": [],
    }


OUTPUT = {
    "OutputName": "o",
    "S3Output": {
        "S3Uri": "s3://b/o",
        "LocalPath": "/opt/ml/processing/o",
        "S3UploadMode": "EndOfJob",
    },
}
EVERY_TYPE = [
    _proc("Proc", ProcessingOutputConfig={"Outputs": [OUTPUT]}),
    {
        "Name": "Train",
        "Type": "Training",
        "Arguments": requests.arguments("Training"),
    },
    {"Name": "Tune", "Type": "Tuning", "Arguments": requests.arguments("Tuning")},
    {
        "Name": "Batch",
        "Type": "Transform",
        "Arguments": requests.arguments("Transform"),
    },
    {"Name": "Model", "Type": "Model", "Arguments": requests.arguments("Model")},
    {"Name": "Register", "Type": "RegisterModel", "Arguments": requests.arguments("RegisterModel")},
    {"Name": "AutoML", "Type": "AutoML", "Arguments": requests.arguments("AutoML")},
    {"Name": "Spark", "Type": "EMR", "Arguments": requests.arguments("EMR")},
    {
        "Name": "Fn",
        "Type": "Lambda",
        "FunctionArn": "arn:aws:lambda:us-east-1:1:function:f",
        "Arguments": {},
        "OutputParameters": [{"OutputName": "n", "OutputType": "Integer"}, {"OutputName": "s"}],
    },
    {
        "Name": "Wait",
        "Type": "Callback",
        "SqsQueueUrl": "https://sqs/q",
        "Arguments": {},
        "OutputParameters": [{"OutputName": "ok", "OutputType": "Boolean"}],
    },
    {
        "Name": "Quality",
        "Type": "QualityCheck",
        "CheckType": "DATA_QUALITY",
        "Arguments": requests.arguments("Processing"),
    },
    {
        "Name": "Bias",
        "Type": "ClarifyCheck",
        "CheckType": "DATA_BIAS",
        "Arguments": requests.arguments("Processing"),
    },
    {
        "Name": "Gate",
        "Type": "Condition",
        "Arguments": {"Conditions": [], "IfSteps": [], "ElseSteps": []},
    },
]
VALID_REFERENCES = [
    "Steps.Proc.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri",
    "Steps.Proc.ProcessingJobStatus",
    "Steps.Train.ModelArtifacts.S3ModelArtifacts",
    "Steps.Train.FinalMetricDataList['validation:rmse'].Value",
    "Steps.Train.HyperParameters['eta']",
    "Steps.Train.OutputDataConfig.S3OutputPath",
    "Steps.Tune.BestTrainingJob.TrainingJobName",
    "Steps.Tune.BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value",
    "Steps.Tune.TrainingJobSummaries[2].TrainingJobName",
    "Steps.Tune.ObjectiveStatusCounters.Succeeded",
    "Steps.Batch.TransformOutput.S3OutputPath",
    "Steps.Model.ModelName",
    "Steps.Model.PrimaryContainer.ModelDataUrl",
    "Steps.Register.ModelPackageArn",
    "Steps.Register.ModelApprovalStatus",
    "Steps.AutoML.BestCandidate.InferenceContainers[0].Environment['MODEL_NAME']",
    "Steps.AutoML.BestCandidate.CandidateName",
    "Steps.AutoML.BestCandidateProperties.ModelInsightsJsonReportPath",
    "Steps.AutoML.BestCandidateProperties.ExplainabilityJsonReportPath",
    "Steps.Spark.Status.State",
    "Steps.Spark.Config.Jar",
    "Steps.Fn.OutputParameters['n']",
    "Steps.Fn.OutputParameters['s']",
    "Steps.Wait.OutputParameters['ok']",
    "Steps.Quality.CalculatedBaselineStatistics",
    "Steps.Quality.BaselineUsedForDriftCheckConstraints",
    "Steps.Bias.CalculatedBaselineConstraints",
    "Steps.Gate.Outcome",
    "Execution.StartDateTime",
    "PipelineExperimentConfig.ExperimentName",
]


def test_every_step_type_and_documented_property_is_accepted() -> None:
    assert _issues(*EVERY_TYPE, _uses("User", *VALID_REFERENCES)) == []


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "Steps.Tune.BestTrainingJob.TrainingJobNam",
            "BestTrainingJob.TrainingJobNam: no property 'TrainingJobNam'; valid here:",
        ),
        (
            "Steps.Bias.CalculatedBaselineStatistics",
            "ClarifyCheck properties are ['CalculatedBaselineConstraints', "
            "'BaselineUsedForDriftCheckConstraints']",
        ),
        ("Steps.Wait.OutputParameters['ok'][0]", "output parameters are flat values"),
        ("Steps.Wait.OutputParameters.ok", "Callback properties are OutputParameters['<name>']"),
        ("Steps.Gate.Outcome.Value", "a ConditionStep has only Outcome"),
        ("Steps.Train.HyperParameters.eta.x", "HyperParameters.eta: no property 'eta'"),
    ],
)
def test_bad_property_references(reference: str, message: str) -> None:
    issues = _issues(*EVERY_TYPE, _uses("User", reference))
    assert len(issues) == 1
    step, path, text = issues[0]
    assert (step, path) == ("User", "Arguments.V0")
    assert text.startswith(f"Get {reference!r}: ")
    assert message in text


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("Model", "only Processing steps have property files"),
        ("Proc", "step 'Proc' declares no property files"),
    ],
)
def test_property_files_only_exist_where_declared(target: str, message: str) -> None:
    ref = {"Get": f"Steps.{target}.PropertyFiles.R"}
    reader = _proc("User", Environment={"X": {"Std:JsonGet": {"PropertyFile": ref, "Path": "a"}}})
    assert _issues(*EVERY_TYPE, reader) == [
        (
            "User",
            "Arguments.Environment.X.Std:JsonGet.PropertyFile",
            f"Get 'Steps.{target}.PropertyFiles.R': {message}",
        )
    ]


def test_a_property_file_is_read_only_through_json_get() -> None:
    step = _proc("P", ProcessingOutputConfig={"Outputs": [OUTPUT]})
    step["PropertyFiles"] = [{"PropertyFileName": "R", "OutputName": "o", "FilePath": "r.json"}]
    bare = {"Get": "Steps.P.PropertyFiles.R"}
    reader = _proc("Q", Environment={"X": {"Std:Join": {"On": "", "Values": [bare]}}})
    assert _issues(step, reader) == [
        (
            "Q",
            "Arguments.Environment.X.Std:Join.Values[0]",
            "Get 'Steps.P.PropertyFiles.R': read a property file with "
            "{'Std:JsonGet': {'PropertyFile': ..., 'Path': ...}}",
        )
    ]


def test_misspelt_property_lists_the_valid_names_at_that_level() -> None:
    issues = _issues(*EVERY_TYPE, _uses("User", "Steps.Train.ModelArtifacts.S3ModelArtifact"))
    assert issues == [
        (
            "User",
            "Arguments.V0",
            "Get 'Steps.Train.ModelArtifacts.S3ModelArtifact': ModelArtifacts.S3ModelArtifact: "
            "no property 'S3ModelArtifact'; valid here: S3ModelArtifacts",
        )
    ]


def _step(kind: str, **raw: Any) -> StepDef:
    return StepDef(name="X", type=kind, arguments={}, raw={"Name": "X", "Type": kind, **raw})


def test_property_problem_directly() -> None:
    train = _step("Training")
    assert validation.property_problem(train, parse("TrainingJobName")) == ""
    assert validation.property_problem(train, parse("TrainingJobName[0]")) == (
        "TrainingJobName[0]: cannot index a string"
    )
    # Types without a shape table cannot be checked, so any path passes.
    assert validation.property_problem(_step("Endpoint"), parse("Anything.Goes")) == ""


def test_property_files_on_a_processing_step_without_outputs() -> None:
    step = _proc("P")
    step["PropertyFiles"] = [{"PropertyFileName": "R", "OutputName": "o", "FilePath": "r.json"}]
    assert _issues(step) == [
        ("P", "PropertyFiles[0].OutputName", "'o' is not one of the step's outputs []")
    ]


def test_property_file_with_a_nested_file_path_is_fine() -> None:
    step = _proc("P", ProcessingOutputConfig={"Outputs": [OUTPUT]})
    step["PropertyFiles"] = [
        {"PropertyFileName": "R", "OutputName": "o", "FilePath": "stats/stats.json"},
        {"PropertyFileName": "S", "OutputName": "o", "FilePath": "other.json"},
    ]
    reader = _proc(
        "Q",
        Environment={
            "X": {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.P.PropertyFiles.S"}, "Path": "a"}}
        },
    )
    assert _issues(step, reader) == []


def test_disabled_cache_ignores_a_bad_expire_after() -> None:
    step = _proc("P")
    step["CacheConfig"] = {"Enabled": False, "ExpireAfter": "never"}
    assert _issues(step) == []


@pytest.mark.parametrize("expire", ["P30D", "p30d", "PT1H", "30d", "T16m", "30dT5h", "P4DT12H"])
def test_documented_expire_after_forms_are_accepted(expire: str) -> None:
    step = _proc("P")
    step["CacheConfig"] = {"Enabled": True, "ExpireAfter": expire}
    assert _issues(step) == []


@pytest.mark.parametrize(
    "policy",
    [
        {"ExceptionType": ["Step.SERVICE_FAULT", "Step.THROTTLING"], "IntervalSeconds": 0},
        {"ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"], "MaxAttempts": 0},
        {"ExceptionType": ["SageMaker.RESOURCE_LIMIT"], "MaxAttempts": 20, "BackoffRate": 1.0},
        {"ExceptionType": ["SageMaker.CAPACITY_ERROR"], "ExpireAfterMin": 14400},
        {"ExceptionType": ["Step.THROTTLING"], "IntervalSeconds": 43200, "ExpireAfterMin": 0},
    ],
)
def test_retry_policies_at_the_documented_limits_are_accepted(policy: dict[str, Any]) -> None:
    step = _proc("P")
    step["RetryPolicies"] = [policy]
    assert _issues(step) == []


def test_emr_steps_may_retry_emr_resource_limits_but_processing_may_not() -> None:
    emr = {"Name": "E", "Type": "EMR", "Arguments": requests.arguments("EMR")}
    emr["RetryPolicies"] = [{"ExceptionType": ["Emr.RESOURCE_LIMIT"], "MaxAttempts": 1}]
    proc = _proc("P")
    proc["RetryPolicies"] = [{"ExceptionType": ["Emr.RESOURCE_LIMIT"], "MaxAttempts": 1}]
    assert _issues(emr, proc) == [
        (
            "P",
            "RetryPolicies[0].ExceptionType[0]",
            "Emr.RESOURCE_LIMIT retries are not allowed on Processing steps",
        )
    ]


def test_model_steps_may_retry_step_faults() -> None:
    model = {"Name": "M", "Type": "Model", "Arguments": requests.arguments("Model")}
    model["RetryPolicies"] = [{"ExceptionType": ["Step.SERVICE_FAULT"], "MaxAttempts": 3}]
    assert _issues(model) == []


def test_parameter_defaults_that_fit() -> None:
    parameters = [
        {"Name": "F", "Type": "Float", "DefaultValue": 6},
        {"Name": "G", "Type": "Float", "DefaultValue": 6.0},
        {"Name": "I", "Type": "Integer", "DefaultValue": 0},
        {"Name": "B", "Type": "Boolean", "DefaultValue": False},
        {"Name": "S", "Type": "String", "DefaultValue": ""},
        {"Name": "E", "Type": "String", "DefaultValue": "a", "EnumValues": ["a", "b"]},
        {"Name": "N", "Type": "String"},
        {"Name": "Z", "Type": "Integer", "DefaultValue": None},
    ]
    assert _issues(parameters=parameters) == []


def test_float_default_true_is_rejected() -> None:
    parameters = [{"Name": "F", "Type": "Float", "DefaultValue": True}]
    assert _issues(parameters=parameters) == [
        ("", "Parameters[0].DefaultValue", "parameter 'F': default True does not match Type Float")
    ]


def test_parameter_name_length_limit() -> None:
    parameters = [{"Name": "P" * 64, "Type": "String"}, {"Name": "Q" * 65, "Type": "String"}]
    assert [i[1] for i in _issues(parameters=parameters)] == ["Parameters[1].Name"]


def test_step_name_limits() -> None:
    assert _issues(_proc("A" * 64), _proc("ok-name_1")) == []
    assert _issues(_proc("A" * 65))[0][1:] == ("Name", "step names must match [A-Za-z0-9-_]{1,64}")


def test_experiment_config_may_use_parameters_and_execution_variables() -> None:
    doc = _doc(_proc("P"), parameters=[{"Name": "Exp", "Type": "String", "DefaultValue": "e"}])
    doc["PipelineExperimentConfig"] = {
        "ExperimentName": {"Get": "Parameters.Exp"},
        "TrialName": {"Std:Join": {"On": "-", "Values": [{"Get": "Execution.PipelineName"}]}},
    }
    assert validation.check(doc)[1] == []


def test_experiment_config_expressions_are_checked_too() -> None:
    doc = _doc(_proc("P"))
    doc["PipelineExperimentConfig"] = {"ExperimentName": {"Get": 1}, "TrialName": "t"}
    assert [(i.path, i.message[:24]) for i in validation.check(doc)[1]] == [
        ("PipelineExperimentConfig.ExperimentName", "Get needs a string like ")
    ]


def test_definition_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc(_proc("P", Environment={f"BIG{i}": "x" * 250 for i in range(2)}))
    assert validation.check(doc)[1] == []
    monkeypatch.setattr(document_rules, "MAX_BYTES", 200)
    issues = validation.check(doc)[1]
    assert len(issues) == 1
    assert issues[0].step == "" and issues[0].path == "(whole definition)"
    assert issues[0].message.endswith(
        "SageMaker accepts at most 200 (1 MiB, the PipelineDefinition limit)"
    )


def test_the_real_limit_is_one_mebibyte() -> None:
    assert document_rules.MAX_BYTES == 1024 * 1024


def test_issues_are_sorted_and_unique() -> None:
    step = _uses("U", "Parameters.Nope", "Parameters.Nope")
    _, issues = validation.check(_doc(step))
    assert issues == sorted(issues)
    assert [i.path for i in issues] == ["Arguments.V0", "Arguments.V1"]


def test_validate_returns_the_parsed_definition() -> None:
    definition = validation.validate(_doc(_proc("P"), _uses("U", "Steps.P.ProcessingJobName")))
    assert list(definition.steps) == ["P", "U"]


def test_every_rule_is_registered() -> None:
    names = {rule.__name__ for rule in validation.RULES}
    assert {
        "_parameters",
        "_step_envelope",
        "_depends_on",
        "_expressions",
        "_cycles",
        "_conditions",
        "_retry_policies",
        "_cache_configs",
        "_property_files",
        "_output_parameters",
        "_size",
    } <= names


def test_condition_missing_conditions_is_reported_once() -> None:
    gate = {"Name": "G", "Type": "Condition", "Arguments": {"IfSteps": [], "ElseSteps": []}}
    assert _issues(gate) == [("G", "Arguments.Conditions", "Condition steps need Conditions")]


def test_condition_operands_are_checked_like_arguments() -> None:
    gate = {
        "Name": "G",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [
                {"Type": "In", "QueryValue": {"Get": "Parameters.Q"}, "Values": ["a"]},
                {
                    "Type": "Not",
                    "Condition": {
                        "Type": "Equals",
                        "LeftValue": {"Get": "Steps.Nope.X"},
                        "RightValue": 1,
                    },
                },
            ],
            "IfSteps": [],
            "ElseSteps": [],
        },
    }
    assert _issues(gate) == [
        (
            "G",
            "Arguments.Conditions[0].QueryValue",
            "Get 'Parameters.Q': parameter 'Q' is not declared",
        ),
        (
            "G",
            "Arguments.Conditions[1].Condition.LeftValue",
            "Get 'Steps.Nope.X': unknown step 'Nope'",
        ),
    ]


def test_a_top_level_step_may_depend_on_branch_steps() -> None:
    gate = {
        "Name": "G",
        "Type": "Condition",
        "Arguments": {"Conditions": [], "IfSteps": [_proc("Y")], "ElseSteps": [_proc("N")]},
    }
    after = _uses("After", "Steps.Y.ProcessingJobName")
    after["DependsOn"] = ["N"]
    assert _issues(gate, after) == []


def test_a_branch_step_may_use_steps_of_its_own_branch_and_the_top_level() -> None:
    gate = {
        "Name": "G",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [],
            "IfSteps": [_proc("Y1"), _uses("Y2", "Steps.Y1.ProcessingJobName", "Steps.T.X")],
            "ElseSteps": [],
        },
    }
    top = _proc("T")
    issues = _issues(top, gate)
    assert [(s, p) for s, p, _ in issues] == [("Y2", "Arguments.V1")]
    assert "no property 'X'" in issues[0][2]


def test_issue_value_object() -> None:
    issue = Issue("S", "Arguments.X", "bad")
    assert issue.render() == "step 'S' › Arguments.X: bad"
    assert Issue("", "", "whole").render() == "whole"


def test_lambda_and_callback_inputs_must_be_flat() -> None:
    from dagmaker.definition.validation import check

    document = {
        "Version": "2020-12-01",
        "Parameters": [],
        "Steps": [
            {
                "Name": "L",
                "Type": "Lambda",
                "FunctionArn": "arn:aws:lambda:x:1:function:f",
                "OutputParameters": [],
                "Arguments": {
                    "nested": {"b": 1},
                    "ok": {"Get": "Execution.PipelineName"},
                    "listed": [1, 2],
                    "plain": 3,
                },
            }
        ],
    }
    issues = check(document)[1]
    assert [(i.step, i.path) for i in issues] == [
        ("L", "Arguments.listed"),
        ("L", "Arguments.nested"),
    ]
    assert "pass nested data as a JSON string" in issues[0].message
