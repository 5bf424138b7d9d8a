"""FrameworkProcessor, XGBoostProcessor and PyTorchProcessor with source directories."""

from dagmaker.processing import FrameworkProcessor, ProcessingInput, ProcessingOutput
from dagmaker.pytorch.processing import PyTorchProcessor
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from dagmaker.xgboost.processing import XGBoostProcessor
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    sklearn = FrameworkProcessor(
        estimator_cls=SKLearn,
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    step_sklearn = ProcessingStep(
        name="FrameworkSKLearn",
        step_args=sklearn.run(
            code="process.py",
            source_dir="source/train",
            dependencies=["libs/helpers"],
            inputs=[
                ProcessingInput(source="s3://my-bucket/in", destination="/opt/ml/processing/in")
            ],
            outputs=[ProcessingOutput(output_name="scaled", source="/opt/ml/processing/out")],
            arguments=["--factor", "2"],
        ),
    )
    xgboost = XGBoostProcessor(
        framework_version="1.7-1",
        role=ROLE,
        instance_type="ml.m5.2xlarge",
        instance_count=2,
        base_job_name="xgb-process",
        code_location="s3://my-code-bucket/prefix/",
        sagemaker_session=session,
    )
    step_xgboost = ProcessingStep(
        name="FrameworkXGBoost",
        step_args=xgboost.run(code="code/preprocess.py", arguments=["--input-data", "s3://x"]),
    )
    pytorch = PyTorchProcessor(
        framework_version="2.1",
        py_version="py310",
        role=ROLE,
        instance_type="ml.g4dn.xlarge",
        instance_count=1,
        command=["python3", "-u"],
        sagemaker_session=session,
    )
    step_pytorch = ProcessingStep(
        name="FrameworkPyTorch",
        step_args=pytorch.run(code="s3://my-bucket/scripts/evaluate.py"),
    )
    return Pipeline(
        name="FrameworkProcessors",
        steps=[step_sklearn, step_xgboost, step_pytorch],
        sagemaker_session=session,
    )
