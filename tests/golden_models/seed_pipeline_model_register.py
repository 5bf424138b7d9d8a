"""Seed 001 "RegisterModel Step": register a PipelineModel of SKLearnModel + XGBoostModel."""

from dagmaker import PipelineModel
from dagmaker.processing import ProcessingOutput, Processor
from dagmaker.sklearn import SKLearnModel
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.step_collections import RegisterModel
from dagmaker.workflow.steps import ProcessingStep
from dagmaker.xgboost import XGBoostModel
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3"


def build() -> Pipeline:
    sagemaker_session = PipelineSession(**session_kwargs())
    role = ROLE
    bucket_name = "my-bucket"
    prefix = "abalone"
    processor = Processor(
        role=role,
        image_uri=IMAGE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        entrypoint=["python3", "-c", "print('fit')"],
        sagemaker_session=sagemaker_session,
    )
    processing_step = ProcessingStep(
        name="FitScaler",
        step_args=processor.run(
            outputs=[ProcessingOutput(output_name="model", source="/opt/ml/processing/model")]
        ),
    )
    training_model_data = "s3://my-bucket/abalone/xgboost/model.tar.gz"
    code_location = f"s3://{bucket_name}/{prefix}/code"
    sklearn_model = SKLearnModel(
        model_data=processing_step.properties.ProcessingOutputConfig.Outputs[
            "model"
        ].S3Output.S3Uri,
        entry_point="inference.py",
        source_dir="sklearn_source_dir/",
        code_location=code_location,
        framework_version="0.20.0",
        role=role,
        sagemaker_session=sagemaker_session,
        py_version="py3",
    )
    xgboost_model = XGBoostModel(
        model_data=training_model_data,
        entry_point="inference.py",
        source_dir="xgboost_source_dir/",
        code_location=code_location,
        framework_version="0.90-2",
        py_version="py3",
        sagemaker_session=sagemaker_session,
        role=role,
    )
    pipeline_model = PipelineModel(
        models=[sklearn_model, xgboost_model], role=role, sagemaker_session=sagemaker_session
    )
    step_register = RegisterModel(
        name="AbaloneRegisterModel",
        model=pipeline_model,
        content_types=["application/json"],
        response_types=["application/json"],
        inference_instances=["ml.t2.medium", "ml.m5.xlarge"],
        transform_instances=["ml.m5.xlarge"],
        model_package_group_name="sipgroup",
    )
    return Pipeline(
        name="InferencePipelineRegistry",
        steps=[processing_step, step_register],
        sagemaker_session=sagemaker_session,
    )
