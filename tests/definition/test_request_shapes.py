"""Step arguments are checked against the SageMaker and EMR request shapes of botocore."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker.definition import validation
from tests.definition import request_bodies as requests

TESTS = Path(__file__).resolve().parents[1]
DEFINITIONS = sorted(
    p
    for p in TESTS.rglob("*.json")
    if "broken" not in p.parts
    and not p.name.endswith(".uploads.json")
    and '"Version"' in p.read_text()[:2000]
)
ABALONE = json.loads((TESTS / "definition/real_sdk/abalone.json").read_text())


def _doc(*steps: Any, parameters: Any = None) -> dict[str, Any]:
    return {"Version": "2020-12-01", "Parameters": parameters or [], "Steps": list(steps)}


def _issues(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(i.step, i.path, i.message) for i in validation.check(doc)[1]]


def _step(kind: str, name: str = "S", **members: Any) -> dict[str, Any]:
    return {"Name": name, "Type": kind, "Arguments": requests.arguments(kind, **members)}


def test_there_are_real_definitions_to_check() -> None:
    assert len(DEFINITIONS) >= 50


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: str(p.relative_to(TESTS)))
def test_every_real_and_golden_definition_validates(path: Path) -> None:
    _, issues = validation.check(path.read_text())
    assert [i.render() for i in issues] == []


@pytest.mark.parametrize("kind", sorted(requests.BASE))
def test_the_smallest_complete_request_of_each_type_validates(kind: str) -> None:
    assert _issues(_doc(_step(kind))) == []


def _abalone_processing() -> tuple[dict[str, Any], dict[str, Any]]:
    doc = copy.deepcopy(ABALONE)
    step = next(s for s in doc["Steps"] if s["Type"] == "Processing")
    return doc, step["Arguments"]


def test_a_processing_input_without_local_path_or_uri_and_an_app_without_image() -> None:
    doc, args = _abalone_processing()
    del args["ProcessingInputs"][0]["S3Input"]["LocalPath"]
    del args["ProcessingInputs"][0]["S3Input"]["S3Uri"]
    del args["AppSpecification"]["ImageUri"]
    assert _issues(doc) == [
        (
            "Preprocess",
            "Arguments.AppSpecification.ImageUri",
            "missing: AppSpecification requires ImageUri",
        ),
        (
            "Preprocess",
            "Arguments.ProcessingInputs[0].S3Input.LocalPath",
            "missing: S3Input requires LocalPath unless the input is AppManaged",
        ),
        (
            "Preprocess",
            "Arguments.ProcessingInputs[0].S3Input.S3Uri",
            "missing: ProcessingS3Input requires S3Uri",
        ),
    ]


def test_an_app_managed_input_needs_no_local_path() -> None:
    doc, args = _abalone_processing()
    args["ProcessingInputs"][0]["AppManaged"] = True
    del args["ProcessingInputs"][0]["S3Input"]["LocalPath"]
    assert _issues(doc) == []


def test_types_enums_and_ranges_quote_the_rule() -> None:
    doc, args = _abalone_processing()
    cluster = args["ProcessingResources"]["ClusterConfig"]
    cluster["InstanceCount"] = "x"
    cluster["VolumeSizeInGB"] = 10**30
    cluster["InstanceType"] = "ml.m5.xlarg"
    args["ProcessingInputs"][0]["S3Input"]["S3DataDistributionType"] = "Sharded"
    found = {path: message for _, path, message in _issues(doc)}
    where = "Arguments.ProcessingResources.ClusterConfig"
    assert found.pop(f"{where}.InstanceCount") == (
        "'x' is not an integer; ProcessingInstanceCount is an integer from 1 to 100"
    )
    assert found.pop(f"{where}.VolumeSizeInGB") == (
        "1000000000000000000000000000000 is out of range; "
        "ProcessingVolumeSizeInGB is an integer from 1 to 16384"
    )
    assert "values of ProcessingInstanceType; did you mean ml.m5.xlarge or" in found.pop(
        f"{where}.InstanceType"
    )
    assert found.pop("Arguments.ProcessingInputs[0].S3Input.S3DataDistributionType") == (
        "'Sharded' is not one of FullyReplicated, ShardedByS3Key (ProcessingS3DataDistributionType)"
    )
    assert found == {}


def test_unknown_members_suggest_the_closest_one() -> None:
    step = _step("Training", Enviroment={"A": "1"})
    assert _issues(_doc(step)) == [
        (
            "S",
            "Arguments.Enviroment",
            "CreateTrainingJobRequest has no member 'Enviroment'; did you mean Environment?",
        )
    ]


def test_lengths_and_patterns() -> None:
    step = _step("Processing", Environment={"bad key!": "v", "LONG": "x" * 300})
    found = {path: message for _, path, message in _issues(_doc(step))}
    assert found == {
        "Arguments.Environment.LONG": "'" + "x" * 56 + "... has 300 characters; "
        "ProcessingEnvironmentValue allows 0 to 256 characters",
        "Arguments.Environment.bad key!": "key 'bad key!' does not match the pattern "
        "[a-zA-Z_][a-zA-Z0-9_]* (ProcessingEnvironmentKey)",
    }


def test_job_names_the_service_fills_in_are_not_required_but_checked_when_given() -> None:
    assert _issues(_doc(_step("Processing"))) == []
    named = _step("Processing", ProcessingJobName="bad_name")
    assert _issues(_doc(named)) == [
        (
            "S",
            "Arguments.ProcessingJobName",
            "'bad_name' does not match the pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} "
            "(ProcessingJobName)",
        )
    ]


def test_a_null_member_counts_as_absent() -> None:
    tuning = requests.arguments("Tuning")
    tuning["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = None
    tuning["HyperParameterTuningJobConfig"]["Strategy"] = "Grid"
    assert _issues(_doc({"Name": "T", "Type": "Tuning", "Arguments": tuning})) == []
    step = _step("Processing", RoleArn=None)
    assert _issues(_doc(step)) == [
        ("S", "Arguments.RoleArn", "is null: CreateProcessingJobRequest requires RoleArn")
    ]


PARAMETERS = [
    {"Name": "Count", "Type": "Integer", "DefaultValue": 2},
    {"Name": "Big", "Type": "Integer", "DefaultValue": 1000},
    {"Name": "Kind", "Type": "String", "DefaultValue": "ml.m5.xlarge"},
    {"Name": "Rate", "Type": "Float", "DefaultValue": 0.5},
    {"Name": "Flag", "Type": "Boolean", "DefaultValue": True},
]


def _cluster(**members: Any) -> dict[str, Any]:
    cluster = {**requests.CLUSTER, **members}
    return _step("Processing", ProcessingResources={"ClusterConfig": cluster})


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"InstanceCount": {"Get": "Parameters.Count"}}, ""),
        ({"InstanceType": {"Get": "Parameters.Kind"}}, ""),
        ({"InstanceCount": {"Std:JsonGet": {"S3Uri": "s3://b/k", "Path": "n"}}}, ""),
        (
            {"InstanceCount": {"Get": "Parameters.Kind"}},
            "parameter 'Kind' (String) gives a String where ProcessingInstanceCount needs an "
            "integer",
        ),
        (
            {"InstanceCount": {"Get": "Parameters.Rate"}},
            "parameter 'Rate' (Float) gives a Float where ProcessingInstanceCount needs an integer",
        ),
        (
            {"InstanceType": {"Get": "Parameters.Count"}},
            "parameter 'Count' (Integer) gives an Integer where ProcessingInstanceType needs a "
            "string",
        ),
        (
            {"InstanceCount": {"Get": "Parameters.Big"}},
            "the default of parameter 'Big' (Integer) would be rejected: 1000 is out of range; "
            "ProcessingInstanceCount is an integer from 1 to 100",
        ),
        (
            {"InstanceType": {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Count"}]}}},
            "'Std:Join' is not",
        ),
        (
            {"InstanceType": {"Get": "Execution.PipelineExecutionId"}},
            "",
        ),
    ],
)
def test_expressions_are_checked_by_the_type_they_give(
    members: dict[str, Any], expected: str
) -> None:
    issues = _issues(_doc(_cluster(**members), parameters=PARAMETERS))
    if not expected or expected.startswith("'Std:Join'"):
        assert issues == []
    else:
        assert len(issues) == 1
        assert issues[0][2].startswith(expected), issues[0][2]


def test_a_property_of_the_wrong_type_is_reported_with_the_fix() -> None:
    gate = {
        "Name": "Gate",
        "Type": "Condition",
        "Arguments": {"Conditions": [], "IfSteps": [], "ElseSteps": []},
    }
    user = _step("Processing", "User", Environment={"OK": {"Get": "Steps.Gate.Outcome"}})
    assert _issues(_doc(gate, user)) == [
        (
            "User",
            "Arguments.Environment.OK",
            "property 'Steps.Gate.Outcome' gives a Boolean where ProcessingEnvironmentValue "
            'needs a string; SageMaker rejects this when the pipeline is created ("Cannot '
            'assign property reference to argument of type [String]"): wrap it as '
            "{'Std:Join': {'On': '', 'Values': [<it>]}} to pass it as text",
        )
    ]


def test_conditions_must_be_a_list() -> None:
    step = {"Name": "C", "Type": "Condition", "Arguments": {"Conditions": None}}
    assert _issues(_doc(step)) == [
        (
            "C",
            "Arguments.Conditions",
            "Conditions must be a list of conditions (combined with AND), not null",
        )
    ]


def _emr(**members: Any) -> dict[str, Any]:
    return {"Name": "E", "Type": "EMR", "Arguments": members}


JAR = {"HadoopJarStep": {"Jar": "s3://b/job.jar"}}
CLUSTER_CONFIG = {
    "ReleaseLabel": "emr-6.9.0",
    "Instances": {
        "InstanceGroups": [
            {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}
        ]
    },
}


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"StepConfig": JAR, "ClusterId": "j-1"}, []),
        ({"StepConfig": JAR, "ClusterConfig": CLUSTER_CONFIG}, []),
        (
            {"StepConfig": JAR, "ClusterConfig": None},
            [
                ("Arguments", "an EMR step needs exactly one of ClusterId and ClusterConfig"),
                ("Arguments.ClusterConfig", "is null; omit ClusterConfig or give a value"),
            ],
        ),
        (
            {"StepConfig": JAR, "ClusterConfig": CLUSTER_CONFIG, "ExecutionRoleArn": "arn:x"},
            [
                (
                    "Arguments.ExecutionRoleArn",
                    "'arn:x' has 5 characters; ArnType allows 20 to 2048 characters",
                ),
                (
                    "Arguments.ExecutionRoleArn",
                    "ExecutionRoleArn is allowed only with ClusterId (a running cluster)",
                ),
            ],
        ),
        (
            {
                "StepConfig": JAR,
                "ClusterConfig": {
                    **CLUSTER_CONFIG,
                    "Name": "n",
                    "Instances": {"TerminationProtected": True},
                },
            },
            [
                (
                    "Arguments.ClusterConfig.Instances",
                    "Instances needs exactly one of InstanceGroups and InstanceFleets",
                ),
                (
                    "Arguments.ClusterConfig.Instances.TerminationProtected",
                    "Instances must not set TerminationProtected: the pipeline terminates the "
                    "cluster it creates",
                ),
                (
                    "Arguments.ClusterConfig.Name",
                    "ClusterConfig must not set Name: the pipeline sets it",
                ),
            ],
        ),
        (
            {"StepConfig": {"HadoopJarStep": {}}, "ClusterId": "j-1", "Cluster": "x"},
            [
                (
                    "Arguments.Cluster",
                    "EMR Arguments have no member 'Cluster'; members: StepConfig, ClusterId, "
                    "ClusterConfig, ExecutionRoleArn",
                ),
                (
                    "Arguments.StepConfig.HadoopJarStep.Jar",
                    "missing: HadoopJarStepConfig requires Jar",
                ),
            ],
        ),
    ],
)
def test_emr_arguments(members: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert [(p, m) for _, p, m in _issues(_doc(_emr(**members)))] == expected


def test_automl_runs_only_in_ensembling_mode() -> None:
    step = _step("AutoML", AutoMLJobConfig={"Mode": "HYPERPARAMETER_TUNING"})
    assert _issues(_doc(step)) == [
        (
            "S",
            "Arguments.AutoMLJobConfig.Mode",
            "AutoML steps run only in ENSEMBLING mode, got 'HYPERPARAMETER_TUNING'",
        )
    ]


def test_the_sdk_shaped_automl_and_check_steps_validate() -> None:
    path = TESTS / "definition/sdk_shaped/automl_and_checks.json"
    definition = validation.validate(path.read_text())
    assert definition.steps["AutoMLTraining"].type == "AutoML"


@pytest.mark.parametrize(
    "reference",
    [
        "Steps.A.BestCandidateProperties.ModelInsightsJsonReportPath",
        "Steps.A.BestCandidateProperties.ExplainabilityJsonReportPath",
        "Steps.A.BestCandidate.CandidateName",
    ],
)
def test_automl_best_candidate_properties_are_referable(reference: str) -> None:
    user = _step("Processing", "U", Environment={"R": {"Get": reference}})
    assert _issues(_doc(_step("AutoML", "A"), user)) == []


def test_check_steps_keys_are_typed() -> None:
    check = {
        "Name": "Q",
        "Type": "QualityCheck",
        "Arguments": requests.arguments("Processing"),
        "CheckType": "DATA_QUALITY",
        "SkipCheck": "no",
        "ModelPackageGroupName": "bad_group",
        "SuppliedBaselineStatistics": None,
    }
    bias = {**check, "Name": "B", "Type": "ClarifyCheck", "CheckType": "MODEL_BIAS"}
    del bias["SkipCheck"], bias["ModelPackageGroupName"]
    found = [(s, p, m[:40]) for s, p, m in _issues(_doc(check, bias))]
    assert found == [
        ("B", "ModelName", "model bias and explainability checks nee"),
        ("B", "SuppliedBaselineStatistics", "ClarifyCheck steps have no key 'Supplied"),
        ("Q", "ModelPackageGroupName", "'bad_group' does not match the pattern ("),
        ("Q", "SkipCheck", "'no' is not true or false; Boolean is tr"),
    ]


def _pipeline_of(count: int) -> dict[str, Any]:
    steps = [copy.deepcopy(s) for s in ABALONE["Steps"] if s["Type"] == "Processing"]
    base = steps[0]
    many = []
    for i in range(count):
        step = copy.deepcopy(base)
        step["Name"] = f"P{i}"
        step.pop("PropertyFiles", None)
        many.append(step)
    return {**ABALONE, "Steps": many}


def test_validating_fifty_steps_takes_well_under_100_ms_after_the_first() -> None:
    doc = _pipeline_of(50)
    validation.check(doc)
    started = time.process_time()  # CPU time, so other work on the machine does not count
    _, issues = validation.check(doc)
    elapsed = time.process_time() - started
    assert issues == []
    assert elapsed < 0.1, f"{elapsed * 1000:.0f} ms"


def test_importing_dagmaker_does_not_import_botocore() -> None:
    code = "import sys, dagmaker, dagmaker.definition.validation; print('botocore' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("drop", "add", "got"),
    [
        ("TrainingJobDefinition", False, "neither"),
        ("", True, "TrainingJobDefinition and TrainingJobDefinitions"),
    ],
)
def test_a_tuning_step_has_one_kind_of_training_definition(drop: str, add: bool, got: str) -> None:
    args = requests.arguments("Tuning")
    if drop:
        del args[drop]
    if add:
        definition = dict(args["TrainingJobDefinition"], DefinitionName="xgb")
        args["TrainingJobDefinitions"] = [definition]
    assert _issues(_doc({"Name": "T", "Type": "Tuning", "Arguments": args})) == [
        (
            "T",
            "Arguments",
            "a Tuning step needs exactly one of TrainingJobDefinition and "
            f"TrainingJobDefinitions (got {got})",
        )
    ]
