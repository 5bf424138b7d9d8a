"""Seed 000, "Property File": outputs, arguments, a PropertyFile and a JsonGet condition."""

from dagmaker.processing import ProcessingOutput
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import JsonGet
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


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
        code="code/evaluate.py",
        arguments=["--input-data", "s3://my-input"],
    )
    eval_report = PropertyFile(
        name="AbaloneHyperparamReport", output_name="hyperparam", path="hyperparam.json"
    )
    step_process = ProcessingStep(
        name="PreprocessAbaloneData", step_args=step_args, property_files=[eval_report]
    )
    eval_score = JsonGet(
        step_name=step_process.name, property_file=eval_report, json_path="eval.accuracy"
    )
    step_fail = FailStep(name="FailStep", error_message="accuracy below 0.95")
    step_ok = FailStep(name="NotReallyFailing", error_message="placeholder for a register step")
    cond = ConditionStep(
        name="CheckAccuracy",
        conditions=[ConditionGreaterThanOrEqualTo(left=eval_score, right=0.95)],
        if_steps=[step_ok],
        else_steps=[step_fail],
    )
    return Pipeline(
        name="PropertyFilePipeline", steps=[step_process, cond], sagemaker_session=session
    )
