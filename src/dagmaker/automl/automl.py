"""``AutoML``: let an AutoML job search for the best model of a tabular data set.

``automl.fit(inputs)`` builds a ``CreateAutoMLJob`` request. Under a ``PipelineSession``
it returns step arguments for ``AutoMLStep(step_args=...)``; with a plain ``Session`` it
starts the job and, with ``wait=True``, waits for it. ``best_candidate()``,
``list_candidates()`` and ``create_model()`` then reach the job's candidates.
"""

from __future__ import annotations

import logging
from typing import Any

from dagmaker._sdk import automl_inference
from dagmaker._sdk import automl_request as build
from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.tags import format_tags
from dagmaker.automl._job_reading import _BestCandidateReader
from dagmaker.automl.candidate_estimator import CandidateEstimator
from dagmaker.job import _Job
from dagmaker.model import Model
from dagmaker.pipeline import PipelineModel
from dagmaker.session import Session
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.pipeline_context import _JobStepArguments, capture_or_run

__all__ = ["AutoML", "AutoMLInput", "AutoMLJob"]

logger = logging.getLogger(__name__)
AUTO_ML = "auto_ml"
# CreateAutoMLJob accepts names of at most 32 characters.
NAME_MAX_LENGTH = 32


class AutoMLInput:
    """An S3 data source of an AutoML job (one channel per URI).

    Attributes:
        inputs: An S3 URI, a list of them, or a pipeline variable.
        target_attribute_name: The column to predict.
        compression: ``Gzip`` for compressed data.
        channel_type: ``training`` or ``validation``.
        content_type: ``text/csv;header=present`` or ``x-application/vnd.amazon+parquet``.
        s3_data_type: ``S3Prefix`` (default) or ``ManifestFile``.
        sample_weight_attribute_name: The column holding each row's weight.
    """

    def __init__(
        self,
        inputs: Any,
        target_attribute_name: Any,
        compression: Any = None,
        channel_type: Any = None,
        content_type: Any = None,
        s3_data_type: Any = None,
        sample_weight_attribute_name: Any = None,
    ) -> None:
        self.inputs = inputs
        self.target_attribute_name = target_attribute_name
        self.compression = compression
        self.channel_type = channel_type
        self.content_type = content_type
        self.s3_data_type = s3_data_type
        self.sample_weight_attribute_name = sample_weight_attribute_name

    def to_request_dict(self) -> list[dict[str, Any]]:
        """The ``InputDataConfig`` channels, one per URI."""
        uris = self.inputs
        if isinstance(uris, str) or is_pipeline_variable(uris):
            uris = [uris]
        channels = []
        for uri in uris:
            channel: dict[str, Any] = {
                "DataSource": {
                    "S3DataSource": {"S3DataType": self.s3_data_type or "S3Prefix", "S3Uri": uri}
                },
                "TargetAttributeName": self.target_attribute_name,
            }
            for key, value in (
                ("CompressionType", self.compression),
                ("ChannelType", self.channel_type),
                ("ContentType", self.content_type),
                ("SampleWeightAttributeName", self.sample_weight_attribute_name),
            ):
                if value is not None:
                    channel[key] = value
            channels.append(channel)
        return channels


class _AutoMLStepArguments(_JobStepArguments):
    """Step arguments of ``AutoML.fit``, which remember the ``AutoML`` that made them.

    Attributes:
        auto_ml: The object whose ``fit`` was called (``AutoMLStep.get_best_model`` uses
            its role and session).
    """

    def __init__(self, captured: _JobStepArguments, auto_ml: AutoML) -> None:
        super().__init__(captured.caller_name, lambda: captured.request_dict)
        self.auto_ml = auto_ml


class AutoML(_BestCandidateReader):
    """Creates AutoML jobs and reads their candidates.

    Attributes:
        role: The execution role ARN.
        target_attribute_name: The column to predict.
        problem_type: ``BinaryClassification``, ``MulticlassClassification`` or
            ``Regression``; inferred from the data when not given.
        job_objective: ``{"MetricName": "F1"}`` and the like; given with ``problem_type``.
        max_candidate: ``MaxCandidates``.
        mode: ``ENSEMBLING``, ``HYPERPARAMETER_TUNING`` or ``AUTO``.
        current_job_name: The name of the job started (or captured) last.
        latest_auto_ml_job: That job.
    """

    def __init__(
        self,
        role: Any = None,
        target_attribute_name: Any = None,
        output_kms_key: Any = None,
        output_path: Any = None,
        base_job_name: str | None = None,
        compression_type: Any = None,
        sagemaker_session: Any = None,
        volume_kms_key: Any = None,
        encrypt_inter_container_traffic: Any = None,
        vpc_config: dict[str, Any] | None = None,
        problem_type: Any = None,
        max_candidates: Any = None,
        max_runtime_per_training_job_in_seconds: Any = None,
        total_job_runtime_in_seconds: Any = None,
        job_objective: dict[str, Any] | None = None,
        generate_candidate_definitions_only: Any = False,
        tags: Any = None,
        content_type: Any = None,
        s3_data_type: Any = None,
        feature_specification_s3_uri: Any = None,
        validation_fraction: Any = None,
        mode: Any = None,
        auto_generate_endpoint_name: Any = None,
        endpoint_name: Any = None,
        sample_weight_attribute_name: Any = None,
    ) -> None:
        if not role:
            raise ValueError("An AWS IAM role is required to create an AutoML job.")
        build.check_problem_and_objective(problem_type, job_objective)
        self.role = role
        self.target_attribute_name = target_attribute_name
        self.output_kms_key = output_kms_key
        self.output_path = output_path
        self.base_job_name = base_job_name
        self.compression_type = compression_type
        self.sagemaker_session = sagemaker_session or Session()
        self.volume_kms_key = volume_kms_key
        self.encrypt_inter_container_traffic = bool(encrypt_inter_container_traffic)
        self.vpc_config = vpc_config
        self.problem_type = problem_type
        self.max_candidate = max_candidates
        self.max_runtime_per_training_job_in_seconds = max_runtime_per_training_job_in_seconds
        self.total_job_runtime_in_seconds = total_job_runtime_in_seconds
        self.job_objective = job_objective
        self.generate_candidate_definitions_only = generate_candidate_definitions_only
        self.tags = format_tags(tags)
        self.content_type = content_type
        self.s3_data_type = s3_data_type
        self.feature_specification_s3_uri = feature_specification_s3_uri
        self.validation_fraction = validation_fraction
        self.mode = mode
        self.auto_generate_endpoint_name = auto_generate_endpoint_name
        self.endpoint_name = endpoint_name
        self.sample_weight_attribute_name = sample_weight_attribute_name
        self.current_job_name: str | None = None
        self.latest_auto_ml_job: Any = None
        self._auto_ml_job_desc: dict[str, Any] | None = None
        self._best_candidate: dict[str, Any] | None = None

    # -- running ----------------------------------------------------------------------

    def fit(
        self, inputs: Any = None, wait: bool = True, logs: bool = True, job_name: str | None = None
    ) -> Any:
        """Start the AutoML job (or, under a ``PipelineSession``, return step arguments).

        Args:
            inputs: An S3 URI or local path, a list of URIs, an ``AutoMLInput`` or a list
                of them (a training and a validation channel).
            wait: Wait for the job to end.
            logs: Show the job's log while waiting.
            job_name: The job's name; generated from ``base_job_name`` when not given.

        Returns:
            Step arguments under a ``PipelineSession``, else ``None``.
        """
        if not wait and logs:
            logs = False
            logger.warning("Setting logs to False. logs is only meaningful when wait is True.")

        def request() -> dict[str, Any]:
            data = inputs
            if isinstance(data, str) and not data.startswith("s3://"):
                data = self.sagemaker_session.upload_data(data, key_prefix="auto-ml-input-data")
            self._prepare_for_auto_ml_job(job_name)
            return build.create_request(self, self._input_config(data))

        def run_now(body: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_auto_ml_job(**body)
            self.latest_auto_ml_job = AutoMLJob(self.sagemaker_session, body["AutoMLJobName"])
            if wait:
                self.latest_auto_ml_job.wait(logs=logs)

        captured = capture_or_run(self.sagemaker_session, AUTO_ML, request, run_now)
        if isinstance(captured, _JobStepArguments):
            return _AutoMLStepArguments(captured, self)
        return captured

    def _input_config(self, inputs: Any) -> list[dict[str, Any]]:
        if isinstance(inputs, AutoMLInput):
            return inputs.to_request_dict()
        if isinstance(inputs, list) and inputs and all(isinstance(i, AutoMLInput) for i in inputs):
            return [channel for item in inputs for channel in item.to_request_dict()]
        if inputs is None:
            raise ValueError("AutoML.fit needs inputs: an S3 URI, a local path or AutoMLInput(s)")
        return build.uri_channels(self, inputs)

    def _prepare_for_auto_ml_job(self, job_name: str | None = None) -> None:
        if job_name is not None:
            self.current_job_name = job_name
        else:
            base = self.base_job_name or "automl"
            self.current_job_name = name_from_base(base, max_length=NAME_MAX_LENGTH)
        if self.output_path is None:
            self.output_path = build.default_output_path(self.sagemaker_session)

    @classmethod
    def attach(cls, auto_ml_job_name: str, sagemaker_session: Any = None) -> AutoML:
        """An ``AutoML`` bound to an existing job, configured as the job was."""
        session = sagemaker_session or Session()
        described = session.describe_auto_ml_job(auto_ml_job_name)
        channel = described["InputDataConfig"][0]
        config = described.get("AutoMLJobConfig") or {}
        criteria = config.get("CompletionCriteria") or {}
        security = config.get("SecurityConfig") or {}
        deploy = described.get("ModelDeployConfig") or {}
        attached = cls(
            role=described["RoleArn"],
            target_attribute_name=channel["TargetAttributeName"],
            output_kms_key=described["OutputDataConfig"].get("KmsKeyId"),
            output_path=described["OutputDataConfig"]["S3OutputPath"],
            base_job_name=auto_ml_job_name,
            compression_type=channel.get("CompressionType"),
            sagemaker_session=session,
            volume_kms_key=security.get("VolumeKmsKeyId"),
            encrypt_inter_container_traffic=security.get(
                "EnableInterContainerTrafficEncryption", False
            ),
            vpc_config=security.get("VpcConfig"),
            problem_type=described.get("ProblemType"),
            max_candidates=criteria.get("MaxCandidates"),
            max_runtime_per_training_job_in_seconds=criteria.get(
                "MaxRuntimePerTrainingJobInSeconds"
            ),
            total_job_runtime_in_seconds=criteria.get("MaxAutoMLJobRuntimeInSeconds"),
            job_objective=described.get("AutoMLJobObjective")
            if described.get("ProblemType")
            else None,
            generate_candidate_definitions_only=described.get(
                "GenerateCandidateDefinitionsOnly", False
            ),
            tags=described.get("Tags"),
            content_type=channel.get("ContentType"),
            s3_data_type=channel["DataSource"]["S3DataSource"].get("S3DataType"),
            feature_specification_s3_uri=(config.get("CandidateGenerationConfig") or {}).get(
                "FeatureSpecificationS3Uri"
            ),
            validation_fraction=(config.get("DataSplitConfig") or {}).get("ValidationFraction"),
            mode=config.get("Mode", "HYPERPARAMETER_TUNING"),
            auto_generate_endpoint_name=deploy.get("AutoGenerateEndpointName", False),
            endpoint_name=deploy.get("EndpointName"),
            sample_weight_attribute_name=channel.get("SampleWeightAttributeName"),
        )
        attached.current_job_name = auto_ml_job_name
        attached.latest_auto_ml_job = AutoMLJob(session, auto_ml_job_name)
        attached._auto_ml_job_desc = described
        return attached

    # -- reading the job --------------------------------------------------------------

    def describe_auto_ml_job(self, job_name: str | None = None) -> dict[str, Any]:
        """The ``DescribeAutoMLJob`` response of the latest job (or of ``job_name``)."""
        described: dict[str, Any] = self.sagemaker_session.describe_auto_ml_job(
            self._job_name(job_name)
        )
        self._auto_ml_job_desc = described
        return described

    def list_candidates(
        self,
        job_name: str | None = None,
        status_equals: str | None = None,
        candidate_name: str | None = None,
        candidate_arn: str | None = None,
        sort_order: str | None = None,
        sort_by: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """The job's candidates (``ListCandidatesForAutoMLJob``)."""
        listed = self.sagemaker_session.list_candidates(
            job_name=self._job_name(job_name),
            status_equals=status_equals,
            candidate_name=candidate_name,
            candidate_arn=candidate_arn,
            sort_order=sort_order,
            sort_by=sort_by,
            max_results=max_results,
        )
        candidates: list[dict[str, Any]] = listed["Candidates"]
        return candidates

    # -- models -----------------------------------------------------------------------

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
        """A ``PipelineModel`` of a candidate's inference containers (the best by default).

        Args:
            name: The model name.
            sagemaker_session: The session for the model (this object's by default).
            candidate: A ``CandidateEstimator`` or a candidate dict.
            vpc_config: Network settings of the containers.
            enable_network_isolation: Run the containers without network access.
            model_kms_key: KMS key for the model's artifacts.
            predictor_cls: Accepted for compatibility.
            inference_response_keys: The keys answers should hold (``predicted_label``,
                ``probability``, ``probabilities``, ``labels``), in order.

        Raises:
            ValueError: for response keys the candidate's containers do not support.
        """
        session = sagemaker_session or self.sagemaker_session
        chosen = _as_candidate(candidate or self.best_candidate(), session)
        containers = [dict(c, Environment=dict(c["Environment"])) for c in chosen.containers]
        self.validate_and_update_inference_response(containers, inference_response_keys)
        models = [
            Model(
                image_uri=c["Image"],
                model_data=c["ModelDataUrl"],
                role=self.role,
                env=c["Environment"],
                vpc_config=vpc_config,
                sagemaker_session=session,
                enable_network_isolation=enable_network_isolation,
                model_kms_key=model_kms_key,
            )
            for c in containers
        ]
        return PipelineModel(
            models=models,
            role=self.role,
            predictor_cls=predictor_cls,
            name=name,
            vpc_config=vpc_config,
            enable_network_isolation=enable_network_isolation,
            sagemaker_session=session,
        )

    def deploy(self, initial_instance_count: Any, instance_type: Any, **kwargs: Any) -> Any:
        """Create the candidate's model and deploy it (as ``PipelineModel.deploy`` does)."""
        model = self.create_model(
            name=kwargs.get("name"),
            sagemaker_session=kwargs.get("sagemaker_session"),
            candidate=kwargs.get("candidate"),
            inference_response_keys=kwargs.get("inference_response_keys"),
        )
        return model.deploy(initial_instance_count, instance_type)

    @classmethod
    def validate_and_update_inference_response(
        cls, inference_containers: list[dict[str, Any]], inference_response_keys: Any
    ) -> None:
        """Check the response keys and set the containers' output keys (in place).

        Raises:
            ValueError: for keys the containers do not support.
        """
        automl_inference.select_response_keys(inference_containers, inference_response_keys)

    def __repr__(self) -> str:
        return f"AutoML(target_attribute_name={self.target_attribute_name!r}, mode={self.mode!r})"


def _as_candidate(candidate: Any, session: Any) -> CandidateEstimator:
    if isinstance(candidate, CandidateEstimator):
        return candidate
    return CandidateEstimator(candidate, sagemaker_session=session)


class AutoMLJob(_Job):
    """A started AutoML job."""

    KIND = "AutoML job"
    NAME_FIELD = "AutoMLJobName"
    STATUS_FIELD = "AutoMLJobStatus"
    DESCRIBE = "describe_auto_ml_job"
    STOP = "stop_auto_ml_job"
    LOGS = "logs_for_auto_ml_job"

    def __init__(self, sagemaker_session: Any, job_name: str, inputs: Any = None) -> None:
        super().__init__(sagemaker_session, job_name)
        self.inputs = inputs

    @classmethod
    def start_new(cls, auto_ml: AutoML, inputs: Any) -> AutoMLJob:
        """Start a job for ``auto_ml`` on ``inputs`` now (whatever the session)."""
        auto_ml._prepare_for_auto_ml_job()
        request = build.create_request(auto_ml, auto_ml._input_config(inputs))
        auto_ml.sagemaker_session.sagemaker_client.create_auto_ml_job(**request)
        return cls(auto_ml.sagemaker_session, str(auto_ml.current_job_name), inputs)
