"""The abalone pipeline from the SageMaker Pipelines guide, on dagmaker.

preprocess (SKLearnProcessor) → train (built-in XGBoost) → evaluate (ScriptProcessor
writing evaluation.json, a PropertyFile) → ConditionStep on the MSE via JsonGet →
FailStep when the model is not good enough; otherwise register + create the model and
run a batch transform.

On the happy branch the model is registered (with its evaluation as model metrics) and
a batch transform scores the test split. This is SageMaker code with the package
renamed: `sagemaker` → `dagmaker`.
"""

from __future__ import annotations

from pathlib import Path

import dagmaker
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model
from dagmaker.model_metrics import MetricsSource, ModelMetrics
from dagmaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.transformer import Transformer
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionLessThanOrEqualTo
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterFloat, ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.steps import ProcessingStep, TrainingStep, TransformStep

HERE = Path(__file__).resolve().parent
REGION = "us-east-1"


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
    outputs = step_process.properties.ProcessingOutputConfig.Outputs
    step_train = TrainingStep(
        name="AbaloneTrain",
        step_args=xgb_train.fit(
            inputs={
                "train": TrainingInput(
                    s3_data=outputs["train"].S3Output.S3Uri, content_type="text/csv"
                ),
                "validation": TrainingInput(
                    s3_data=outputs["validation"].S3Output.S3Uri, content_type="text/csv"
                ),
            }
        ),
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
            model_package_group_name="AbaloneModelPackageGroup",
            approval_status=approval_status,
            model_metrics=ModelMetrics(
                model_statistics=MetricsSource(
                    s3_uri=evaluation_uri, content_type="application/json"
                )
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
        ],
        steps=[step_process, step_train, step_eval, step_cond],
        sagemaker_session=session,
    )
