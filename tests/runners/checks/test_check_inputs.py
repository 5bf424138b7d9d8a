"""What a check job gets besides the step's request: baseline files and the model's name."""

from __future__ import annotations

import json

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.check_inputs import with_baseline_files, with_model_name
from dagmaker.storage.artifacts import InMemoryArtifactStore

CONFIG = "s3://b/clarify/analysis_config.json"


def _request(uri: str = CONFIG) -> dict:
    return {
        "ProcessingInputs": [
            {"InputName": "analysis_config", "S3Input": {"S3Uri": uri, "LocalPath": "/x"}},
            {"InputName": "dataset", "S3Input": {"S3Uri": "s3://b/d.csv", "LocalPath": "/y"}},
        ],
        "Environment": {"A": "1"},
    }


def test_baseline_files_are_staged_and_named() -> None:
    request = with_baseline_files(
        _request(), {"statistics": None, "constraints": "s3://b/base/my-constraints.json"}
    )
    staged = request["ProcessingInputs"][-1]
    assert staged["InputName"] == "baseline_constraints"
    assert staged["S3Input"]["LocalPath"] == "/opt/ml/processing/baseline/constraints"
    assert request["Environment"] == {
        "A": "1",
        "baseline_constraints": "/opt/ml/processing/baseline/constraints/my-constraints.json",
    }
    assert len(_request()["ProcessingInputs"]) == 2


def test_model_name_goes_into_a_copy_of_the_config() -> None:
    store = InMemoryArtifactStore()
    store.write_bytes(CONFIG, json.dumps({"predictor": {"instance_type": "ml.m5.large"}}).encode())
    request = with_model_name(_request("s3://b/clarify"), "my-model", "job-1", store)
    uri = request["ProcessingInputs"][0]["S3Input"]["S3Uri"]
    assert uri == "s3://b/clarify/job-1/analysis_config.json"
    assert json.loads(store.read_bytes(uri))["predictor"] == {
        "instance_type": "ml.m5.large",
        "model_name": "my-model",
    }
    assert "model_name" not in json.loads(store.read_bytes(CONFIG))["predictor"]


def test_a_config_without_predictor_is_left_alone() -> None:
    store = InMemoryArtifactStore()
    store.write_bytes(CONFIG, b'{"methods": {}}')
    assert with_model_name(_request(), "m", "job", store) == _request()


def test_bad_configs_are_named() -> None:
    store = InMemoryArtifactStore()
    store.write_bytes(CONFIG, b"{nope")
    with pytest.raises(JobFailure, match="is not a JSON analysis config"):
        with_model_name(_request(), "m", "job", store)
    with pytest.raises(JobFailure, match="needs the 'analysis_config' processing input"):
        with_model_name({"ProcessingInputs": []}, "m", "job", store)
