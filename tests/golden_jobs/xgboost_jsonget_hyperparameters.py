"""Seed 000, "JsonGet": an Estimator on the XGBoost image with a JsonGet hyperparameter."""

from dagmaker import image_uris
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.processing import ProcessingOutput
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.functions import JsonGet
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import REGION, ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    sklearn_processor = SKLearnProcessor(
        framework_version="0.23-1",
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name="sklearn-abalone-preprocess",
        sagemaker_session=session,
        role=ROLE,
    )
    step_args = sklearn_processor.run(
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
            ProcessingOutput(output_name="hyperparam", source="/opt/ml/processing/evaluation"),
        ],
        code="code/hyperparam.py",
        arguments=["--input-data", "s3://my-input"],
    )
    hyperparam_report = PropertyFile(
        name="AbaloneHyperparamReport", output_name="hyperparam", path="hyperparam.json"
    )
    step_process = ProcessingStep(
        name="PreprocessAbaloneData", step_args=step_args, property_files=[hyperparam_report]
    )
    xgb_train = Estimator(
        image_uri=image_uris.retrieve(
            framework="xgboost",
            region=REGION,
            version="1.0-1",
            py_version="py3",
            instance_type="ml.m5.xlarge",
        ),
        instance_type="ml.c5.xlarge",
        instance_count=1,
        output_path="s3://my-output-path",
        base_job_name="abalone-train",
        sagemaker_session=session,
        role=ROLE,
    )
    eta = JsonGet(
        step_name=step_process.name,
        property_file=hyperparam_report,
        json_path="hyperparam.eta.value",
    )
    xgb_train.set_hyperparameters(
        objective="reg:linear",
        num_round=50,
        max_depth=5,
        eta=eta,
        gamma=4,
        min_child_weight=6,
        subsample=0.7,
        silent=0,
    )
    outputs = step_process.properties.ProcessingOutputConfig.Outputs
    train_args = xgb_train.fit(
        inputs={
            "train": TrainingInput(
                s3_data=outputs["train"].S3Output.S3Uri, content_type="text/csv"
            ),
            "validation": TrainingInput(
                s3_data=outputs["validation"].S3Output.S3Uri, content_type="text/csv"
            ),
        },
    )
    step_train = TrainingStep(name="TrainAbaloneModel", step_args=train_args)
    return Pipeline(
        name="JsonGetPipeline", steps=[step_process, step_train], sagemaker_session=session
    )
