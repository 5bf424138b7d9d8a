"""Inputs a run makes before its job starts: joined records, Clarify's table and config.

A model-quality run's job reads the window's captures joined with their ground truth
(JSON Lines, at the input's ``LocalPath``); a bias or explainability run's Clarify job
reads a table and an ``analysis_config.json`` made from the captures (see
`clarify_inputs`). They are written under ``<S3Uri>/merged/…`` and
``<S3Uri>/clarify/…`` of the definition's output, one folder per run.
"""

from __future__ import annotations

import json
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.monitoring.capture_inputs import NO_DATA, CaptureSource
from dagmaker.runners.monitoring.capture_records import captured_records, joined
from dagmaker.runners.monitoring.clarify_inputs import ClarifyRun, bias_run, explainability_run
from dagmaker.runners.monitoring.job_spec import JobSpec
from dagmaker.runners.monitoring.processing_request import RunPlan, generated_uri
from dagmaker.runners.monitoring.results import read_json
from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any
CLARIFY_CONFIG_DIR = "/opt/ml/processing/input/config"
CLARIFY_DATA_DIR = "/opt/ml/processing/input/data"


def merged_input(
    store: ArtifactStore, spec: JobSpec, plan: RunPlan, source: CaptureSource
) -> list[dict[str, JSON]]:
    """The joined records of a model-quality run, as its one data input.

    Raises:
        JobFailure: when the window has no captures, or none has ground truth yet.
    """
    records = _joined(store, spec, plan, source)
    uri = f"{generated_uri(spec, plan, 'merged')}/merged.jsonl"
    store.write_bytes(uri, "".join(json.dumps(r) + "\n" for r in records).encode())
    local = str(spec.input.get("LocalPath") or "/opt/ml/processing/input/endpoint")
    return [file_input("merged", uri, local)]


def clarify_inputs(
    store: ArtifactStore, spec: JobSpec, plan: RunPlan, source: CaptureSource
) -> list[dict[str, JSON]]:
    """The table and the analysis configuration of a bias or explainability run.

    Raises:
        JobFailure: when the window has no data, or the configuration cannot be read.
    """
    monitor_config = read_json(store, str(spec.config_uri or ""))
    if not isinstance(monitor_config, dict):
        raise JobFailure(
            f"ClientError: the analysis configuration {spec.config_uri!r} (ConfigUri) is "
            "missing or not a JSON object"
        )
    run = _clarify_run(store, spec, plan, source, monitor_config)
    folder = generated_uri(spec, plan, "clarify")
    store.write_bytes(f"{folder}/analysis_config.json", json.dumps(run.config).encode())
    store.write_bytes(f"{folder}/dataset.csv", run.table.encode())
    return [
        file_input("analysis_config", f"{folder}/analysis_config.json", CLARIFY_CONFIG_DIR),
        file_input("dataset", f"{folder}/dataset.csv", CLARIFY_DATA_DIR),
    ]


def _clarify_run(
    store: ArtifactStore,
    spec: JobSpec,
    plan: RunPlan,
    source: CaptureSource,
    monitor_config: dict[str, JSON],
) -> ClarifyRun:
    if spec.monitoring_type == "ModelBias":
        return bias_run(monitor_config, _joined(store, spec, plan, source), spec.input)
    records = captured_records(store, source, plan.endpoint, plan.window)
    if not records:
        raise JobFailure(NO_DATA)
    if not source.model:
        raise JobFailure(f"ClientError: endpoint {plan.endpoint!r} serves no model to explain")
    return explainability_run(monitor_config, records, source.model)


def _joined(
    store: ArtifactStore, spec: JobSpec, plan: RunPlan, source: CaptureSource
) -> list[dict[str, JSON]]:
    if not spec.ground_truth_uri:
        raise JobFailure(
            f"ClientError: a {spec.monitoring_type} run needs GroundTruthS3Input: where the "
            "labels of the captured inferences are uploaded"
        )
    records = joined(
        store, source, plan.endpoint, plan.window, spec.ground_truth_uri, plan.scheduled
    )
    if not records:
        if not captured_records(store, source, plan.endpoint, plan.window):
            raise JobFailure(NO_DATA)
        raise JobFailure(
            f"ClientError: none of the captured records of the window has ground truth under "
            f"{spec.ground_truth_uri} (uploaded by the hour, yyyy/mm/dd/hh, each record "
            "naming the inference's eventId or inferenceId)"
        )
    return records


def file_input(name: str, uri: str, local_path: str) -> dict[str, JSON]:
    """A processing input of one object."""
    return {
        "InputName": name,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": local_path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }
