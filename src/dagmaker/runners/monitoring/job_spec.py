"""A monitoring job definition, of any of its two forms, as one plain structure.

A schedule runs either a named job definition (``Create<Type>JobDefinition``: data
quality, model quality, model bias, model explainability) or the
``MonitoringJobDefinition`` inline in its configuration (``ModelMonitor`` with your own
image). Both say the same things under different keys; `job_spec` reads either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dagmaker.errors import InvalidRequest

JSON = Any
INLINE = ""  # the monitoring type of an inline definition (your own image)
CLARIFY_TYPES = ("ModelBias", "ModelExplainability")


@dataclass(frozen=True)
class JobSpec:
    """What a monitoring run's processing job is made of.

    Attributes:
        monitoring_type: ``DataQuality`` … ``ModelExplainability``, or "" for an inline
            definition.
        image: The container image.
        entrypoint: ``ContainerEntrypoint`` (None: the image's own).
        arguments: ``ContainerArguments``.
        environment: The app specification's ``Environment`` (and the inline one's).
        preprocessor_uri: ``RecordPreprocessorSourceUri``.
        postprocessor_uri: ``PostAnalyticsProcessorSourceUri``.
        problem_type: ``ProblemType`` (model quality).
        config_uri: ``ConfigUri``: the Clarify analysis configuration (bias,
            explainability).
        endpoint_input: ``EndpointInput``, when an endpoint is monitored.
        batch_input: ``BatchTransformInput``, when batch transform capture is monitored.
        ground_truth_uri: ``GroundTruthS3Input.S3Uri`` (model quality, bias).
        constraints_uri: The baseline constraints file.
        statistics_uri: The baseline statistics file.
        baselining_job: ``BaseliningJobName``: whose outputs hold the baseline otherwise.
        outputs: ``MonitoringOutputs``' ``S3Output`` documents.
        cluster: ``ClusterConfig``.
        stopping: ``StoppingCondition``.
        role: ``RoleArn``.
        network: ``NetworkConfig``.
    """

    monitoring_type: str
    image: str
    entrypoint: list[str] | None = None
    arguments: list[str] | None = None
    environment: dict[str, str] = field(default_factory=dict)
    preprocessor_uri: str | None = None
    postprocessor_uri: str | None = None
    problem_type: str | None = None
    config_uri: str | None = None
    endpoint_input: dict[str, JSON] | None = None
    batch_input: dict[str, JSON] | None = None
    ground_truth_uri: str | None = None
    constraints_uri: str | None = None
    statistics_uri: str | None = None
    baselining_job: str | None = None
    outputs: list[dict[str, JSON]] = field(default_factory=list)
    cluster: dict[str, JSON] = field(default_factory=dict)
    stopping: dict[str, JSON] = field(default_factory=dict)
    role: str = ""
    network: dict[str, JSON] | None = None

    @property
    def input(self) -> dict[str, JSON]:
        """The endpoint or batch transform input."""
        return self.endpoint_input or self.batch_input or {}

    @property
    def uses_clarify(self) -> bool:
        """Whether the run is a Clarify analysis (bias, explainability)."""
        return self.monitoring_type in CLARIFY_TYPES


def job_spec(definition: dict[str, JSON]) -> JobSpec:
    """Read ``{"MonitoringType", "Name", "Request"}`` (a schedule's definition snapshot).

    Raises:
        InvalidRequest: when the definition names no input, no output or no image.
    """
    kind = str(definition.get("MonitoringType") or INLINE)
    request = definition.get("Request") or {}
    spec = _inline(request) if kind == INLINE else _typed(kind, request)
    if not spec.image:
        raise InvalidRequest("the monitoring job definition has no ImageUri", field="ImageUri")
    if not spec.outputs:
        raise InvalidRequest(
            "the monitoring job definition has no MonitoringOutputs", field="MonitoringOutputs"
        )
    if spec.endpoint_input is None and spec.batch_input is None:
        raise InvalidRequest(
            "the monitoring job definition monitors nothing: give an EndpointInput or a "
            "BatchTransformInput",
            field="MonitoringInputs",
        )
    return spec


def _typed(kind: str, request: dict[str, JSON]) -> JobSpec:
    app = request.get(f"{kind}AppSpecification") or {}
    job_input = request.get(f"{kind}JobInput") or {}
    baseline = request.get(f"{kind}BaselineConfig") or {}
    return JobSpec(
        monitoring_type=kind,
        image=str(app.get("ImageUri") or ""),
        entrypoint=_strings(app.get("ContainerEntrypoint")),
        arguments=_strings(app.get("ContainerArguments")),
        environment=_environment(app.get("Environment")),
        preprocessor_uri=app.get("RecordPreprocessorSourceUri"),
        postprocessor_uri=app.get("PostAnalyticsProcessorSourceUri"),
        problem_type=app.get("ProblemType"),
        config_uri=app.get("ConfigUri"),
        endpoint_input=job_input.get("EndpointInput"),
        batch_input=job_input.get("BatchTransformInput"),
        ground_truth_uri=(job_input.get("GroundTruthS3Input") or {}).get("S3Uri"),
        constraints_uri=(baseline.get("ConstraintsResource") or {}).get("S3Uri"),
        statistics_uri=(baseline.get("StatisticsResource") or {}).get("S3Uri"),
        baselining_job=baseline.get("BaseliningJobName"),
        outputs=_outputs(request.get(f"{kind}JobOutputConfig")),
        cluster=dict((request.get("JobResources") or {}).get("ClusterConfig") or {}),
        stopping=dict(request.get("StoppingCondition") or {}),
        role=str(request.get("RoleArn") or ""),
        network=request.get("NetworkConfig"),
    )


def _inline(definition: dict[str, JSON]) -> JobSpec:
    app = definition.get("MonitoringAppSpecification") or {}
    inputs = definition.get("MonitoringInputs") or [{}]
    first = inputs[0] if isinstance(inputs[0], dict) else {}
    baseline = definition.get("BaselineConfig") or {}
    environment = _environment(definition.get("Environment"))
    return JobSpec(
        monitoring_type=INLINE,
        image=str(app.get("ImageUri") or ""),
        entrypoint=_strings(app.get("ContainerEntrypoint")),
        arguments=_strings(app.get("ContainerArguments")),
        environment=environment,
        preprocessor_uri=app.get("RecordPreprocessorSourceUri"),
        postprocessor_uri=app.get("PostAnalyticsProcessorSourceUri"),
        endpoint_input=first.get("EndpointInput"),
        batch_input=first.get("BatchTransformInput"),
        constraints_uri=(baseline.get("ConstraintsResource") or {}).get("S3Uri"),
        statistics_uri=(baseline.get("StatisticsResource") or {}).get("S3Uri"),
        baselining_job=baseline.get("BaseliningJobName"),
        outputs=_outputs(definition.get("MonitoringOutputConfig")),
        cluster=dict((definition.get("MonitoringResources") or {}).get("ClusterConfig") or {}),
        stopping=dict(definition.get("StoppingCondition") or {}),
        role=str(definition.get("RoleArn") or ""),
        network=definition.get("NetworkConfig"),
    )


def _outputs(config: JSON) -> list[dict[str, JSON]]:
    outputs = (config or {}).get("MonitoringOutputs") or []
    return [dict(o["S3Output"]) for o in outputs if isinstance(o, dict) and o.get("S3Output")]


def _strings(value: JSON) -> list[str] | None:
    return [str(v) for v in value] if isinstance(value, list) else None


def _environment(value: JSON) -> dict[str, str]:
    return {str(k): str(v) for k, v in (value or {}).items()}
