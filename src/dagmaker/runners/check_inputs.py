"""What a check job gets beyond the step's own request: baseline files, the model's name.

Baseline files are staged as SageMaker's service stages them for Model Monitor and
Clarify jobs: each file under ``/opt/ml/processing/baseline/<kind>`` and named by the
``baseline_<kind>`` environment variable of the job.
"""

from __future__ import annotations

import json
from typing import Any

from dagmaker._lib.s3uri import parse
from dagmaker.errors import JobFailure
from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any
BASELINE_PATH = "/opt/ml/processing/baseline"
# Set for a QualityCheck job that checks: the analyzer then also suggests the constraints of
# the data it checked (the step's CalculatedBaselineConstraints). Monitoring schedules,
# whose runs only check, leave it out.
SUGGEST_CONSTRAINTS = "dagmaker_suggest_constraints"
# File kind -> (input name, container folder, environment variable).
BASELINE_INPUTS = {
    "statistics": ("baseline_statistics", f"{BASELINE_PATH}/stats", "baseline_statistics"),
    "constraints": ("baseline_constraints", f"{BASELINE_PATH}/constraints", "baseline_constraints"),
}


def with_baseline_files(request: dict[str, JSON], files: dict[str, str | None]) -> dict[str, JSON]:
    """A copy of ``request`` that stages each given baseline file (kind -> URI)."""
    inputs = list(request.get("ProcessingInputs") or [])
    env = dict(request.get("Environment") or {})
    for kind, uri in files.items():
        if uri is None:
            continue
        name, folder, variable = BASELINE_INPUTS[kind]
        inputs.append(file_input(name, uri, folder))
        env[variable] = f"{folder}/{uri.rsplit('/', 1)[-1]}"
    return {**request, "ProcessingInputs": inputs, "Environment": env}


def file_input(name: str, uri: str, folder: str) -> dict[str, JSON]:
    """A ``ProcessingInput`` that stages one S3 object into ``folder``."""
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": folder,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def with_model_name(
    request: dict[str, JSON], model_name: str, job_name: str, artifacts: ArtifactStore
) -> dict[str, JSON]:
    """A copy of ``request`` whose Clarify analysis config names the step's model.

    SageMaker's SDK leaves ``predictor.model_name`` out of the config it uploads and puts
    the model in the step's ``ModelName`` (it may be another step's property); the job
    gets a copy of the config with the resolved name filled in.

    Raises:
        JobFailure: when the request has no ``analysis_config`` input, or it is not JSON.
    """
    inputs = list(request.get("ProcessingInputs") or [])
    found = [i for i, item in enumerate(inputs) if item.get("InputName") == "analysis_config"]
    if not found:
        raise JobFailure(
            "ClientError: a model check needs the 'analysis_config' processing input (the "
            "Clarify analysis configuration); the step's Arguments have none",
            field="Arguments.ProcessingInputs",
        )
    index = found[0]
    source = str(inputs[index]["S3Input"]["S3Uri"]).rstrip("/")
    if not source.endswith(".json"):
        source = f"{source}/analysis_config.json"
    config = _json(artifacts, source)
    predictor = config.get("predictor")
    if not isinstance(predictor, dict):
        return request
    config["predictor"] = {**predictor, "model_name": model_name}
    location = parse(source)
    folder = location.key.rpartition("/")[0]
    copy = f"s3://{location.bucket}/{folder}/{job_name}/analysis_config.json"
    artifacts.write_bytes(copy, json.dumps(config).encode("utf-8"))
    s3_input = {**inputs[index]["S3Input"], "S3Uri": copy}
    inputs[index] = {**inputs[index], "S3Input": s3_input}
    return {**request, "ProcessingInputs": inputs}


def _json(artifacts: ArtifactStore, uri: str) -> dict[str, JSON]:
    try:
        document = json.loads(artifacts.read_bytes(uri))
    except ValueError as exc:
        raise JobFailure(f"ClientError: {uri} is not a JSON analysis config: {exc}") from None
    if not isinstance(document, dict):
        raise JobFailure(f"ClientError: {uri} holds no JSON object (an analysis config)")
    return document
