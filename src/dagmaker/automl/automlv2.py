"""``AutoMLV2``: AutoML jobs through ``CreateAutoMLJobV2``, tabular problems.

The problem is described by an ``AutoMLTabularConfig`` (target column, problem type,
mode, limits, algorithms); the data by ``AutoMLDataChannel`` (in S3) or
``LocalAutoMLDataChannel`` (uploaded by ``fit``). Image, text and time-series problem
types are not run by dagmaker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dagmaker._sdk import automl_inference
from dagmaker._sdk import automl_request as build
from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.session_facts import expand_role
from dagmaker._sdk.tags import format_tags
from dagmaker.automl._job_reading import _BestCandidateReader
from dagmaker.automl.automl import NAME_MAX_LENGTH, AutoML
from dagmaker.automl.candidate_estimator import CandidateEstimator
from dagmaker.job import _Job
from dagmaker.pipeline import PipelineModel
from dagmaker.session import Session
from dagmaker.workflow.pipeline_context import capture_or_run

__all__ = [
    "AutoMLDataChannel",
    "AutoMLJobV2",
    "AutoMLTabularConfig",
    "AutoMLV2",
    "LocalAutoMLDataChannel",
]

logger = logging.getLogger(__name__)
CREATE_V2 = "create_auto_ml_v2"


@dataclass
class AutoMLTabularConfig:
    """A tabular problem: which column to predict and how to search.

    Attributes:
        target_attribute_name: The column to predict.
        algorithms_config: Algorithm names to choose from (``xgboost``, ``lightgbm``, …).
        feature_specification_s3_uri: A JSON file naming the features and their types.
        generate_candidate_definitions_only: Only describe candidates, train none.
        mode: ``ENSEMBLING``, ``HYPERPARAMETER_TUNING`` or ``AUTO``.
        problem_type: ``BinaryClassification``, ``MulticlassClassification`` or
            ``Regression``.
        sample_weight_attribute_name: The column of row weights.
        max_candidates: ``MaxCandidates``.
        max_runtime_per_training_job_in_seconds: Time limit of each candidate's job.
        max_total_job_runtime_in_seconds: Time limit of the whole AutoML job.
    """

    target_attribute_name: Any
    algorithms_config: list[str] | None = None
    feature_specification_s3_uri: Any = None
    generate_candidate_definitions_only: Any = None
    mode: Any = None
    problem_type: Any = None
    sample_weight_attribute_name: Any = None
    max_candidates: Any = None
    max_runtime_per_training_job_in_seconds: Any = None
    max_total_job_runtime_in_seconds: Any = None

    @classmethod
    def from_response_dict(cls, api_problem_type_config: dict[str, Any]) -> AutoMLTabularConfig:
        """The config of a ``TabularJobConfig`` from a DescribeAutoMLJobV2 response."""
        config = api_problem_type_config
        criteria = config.get("CompletionCriteria") or {}
        algorithms = (config.get("CandidateGenerationConfig") or {}).get("AlgorithmsConfig")
        return cls(
            target_attribute_name=config.get("TargetAttributeName"),
            algorithms_config=(algorithms or [{}])[0].get("AutoMLAlgorithms"),
            feature_specification_s3_uri=config.get("FeatureSpecificationS3Uri"),
            generate_candidate_definitions_only=config.get("GenerateCandidateDefinitionsOnly"),
            mode=config.get("Mode"),
            problem_type=config.get("ProblemType"),
            sample_weight_attribute_name=config.get("SampleWeightAttributeName"),
            max_candidates=criteria.get("MaxCandidates"),
            max_runtime_per_training_job_in_seconds=criteria.get(
                "MaxRuntimePerTrainingJobInSeconds"
            ),
            max_total_job_runtime_in_seconds=criteria.get("MaxAutoMLJobRuntimeInSeconds"),
        )

    def to_request_dict(self) -> dict[str, Any]:
        """``AutoMLProblemTypeConfig`` of the request: ``{"TabularJobConfig": {...}}``."""
        config: dict[str, Any] = {}
        criteria = build.completion_criteria(
            self.max_candidates,
            self.max_runtime_per_training_job_in_seconds,
            self.max_total_job_runtime_in_seconds,
        )
        if criteria:
            config["CompletionCriteria"] = criteria
        config["TargetAttributeName"] = self.target_attribute_name
        for key, value in (
            ("ProblemType", self.problem_type),
            ("SampleWeightAttributeName", self.sample_weight_attribute_name),
            ("Mode", self.mode),
            ("GenerateCandidateDefinitionsOnly", self.generate_candidate_definitions_only),
            ("FeatureSpecificationS3Uri", self.feature_specification_s3_uri),
        ):
            if value is not None:
                config[key] = value
        if self.algorithms_config is not None:
            config["CandidateGenerationConfig"] = {
                "AlgorithmsConfig": [{"AutoMLAlgorithms": self.algorithms_config}]
            }
        return {"TabularJobConfig": config}


@dataclass
class AutoMLDataChannel:
    """Data in S3 for an AutoML V2 job.

    Attributes:
        s3_data_type: ``S3Prefix`` or ``ManifestFile``.
        s3_uri: Where the data is.
        channel_type: ``training`` (default) or ``validation``.
        compression_type: ``Gzip`` or ``None``.
        content_type: ``text/csv;header=present`` or ``x-application/vnd.amazon+parquet``.
    """

    s3_data_type: Any
    s3_uri: Any
    channel_type: Any = None
    compression_type: Any = None
    content_type: Any = None

    @classmethod
    def from_response_dict(cls, data_channel: dict[str, Any]) -> AutoMLDataChannel:
        """The channel of a DescribeAutoMLJobV2 ``AutoMLJobInputDataConfig`` entry."""
        source = data_channel["DataSource"]["S3DataSource"]
        return cls(
            s3_data_type=source["S3DataType"],
            s3_uri=source["S3Uri"],
            channel_type=data_channel.get("ChannelType"),
            compression_type=data_channel.get("CompressionType"),
            content_type=data_channel.get("ContentType"),
        )

    def to_request_dict(self) -> dict[str, Any]:
        """One ``AutoMLJobInputDataConfig`` entry."""
        request: dict[str, Any] = {
            "DataSource": {"S3DataSource": {"S3DataType": self.s3_data_type, "S3Uri": self.s3_uri}}
        }
        for key, value in (
            ("ChannelType", self.channel_type),
            ("CompressionType", self.compression_type),
            ("ContentType", self.content_type),
        ):
            if value:
                request[key] = value
        return request


@dataclass
class LocalAutoMLDataChannel:
    """Local data for an AutoML V2 job; ``fit`` uploads it.

    Attributes:
        data_type: ``S3Prefix`` or ``ManifestFile``.
        path: The local file or directory.
        channel_type: ``training`` (default) or ``validation``.
        compression_type: ``Gzip`` or ``None``.
        content_type: The data's content type.
    """

    data_type: Any
    path: str
    channel_type: Any = None
    compression_type: Any = None
    content_type: Any = None

    def uploaded(self, session: Any) -> AutoMLDataChannel:
        """The same channel after uploading ``path``."""
        uri = session.upload_data(self.path, key_prefix="auto-ml-v2-input-data")
        return AutoMLDataChannel(
            s3_data_type=self.data_type,
            s3_uri=uri,
            channel_type=self.channel_type,
            compression_type=self.compression_type,
            content_type=self.content_type,
        )


class AutoMLV2(_BestCandidateReader):
    """Creates AutoML V2 jobs and reads their candidates.

    Attributes:
        problem_config: The problem (an ``AutoMLTabularConfig``).
        role: The execution role ARN.
        job_objective: ``{"MetricName": "F1"}`` and the like.
        current_job_name: The name of the job started last.
        latest_auto_ml_job: That job.
    """

    def __init__(
        self,
        problem_config: AutoMLTabularConfig,
        base_job_name: str | None = None,
        output_path: Any = None,
        job_objective: dict[str, Any] | None = None,
        validation_fraction: Any = None,
        auto_generate_endpoint_name: Any = None,
        endpoint_name: Any = None,
        output_kms_key: Any = None,
        role: Any = None,
        volume_kms_key: Any = None,
        encrypt_inter_container_traffic: Any = None,
        vpc_config: dict[str, Any] | None = None,
        tags: Any = None,
        sagemaker_session: Any = None,
    ) -> None:
        if not role:
            raise ValueError("An AWS IAM role is required to create an AutoML job.")
        if isinstance(problem_config, AutoMLTabularConfig):
            build.check_problem_and_objective(problem_config.problem_type, job_objective)
        self.problem_config = problem_config
        self.base_job_name = base_job_name
        self.job_objective = job_objective
        self.validation_fraction = validation_fraction
        self.auto_generate_endpoint_name = auto_generate_endpoint_name
        self.endpoint_name = endpoint_name
        self.output_kms_key = output_kms_key
        self.role = role
        self.volume_kms_key = volume_kms_key
        self.encrypt_inter_container_traffic = encrypt_inter_container_traffic
        self.vpc_config = vpc_config
        self.tags = format_tags(tags)
        self.sagemaker_session = sagemaker_session or Session()
        self.output_path = output_path or build.default_output_path(self.sagemaker_session)
        self.current_job_name: str | None = None
        self.inputs: Any = None
        self.latest_auto_ml_job: Any = None
        self._auto_ml_job_desc: dict[str, Any] | None = None
        self._best_candidate: dict[str, Any] | None = None

    @classmethod
    def from_auto_ml(cls, auto_ml: AutoML) -> AutoMLV2:
        """An ``AutoMLV2`` with the settings of an ``AutoML``."""
        made = cls(
            problem_config=AutoMLTabularConfig(
                target_attribute_name=auto_ml.target_attribute_name,
                feature_specification_s3_uri=auto_ml.feature_specification_s3_uri,
                generate_candidate_definitions_only=auto_ml.generate_candidate_definitions_only,
                mode=auto_ml.mode,
                problem_type=auto_ml.problem_type,
                sample_weight_attribute_name=auto_ml.sample_weight_attribute_name,
                max_candidates=auto_ml.max_candidate,
                max_runtime_per_training_job_in_seconds=(
                    auto_ml.max_runtime_per_training_job_in_seconds
                ),
                max_total_job_runtime_in_seconds=auto_ml.total_job_runtime_in_seconds,
            ),
            base_job_name=auto_ml.base_job_name,
            output_path=auto_ml.output_path,
            job_objective=auto_ml.job_objective,
            validation_fraction=auto_ml.validation_fraction,
            auto_generate_endpoint_name=auto_ml.auto_generate_endpoint_name,
            endpoint_name=auto_ml.endpoint_name,
            output_kms_key=auto_ml.output_kms_key,
            role=auto_ml.role,
            volume_kms_key=auto_ml.volume_kms_key,
            encrypt_inter_container_traffic=auto_ml.encrypt_inter_container_traffic,
            vpc_config=auto_ml.vpc_config,
            tags=auto_ml.tags,
            sagemaker_session=auto_ml.sagemaker_session,
        )
        made._best_candidate = auto_ml._best_candidate
        return made

    def fit(
        self, inputs: Any, wait: bool = True, logs: bool = True, job_name: str | None = None
    ) -> Any:
        """Start the job on ``inputs`` (data channels, local or in S3).

        Raises:
            ValueError: for inputs that are not data channels.
        """
        if not wait and logs:
            logs = False
            logger.warning("Setting logs to False. logs is only meaningful when wait is True.")
        channels = inputs if isinstance(inputs, list) else [inputs]
        if not inputs or not all(
            isinstance(c, (AutoMLDataChannel, LocalAutoMLDataChannel)) for c in channels
        ):
            raise ValueError(
                f"Cannot format input {inputs!r}. Expecting an AutoMLDataChannel or a list of "
                "AutoMLDataChannel or a LocalAutoMLDataChannel or a list of "
                "LocalAutoMLDataChannel."
            )

        def request() -> dict[str, Any]:
            uploaded = [
                c.uploaded(self.sagemaker_session) if isinstance(c, LocalAutoMLDataChannel) else c
                for c in channels
            ]
            self._prepare_for_auto_ml_job(job_name)
            self.inputs = uploaded
            return self._request([c.to_request_dict() for c in uploaded])

        def run_now(body: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_auto_ml_job_v2(**body)
            self.latest_auto_ml_job = AutoMLJobV2(
                self.sagemaker_session, body["AutoMLJobName"], self.inputs
            )
            if wait:
                self.latest_auto_ml_job.wait(logs=logs)

        return capture_or_run(self.sagemaker_session, CREATE_V2, request, run_now)

    def _prepare_for_auto_ml_job(self, job_name: str | None = None) -> None:
        self.current_job_name = job_name or name_from_base(
            self.base_job_name or "automl", max_length=NAME_MAX_LENGTH
        )

    def _request(self, input_config: list[dict[str, Any]]) -> dict[str, Any]:
        request: dict[str, Any] = {
            "AutoMLJobName": self.current_job_name,
            "AutoMLJobInputDataConfig": input_config,
            "OutputDataConfig": build.output_config(self.output_path, self.output_kms_key),
            "AutoMLProblemTypeConfig": self.problem_config.to_request_dict(),
            "RoleArn": expand_role(self.sagemaker_session, self.role),
        }
        if self.job_objective is not None:
            request["AutoMLJobObjective"] = self.job_objective
        deploy = build.deploy_config(self.auto_generate_endpoint_name, self.endpoint_name)
        if deploy is not None:
            request["ModelDeployConfig"] = deploy
        if self.validation_fraction is not None:
            request["DataSplitConfig"] = {"ValidationFraction": self.validation_fraction}
        security = self._security_config()
        if security is not None:
            request["SecurityConfig"] = security
        if self.tags is not None:
            request["Tags"] = self.tags
        return request

    def _security_config(self) -> dict[str, Any] | None:
        encrypt = self.encrypt_inter_container_traffic
        if not (self.volume_kms_key or self.vpc_config or encrypt is not None):
            return None
        config: dict[str, Any] = {}
        if self.volume_kms_key:
            config["VolumeKmsKeyId"] = self.volume_kms_key
        if self.vpc_config:
            config["VpcConfig"] = self.vpc_config
        if encrypt is not None:
            config["EnableInterContainerTrafficEncryption"] = encrypt
        return config

    @classmethod
    def attach(cls, auto_ml_job_name: str, sagemaker_session: Any = None) -> AutoMLV2:
        """An ``AutoMLV2`` bound to an existing (tabular) job.

        Raises:
            ValueError: for a job of another problem type.
        """
        session = sagemaker_session or Session()
        described = session.describe_auto_ml_job_v2(auto_ml_job_name)
        tabular = (described.get("AutoMLProblemTypeConfig") or {}).get("TabularJobConfig")
        if tabular is None:
            raise ValueError(
                f"AutoML job {auto_ml_job_name!r} is not a tabular job; dagmaker's AutoMLV2 "
                "attaches to tabular jobs only"
            )
        security = described.get("SecurityConfig") or {}
        deploy = described.get("ModelDeployConfig") or {}
        attached = cls(
            problem_config=AutoMLTabularConfig.from_response_dict(tabular),
            base_job_name=auto_ml_job_name,
            output_path=described["OutputDataConfig"]["S3OutputPath"],
            job_objective=described.get("AutoMLJobObjective"),
            validation_fraction=(described.get("DataSplitConfig") or {}).get("ValidationFraction"),
            auto_generate_endpoint_name=deploy.get("AutoGenerateEndpointName", False),
            endpoint_name=deploy.get("EndpointName"),
            output_kms_key=described["OutputDataConfig"].get("KmsKeyId"),
            role=described["RoleArn"],
            volume_kms_key=security.get("VolumeKmsKeyId"),
            encrypt_inter_container_traffic=security.get("EnableInterContainerTrafficEncryption"),
            vpc_config=security.get("VpcConfig"),
            tags=described.get("Tags"),
            sagemaker_session=session,
        )
        attached.current_job_name = auto_ml_job_name
        attached.latest_auto_ml_job = AutoMLJobV2(session, auto_ml_job_name)
        attached._auto_ml_job_desc = described
        attached.inputs = [
            AutoMLDataChannel.from_response_dict(c) for c in described["AutoMLJobInputDataConfig"]
        ]
        return attached

    def describe_auto_ml_job(self, job_name: str | None = None) -> dict[str, Any]:
        """The ``DescribeAutoMLJobV2`` response of the latest job (or of ``job_name``)."""
        described: dict[str, Any] = self.sagemaker_session.describe_auto_ml_job_v2(
            self._job_name(job_name)
        )
        self._auto_ml_job_desc = described
        return described

    def list_candidates(self, job_name: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        """The job's candidates; ``filters`` as ``AutoML.list_candidates`` takes them."""
        listed = self.sagemaker_session.list_candidates(
            job_name=self._job_name(job_name), **filters
        )
        candidates: list[dict[str, Any]] = listed["Candidates"]
        return candidates

    def create_model(
        self,
        name: str | None,
        sagemaker_session: Any = None,
        candidate: Any = None,
        vpc_config: dict[str, Any] | None = None,
        enable_network_isolation: bool = False,
        model_kms_key: str | None = None,
        predictor_cls: Any = None,
        inference_response_keys: list[str] | None = None,
    ) -> PipelineModel:
        """A ``PipelineModel`` of a candidate's containers, as ``AutoML.create_model``."""
        helper = AutoML(role=self.role, sagemaker_session=self.sagemaker_session)
        chosen = candidate or self.best_candidate()
        if isinstance(chosen, dict):
            chosen = CandidateEstimator(chosen, sagemaker_session or self.sagemaker_session)
        return helper.create_model(
            name,
            sagemaker_session=sagemaker_session,
            candidate=chosen,
            vpc_config=vpc_config,
            enable_network_isolation=enable_network_isolation,
            model_kms_key=model_kms_key,
            predictor_cls=predictor_cls,
            inference_response_keys=inference_response_keys,
        )

    @classmethod
    def validate_and_update_inference_response(
        cls, inference_containers: list[dict[str, Any]], inference_response_keys: Any
    ) -> None:
        """Check the response keys and set the containers' output keys (in place)."""
        automl_inference.select_response_keys(inference_containers, inference_response_keys)


class AutoMLJobV2(_Job):
    """A started AutoML V2 job."""

    KIND = "AutoML job"
    NAME_FIELD = "AutoMLJobName"
    STATUS_FIELD = "AutoMLJobStatus"
    DESCRIBE = "describe_auto_ml_job_v2"
    STOP = "stop_auto_ml_job"
    LOGS = "logs_for_auto_ml_job"

    def __init__(self, sagemaker_session: Any, job_name: str, inputs: Any = None) -> None:
        super().__init__(sagemaker_session, job_name)
        self.inputs = inputs
