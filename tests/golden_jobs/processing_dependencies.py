"""Seeds 000/001, custom dependencies: two processing steps feeding one training step."""

from dagmaker.inputs import TrainingInput
from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    sklearn_processor = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    inputs = [
        ProcessingInput(source="s3://my-bucket/raw/", destination="/opt/ml/processing/input"),
    ]
    step_1 = ProcessingStep(
        name="MyFirstProcessingStep",
        step_args=sklearn_processor.run(
            inputs=inputs,
            outputs=[ProcessingOutput(output_name="train_data", source="/opt/ml/processing/train")],
            code="code/preprocess.py",
        ),
    )
    step_2 = ProcessingStep(
        name="MySecondProcessingStep",
        step_args=sklearn_processor.run(inputs=inputs, code="code/evaluate.py"),
        depends_on=[step_1.name],
    )
    sklearn_train = SKLearn(
        entry_point="source/train/train.py",
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        sagemaker_session=session,
    )
    training_step = TrainingStep(
        name="CensusTrain",
        step_args=sklearn_train.fit(
            inputs=TrainingInput(
                s3_data=step_1.properties.ProcessingOutputConfig.Outputs[
                    "train_data"
                ].S3Output.S3Uri
            )
        ),
    )
    training_step.add_depends_on([step_2])
    return Pipeline(
        name="CensusPipeline", steps=[step_1, step_2, training_step], sagemaker_session=session
    )
