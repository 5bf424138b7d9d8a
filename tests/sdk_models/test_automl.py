"""AutoML, AutoMLV2, CandidateEstimator and AutoMLStep: arguments, requests, candidates."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest

from dagmaker.automl.automl import AutoML, AutoMLInput, AutoMLJob
from dagmaker.automl.automlv2 import (
    AutoMLDataChannel,
    AutoMLTabularConfig,
    AutoMLV2,
    LocalAutoMLDataChannel,
)
from dagmaker.automl.candidate_estimator import CandidateEstimator
from dagmaker.errors import DefinitionError
from dagmaker.pipeline import PipelineModel
from dagmaker.workflow.automl_step import AutoMLStep
from dagmaker.workflow.parameters import ParameterString
from tests.sdk_models.conftest import RecordingClient
from tests.sdk_models.helpers import BUCKET, ROLE, compile_request

IMAGE = "000000000000.dkr.ecr.local.amazonaws.com/dagmaker-automl:1.0-cpu-py3"


def _candidate(name: str = "job-001-abc", keys: str = "predicted_label,probability") -> dict:
    return {
        "CandidateName": name,
        "InferenceContainers": [
            {
                "Image": IMAGE,
                "ModelDataUrl": f"s3://b/{name}/model.tar.gz",
                "Environment": {"SAGEMAKER_INFERENCE_SUPPORTED": keys, "MODEL_NAME": name},
            }
        ],
        "CandidateSteps": [
            {
                "CandidateStepType": "AWS::SageMaker::TrainingJob",
                "CandidateStepArn": f"arn:aws:sagemaker:local:0:training-job/{name}",
                "CandidateStepName": name,
            }
        ],
    }


def test_role_is_required_and_problem_type_comes_with_an_objective() -> None:
    with pytest.raises(ValueError, match="IAM role is required"):
        AutoML(target_attribute_name="y")
    with pytest.raises(ValueError, match="Either both of them should be provided"):
        AutoML(role=ROLE, target_attribute_name="y", problem_type="Regression")
    with pytest.raises(ValueError, match="Either both of them should be provided"):
        AutoMLV2(
            problem_config=AutoMLTabularConfig("y"), role=ROLE, job_objective={"MetricName": "F1"}
        )


def test_a_uri_becomes_one_channel_with_the_objects_settings(pipeline_session: Any) -> None:
    auto_ml = AutoML(
        role="MyRole",
        target_attribute_name="y",
        sagemaker_session=pipeline_session,
        compression_type="Gzip",
        content_type="text/csv;header=present",
        sample_weight_attribute_name="w",
        mode="HYPERPARAMETER_TUNING",
        validation_fraction=0.3,
    )
    request = compile_request(auto_ml.fit(["s3://b/one", "s3://b/two"]), pipeline_session)
    assert [c["DataSource"]["S3DataSource"]["S3Uri"] for c in request["InputDataConfig"]] == [
        "s3://b/one",
        "s3://b/two",
    ]
    channel = request["InputDataConfig"][0]
    assert channel["TargetAttributeName"] == "y"
    assert channel["CompressionType"] == "Gzip"
    assert channel["SampleWeightAttributeName"] == "w"
    assert "S3DataDistributionType" not in channel["DataSource"]["S3DataSource"]
    assert request["RoleArn"] == "arn:aws:iam::000000000000:role/MyRole"
    assert request["OutputDataConfig"] == {"S3OutputPath": f"s3://{BUCKET}/"}
    assert request["AutoMLJobConfig"]["DataSplitConfig"] == {"ValidationFraction": 0.3}
    assert request["AutoMLJobName"].startswith("automl-")
    assert len(request["AutoMLJobName"]) <= 32


def test_a_local_path_is_uploaded_first(pipeline_session: Any, store: Any, tmp_path: Path) -> None:
    data = tmp_path / "train.csv"
    data.write_text("x,y\n1,2\n")
    auto_ml = AutoML(role=ROLE, target_attribute_name="y", sagemaker_session=pipeline_session)
    request = compile_request(auto_ml.fit(str(data)), pipeline_session)
    uri = request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"]
    assert uri == f"s3://{BUCKET}/auto-ml-input-data/train.csv"
    assert store.read_bytes(uri) == b"x,y\n1,2\n"


def test_automl_input_with_a_pipeline_variable() -> None:
    data = ParameterString(name="Data")
    channels = AutoMLInput(data, "y", channel_type="validation").to_request_dict()
    assert channels == [
        {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}},
            "TargetAttributeName": "y",
            "ChannelType": "validation",
        }
    ]


def test_fit_with_a_plain_session_starts_the_job(
    plain_session: Any, client: RecordingClient
) -> None:
    client.responses["describe_auto_ml_job"] = {"AutoMLJobStatus": "Completed"}
    auto_ml = AutoML(role=ROLE, target_attribute_name="y", sagemaker_session=plain_session)
    auto_ml.fit("s3://b/data", job_name="my-job", logs=False)
    (created,) = client.called("create_auto_ml_job")
    assert created["AutoMLJobName"] == "my-job"
    assert created["GenerateCandidateDefinitionsOnly"] is False
    assert isinstance(auto_ml.latest_auto_ml_job, AutoMLJob)
    assert client.called("wait_for_job") == [{"JobName": "my-job", "MaxWaitSeconds": 20}]


def test_step_requires_ensembling_and_drops_deploy_settings(pipeline_session: Any) -> None:
    auto_ml = AutoML(
        role=ROLE,
        target_attribute_name="y",
        sagemaker_session=pipeline_session,
        mode="ENSEMBLING",
        auto_generate_endpoint_name=True,
    )
    step = AutoMLStep(name="A", step_args=auto_ml.fit("s3://b/d"))
    arguments = step.arguments
    assert "ModelDeployConfig" not in arguments
    assert "GenerateCandidateDefinitionsOnly" not in arguments
    assert "AutoMLJobName" not in arguments
    tuning = AutoML(role=ROLE, target_attribute_name="y", sagemaker_session=pipeline_session)
    with pytest.raises(DefinitionError, match="runs only ENSEMBLING mode"):
        _ = AutoMLStep(name="B", step_args=tuning.fit("s3://b/d")).arguments


def test_step_rejects_other_step_arguments(pipeline_session: Any) -> None:
    v2 = AutoMLV2(
        problem_config=AutoMLTabularConfig("y"), role=ROLE, sagemaker_session=pipeline_session
    )
    with pytest.raises(ValueError, match=r"must be obtained from automl\.fit"):
        AutoMLStep(name="A", step_args=v2.fit(AutoMLDataChannel("S3Prefix", "s3://b/d")))


def test_best_model_reads_the_best_candidates_container(pipeline_session: Any) -> None:
    auto_ml = AutoML(
        role=ROLE, target_attribute_name="y", sagemaker_session=pipeline_session, mode="ENSEMBLING"
    )
    step = AutoMLStep(name="A", step_args=auto_ml.fit("s3://b/d"))
    model = step.get_best_model()
    assert model.role == ROLE
    assert model.sagemaker_session is pipeline_session
    assert model.image_uri.expr == {"Get": "Steps.A.BestCandidate.InferenceContainers[0].Image"}
    assert model.env["SAGEMAKER_PROGRAM"].expr == {
        "Get": "Steps.A.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_PROGRAM']"
    }
    assert sorted(model.env) == sorted(
        [
            "MODEL_NAME",
            "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT",
            "SAGEMAKER_SUBMIT_DIRECTORY",
            "SAGEMAKER_INFERENCE_SUPPORTED",
            "SAGEMAKER_INFERENCE_OUTPUT",
            "SAGEMAKER_PROGRAM",
        ]
    )
    paths = step.properties.BestCandidateProperties
    assert paths.ExplainabilityJsonReportPath.expr == {
        "Get": "Steps.A.BestCandidateProperties.ExplainabilityJsonReportPath"
    }


def test_create_model_selects_response_keys(plain_session: Any, client: RecordingClient) -> None:
    client.responses["describe_auto_ml_job"] = {
        "AutoMLJobName": "job",
        "BestCandidate": _candidate(),
    }
    auto_ml = AutoML(role=ROLE, target_attribute_name="y", sagemaker_session=plain_session)
    auto_ml.current_job_name = "job"
    model = auto_ml.create_model("m", inference_response_keys=["probability", "predicted_label"])
    assert isinstance(model, PipelineModel)
    (only,) = model.models
    assert only.env["SAGEMAKER_INFERENCE_OUTPUT"] == "probability,predicted_label"
    with pytest.raises(ValueError, match=r"\[labels\] are unsupported"):
        auto_ml.create_model("m", inference_response_keys=["labels"])
    bare = _candidate()
    del bare["InferenceContainers"][0]["Environment"]["SAGEMAKER_INFERENCE_SUPPORTED"]
    with pytest.raises(ValueError, match="does not support selection"):
        auto_ml.create_model("m", candidate=bare, inference_response_keys=["probability"])


def test_list_candidates_passes_the_filters(plain_session: Any, client: RecordingClient) -> None:
    client.responses["list_candidates_for_auto_ml_job"] = {"Candidates": [_candidate()]}
    auto_ml = AutoML(role=ROLE, target_attribute_name="y", sagemaker_session=plain_session)
    auto_ml.current_job_name = "job"
    found = auto_ml.list_candidates(status_equals="Completed", sort_by="FinalObjectiveMetricValue")
    assert [c["CandidateName"] for c in found] == ["job-001-abc"]
    assert client.called("list_candidates_for_auto_ml_job") == [
        {"AutoMLJobName": "job", "StatusEquals": "Completed", "SortBy": "FinalObjectiveMetricValue"}
    ]


def test_candidate_estimator_reruns_training_with_new_data(
    plain_session: Any, client: RecordingClient
) -> None:
    client.responses["describe_training_job"] = [
        {
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            "RoleArn": ROLE,
            "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
            "HyperParameters": {"algorithm": "xgboost"},
            "EnableNetworkIsolation": False,
        },
        {"TrainingJobStatus": "Completed"},
    ]
    candidate = CandidateEstimator(_candidate(), sagemaker_session=plain_session)
    assert candidate.steps == [{"name": "job-001-abc", "type": "TrainingJob"}]
    candidate.fit("s3://b/new-data")
    (request,) = client.called("create_training_job")
    assert request["TrainingJobName"].startswith("sagemaker-automl-training-rerun-")
    assert request["HyperParameters"] == {"algorithm": "xgboost"}
    assert request["InputDataConfig"][0]["ChannelName"] == "train"
    assert request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://b/new-data"
    with pytest.raises(ValueError, match="Expecting a string"):
        candidate.fit(["s3://b/x"])


def test_v2_request_for_a_tabular_problem(
    pipeline_session: Any, store: Any, tmp_path: Path
) -> None:
    data = tmp_path / "rows.csv"
    data.write_text("a,b\n")
    v2 = AutoMLV2(
        problem_config=AutoMLTabularConfig(
            "b",
            algorithms_config=["xgboost", "lightgbm"],
            mode="ENSEMBLING",
            problem_type="Regression",
            max_candidates=3,
        ),
        role=ROLE,
        job_objective={"MetricName": "MSE"},
        validation_fraction=0.2,
        encrypt_inter_container_traffic=False,
        sagemaker_session=pipeline_session,
    )
    args = v2.fit(LocalAutoMLDataChannel("S3Prefix", str(data), content_type="text/csv"))
    request = compile_request(args, pipeline_session)
    tabular = request["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert tabular == {
        "CompletionCriteria": {"MaxCandidates": 3},
        "TargetAttributeName": "b",
        "ProblemType": "Regression",
        "Mode": "ENSEMBLING",
        "CandidateGenerationConfig": {
            "AlgorithmsConfig": [{"AutoMLAlgorithms": ["xgboost", "lightgbm"]}]
        },
    }
    assert request["DataSplitConfig"] == {"ValidationFraction": 0.2}
    assert request["SecurityConfig"] == {"EnableInterContainerTrafficEncryption": False}
    uri = request["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"]
    assert store.read_bytes(uri) == b"a,b\n"
    assert AutoMLTabularConfig.from_response_dict(tabular) == v2.problem_config


def test_v2_from_auto_ml_keeps_the_settings(pipeline_session: Any) -> None:
    auto_ml = AutoML(
        role=ROLE,
        target_attribute_name="y",
        sagemaker_session=pipeline_session,
        max_candidates=7,
        mode="ENSEMBLING",
    )
    v2 = AutoMLV2.from_auto_ml(auto_ml)
    assert v2.problem_config.max_candidates == 7
    assert v2.problem_config.target_attribute_name == "y"
    with pytest.raises(ValueError, match="Expecting an AutoMLDataChannel"):
        v2.fit("s3://b/d")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dagmaker.automl", set()),
        ("dagmaker.automl.automl", {"AutoML", "AutoMLInput", "AutoMLJob"}),
        (
            "dagmaker.automl.automlv2",
            {
                "AutoMLDataChannel",
                "AutoMLJobV2",
                "AutoMLTabularConfig",
                "AutoMLV2",
                "LocalAutoMLDataChannel",
            },
        ),
        ("dagmaker.automl.candidate_estimator", {"CandidateEstimator", "CandidateStep"}),
        ("dagmaker.workflow.automl_step", {"AutoMLStep"}),
    ],
)
def test_public_names(name: str, expected: set[str]) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) == expected
    defined = {
        attribute
        for attribute, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == name and not attribute.startswith("_")
    }
    assert defined <= set(module.__all__) | {"AutoMLStepInvalidModeError"}


def test_top_level_names_load_lazily() -> None:
    import dagmaker

    assert dagmaker.AutoML is AutoML
    assert dagmaker.AutoMLDataChannel is AutoMLDataChannel
