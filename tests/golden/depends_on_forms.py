"""Custom dependencies: names, step objects, add_depends_on, collections, unlisted steps."""

from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.steps import ProcessingStep
from tests.golden.golden_fake_jobs import FakeProcessor
from tests.golden.golden_requests import processing


def _step(name: str, session: PipelineSession, **kwargs: object) -> ProcessingStep:
    processor = FakeProcessor(lambda: processing(outputs={"out": f"s3://b/{name}"}), session)
    return ProcessingStep(name=name, step_args=processor.run(), **kwargs)


def build() -> Pipeline:
    session = PipelineSession()
    step_1 = _step("MyProcessingStep", session)
    step_2 = _step("MySecondStep", session, depends_on=[step_1.name])
    step_3 = _step("ByObject", session, depends_on=[step_1])
    step_4 = _step("Added", session)
    step_4.add_depends_on([step_2, "ByObject"])
    step_4.add_depends_on([])
    hidden = _step("NotListed", session)
    step_5 = _step("NeedsHidden", session, depends_on=[hidden, step_1, "MyProcessingStep"])
    collection = StepCollection(
        name="Bundle", steps=[_step("BundleFirst", session), _step("BundleLast", session)]
    )
    by_name = FailStep(name="AfterBundleByName", depends_on=["Bundle"])
    by_object = FailStep(name="AfterBundleByObject", depends_on=[collection, step_3])
    return Pipeline(
        name="DependsOnPipeline",
        steps=[step_1, step_2, step_3, step_4, step_5, collection, by_name, by_object],
        sagemaker_session=session,
    )
