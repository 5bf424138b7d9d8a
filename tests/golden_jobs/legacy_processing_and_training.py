"""Seed 001: ProcessingStep(processor=...) and TrainingStep(estimator=...) legacy forms."""

from dagmaker import image_uris
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.session import Session
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import REGION, ROLE, session_kwargs


def build() -> Pipeline:
    session = Session(**session_kwargs())
    input_data = ParameterString(
        name="InputDataUrl", default_value="s3://my-bucket/abalone/abalone-dataset.csv"
    )
    sklearn_processor = SKLearnProcessor(
        framework_version="0.20.0",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
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
    xgb_train = Estimator(
        image_uri=image_uris.retrieve("xgboost", REGION, version="1.7-1"),
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path="s3://my-bucket/abalone/model",
        role=ROLE,
        sagemaker_session=session,
        hyperparameters={"objective": "reg:squarederror", "num_round": 50},
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
    return Pipeline(
        name="LegacyAbalone",
        parameters=[input_data],
        steps=[step_process, step_train],
        sagemaker_session=session,
    )
