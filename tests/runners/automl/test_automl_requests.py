"""The requests of an AutoML job's own jobs, and where their results go."""

from __future__ import annotations

import json

from dagmaker.runners.automl_config import AutoMLConfig, parse_request
from dagmaker.runners.automl_requests import (
    AUTOML_IMAGE,
    Layout,
    candidate_name,
    candidate_request,
    reports_request,
    split_request,
)
from dagmaker.runners.images import ImageTable


def _config(**criteria: int) -> AutoMLConfig:
    return parse_request(
        {
            "AutoMLJobName": "job",
            "InputDataConfig": [
                {
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t/"}
                    },
                    "TargetAttributeName": "y",
                    "CompressionType": "Gzip",
                }
            ],
            "OutputDataConfig": {"S3OutputPath": "s3://b/out/"},
            "RoleArn": "arn:aws:iam::1:role/r",
            "AutoMLJobConfig": {
                "CompletionCriteria": criteria,
                "CandidateGenerationConfig": {"FeatureSpecificationS3Uri": "s3://b/spec.json"},
            },
        }
    )


def test_the_image_runs_as_dagmakers_automl_runtime() -> None:
    assert ImageTable(dict).runtime(AUTOML_IMAGE) == "builtin:automl"


def test_layout_and_names() -> None:
    layout = Layout("s3://b/out/", "job")
    assert layout.split("train") == "s3://b/out/job/data-split/train"
    assert layout.model("c") == "s3://b/out/job/candidates/c/output/model.tar.gz"
    name = candidate_name("a-very-long-automl-job-name-that-goes-on", 7)
    assert name.startswith("a-very-long-automl-job-name-that-007-") and len(name) == 45


def test_the_split_job_gets_the_data_and_the_settings() -> None:
    config = _config()
    request = split_request(config, Layout(config.output_path, "job"), "job-split-1", 5)
    assert [i["InputName"] for i in request["ProcessingInputs"]] == ["training", "features"]
    settings = json.loads(request["Environment"]["DAGMAKER_AUTOML_SPLIT"])
    assert settings["target"] == "y" and settings["seed"] == 5
    assert settings["channels"] == {"training": {"content_type": "", "compression": "Gzip"}}
    assert request["AppSpecification"]["ContainerEntrypoint"][-1] == (
        "dagmaker.runners.builtin.automl.split"
    )
    outputs = {
        o["OutputName"]: o["S3Output"]["S3Uri"]
        for o in request["ProcessingOutputConfig"]["Outputs"]
    }
    assert outputs["schema"] == "s3://b/out/job/data-split/schema"


def test_a_candidate_job_reads_the_split_and_logs_every_metric() -> None:
    config = _config(MaxRuntimePerTrainingJobInSeconds=90)
    layout = Layout(config.output_path, "job")
    request = candidate_request(
        config, layout, "job-001-a", {"algorithm": "linear"}, "Regression", held_out=True
    )
    assert request["AlgorithmSpecification"]["TrainingImage"] == AUTOML_IMAGE
    assert "ContainerEntrypoint" not in request["AlgorithmSpecification"]
    assert [c["ChannelName"] for c in request["InputDataConfig"]] == [
        "train",
        "validation",
        "schema",
    ]
    assert [m["Name"] for m in request["AlgorithmSpecification"]["MetricDefinitions"]] == [
        "validation:mae",
        "validation:mse",
        "validation:r2",
        "validation:rmse",
    ]
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 90}
    ensemble = candidate_request(
        config, layout, "job-004-a", {"automl_job": "ensemble"}, "Regression", held_out=False
    )
    assert [c["ChannelName"] for c in ensemble["InputDataConfig"]] == [
        "train",
        "schema",
        "candidates",
    ]


def test_the_reports_job_writes_where_the_candidate_says() -> None:
    config = _config()
    layout = Layout(config.output_path, "job")
    request = reports_request(config, layout, "job-reports-1", "job-004-a", False, 1)
    inputs = {i["InputName"]: i["S3Input"]["S3Uri"] for i in request["ProcessingInputs"]}
    assert inputs["candidate"] == "s3://b/out/job/candidates/job-004-a/output/"
    assert "validation" not in inputs
    outputs = {
        o["OutputName"]: o["S3Output"]["S3Uri"]
        for o in request["ProcessingOutputConfig"]["Outputs"]
    }
    assert outputs == {
        "model_insights": layout.insights("job-004-a"),
        "explainability": layout.explainability("job-004-a"),
    }
