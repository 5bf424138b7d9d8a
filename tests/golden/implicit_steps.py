"""Steps used only as objects are added at top level after the listed steps, in order."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden.golden_fake_jobs import FakeEstimator, FakeProcessor
from tests.golden.golden_requests import processing, training


def build() -> Pipeline:
    session = PipelineSession()
    hidden_prep = ProcessingStep(
        name="HiddenPrep",
        step_args=FakeProcessor(lambda: processing(outputs={"d": "s3://b/d"}), session).run(),
    )
    data = hidden_prep.properties.ProcessingOutputConfig.Outputs["d"].S3Output.S3Uri
    train = TrainingStep(
        name="Train",
        step_args=FakeEstimator(lambda: training(channels={"train": data}), session).fit(),
    )
    hidden_gate = ProcessingStep(
        name="HiddenGate",
        step_args=FakeProcessor(lambda: processing(outputs={"g": "s3://b/g"}), session).run(),
    )
    branch_reader = FailStep(
        name="BranchReader",
        error_message=Join(on=" ", values=[train.properties.TrainingJobName]),
        depends_on=[hidden_gate],
    )
    hidden_condition = ConditionStep(
        name="HiddenCondition",
        conditions=[ConditionEquals(left=1, right=1)],
        if_steps=[FailStep(name="HiddenBranchStep")],
    )
    cond = ConditionStep(
        name="Decide",
        conditions=[ConditionEquals(left=train.properties.TrainingJobStatus, right="Completed")],
        if_steps=[branch_reader],
        else_steps=[FailStep(name="Other", depends_on=[hidden_condition])],
    )
    return Pipeline(name="ImplicitSteps", steps=[cond, train], sagemaker_session=session)
