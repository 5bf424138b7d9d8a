"""DescribeAutoMLJob(V2) and ListCandidatesForAutoMLJob documents, as SageMaker shapes them.

The job's document is kept as one dict: the create request's fields, the job's state
(``AutoMLJobStatus``, ``BestCandidate``, ``ResolvedAttributes``, …) and, under
``Candidates``, every candidate (``AutoMLCandidate`` shapes). The API shows it in the
shape of the call: ``DescribeAutoMLJob`` (the V1 request fields), ``DescribeAutoMLJobV2``
(the V2 ones), either way whichever call created the job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dagmaker.runners.automl_requests import AUTOML_IMAGE, Layout
from dagmaker.runners.builtin.automl import objectives

CANDIDATES = "Candidates"
REPORT_PATHS = "BestCandidateProperties"
SUBMIT_DIRECTORY = "/opt/ml/model/code"
CSV = "text/csv"
_V1_ONLY = ("InputDataConfig", "AutoMLJobConfig", "ProblemType", "GenerateCandidateDefinitionsOnly")
_V2_ONLY = (
    "AutoMLJobInputDataConfig",
    "AutoMLProblemTypeConfig",
    "AutoMLProblemTypeConfigName",
    "DataSplitConfig",
    "SecurityConfig",
    "AutoMLComputeConfig",
)


@dataclass
class CandidateState:
    """What the AutoML runner knows of one candidate.

    Attributes:
        index: Its position in the job (1-based).
        name: Its name (also its training job's name).
        algorithm: Its algorithm (``ensemble`` for the ensemble).
        status: Its training job's status.
        created: When it started (ISO text).
        ended: When it ended, if it has.
        metrics: Standard metric name → validation value.
        failure_reason: Why it failed.
        steps: Its jobs: ``(CandidateStepType, ARN, name)``.
        members: The ensemble's candidates (names).
        params: Its hyperparameters.
    """

    index: int
    name: str
    algorithm: str
    status: str = "InProgress"
    created: str = ""
    ended: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    failure_reason: str = ""
    steps: list[tuple[str, str, str]] = field(default_factory=list)
    members: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)


def inference_containers(
    name: str, model_uri: str, mode: str, classification: bool
) -> list[dict[str, Any]]:
    """A candidate's containers (see ``dagmaker.runners.builtin.automl.serving``)."""
    keys = (
        "predicted_label,probability,probabilities,labels" if classification else "predicted_label"
    )
    answer = {
        "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label",
        "SAGEMAKER_INFERENCE_SUPPORTED": keys,
    }

    def container(program: str, extra: dict[str, str]) -> dict[str, Any]:
        environment = {
            "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": CSV,
            "SAGEMAKER_PROGRAM": program,
            "SAGEMAKER_SUBMIT_DIRECTORY": SUBMIT_DIRECTORY,
            **extra,
        }
        return {"Image": AUTOML_IMAGE, "ModelDataUrl": model_uri, "Environment": environment}

    if mode != "HYPERPARAMETER_TUNING":
        return [container("serve.py", {"MODEL_NAME": name, **answer})]
    found = [
        container("feature_transform.py", {"AUTOML_TRANSFORM_MODE": "feature-transform"}),
        container("algorithm.py", {"MODEL_NAME": name, **({} if classification else answer)}),
    ]
    if classification:
        inverse = {"AUTOML_TRANSFORM_MODE": "inverse-label-transform", **answer}
        found.append(container("inverse_label.py", inverse))
    return found


def candidate_document(
    state: CandidateState,
    objective: objectives.Objective,
    containers: list[dict[str, Any]] | None,
    artifacts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The ``AutoMLCandidate`` of a candidate."""
    value = state.metrics.get(objective.name)
    document: dict[str, Any] = {"CandidateName": state.name}
    if value is not None:
        document["FinalAutoMLJobObjectiveMetric"] = {
            "Type": objective.direction,
            "MetricName": objective.metric_name,
            "Value": value,
            "StandardMetricName": objective.name,
        }
    document["ObjectiveStatus"] = _objective_status(state, value)
    document["CandidateSteps"] = [
        {"CandidateStepType": kind, "CandidateStepArn": arn, "CandidateStepName": name}
        for kind, arn, name in state.steps
    ]
    document["CandidateStatus"] = state.status
    if containers:
        document["InferenceContainers"] = containers
        document["InferenceContainerDefinitions"] = {"CPU": containers}
    document["CreationTime"] = state.created
    if state.ended:
        document["EndTime"] = state.ended
    document["LastModifiedTime"] = state.ended or state.created
    if state.failure_reason:
        document["FailureReason"] = state.failure_reason
    properties: dict[str, Any] = {
        "CandidateMetrics": [
            {"MetricName": name, "Value": metric, "Set": "Validation", "StandardMetricName": name}
            for name, metric in state.metrics.items()
        ]
    }
    if artifacts:
        properties["CandidateArtifactLocations"] = artifacts
    document["CandidateProperties"] = properties
    return document


def _objective_status(state: CandidateState, value: float | None) -> str:
    if value is not None:
        return "Succeeded"
    return "Pending" if state.status in ("InProgress", "Stopping") else "Failed"


def artifact_locations(layout: Layout, candidate: str) -> dict[str, str]:
    """``CandidateArtifactLocations`` of the best candidate."""
    return {
        "Explainability": layout.explainability(candidate),
        "ModelInsights": layout.insights(candidate),
    }


def report_paths(locations: dict[str, str]) -> dict[str, str]:
    """``BestCandidateProperties``: the report files in the artifact locations."""
    return {
        "ModelInsightsJsonReportPath": f"{locations['ModelInsights']}/statistics.json",
        "ExplainabilityJsonReportPath": f"{locations['Explainability']}/analysis.json",
    }


# -- the job document in each API's shape ------------------------------------------------


def describe_v1(document: dict[str, Any]) -> dict[str, Any]:
    """``DescribeAutoMLJob``'s response."""
    shown = _without(document, (CANDIDATES, REPORT_PATHS, *_V2_ONLY))
    if "AutoMLProblemTypeConfig" in document:
        shown.update(_v1_request_fields(document))
    return shown


def describe_v2(document: dict[str, Any]) -> dict[str, Any]:
    """``DescribeAutoMLJobV2``'s response."""
    shown = _without(document, (CANDIDATES, REPORT_PATHS, *_V1_ONLY))
    if "AutoMLProblemTypeConfig" not in document:
        shown.update(_v2_request_fields(document))
    resolved = document.get("ResolvedAttributes") or {}
    if resolved:
        shown["ResolvedAttributes"] = {
            "AutoMLJobObjective": resolved.get("AutoMLJobObjective"),
            "CompletionCriteria": resolved.get("CompletionCriteria"),
            "AutoMLProblemTypeResolvedAttributes": {
                "TabularResolvedAttributes": {"ProblemType": resolved.get("ProblemType")}
            },
        }
    return shown


def _without(document: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in keys}


def _v1_request_fields(document: dict[str, Any]) -> dict[str, Any]:
    tabular = (document.get("AutoMLProblemTypeConfig") or {}).get("TabularJobConfig") or {}
    channels = []
    for channel in document.get("AutoMLJobInputDataConfig") or []:
        converted = dict(channel, TargetAttributeName=tabular.get("TargetAttributeName"))
        if tabular.get("SampleWeightAttributeName"):
            converted["SampleWeightAttributeName"] = tabular["SampleWeightAttributeName"]
        channels.append(converted)
    config: dict[str, Any] = {
        key: tabular[key] for key in ("CompletionCriteria", "Mode") if key in tabular
    }
    generation = dict(tabular.get("CandidateGenerationConfig") or {})
    if tabular.get("FeatureSpecificationS3Uri"):
        generation["FeatureSpecificationS3Uri"] = tabular["FeatureSpecificationS3Uri"]
    if generation:
        config["CandidateGenerationConfig"] = generation
    for key in ("DataSplitConfig", "SecurityConfig"):
        if document.get(key):
            config[key] = document[key]
    fields: dict[str, Any] = {"InputDataConfig": channels, "AutoMLJobConfig": config}
    if tabular.get("ProblemType"):
        fields["ProblemType"] = tabular["ProblemType"]
    return fields


def _v2_request_fields(document: dict[str, Any]) -> dict[str, Any]:
    channels_in = list(document.get("InputDataConfig") or [])
    config = document.get("AutoMLJobConfig") or {}
    first = channels_in[0] if channels_in else {}
    tabular: dict[str, Any] = {"TargetAttributeName": first.get("TargetAttributeName")}
    for key in ("CompletionCriteria", "Mode"):
        if key in config:
            tabular[key] = config[key]
    generation = dict(config.get("CandidateGenerationConfig") or {})
    if "FeatureSpecificationS3Uri" in generation:
        tabular["FeatureSpecificationS3Uri"] = generation.pop("FeatureSpecificationS3Uri")
    if generation:
        tabular["CandidateGenerationConfig"] = generation
    for source, target in (("ProblemType", "ProblemType"),):
        if document.get(source):
            tabular[target] = document[source]
    if first.get("SampleWeightAttributeName"):
        tabular["SampleWeightAttributeName"] = first["SampleWeightAttributeName"]
    channels = [
        {
            k: v
            for k, v in c.items()
            if k not in ("TargetAttributeName", "SampleWeightAttributeName")
        }
        for c in channels_in
    ]
    fields: dict[str, Any] = {
        "AutoMLJobInputDataConfig": channels,
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "AutoMLProblemTypeConfigName": "Tabular",
    }
    for key in ("DataSplitConfig", "SecurityConfig"):
        if config.get(key):
            fields[key] = config[key]
    return fields


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """One ``AutoMLJobSummaries`` entry of ListAutoMLJobs."""
    keys = (
        "AutoMLJobName",
        "AutoMLJobArn",
        "AutoMLJobStatus",
        "AutoMLJobSecondaryStatus",
        "CreationTime",
        "EndTime",
        "LastModifiedTime",
        "FailureReason",
        "PartialFailureReasons",
    )
    return {k: document[k] for k in keys if document.get(k) is not None}


def sorted_candidates(
    candidates: list[dict[str, Any]], sort_by: str, descending: bool
) -> list[dict[str, Any]]:
    """Candidates sorted as ListCandidatesForAutoMLJob's ``SortBy`` asks.

    ``FinalObjectiveMetricValue`` puts candidates without a value last.
    """
    if sort_by == "FinalObjectiveMetricValue":
        scored = [c for c in candidates if "FinalAutoMLJobObjectiveMetric" in c]
        rest = [c for c in candidates if "FinalAutoMLJobObjectiveMetric" not in c]
        scored.sort(key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"], reverse=descending)
        return scored + rest
    key = "CandidateStatus" if sort_by == "Status" else "CreationTime"
    return sorted(candidates, key=lambda c: str(c.get(key) or ""), reverse=descending)
