"""The abalone pipeline from the SageMaker Pipelines guide, on dagmaker.

preprocess (SKLearnProcessor) → data quality and data bias checks of the training split
(QualityCheckStep, ClarifyCheckStep) → train (built-in XGBoost) → evaluate
(ScriptProcessor writing evaluation.json, a PropertyFile) → ConditionStep on the MSE via
JsonGet → FailStep when the model is not good enough; otherwise register + create the
model and run a batch transform.

On the happy branch the model is registered with its evaluation and the checks'
baselines as model metrics, and the baselines used for drift checks as its drift-check
baselines; a batch transform scores the test split. The checks compare the data with the
baselines of the latest approved model (a first run, with no approved model yet, skips
them and registers new baselines). This is SageMaker code with the package renamed:
`sagemaker` → `dagmaker`.
"""

from __future__ import annotations

from pathlib import Path

import dagmaker
from dagmaker.clarify import BiasConfig, DataConfig
from dagmaker.drift_check_baselines import DriftCheckBaselines
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model
from dagmaker.model_metrics import FileSource, MetricsSource, ModelMetrics
from dagmaker.model_monitor import DatasetFormat
from dagmaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.transformer import Transformer
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.clarify_check_step import ClarifyCheckStep, DataBiasCheckConfig
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionLessThanOrEqualTo
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import (
    ParameterBoolean,
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.quality_check_step import DataQualityCheckConfig, QualityCheckStep
from dagmaker.workflow.steps import ProcessingStep, TrainingStep, TransformStep

HERE = Path(__file__).resolve().parent
REGION = "us-east-1"
MODEL_PACKAGE_GROUP = "AbaloneModelPackageGroup"
JSON = "application/json"


def get_pipeline(input_data_uri: str, name: str = "AbalonePipeline") -> Pipeline:
    """Build the pipeline; ``input_data_uri`` is where the raw CSV was uploaded."""
    session = PipelineSession()
    role = dagmaker.get_execution_role()
    bucket = session.default_bucket()

    processing_instance_count = ParameterInteger(name="ProcessingInstanceCount", default_value=1)
    training_instance_type = ParameterString(
        name="TrainingInstanceType", default_value="ml.m5.xlarge"
    )
    input_data = ParameterString(name="InputData", default_value=input_data_uri)
    mse_threshold = ParameterFloat(name="MseThreshold", default_value=6.0)
    approval_status = ParameterString(
        name="ModelApprovalStatus", default_value="PendingManualApproval"
    )

    sklearn_processor = SKLearnProcessor(
        framework_version="1.2-1",
        instance_type="ml.m5.xlarge",
        instance_count=processing_instance_count,
        base_job_name="sklearn-abalone-process",
        role=role,
        sagemaker_session=session,
    )
    step_process = ProcessingStep(
        name="AbaloneProcess",
        step_args=sklearn_processor.run(
            inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
                ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
                ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
            ],
            code=str(HERE / "preprocess.py"),
            arguments=["--input-data", input_data_uri],
        ),
    )

    outputs = step_process.properties.ProcessingOutputConfig.Outputs
    train_uri = outputs["train"].S3Output.S3Uri
    skip_checks = ParameterBoolean(name="SkipChecks", default_value=False)
    register_new_baselines = ParameterBoolean(name="RegisterNewBaselines", default_value=False)
    step_data_quality, step_data_bias, data_bias_config = _checks(
        session, role, train_uri, skip_checks, register_new_baselines
    )

    image_uri = dagmaker.image_uris.retrieve(
        framework="xgboost",
        region=REGION,
        version="1.7-1",
        py_version="py3",
        instance_type="ml.m5.xlarge",
    )
    xgb_train = Estimator(
        image_uri=image_uri,
        instance_type=training_instance_type,
        instance_count=1,
        output_path=f"s3://{bucket}/AbaloneTrain",
        role=role,
        sagemaker_session=session,
    )
    xgb_train.set_hyperparameters(
        objective="reg:linear",
        num_round=50,
        max_depth=5,
        eta=0.2,
        gamma=4,
        min_child_weight=6,
        subsample=0.7,
    )
    step_train = TrainingStep(
        name="AbaloneTrain",
        step_args=xgb_train.fit(
            inputs={
                "train": TrainingInput(s3_data=train_uri, content_type="text/csv"),
                "validation": TrainingInput(
                    s3_data=outputs["validation"].S3Output.S3Uri, content_type="text/csv"
                ),
            }
        ),
        depends_on=[step_data_quality, step_data_bias],
    )

    script_eval = ScriptProcessor(
        image_uri=image_uri,
        command=["python3"],
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name="script-abalone-eval",
        role=role,
        sagemaker_session=session,
    )
    evaluation_report = PropertyFile(
        name="EvaluationReport", output_name="evaluation", path="evaluation.json"
    )
    step_eval = ProcessingStep(
        name="AbaloneEval",
        step_args=script_eval.run(
            inputs=[
                ProcessingInput(
                    source=step_train.properties.ModelArtifacts.S3ModelArtifacts,
                    destination="/opt/ml/processing/model",
                ),
                ProcessingInput(
                    source=outputs["test"].S3Output.S3Uri, destination="/opt/ml/processing/test"
                ),
            ],
            outputs=[
                ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")
            ],
            code=str(HERE / "evaluate.py"),
        ),
        property_files=[evaluation_report],
    )

    model = Model(
        image_uri=image_uri,
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        sagemaker_session=session,
        role=role,
    )
    evaluation_uri = Join(
        on="/",
        values=[
            step_eval.properties.ProcessingOutputConfig.Outputs["evaluation"].S3Output.S3Uri,
            "evaluation.json",
        ],
    )
    step_register = ModelStep(
        name="AbaloneRegisterModel",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.t2.medium", "ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=MODEL_PACKAGE_GROUP,
            approval_status=approval_status,
            model_metrics=ModelMetrics(
                model_statistics=MetricsSource(s3_uri=evaluation_uri, content_type=JSON),
                model_data_statistics=MetricsSource(
                    s3_uri=step_data_quality.properties.CalculatedBaselineStatistics,
                    content_type=JSON,
                ),
                model_data_constraints=MetricsSource(
                    s3_uri=step_data_quality.properties.CalculatedBaselineConstraints,
                    content_type=JSON,
                ),
                bias_pre_training=MetricsSource(
                    s3_uri=step_data_bias.properties.CalculatedBaselineConstraints,
                    content_type=JSON,
                ),
            ),
            drift_check_baselines=DriftCheckBaselines(
                model_data_statistics=MetricsSource(
                    s3_uri=step_data_quality.properties.BaselineUsedForDriftCheckStatistics,
                    content_type=JSON,
                ),
                model_data_constraints=MetricsSource(
                    s3_uri=step_data_quality.properties.BaselineUsedForDriftCheckConstraints,
                    content_type=JSON,
                ),
                bias_pre_training_constraints=MetricsSource(
                    s3_uri=step_data_bias.properties.BaselineUsedForDriftCheckConstraints,
                    content_type=JSON,
                ),
                bias_config_file=FileSource(
                    s3_uri=data_bias_config.monitoring_analysis_config_uri, content_type=JSON
                ),
            ),
        ),
    )
    step_create_model = ModelStep(
        name="AbaloneCreateModel", step_args=model.create(instance_type="ml.m5.large")
    )
    transformer = Transformer(
        model_name=step_create_model.properties.ModelName,
        instance_type="ml.m5.large",
        instance_count=1,
        output_path=f"s3://{bucket}/AbaloneTransform",
        sagemaker_session=session,
    )
    step_transform = TransformStep(
        name="AbaloneTransform",
        step_args=transformer.transform(
            data=outputs["test"].S3Output.S3Uri,
            content_type="text/csv",
            split_type="Line",
            input_filter="$[1:]",
            join_source="Input",
        ),
    )

    step_fail = FailStep(
        name="AbaloneMSEFail",
        error_message=Join(on=" ", values=["Execution failed due to MSE >", mse_threshold]),
    )
    step_cond = ConditionStep(
        name="AbaloneMSECond",
        conditions=[
            ConditionLessThanOrEqualTo(
                left=JsonGet(
                    step_name=step_eval.name,
                    property_file=evaluation_report,
                    json_path="regression_metrics.mse.value",
                ),
                right=mse_threshold,
            )
        ],
        if_steps=[step_register, step_create_model, step_transform],
        else_steps=[step_fail],
    )
    return Pipeline(
        name=name,
        parameters=[
            processing_instance_count,
            training_instance_type,
            input_data,
            mse_threshold,
            approval_status,
            skip_checks,
            register_new_baselines,
        ],
        steps=[step_process, step_data_quality, step_data_bias, step_train, step_eval, step_cond],
        sagemaker_session=session,
    )


def _checks(
    session: PipelineSession,
    role: str,
    train_uri: object,
    skip_checks: ParameterBoolean,
    register_new_baselines: ParameterBoolean,
) -> tuple[QualityCheckStep, ClarifyCheckStep, DataBiasCheckConfig]:
    """Data quality and data bias checks of the training split (before training)."""
    bucket = session.default_bucket()
    check_job_config = CheckJobConfig(
        role=role, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session
    )

    def per_execution(name: str) -> Join:
        execution = ExecutionVariables.PIPELINE_EXECUTION_ID
        return Join(on="/", values=["s3:/", bucket, "AbaloneChecks", execution, name])

    step_data_quality = QualityCheckStep(
        name="AbaloneDataQualityCheck",
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset=train_uri,
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri=per_execution("dataqualitycheck"),
        ),
        check_job_config=check_job_config,
        skip_check=skip_checks,
        register_new_baseline=register_new_baselines,
        model_package_group_name=MODEL_PACKAGE_GROUP,
    )
    # Old abalones (more than 15 rings): female ones (one-hot column 8 is 1) against the rest.
    data_bias_config = DataBiasCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=train_uri,
            s3_output_path=per_execution("databiascheck"),
            s3_analysis_config_output_path=f"s3://{bucket}/AbaloneChecks/databias",
            label=0,
            dataset_type="text/csv",
        ),
        data_bias_config=BiasConfig(
            label_values_or_threshold=[15.0], facet_name=[8], facet_values_or_threshold=[[1]]
        ),
    )
    step_data_bias = ClarifyCheckStep(
        name="AbaloneDataBiasCheck",
        clarify_check_config=data_bias_config,
        check_job_config=check_job_config,
        skip_check=skip_checks,
        register_new_baseline=register_new_baselines,
        model_package_group_name=MODEL_PACKAGE_GROUP,
    )
    return step_data_quality, step_data_bias, data_bias_config
