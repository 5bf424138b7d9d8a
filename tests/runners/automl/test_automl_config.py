"""Reading CreateAutoMLJob and CreateAutoMLJobV2 requests into one AutoML config."""

from __future__ import annotations

from typing import Any

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.runners.automl_config import DEFAULT_MAX_CANDIDATES, check_name, parse_request


def _channel(uri: str = "s3://b/train/", **extra: Any) -> dict[str, Any]:
    return {
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}},
        "TargetAttributeName": "y",
        **extra,
    }


def _v1(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "AutoMLJobName": "job",
        "InputDataConfig": [_channel()],
        "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
        "RoleArn": "arn:aws:iam::1:role/r",
    }
    request.update(changes)
    return request


def _v2(**tabular: Any) -> dict[str, Any]:
    return {
        "AutoMLJobName": "job",
        "AutoMLJobInputDataConfig": [
            {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t/"}}}
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "y", **tabular}},
        "RoleArn": "arn:aws:iam::1:role/r",
    }


def test_defaults_of_a_minimal_request() -> None:
    config = parse_request(_v1())
    assert config.version == 1
    assert config.target == "y"
    assert config.mode == "ENSEMBLING"  # AUTO runs ENSEMBLING locally
    assert config.max_candidates == DEFAULT_MAX_CANDIDATES
    assert config.problem_type is None and config.objective is None
    assert config.algorithms[:2] == ("xgboost", "hist_gradient_boosting")
    assert config.channel("training") is not None and config.channel("validation") is None


def test_every_setting_of_a_v1_request() -> None:
    config = parse_request(
        _v1(
            InputDataConfig=[
                _channel(ContentType="text/csv;header=present", SampleWeightAttributeName="w"),
                _channel("s3://b/val/", ChannelType="validation", CompressionType="Gzip"),
            ],
            ProblemType="Regression",
            AutoMLJobObjective={"MetricName": "RMSE"},
            AutoMLJobConfig={
                "Mode": "HYPERPARAMETER_TUNING",
                "CompletionCriteria": {
                    "MaxCandidates": 4,
                    "MaxRuntimePerTrainingJobInSeconds": 60,
                    "MaxAutoMLJobRuntimeInSeconds": 600,
                },
                "DataSplitConfig": {"ValidationFraction": 0.3},
                "CandidateGenerationConfig": {
                    "FeatureSpecificationS3Uri": "s3://b/features.json",
                    "AlgorithmsConfig": [{"AutoMLAlgorithms": ["lightgbm", "xgboost"]}],
                },
            },
        )
    )
    assert (config.mode, config.max_candidates, config.max_runtime_per_job) == (
        "HYPERPARAMETER_TUNING",
        4,
        60,
    )
    assert (config.max_job_runtime, config.validation_fraction) == (600, 0.3)
    assert config.weight == "w"
    assert config.algorithms == ("hist_gradient_boosting", "xgboost")
    validation = config.channel("validation")
    assert validation is not None and validation.compression == "Gzip"


def test_a_v2_request_reads_the_same() -> None:
    config = parse_request(
        _v2(
            ProblemType="BinaryClassification",
            Mode="ENSEMBLING",
            CompletionCriteria={"MaxCandidates": 2},
        )
        | {
            "AutoMLJobObjective": {"MetricName": "AUC"},
            "DataSplitConfig": {"ValidationFraction": 0.1},
        }
    )
    assert (config.version, config.target, config.problem_type, config.objective) == (
        2,
        "y",
        "BinaryClassification",
        "AUC",
    )
    assert (config.max_candidates, config.validation_fraction) == (2, 0.1)


@pytest.mark.parametrize(
    ("request_", "field", "message"),
    [
        (_v1(InputDataConfig=[]), "InputDataConfig", "one or two data channels"),
        (
            _v1(InputDataConfig=[_channel("/local/path")]),
            "InputDataConfig[0].DataSource.S3DataSource.S3Uri",
            "must be an s3:// URI",
        ),
        (
            _v1(InputDataConfig=[_channel(ChannelType="validation")]),
            "InputDataConfig",
            "exactly one training channel",
        ),
        (
            _v1(InputDataConfig=[_channel(ContentType="application/json")]),
            "InputDataConfig[0].ContentType",
            "is not supported",
        ),
        (_v1(ProblemType="Ranking"), "ProblemType", "must be one of"),
        (
            _v1(ProblemType="Regression", AutoMLJobObjective={"MetricName": "F1"}),
            "AutoMLJobObjective.MetricName",
            "a Regression job can optimise MSE, RMSE, MAE, R2",
        ),
        (
            _v1(AutoMLJobConfig={"Mode": "FAST"}),
            "AutoMLJobConfig.Mode",
            "Mode must be one of",
        ),
        (
            _v1(AutoMLJobConfig={"CompletionCriteria": {"MaxCandidates": 0}}),
            "CompletionCriteria.MaxCandidates",
            "at least 1",
        ),
        (
            _v1(AutoMLJobConfig={"DataSplitConfig": {"ValidationFraction": 1.5}}),
            "DataSplitConfig.ValidationFraction",
            "between 0 and 1",
        ),
        (
            _v1(
                AutoMLJobConfig={
                    "CandidateGenerationConfig": {
                        "AlgorithmsConfig": [{"AutoMLAlgorithms": ["catboost"]}]
                    }
                }
            ),
            "CandidateGenerationConfig.AlgorithmsConfig",
            "'catboost' is not available locally",
        ),
        (_v1(OutputDataConfig={}), "OutputDataConfig.S3OutputPath", "must be an s3:// URI"),
        (
            {**_v2(), "AutoMLProblemTypeConfig": {"ImageClassificationJobConfig": {}}},
            "AutoMLProblemTypeConfig",
            "tabular AutoML jobs only",
        ),
    ],
)
def test_bad_requests_name_the_field(request_: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message) as raised:
        parse_request(request_)
    assert raised.value.field == field


def test_channels_must_share_a_target() -> None:
    mixed = _v1(
        InputDataConfig=[
            _channel(),
            {**_channel(ChannelType="validation"), "TargetAttributeName": "z"},
        ]
    )
    with pytest.raises(InvalidRequest, match="same TargetAttributeName"):
        parse_request(mixed)


def test_created_jobs_have_short_names() -> None:
    check_name("x" * 32)
    with pytest.raises(InvalidRequest, match="at most 32 characters"):
        check_name("x" * 33)
