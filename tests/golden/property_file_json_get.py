"""The seed's property-file example: PropertyFile, JsonGet by object and by name, to_string."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join, JsonGet
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden.golden_fake_jobs import FakeEstimator, FakeProcessor
from tests.golden.golden_requests import processing, training


def build() -> Pipeline:
    session = PipelineSession()
    outputs = {
        "train": "s3://my-bucket/prep/train",
        "validation": "s3://my-bucket/prep/validation",
        "test": "s3://my-bucket/prep/test",
        "hyperparam": "s3://my-bucket/prep/evaluation",
    }
    processor = FakeProcessor(
        lambda: processing(outputs=outputs, arguments=["--input-data", "s3://my-input"]), session
    )
    hyperparam_report = PropertyFile(
        name="AbaloneHyperparamReport", output_name="hyperparam", path="hyperparam.json"
    )
    eval_report = PropertyFile(name="EvalReport", output_name="hyperparam", path="stats/eval.json")
    step_process = ProcessingStep(
        name="PreprocessAbaloneData",
        step_args=processor.run(code="./local/preprocess.py"),
        property_files=[hyperparam_report, eval_report],
    )
    eta = JsonGet(
        step_name=step_process.name,
        property_file=hyperparam_report,
        json_path="hyperparam.eta.value",
    )
    train_uri = step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    validation_uri = step_process.properties.ProcessingOutputConfig.Outputs[
        "validation"
    ].S3Output.S3Uri
    estimator = FakeEstimator(
        lambda: training(
            channels={"train": train_uri, "validation": validation_uri},
            hyperparameters={"objective": "reg:linear", "num_round": "50", "eta": eta.to_string()},
        ),
        session,
    )
    step_train = TrainingStep(name="TrainAbaloneModel", step_args=estimator.fit())
    eval_score = JsonGet(
        step_name=step_process.name, property_file="EvalReport", json_path="eval['accuracy']"
    )
    step_cond = ConditionStep(
        name="CheckAccuracy",
        conditions=[ConditionGreaterThanOrEqualTo(left=eval_score, right=0.95)],
        if_steps=[],
        else_steps=[
            FailStep(
                name="AccuracyTooLow",
                error_message=Join(on=" ", values=["accuracy", eval_score, "below 0.95"]),
            )
        ],
        depends_on=[step_train],
    )
    return Pipeline(
        name="PropertyFilePipeline",
        steps=[step_process, step_train, step_cond],
        sagemaker_session=session,
    )
