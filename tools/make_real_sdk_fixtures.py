"""Regenerate tests/definition/real_sdk/*.json with the real SageMaker SDK (offline).

These fixtures prove that dagmaker validates what real users send. Tests never run this
script; run it by hand with an interpreter that has ``sagemaker`` 2.x installed:

    /tmp/smvenv/bin/python tools/make_real_sdk_fixtures.py

A boto session with fake credentials, a fixed default bucket and telemetry turned off keep
everything offline: the jobs built here use image URIs and no local code, so nothing is
uploaded.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

import boto3
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.lambda_helper import Lambda
from sagemaker.model import Model
from sagemaker.parameter import ContinuousParameter
from sagemaker.processing import ProcessingInput, ProcessingOutput, Processor
from sagemaker.transformer import Transformer
from sagemaker.tuner import HyperparameterTuner
from sagemaker.workflow.callback_step import (
    CallbackOutput,
    CallbackOutputTypeEnum,
    CallbackStep,
)
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import (
    ConditionEquals,
    ConditionGreaterThan,
    ConditionGreaterThanOrEqualTo,
    ConditionIn,
    ConditionLessThan,
    ConditionLessThanOrEqualTo,
    ConditionNot,
    ConditionOr,
)
from sagemaker.workflow.execution_variables import ExecutionVariables
from sagemaker.workflow.fail_step import FailStep
from sagemaker.workflow.functions import Join, JsonGet
from sagemaker.workflow.lambda_step import (
    LambdaOutput,
    LambdaOutputTypeEnum,
    LambdaStep,
)
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import (
    ParameterBoolean,
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from sagemaker.workflow.steps import (
    CacheConfig,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)

OUT = Path(__file__).resolve().parents[1] / "tests/definition/real_sdk"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
BUCKET = "fixture-bucket"


def session() -> PipelineSession:
    boto = boto3.Session(
        aws_access_key_id="AKIAFAKEFAKEFAKEFAKE",
        aws_secret_access_key="fake/secret",
        region_name="us-east-1",
    )
    # Opting out of telemetry keeps the SDK from calling home while it builds requests.
    config = {
        "SchemaVersion": "1.0",
        "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}},
    }
    sess = PipelineSession(boto_session=boto, default_bucket=BUCKET, sagemaker_config=config)
    # default_bucket() would otherwise try to create the bucket over the network.
    sess._default_bucket = BUCKET
    return sess


def processor(sess: PipelineSession, name: str) -> Processor:
    return Processor(
        role=ROLE,
        image_uri=IMAGE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        entrypoint=["python3", f"/opt/ml/processing/code/{name}.py"],
        base_job_name=name,
        sagemaker_session=sess,
    )


def estimator(sess: PipelineSession, hyperparameters: dict[str, object]) -> Estimator:
    return Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path=f"s3://{BUCKET}/models",
        hyperparameters=hyperparameters,
        sagemaker_session=sess,
    )


def abalone() -> Pipeline:
    """Parameters, processing with a property file, training, JsonGet condition, model, fail."""
    sess = session()
    input_data = ParameterString("InputData", default_value=f"s3://{BUCKET}/abalone.csv")
    instance_count = ParameterInteger("ProcessingInstanceCount", default_value=1)
    mse_threshold = ParameterFloat("MseThreshold", default_value=6.0)
    env = ParameterString("Env", default_value="dev", enum_values=["dev", "prod"])
    use_gpu = ParameterBoolean("UseGpu", default_value=False)

    prep = processor(sess, "preprocess")
    prep.instance_count = instance_count
    step_process = ProcessingStep(
        name="Preprocess",
        step_args=prep.run(
            inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
                ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
            ],
            arguments=["--env", env, "--gpu", use_gpu.to_string()],
        ),
        cache_config=CacheConfig(enable_caching=True, expire_after="P30D"),
    )
    train_uri = step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    est = estimator(sess, {"num_round": 50, "eta": mse_threshold.to_string()})
    step_train = TrainingStep(
        name="Train",
        step_args=est.fit({"train": TrainingInput(s3_data=train_uri, content_type="text/csv")}),
        retry_policies=[
            StepRetryPolicy(
                exception_types=[StepExceptionTypeEnum.SERVICE_FAULT],
                interval_seconds=10,
                backoff_rate=2.0,
                expire_after_mins=60,
            ),
            SageMakerJobStepRetryPolicy(
                exception_types=[SageMakerJobExceptionTypeEnum.CAPACITY_ERROR],
                interval_seconds=30,
                max_attempts=5,
            ),
        ],
    )
    report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    evaluator = processor(sess, "evaluate")
    step_eval = ProcessingStep(
        name="Evaluate",
        step_args=evaluator.run(
            inputs=[
                ProcessingInput(
                    source=step_train.properties.ModelArtifacts.S3ModelArtifacts,
                    destination="/opt/ml/processing/model",
                ),
                ProcessingInput(
                    source=step_process.properties.ProcessingOutputConfig.Outputs[
                        "test"
                    ].S3Output.S3Uri,
                    destination="/opt/ml/processing/test",
                ),
            ],
            outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/eval")],
        ),
        property_files=[report],
    )
    model = Model(
        image_uri=IMAGE,
        model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts,
        role=ROLE,
        sagemaker_session=sess,
    )
    step_model = ModelStep(name="CreateModel", step_args=model.create(instance_type="ml.m5.large"))
    mse = JsonGet(step_name=step_eval.name, property_file=report, json_path="regression.mse.value")
    step_fail = FailStep(
        name="MseTooHigh",
        error_message=Join(on=" ", values=["MSE", mse, "is above", mse_threshold]),
    )
    step_cond = ConditionStep(
        name="CheckMse",
        conditions=[ConditionLessThanOrEqualTo(left=mse, right=mse_threshold)],
        if_steps=[step_model],
        else_steps=[step_fail],
    )
    return Pipeline(
        name="Abalone",
        parameters=[input_data, instance_count, mse_threshold, env, use_gpu],
        steps=[step_process, step_train, step_eval, step_cond],
        sagemaker_session=sess,
    )


def every_condition() -> Pipeline:
    """Every condition type, nested Or/Not, JsonGet by S3Uri, execution variables, depends_on."""
    sess = session()
    threshold = ParameterFloat("Threshold", default_value=0.5)
    count = ParameterInteger("Count", default_value=3)
    mode = ParameterString("Mode", default_value="fast")
    flag = ParameterBoolean("Flag", default_value=True)

    first = ProcessingStep(
        name="Produce",
        step_args=processor(sess, "produce").run(
            outputs=[
                ProcessingOutput(
                    output_name="result",
                    source="/opt/ml/processing/result",
                    destination=Join(
                        on="/",
                        values=[
                            "s3:/",
                            BUCKET,
                            ExecutionVariables.PIPELINE_NAME,
                            ExecutionVariables.PIPELINE_EXECUTION_ID,
                            "result",
                        ],
                    ),
                )
            ],
            arguments=[
                "--started",
                ExecutionVariables.START_DATETIME,
                "--job",
                ExecutionVariables.PROCESSING_JOB_NAME,
                "--arn",
                ExecutionVariables.PIPELINE_EXECUTION_ARN,
            ],
        ),
    )
    side = ProcessingStep(
        name="SideTask",
        step_args=processor(sess, "side").run(arguments=["--count", count.to_string()]),
        depends_on=[first],
    )
    score = JsonGet(
        s3_uri=Join(
            on="/",
            values=[
                first.properties.ProcessingOutputConfig.Outputs["result"].S3Output.S3Uri,
                "score.json",
            ],
        ),
        json_path="metrics['score']",
    )
    label = JsonGet(
        s3_uri=Join(
            on="/",
            values=[
                first.properties.ProcessingOutputConfig.Outputs["result"].S3Output.S3Uri,
                "score.json",
            ],
        ),
        json_path="labels[0]",
    )
    conditions = [
        ConditionEquals(left=mode, right="fast"),
        ConditionGreaterThan(left=score, right=threshold),
        ConditionGreaterThanOrEqualTo(left=count, right=1),
        ConditionLessThan(left=score, right=1.0),
        ConditionLessThanOrEqualTo(left=count, right=10),
        ConditionIn(value=label, in_values=["cat", "dog", mode]),
        ConditionNot(expression=ConditionEquals(left=flag, right=False)),
        ConditionOr(
            conditions=[
                ConditionNot(expression=ConditionIn(value=mode, in_values=["slow"])),
                ConditionOr(
                    conditions=[
                        ConditionEquals(left=first.properties.ProcessingJobStatus, right="x"),
                        ConditionNot(expression=ConditionLessThan(left=count, right=0)),
                    ]
                ),
            ]
        ),
    ]
    publish = ProcessingStep(
        name="Publish",
        step_args=processor(sess, "publish").run(
            arguments=[
                "--score",
                score.to_string(),
                "--when",
                ExecutionVariables.CURRENT_DATETIME,
            ]
        ),
    )
    stop = FailStep(
        name="Stop",
        error_message=Join(
            on=": ",
            values=["score too low", score, ExecutionVariables.PIPELINE_EXECUTION_ID],
        ),
    )
    check = ConditionStep(
        name="Gate",
        conditions=conditions,
        if_steps=[publish],
        else_steps=[stop],
        depends_on=[side],
    )
    return Pipeline(
        name="EveryCondition",
        parameters=[threshold, count, mode, flag],
        steps=[first, side, check],
        sagemaker_session=sess,
    )


def lambda_and_callback() -> Pipeline:
    """Lambda and Callback output parameters referenced by a condition and a processing step."""
    sess = session()
    region = ParameterString("Region", default_value="eu-west-1")
    size = LambdaOutput(output_name="size", output_type=LambdaOutputTypeEnum.Integer)
    status = LambdaOutput(output_name="status", output_type=LambdaOutputTypeEnum.String)
    probe = LambdaStep(
        name="Probe",
        lambda_func=Lambda(
            function_arn="arn:aws:lambda:us-east-1:111122223333:function:probe",
            session=sess,
        ),
        inputs={"region": region, "bucket": BUCKET},
        outputs=[size, status],
    )
    approved = CallbackOutput(output_name="approved", output_type=CallbackOutputTypeEnum.Boolean)
    review = CallbackStep(
        name="Review",
        sqs_queue_url="https://sqs.us-east-1.amazonaws.com/111122223333/review",
        inputs={"size": probe.properties.Outputs["size"]},
        outputs=[approved],
    )
    work = ProcessingStep(
        name="Work",
        step_args=processor(sess, "work").run(
            arguments=[
                "--status",
                probe.properties.Outputs["status"],
                "--size",
                Join(on="", values=[probe.properties.Outputs["size"]]),
            ]
        ),
    )
    gate = ConditionStep(
        name="Approved",
        conditions=[ConditionEquals(left=review.properties.Outputs["approved"], right=True)],
        if_steps=[work],
        else_steps=[],
    )
    return Pipeline(
        name="LambdaCallback",
        parameters=[region],
        steps=[probe, review, gate],
        sagemaker_session=sess,
    )


def nested_condition() -> Pipeline:
    """A ConditionStep inside another's branch, and a top-level step after the branches."""
    sess = session()
    level = ParameterInteger("Level", default_value=2)
    low = ProcessingStep(name="Low", step_args=processor(sess, "low").run())
    high = ProcessingStep(name="High", step_args=processor(sess, "high").run())
    inner = ConditionStep(
        name="Inner",
        conditions=[ConditionGreaterThan(left=level, right=5)],
        if_steps=[high],
        else_steps=[low],
    )
    outer = ConditionStep(
        name="Outer",
        conditions=[ConditionGreaterThanOrEqualTo(left=level, right=1)],
        if_steps=[inner],
        else_steps=[],
    )
    report = ProcessingStep(
        name="Report",
        step_args=processor(sess, "report").run(
            arguments=["--outcome", outer.properties.Outcome.to_string()]
        ),
    )
    return Pipeline(
        name="Nested",
        parameters=[level],
        steps=[outer, report],
        sagemaker_session=sess,
    )


def train_tune_register() -> Pipeline:
    """Training metrics in a condition, tuning top model, model, transform and registration."""
    sess = session()
    approval = ParameterString("ApprovalStatus", default_value="PendingManualApproval")
    rmse_limit = ParameterFloat("RmseLimit", default_value=3.5)
    metrics = [{"Name": "validation:rmse", "Regex": "validation-rmse:([0-9.]+)"}]
    est = estimator(sess, {"max_depth": 5})
    est.metric_definitions = metrics
    step_train = TrainingStep(
        name="Fit",
        step_args=est.fit({"train": TrainingInput(s3_data=f"s3://{BUCKET}/train")}),
    )
    tuner = HyperparameterTuner(
        estimator=estimator(sess, {"max_depth": 5}),
        objective_metric_name="validation:rmse",
        objective_type="Minimize",
        hyperparameter_ranges={"eta": ContinuousParameter(0.1, 0.5)},
        metric_definitions=metrics,
        max_jobs=4,
        max_parallel_jobs=2,
    )
    step_tune = TuningStep(
        name="Tune",
        step_args=tuner.fit({"train": TrainingInput(s3_data=f"s3://{BUCKET}/train")}),
        depends_on=[step_train],
    )
    model = Model(
        image_uri=IMAGE,
        model_data=step_tune.get_top_model_s3_uri(top_k=0, s3_bucket=BUCKET, prefix="models"),
        role=ROLE,
        sagemaker_session=sess,
    )
    step_model = ModelStep(name="Best", step_args=model.create(instance_type="ml.m5.large"))
    transformer = Transformer(
        model_name=step_model.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path=f"s3://{BUCKET}/batch",
        sagemaker_session=sess,
    )
    step_transform = TransformStep(
        name="Score",
        step_args=transformer.transform(data=f"s3://{BUCKET}/batch-in", content_type="text/csv"),
    )
    register = ModelStep(
        name="Register",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="Group",
            approval_status=approval,
        ),
        depends_on=[step_transform],
    )
    gate = ConditionStep(
        name="RmseOk",
        conditions=[
            ConditionLessThanOrEqualTo(
                left=step_train.properties.FinalMetricDataList["validation:rmse"].Value,
                right=rmse_limit,
            ),
            ConditionEquals(left=step_train.properties.HyperParameters["max_depth"], right="5"),
        ],
        if_steps=[step_model, step_transform, register],
        else_steps=[],
    )
    return Pipeline(
        name="TrainTuneRegister",
        parameters=[approval, rmse_limit],
        steps=[step_train, step_tune, gate],
        sagemaker_session=sess,
    )


BUILDERS: dict[str, Callable[[], Pipeline]] = {
    "abalone": abalone,
    "every_condition": every_condition,
    "lambda_callback": lambda_and_callback,
    "nested_condition": nested_condition,
    "train_tune_register": train_tune_register,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        document = json.loads(build().definition())
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(document, indent=2) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
