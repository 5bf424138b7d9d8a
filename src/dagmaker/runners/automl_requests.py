"""The jobs an AutoML job runs, as Create* requests, and where their results go in S3.

Under ``<S3OutputPath>/<job name>/``:

- ``data-split/{train,validation,schema}/`` — the split processing job's outputs;
- ``candidates/<candidate>/output/{model,output}.tar.gz`` — each candidate's training
  job (its model, and its validation scores);
- ``documentation/model_monitor/output/<candidate>/statistics.json`` — the best
  candidate's model insights (``CandidateArtifactLocations.ModelInsights``);
- ``documentation/explainability/output/<candidate>/analysis.json`` — its
  explainability report (``CandidateArtifactLocations.Explainability``).

Every job runs dagmaker's AutoML image (`AUTOML_IMAGE`, runtime ``builtin:automl``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from dagmaker._lib import naming
from dagmaker.runners.automl_config import AutoMLConfig, Channel
from dagmaker.runners.builtin.automl import objectives

AUTOML_IMAGE = f"{naming.ACCOUNT}.dkr.ecr.{naming.REGION}.amazonaws.com/dagmaker-automl:1.0-cpu-py3"
INSTANCE_TYPE = "ml.m5.2xlarge"
PROCESSING = "/opt/ml/processing"
DAY_SECONDS = 24 * 60 * 60
# Job names derived from an AutoML job name keep its first 32 characters.
NAME_PREFIX_LENGTH = 32


@dataclass(frozen=True)
class Layout:
    """Where an AutoML job's results go (see the module notes)."""

    output_path: str
    job: str

    @property
    def root(self) -> str:
        """``<S3OutputPath>/<job>``."""
        return f"{self.output_path.rstrip('/')}/{self.job}"

    def split(self, part: str) -> str:
        """``train``, ``validation`` or ``schema`` of the data split (a prefix)."""
        return f"{self.root}/data-split/{part}"

    @property
    def candidates(self) -> str:
        """The candidates' training jobs' ``S3OutputPath``."""
        return f"{self.root}/candidates"

    def model(self, candidate: str) -> str:
        """A candidate's ``model.tar.gz``."""
        return f"{self.candidates}/{candidate}/output/model.tar.gz"

    def insights(self, candidate: str) -> str:
        """``CandidateArtifactLocations.ModelInsights`` of a candidate (a prefix)."""
        return f"{self.root}/documentation/model_monitor/output/{candidate}"

    def explainability(self, candidate: str) -> str:
        """``CandidateArtifactLocations.Explainability`` of a candidate (a prefix)."""
        return f"{self.root}/documentation/explainability/output/{candidate}"


def child_name(job: str, label: str) -> str:
    """``<job>-<label>-<8 hex digits>``, the name of one of the job's own jobs."""
    return f"{job[:NAME_PREFIX_LENGTH].rstrip('-')}-{label}-{secrets.token_hex(4)}"


def candidate_name(job: str, index: int) -> str:
    """``<job>-<NNN>-<8 hex digits>``: a candidate (and its training job)."""
    return child_name(job, f"{index:03d}")


def split_request(config: AutoMLConfig, layout: Layout, name: str, seed: int) -> dict[str, Any]:
    """The CreateProcessingJob request of the data split."""
    inputs = [_processing_input(c.channel_type, c.uri, c.data_type) for c in config.channels]
    if config.feature_spec_uri:
        inputs.append(_processing_input("features", config.feature_spec_uri, "S3Prefix"))
    settings = {
        "target": config.target,
        "problem_type": config.problem_type,
        "weight": config.weight,
        "mode": config.mode,
        "validation_fraction": config.validation_fraction,
        "seed": seed,
        "channels": {c.channel_type: _channel_settings(c) for c in config.channels},
    }
    outputs = [
        _processing_output(part, layout.split(part)) for part in ("train", "validation", "schema")
    ]
    return _processing(
        config,
        name,
        "split",
        inputs,
        outputs,
        {"DAGMAKER_AUTOML_SPLIT": json.dumps(settings)},
    )


def reports_request(
    config: AutoMLConfig, layout: Layout, name: str, candidate: str, held_out: bool, seed: int
) -> dict[str, Any]:
    """The CreateProcessingJob request of the best candidate's reports."""
    parts = ("train", "validation", "schema") if held_out else ("train", "schema")
    inputs = [
        _processing_input("candidate", f"{layout.candidates}/{candidate}/output/", "S3Prefix"),
        *(_processing_input(part, layout.split(part), "S3Prefix") for part in parts),
    ]
    outputs = [
        _processing_output("model_insights", layout.insights(candidate)),
        _processing_output("explainability", layout.explainability(candidate)),
    ]
    settings = json.dumps({"seed": seed})
    return _processing(
        config, name, "reports", inputs, outputs, {"DAGMAKER_AUTOML_REPORTS": settings}
    )


def candidate_request(
    config: AutoMLConfig,
    layout: Layout,
    name: str,
    hyperparameters: dict[str, str],
    problem_type: str,
    held_out: bool,
) -> dict[str, Any]:
    """The CreateTrainingJob request of a candidate (or, with its settings, the ensemble)."""
    channels = [
        _channel("train", layout.split("train")),
        _channel("schema", layout.split("schema")),
    ]
    if held_out:
        channels.insert(1, _channel("validation", layout.split("validation")))
    if hyperparameters.get("automl_job") == "ensemble":
        channels.append(_channel("candidates", layout.candidates + "/"))
    metrics = [
        {"Name": objectives.log_name(m), "Regex": f"{objectives.log_name(m)}=(\\S+)"}
        for m in objectives.METRICS[problem_type]
    ]
    limit = config.max_runtime_per_job or DAY_SECONDS
    return {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": AUTOML_IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": metrics,
        },
        "RoleArn": config.role,
        "HyperParameters": dict(hyperparameters),
        "InputDataConfig": channels,
        "OutputDataConfig": {"S3OutputPath": layout.candidates},
        "ResourceConfig": {"InstanceType": INSTANCE_TYPE, "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": limit},
    }


def _channel_settings(channel: Channel) -> dict[str, str]:
    return {"content_type": channel.content_type, "compression": channel.compression}


def _processing_input(name: str, uri: str, data_type: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": f"{PROCESSING}/input/{name}",
            "S3DataType": data_type,
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }


def _processing_output(name: str, uri: str) -> dict[str, Any]:
    return {
        "OutputName": name,
        "AppManaged": False,
        "S3Output": {
            "S3Uri": uri,
            "LocalPath": f"{PROCESSING}/output/{name}",
            "S3UploadMode": "EndOfJob",
        },
    }


def _processing(
    config: AutoMLConfig,
    name: str,
    program: str,
    inputs: list[dict[str, Any]],
    outputs: list[dict[str, Any]],
    environment: dict[str, str],
) -> dict[str, Any]:
    return {
        "ProcessingJobName": name,
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": {"Outputs": outputs},
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": INSTANCE_TYPE,
                "VolumeSizeInGB": 30,
            }
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": DAY_SECONDS},
        "AppSpecification": {
            "ImageUri": AUTOML_IMAGE,
            "ContainerEntrypoint": ["python3", "-m", f"dagmaker.runners.builtin.automl.{program}"],
        },
        "Environment": environment,
        "RoleArn": config.role,
    }


def _channel(name: str, uri: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": uri,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "InputMode": "File",
    }
