"""An AutoML job's settings, read from a ``CreateAutoMLJob`` or ``CreateAutoMLJobV2`` request.

Both requests describe the same tabular job; this module reads either into one
``AutoMLConfig`` and checks it, naming the request field of every problem. Defaults that
differ from SageMaker's, because everything runs on one machine: ``MaxCandidates`` is
``DEFAULT_MAX_CANDIDATES`` (SageMaker: 250), and mode ``AUTO`` is ENSEMBLING.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dagmaker._lib.s3uri import is_s3_uri
from dagmaker.errors import InvalidRequest
from dagmaker.runners.builtin.automl import objectives, space

DEFAULT_MAX_CANDIDATES = 10
MAX_NAME_LENGTH = 32
ENSEMBLING = "ENSEMBLING"
HYPERPARAMETER_TUNING = "HYPERPARAMETER_TUNING"
MODES = ("AUTO", ENSEMBLING, HYPERPARAMETER_TUNING)
CHANNEL_TYPES = ("training", "validation")
CONTENT_TYPES = ("text/csv", "x-application/vnd.amazon+parquet", "application/x-parquet")


@dataclass(frozen=True)
class Channel:
    """One data channel of the job.

    Attributes:
        channel_type: ``training`` or ``validation``.
        uri: Its S3 prefix (or manifest).
        data_type: ``S3Prefix`` or ``ManifestFile``.
        content_type: The data's content type ("" when not given).
        compression: ``Gzip`` or "".
    """

    channel_type: str
    uri: str
    data_type: str = "S3Prefix"
    content_type: str = ""
    compression: str = ""


@dataclass(frozen=True)
class AutoMLConfig:
    """What an AutoML job is asked to do.

    Attributes:
        name: The job's name.
        version: 1 (CreateAutoMLJob) or 2 (CreateAutoMLJobV2).
        channels: Its data channels.
        target: The column to predict.
        weight: The sample-weight column, if any.
        output_path: ``OutputDataConfig.S3OutputPath``.
        role: ``RoleArn``.
        problem_type: Given problem type, or None to infer it.
        objective: Given objective metric, or None for the problem type's default.
        mode: ENSEMBLING or HYPERPARAMETER_TUNING.
        max_candidates: Candidates to train at most.
        max_runtime_per_job: Seconds each candidate job may run (None: no limit).
        max_job_runtime: Seconds the search may run (None: no limit).
        validation_fraction: ``DataSplitConfig.ValidationFraction`` when given.
        feature_spec_uri: ``FeatureSpecificationS3Uri`` when given.
        algorithms: dagmaker's algorithms the search may use.
        definitions_only: ``GenerateCandidateDefinitionsOnly``.
    """

    name: str
    version: int
    channels: tuple[Channel, ...]
    target: str
    weight: str | None
    output_path: str
    role: str
    problem_type: str | None = None
    objective: str | None = None
    mode: str = ENSEMBLING
    max_candidates: int = DEFAULT_MAX_CANDIDATES
    max_runtime_per_job: int | None = None
    max_job_runtime: int | None = None
    validation_fraction: float | None = None
    feature_spec_uri: str | None = None
    algorithms: tuple[str, ...] = field(default_factory=tuple)
    definitions_only: bool = False

    def channel(self, channel_type: str) -> Channel | None:
        """The channel of that type, if any."""
        return next((c for c in self.channels if c.channel_type == channel_type), None)


def parse_request(request: dict[str, Any]) -> AutoMLConfig:
    """Read and check a CreateAutoMLJob(V2) request.

    Raises:
        InvalidRequest: naming the request field that is wrong and how.
    """
    if "AutoMLProblemTypeConfig" in request or "AutoMLJobInputDataConfig" in request:
        return _parse_v2(request)
    return _parse_v1(request)


def _parse_v1(request: dict[str, Any]) -> AutoMLConfig:
    channels_in = _list(request, "InputDataConfig")
    targets = {str(c.get("TargetAttributeName") or "") for c in channels_in}
    if len(targets) != 1 or "" in targets:
        raise InvalidRequest(
            "every channel of InputDataConfig needs the same TargetAttributeName",
            field="InputDataConfig.TargetAttributeName",
            value=sorted(targets),
        )
    weights = {c.get("SampleWeightAttributeName") for c in channels_in}
    config = request.get("AutoMLJobConfig") or {}
    criteria = config.get("CompletionCriteria") or {}
    generation = config.get("CandidateGenerationConfig") or {}
    return _checked(
        request,
        version=1,
        channels=_channels(channels_in, "InputDataConfig"),
        target=targets.pop(),
        weight=next((w for w in weights if w), None),
        problem_type=request.get("ProblemType"),
        mode=config.get("Mode"),
        criteria=criteria,
        fraction=(config.get("DataSplitConfig") or {}).get("ValidationFraction"),
        feature_spec=generation.get("FeatureSpecificationS3Uri"),
        algorithms=generation.get("AlgorithmsConfig"),
        definitions_only=request.get("GenerateCandidateDefinitionsOnly"),
    )


def _parse_v2(request: dict[str, Any]) -> AutoMLConfig:
    problem = request.get("AutoMLProblemTypeConfig") or {}
    tabular = problem.get("TabularJobConfig")
    if not isinstance(tabular, dict):
        kinds = ", ".join(sorted(problem)) or "none"
        raise InvalidRequest(
            f"dagmaker runs tabular AutoML jobs only (TabularJobConfig); this request has {kinds}",
            field="AutoMLProblemTypeConfig",
        )
    target = tabular.get("TargetAttributeName")
    if not target:
        raise InvalidRequest(
            "TabularJobConfig.TargetAttributeName is required",
            field="AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName",
        )
    generation = tabular.get("CandidateGenerationConfig") or {}
    return _checked(
        request,
        version=2,
        channels=_channels(_list(request, "AutoMLJobInputDataConfig"), "AutoMLJobInputDataConfig"),
        target=str(target),
        weight=tabular.get("SampleWeightAttributeName") or None,
        problem_type=tabular.get("ProblemType"),
        mode=tabular.get("Mode"),
        criteria=tabular.get("CompletionCriteria") or {},
        fraction=(request.get("DataSplitConfig") or {}).get("ValidationFraction"),
        feature_spec=tabular.get("FeatureSpecificationS3Uri"),
        algorithms=generation.get("AlgorithmsConfig"),
        definitions_only=tabular.get("GenerateCandidateDefinitionsOnly"),
    )


def _list(request: dict[str, Any], field_name: str) -> list[dict[str, Any]]:
    value = request.get(field_name)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise InvalidRequest(f"{field_name} needs one or two data channels", field=field_name)
    return value


def _channels(items: list[dict[str, Any]], where: str) -> tuple[Channel, ...]:
    found = []
    for i, item in enumerate(items):
        source = (item.get("DataSource") or {}).get("S3DataSource") or {}
        uri = str(source.get("S3Uri") or "")
        if not is_s3_uri(uri):
            raise InvalidRequest(
                f"{where}[{i}].DataSource.S3DataSource.S3Uri must be an s3:// URI",
                field=f"{where}[{i}].DataSource.S3DataSource.S3Uri",
                value=uri,
            )
        kind = str(item.get("ChannelType") or "training")
        if kind not in CHANNEL_TYPES:
            raise InvalidRequest(
                f"{where}[{i}].ChannelType must be training or validation",
                field=f"{where}[{i}].ChannelType",
                value=kind,
            )
        found.append(
            Channel(
                kind,
                uri,
                str(source.get("S3DataType") or "S3Prefix"),
                _content_type(item, f"{where}[{i}].ContentType"),
                "Gzip" if item.get("CompressionType") == "Gzip" else "",
            )
        )
    kinds = [c.channel_type for c in found]
    if kinds.count("training") != 1 or len(found) > 2:
        raise InvalidRequest(
            f"{where} needs exactly one training channel and at most one validation channel",
            field=where,
            value=kinds,
        )
    return tuple(found)


def _content_type(item: dict[str, Any], where: str) -> str:
    value = str(item.get("ContentType") or "")
    media = value.split(";")[0].strip().lower()
    if value and media not in CONTENT_TYPES:
        raise InvalidRequest(
            f"{where} {value!r} is not supported; use text/csv;header=present or "
            "x-application/vnd.amazon+parquet",
            field=where,
        )
    return value


def _checked(request: dict[str, Any], **parts: Any) -> AutoMLConfig:
    criteria: dict[str, Any] = parts["criteria"]
    problem_type = parts["problem_type"] or None
    objective = (request.get("AutoMLJobObjective") or {}).get("MetricName") or None
    _check_problem(problem_type, objective)
    return AutoMLConfig(
        name=_name(request),
        version=parts["version"],
        channels=parts["channels"],
        target=parts["target"],
        weight=parts["weight"],
        output_path=_output_path(request),
        role=str(request.get("RoleArn") or ""),
        problem_type=problem_type,
        objective=objective,
        mode=_mode(parts["mode"]),
        max_candidates=_positive(criteria, "MaxCandidates") or DEFAULT_MAX_CANDIDATES,
        max_runtime_per_job=_positive(criteria, "MaxRuntimePerTrainingJobInSeconds"),
        max_job_runtime=_positive(criteria, "MaxAutoMLJobRuntimeInSeconds"),
        validation_fraction=_fraction(parts["fraction"]),
        feature_spec_uri=_feature_spec(parts["feature_spec"]),
        algorithms=_algorithms(parts["algorithms"]),
        definitions_only=bool(parts["definitions_only"]),
    )


def _name(request: dict[str, Any]) -> str:
    name = str(request.get("AutoMLJobName") or "")
    if not name:
        raise InvalidRequest("AutoMLJobName is required", field="AutoMLJobName")
    return name


def check_name(name: str) -> None:
    """CreateAutoMLJob's name rule (a pipeline step's job is named by the engine instead).

    Raises:
        InvalidRequest: for a name longer than ``MAX_NAME_LENGTH``.
    """
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidRequest(
            f"AutoMLJobName must be at most {MAX_NAME_LENGTH} characters",
            field="AutoMLJobName",
            value=name,
        )


def _output_path(request: dict[str, Any]) -> str:
    uri = str((request.get("OutputDataConfig") or {}).get("S3OutputPath") or "")
    if not is_s3_uri(uri):
        raise InvalidRequest(
            "OutputDataConfig.S3OutputPath must be an s3:// URI",
            field="OutputDataConfig.S3OutputPath",
            value=uri,
        )
    return uri


def _check_problem(problem_type: str | None, objective: str | None) -> None:
    if problem_type is not None and problem_type not in objectives.PROBLEM_TYPES:
        raise InvalidRequest(
            f"ProblemType must be one of {', '.join(objectives.PROBLEM_TYPES)}",
            field="ProblemType",
            value=problem_type,
        )
    if objective is not None:
        problem = objectives.objective_problem(objective, problem_type)
        if problem:
            raise InvalidRequest(
                f"AutoMLJobObjective.MetricName {objective!r} cannot be used: {problem}",
                field="AutoMLJobObjective.MetricName",
            )


def _mode(value: Any) -> str:
    mode = str(value or "AUTO")
    if mode not in MODES:
        raise InvalidRequest(
            f"Mode must be one of {', '.join(MODES)}", field="AutoMLJobConfig.Mode", value=mode
        )
    return HYPERPARAMETER_TUNING if mode == HYPERPARAMETER_TUNING else ENSEMBLING


def _positive(criteria: dict[str, Any], key: str) -> int | None:
    value = criteria.get(key)
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise InvalidRequest(
            f"CompletionCriteria.{key} must be a whole number of at least 1",
            field=f"CompletionCriteria.{key}",
            value=value,
        )
    return number


def _fraction(value: Any) -> float | None:
    if value is None:
        return None
    try:
        fraction = float(value)
    except (TypeError, ValueError):
        fraction = -1.0
    if not 0.0 < fraction < 1.0:
        raise InvalidRequest(
            "DataSplitConfig.ValidationFraction must be between 0 and 1 (exclusive)",
            field="DataSplitConfig.ValidationFraction",
            value=value,
        )
    return fraction


def _feature_spec(value: Any) -> str | None:
    if value is None:
        return None
    if not is_s3_uri(str(value)):
        raise InvalidRequest(
            "FeatureSpecificationS3Uri must be an s3:// URI",
            field="CandidateGenerationConfig.FeatureSpecificationS3Uri",
            value=value,
        )
    return str(value)


def _algorithms(value: Any) -> tuple[str, ...]:
    names = [n for entry in (value or []) for n in (entry.get("AutoMLAlgorithms") or [])]
    try:
        return tuple(space.algorithms_for(names or None))
    except ValueError as error:
        raise InvalidRequest(
            str(error), field="CandidateGenerationConfig.AlgorithmsConfig"
        ) from None
