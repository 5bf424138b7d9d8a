"""Seed 001: tuning, then a ConditionStep with if_steps=[register, create model, transform].

Uses the legacy step forms the seed shows: ``TuningStep(tuner=..., inputs=...)``,
``CreateModelStep(model=..., inputs=...)``, ``TransformStep(transformer=..., inputs=...)``
and ``RegisterModel(estimator=..., model_data=...)``.
"""

from dagmaker import image_uris
from dagmaker.estimator import Estimator
from dagmaker.inputs import CreateModelInput, TrainingInput, TransformInput
from dagmaker.model import Model
from dagmaker.model_metrics import MetricsSource, ModelMetrics
from dagmaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.transformer import Transformer
from dagmaker.tuner import ContinuousParameter, HyperparameterTuner, IntegerParameter
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionLessThanOrEqualTo
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.step_collections import RegisterModel
from dagmaker.workflow.steps import (
    CreateModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from tests.golden_models.golden_session import REGION, ROLE, session_kwargs


def build() -> Pipeline:
    sagemaker_session = PipelineSession(**session_kwargs())
    processing_instance_count = ParameterInteger(name="ProcessingInstanceCount", default_value=1)
    model_approval_status = ParameterString(
        name="ModelApprovalStatus", default_value="PendingManualApproval"
    )
    input_data = ParameterString(
        name="InputData", default_value="s3://my-bucket/abalone/abalone-dataset.csv"
    )
    batch_data = ParameterString(
        name="BatchData", default_value="s3://my-bucket/abalone/abalone-dataset-batch"
    )
    model_package_group_name = "AbaloneModelPackageGroupName"
    sklearn_processor = SKLearnProcessor(
        framework_version="0.23-1",
        instance_type="ml.m5.xlarge",
        instance_count=processing_instance_count,
        base_job_name="sklearn-abalone-process",
        role=ROLE,
        sagemaker_session=sagemaker_session,
    )
    step_process = ProcessingStep(
        name="AbaloneProcess",
        processor=sklearn_processor,
        inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
        ],
        code="abalone/preprocessing.py",
    )
    image_uri = image_uris.retrieve(
        framework="xgboost",
        region=REGION,
        version="1.0-1",
        py_version="py3",
        instance_type="ml.m5.xlarge",
    )
    xgb_train = Estimator(
        image_uri=image_uri,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path="s3://my-bucket/AbaloneTrain",
        role=ROLE,
        sagemaker_session=sagemaker_session,
    )
    xgb_train.set_hyperparameters(
        objective="reg:linear",
        num_round=50,
        max_depth=5,
        eta=0.2,
        gamma=4,
        min_child_weight=6,
        subsample=0.7,
        silent=0,
    )
    outputs = step_process.properties.ProcessingOutputConfig.Outputs
    step_train = TrainingStep(
        name="TrainAbaloneModel",
        estimator=xgb_train,
        inputs={
            "train": TrainingInput(
                s3_data=outputs["train"].S3Output.S3Uri, content_type="text/csv"
            ),
            "validation": TrainingInput(
                s3_data=outputs["validation"].S3Output.S3Uri, content_type="text/csv"
            ),
        },
    )
    step_tuning = TuningStep(
        name="HPTuning",
        tuner=HyperparameterTuner(
            estimator=xgb_train,
            objective_metric_name="validation:rmse",
            hyperparameter_ranges={
                "alpha": ContinuousParameter(0.01, 10, scaling_type="Logarithmic"),
                "lambda": ContinuousParameter(0.01, 10, scaling_type="Logarithmic"),
                "max_depth": IntegerParameter(3, 9),
            },
            objective_type="Minimize",
            max_jobs=4,
            max_parallel_jobs=2,
        ),
        inputs=TrainingInput(s3_data=outputs["train"].S3Output.S3Uri, content_type="text/csv"),
    )
    script_eval = ScriptProcessor(
        image_uri=image_uri,
        command=["python3"],
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name="script-abalone-eval",
        role=ROLE,
        sagemaker_session=sagemaker_session,
    )
    evaluation_report = PropertyFile(
        name="EvaluationReport", output_name="evaluation", path="evaluation.json"
    )
    step_eval = ProcessingStep(
        name="AbaloneEval",
        processor=script_eval,
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
        code="abalone/evaluation.py",
        property_files=[evaluation_report],
    )
    model_metrics = ModelMetrics(
        model_statistics=MetricsSource(
            s3_uri=Join(
                on="/",
                values=[
                    step_eval.properties.ProcessingOutputConfig.Outputs[
                        "evaluation"
                    ].S3Output.S3Uri,
                    "evaluation.json",
                ],
            ),
            content_type="application/json",
        )
    )
    step_register = RegisterModel(
        name="AbaloneRegisterModel",
        estimator=xgb_train,
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.t2.medium", "ml.m5.xlarge"],
        transform_instances=["ml.m5.xlarge"],
        model_package_group_name=model_package_group_name,
        approval_status=model_approval_status,
        model_metrics=model_metrics,
    )
    best_model = Model(
        image_uri=image_uri,
        model_data=step_tuning.get_top_model_s3_uri(
            top_k=0, s3_bucket=sagemaker_session.default_bucket()
        ),
        sagemaker_session=sagemaker_session,
        role=ROLE,
    )
    inputs = CreateModelInput(instance_type="ml.m5.large", accelerator_type="ml.eia1.medium")
    step_create_model = CreateModelStep(name="AbaloneCreateModel", model=best_model, inputs=inputs)
    transformer = Transformer(
        model_name=step_create_model.properties.ModelName,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path="s3://my-bucket/AbaloneTransform",
        sagemaker_session=sagemaker_session,
    )
    step_transform = TransformStep(
        name="AbaloneTransform", transformer=transformer, inputs=TransformInput(data=batch_data)
    )
    cond_lte = ConditionLessThanOrEqualTo(
        left=JsonGet(
            step_name=step_eval.name,
            property_file=evaluation_report,
            json_path="regression_metrics.mse.value",
        ),
        right=6.0,
    )
    step_cond = ConditionStep(
        name="AbaloneMSECond",
        conditions=[cond_lte],
        if_steps=[step_register, step_create_model, step_transform],
        else_steps=[],
    )
    return Pipeline(
        name="AbalonePipeline",
        parameters=[processing_instance_count, model_approval_status, input_data, batch_data],
        steps=[step_process, step_train, step_tuning, step_eval, step_cond],
        sagemaker_session=sagemaker_session,
    )
