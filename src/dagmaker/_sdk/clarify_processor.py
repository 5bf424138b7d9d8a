"""``SageMakerClarifyProcessor``: bias and explainability jobs with SageMaker's Clarify image.

Public through :mod:`dagmaker.clarify`. Each ``run_*`` method writes the job's
``analysis_config.json`` next to its results, then runs a processing job with the
inputs ``dataset`` and ``analysis_config`` and the output ``analysis_result``. Under a
``PipelineSession`` it returns step arguments for ``ProcessingStep``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from dagmaker._sdk import clarify_analysis as analysis
from dagmaker._sdk.clarify_data import BiasConfig, DataConfig
from dagmaker._sdk.clarify_model import ModelConfig
from dagmaker._sdk.job_names import name_from_base
from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.processor import Processor
from dagmaker._sdk.s3_upload import s3_path_join, upload_text
from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.session import Session

logger = logging.getLogger(__name__)

CLARIFY_DATA_INPUT = "/opt/ml/processing/input/data"
CLARIFY_CONFIG_INPUT = "/opt/ml/processing/input/config"
CLARIFY_OUTPUT = "/opt/ml/processing/output"


def s3_upload_mode(analysis_config: dict[str, Any]) -> str:
    """``Continuous`` for image datasets (many report files), else ``EndOfJob``."""
    return "Continuous" if analysis_config["dataset_type"] == "application/x-image" else "EndOfJob"


def upload_analysis_config(
    analysis_config: dict[str, Any], s3_output_path: Any, session: Any, kms_key: Any
) -> str:
    """Write ``analysis_config.json`` under ``s3_output_path``; return its URI."""
    desired = s3_path_join(str(s3_output_path), "analysis_config.json")
    return upload_text(session, json.dumps(analysis_config), desired, kms_key)


def clarify_job_io(
    data_config: DataConfig, config_uri: str, analysis_config: dict[str, Any]
) -> tuple[ProcessingInput, ProcessingInput, ProcessingOutput]:
    """The ``analysis_config`` and ``dataset`` inputs and the ``analysis_result`` output."""
    config_input = ProcessingInput(
        input_name="analysis_config",
        source=config_uri,
        destination=CLARIFY_CONFIG_INPUT,
        s3_data_type="S3Prefix",
        s3_input_mode="File",
        s3_compression_type="None",
    )
    data_input = ProcessingInput(
        input_name="dataset",
        source=data_config.s3_data_input_path,
        destination=CLARIFY_DATA_INPUT,
        s3_data_type="S3Prefix",
        s3_input_mode="File",
        s3_data_distribution_type=data_config.s3_data_distribution_type,
        s3_compression_type=data_config.s3_compression_type,
    )
    result_output = ProcessingOutput(
        source=CLARIFY_OUTPUT,
        destination=data_config.s3_output_path,
        output_name="analysis_result",
        s3_upload_mode=s3_upload_mode(analysis_config),
    )
    return config_input, data_input, result_output


class SageMakerClarifyProcessor(Processor):
    """Runs Clarify bias and explainability analyses as processing jobs.

    Attributes:
        job_name_prefix: Prefix of generated job names.
        skip_early_validation: Accepted for compatibility (the job validates its config).
    """

    _CLARIFY_DATA_INPUT = CLARIFY_DATA_INPUT
    _CLARIFY_CONFIG_INPUT = CLARIFY_CONFIG_INPUT
    _CLARIFY_OUTPUT = CLARIFY_OUTPUT

    def __init__(
        self,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: Any = None,
        job_name_prefix: str | None = None,
        version: str | None = None,
        skip_early_validation: bool = False,
    ) -> None:
        session = sagemaker_session or Session()
        self._last_analysis_config: dict[str, Any] | None = None
        self.job_name_prefix = job_name_prefix
        self.skip_early_validation = skip_early_validation
        super().__init__(
            role=role,
            image_uri=retrieve("clarify", session_region(session), version),
            instance_count=instance_count,
            instance_type=instance_type,
            volume_size_in_gb=volume_size_in_gb,
            volume_kms_key=volume_kms_key,
            output_kms_key=output_kms_key,
            max_runtime_in_seconds=max_runtime_in_seconds,
            sagemaker_session=session,
            env=env,
            tags=tags,
            network_config=network_config,
        )

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Not available: use one of the ``run_*`` methods.

        Raises:
            TypeError: always, naming the methods to use.
        """
        raise TypeError(
            "SageMakerClarifyProcessor.run() is not available; choose run_pre_training_bias, "
            "run_post_training_bias, run_bias, run_explainability or run_bias_and_explainability"
        )

    def _run(
        self,
        data_config: DataConfig,
        analysis_config: dict[str, Any],
        wait: bool,
        logs: bool,
        job_name: str,
        kms_key: Any,
        experiment_config: dict[str, Any] | None,
    ) -> Any:
        self._last_analysis_config = analysis_config
        logger.info("Analysis Config: %s", analysis_config)
        target = data_config.s3_analysis_config_output_path or data_config.s3_output_path
        config_uri = upload_analysis_config(
            analysis_config, target, self.sagemaker_session, kms_key
        )
        config_input, data_input, result_output = clarify_job_io(
            data_config, config_uri, analysis_config
        )
        return super().run(
            inputs=[data_input, config_input],
            outputs=[result_output],
            wait=wait,
            logs=logs,
            job_name=job_name,
            experiment_config=experiment_config,
            kms_key=kms_key,
        )

    def _job_name(self, job_name: str | None, default_prefix: str) -> str:
        return job_name or name_from_base(self.job_name_prefix or default_prefix)

    def run_pre_training_bias(
        self,
        data_config: DataConfig,
        data_bias_config: BiasConfig,
        methods: Any = "all",
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        kms_key: Any = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Measure bias in the dataset's labels (CI, DPL, KL, JS, LP, TVD, KS, CDDL)."""
        config = analysis.bias_pre_training(data_config, data_bias_config, methods)
        name = self._job_name(job_name, "Clarify-Pretraining-Bias")
        return self._run(data_config, config, wait, logs, name, kms_key, experiment_config)

    def run_post_training_bias(
        self,
        data_config: DataConfig,
        data_bias_config: BiasConfig,
        model_config: ModelConfig | None = None,
        model_predicted_label_config: Any = None,
        methods: Any = "all",
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        kms_key: Any = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Measure bias in the model's predictions (DPPL, DI, DCA, DCR, RD, …)."""
        config = analysis.bias_post_training(
            data_config, data_bias_config, model_predicted_label_config, methods, model_config
        )
        name = self._job_name(job_name, "Clarify-Posttraining-Bias")
        return self._run(data_config, config, wait, logs, name, kms_key, experiment_config)

    def run_bias(
        self,
        data_config: DataConfig,
        bias_config: BiasConfig,
        model_config: ModelConfig | None = None,
        model_predicted_label_config: Any = None,
        pre_training_methods: Any = "all",
        post_training_methods: Any = "all",
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        kms_key: Any = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Pre- and post-training bias in one job."""
        config = analysis.bias(
            data_config,
            bias_config,
            model_config,
            model_predicted_label_config,
            pre_training_methods,
            post_training_methods,
        )
        name = self._job_name(job_name, "Clarify-Bias")
        return self._run(data_config, config, wait, logs, name, kms_key, experiment_config)

    def run_explainability(
        self,
        data_config: DataConfig,
        model_config: ModelConfig,
        explainability_config: Any,
        model_scores: Any = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        kms_key: Any = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Feature attributions (``SHAPConfig``) and/or partial dependence (``PDPConfig``)."""
        config = analysis.explainability(
            data_config, model_config, model_scores, explainability_config
        )
        name = self._job_name(job_name, "Clarify-Explainability")
        return self._run(data_config, config, wait, logs, name, kms_key, experiment_config)

    def run_bias_and_explainability(
        self,
        data_config: DataConfig,
        model_config: ModelConfig,
        explainability_config: Any,
        bias_config: BiasConfig,
        pre_training_methods: Any = "all",
        post_training_methods: Any = "all",
        model_predicted_label_config: Any = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        kms_key: Any = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Bias and explainability in one job."""
        config = analysis.bias_and_explainability(
            data_config,
            model_config,
            model_predicted_label_config,
            explainability_config,
            bias_config,
            pre_training_methods,
            post_training_methods,
        )
        name = self._job_name(job_name, "Clarify-Bias-And-Explainability")
        return self._run(data_config, config, wait, logs, name, kms_key, experiment_config)
