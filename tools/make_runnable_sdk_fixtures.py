"""Regenerate tests/e2e/real_sdk/: definitions built by the REAL SageMaker SDK, runnable here.

Run by hand with an interpreter that has ``sagemaker`` 2.x (tests never run this):

    /tmp/smvenv/bin/python tools/make_runnable_sdk_fixtures.py

Offline: fake credentials and no network. Where the SDK would upload code to S3, the
upload is recorded instead; ``<name>.uploads.json`` maps each S3 URI the definition
refers to onto the local file, and the test puts those files into dagmaker's artifact
store before running the definition.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

import boto3
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import (
    ConditionEquals,
    ConditionGreaterThanOrEqualTo,
    ConditionIn,
    ConditionNot,
    ConditionOr,
)
from sagemaker.workflow.execution_variables import ExecutionVariables
from sagemaker.workflow.fail_step import FailStep
from sagemaker.workflow.functions import Join, JsonGet
from sagemaker.workflow.parameters import (
    ParameterBoolean,
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

HERE = Path(__file__).resolve().parents[1] / "tests" / "e2e" / "real_sdk"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
UPLOADS: dict[str, str] = {}


class _RecordedObject:
    def __init__(self, bucket: str, key: str) -> None:
        self.uri = f"s3://{bucket}/{key}"

    def upload_file(self, path, ExtraArgs=None, Callback=None):
        name = Path(self.uri).name
        target = HERE / "uploads" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(Path(path).read_bytes())
        UPLOADS[self.uri] = f"uploads/{name}"


class _RecordingS3:
    """Stands in for boto3's S3 resource: the SDK's source-dir uploads land in fixtures."""

    def Object(self, bucket, key):
        return _RecordedObject(bucket, key)


class OfflineSession(PipelineSession):
    """A PipelineSession whose uploads are recorded, not sent."""

    def default_bucket(self):
        return "fixture-bucket"

    @property
    def s3_resource(self):
        return _RecordingS3()

    @s3_resource.setter
    def s3_resource(self, value):
        pass

    def upload_data(self, path, bucket=None, key_prefix="data", extra_args=None, callback=None):
        uri = f"s3://{bucket}/{key_prefix}/{Path(path).name}"
        UPLOADS[uri] = Path(path).name
        return uri

    def upload_string_as_file_body(self, body, bucket, key, kms_key=None):
        uri = f"s3://{bucket}/{key}"
        UPLOADS[uri] = Path(key).name
        return uri


def session() -> OfflineSession:
    boto = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    return OfflineSession(boto_session=boto, default_bucket="fixture-bucket")


def control_flow() -> Pipeline:
    sess = session()
    threshold = ParameterFloat(name="Threshold", default_value=0.5)
    rows = ParameterInteger(name="MinRows", default_value=2)
    mode = ParameterString(name="Mode", default_value="fast", enum_values=["fast", "slow"])
    strict = ParameterBoolean(name="Strict", default_value=False)
    processor = ScriptProcessor(
        image_uri=IMAGE,
        command=["python3"],
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        sagemaker_session=sess,
    )
    report = PropertyFile(name="Report", output_name="report", path="report.json")
    produce = ProcessingStep(
        name="Produce",
        step_args=processor.run(
            code=str(HERE / "produce.py"),
            outputs=[ProcessingOutput(output_name="report", source="/opt/ml/processing/report")],
            arguments=["--mode", mode, "--execution", ExecutionVariables.PIPELINE_EXECUTION_ID],
        ),
        property_files=[report],
    )
    consume = ProcessingStep(
        name="Consume",
        step_args=processor.run(
            code=str(HERE / "consume.py"),
            inputs=[
                ProcessingInput(
                    source=produce.properties.ProcessingOutputConfig.Outputs[
                        "report"
                    ].S3Output.S3Uri,
                    destination="/opt/ml/processing/input",
                )
            ],
        ),
    )
    after = ProcessingStep(
        name="AfterConsume",
        step_args=processor.run(
            code=str(HERE / "consume.py"),
            inputs=[
                ProcessingInput(
                    source=produce.properties.ProcessingOutputConfig.Outputs[
                        "report"
                    ].S3Output.S3Uri,
                    destination="/opt/ml/processing/input",
                )
            ],
        ),
        depends_on=[consume],
    )
    score = JsonGet(step_name=produce.name, property_file=report, json_path="metrics.score")
    label = JsonGet(
        s3_uri=Join(
            on="/",
            values=[
                produce.properties.ProcessingOutputConfig.Outputs["report"].S3Output.S3Uri,
                "report.json",
            ],
        ),
        json_path="labels[0]",
    )
    fail = FailStep(
        name="Reject",
        error_message=Join(
            on=" ", values=["score below", threshold, "or fewer than", rows, "rows in mode", mode]
        ),
    )
    gate = ConditionStep(
        name="Gate",
        conditions=[
            ConditionGreaterThanOrEqualTo(left=score, right=threshold),
            ConditionGreaterThanOrEqualTo(
                left=JsonGet(step_name=produce.name, property_file=report, json_path="rows"),
                right=rows,
            ),
            ConditionIn(value=label, in_values=["cat", "dog"]),
            ConditionNot(expression=ConditionEquals(left=strict, right=True)),
            ConditionOr(
                conditions=[
                    ConditionEquals(left=mode, right="fast"),
                    ConditionIn(value=mode, in_values=["slow"]),
                ]
            ),
        ],
        if_steps=[consume, after],
        else_steps=[fail],
    )
    return Pipeline(
        name="RealSdkControlFlow",
        parameters=[threshold, rows, mode, strict],
        steps=[produce, gate],
        sagemaker_session=sess,
    )


def abalone_jobs() -> Pipeline:
    """SKLearn processing, built-in XGBoost and script-mode training, property files."""
    from sagemaker import image_uris
    from sagemaker.estimator import Estimator
    from sagemaker.inputs import TrainingInput
    from sagemaker.sklearn.estimator import SKLearn
    from sagemaker.sklearn.processing import SKLearnProcessor
    from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo

    sess = session()
    data = ParameterString(name="InputData", default_value="s3://fixture-bucket/abalone/data.csv")
    threshold = ParameterFloat(name="MseThreshold", default_value=20.0)
    sklearn = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        sagemaker_session=sess,
    )
    process = ProcessingStep(
        name="Preprocess",
        step_args=sklearn.run(
            code=str(HERE / "preprocess.py"),
            inputs=[ProcessingInput(source=data, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(output_name=n, source=f"/opt/ml/processing/{n}")
                for n in ("train", "validation", "test")
            ],
        ),
    )
    outputs = process.properties.ProcessingOutputConfig.Outputs
    xgb_image = image_uris.retrieve(
        framework="xgboost",
        region="us-east-1",
        version="1.7-1",
        py_version="py3",
        instance_type="ml.m5.large",
    )
    xgb = Estimator(
        image_uri=xgb_image,
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        output_path="s3://fixture-bucket/models",
        sagemaker_session=sess,
    )
    xgb.set_hyperparameters(objective="reg:linear", num_round=30, max_depth=4, eta=0.3)
    channels = {
        "train": TrainingInput(s3_data=outputs["train"].S3Output.S3Uri, content_type="text/csv"),
        "validation": TrainingInput(
            s3_data=outputs["validation"].S3Output.S3Uri, content_type="text/csv"
        ),
    }
    train_xgb = TrainingStep(name="TrainXGBoost", step_args=xgb.fit(inputs=channels))
    script = SKLearn(
        entry_point="train.py",
        source_dir=str(HERE / "sklearn_source"),
        framework_version="1.2-1",
        py_version="py3",
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        output_path="s3://fixture-bucket/models",
        sagemaker_session=sess,
        hyperparameters={"alpha": 0.5},
        metric_definitions=[{"Name": "val:mse", "Regex": "val_mse=([0-9.]+)"}],
    )
    train_script = TrainingStep(name="TrainScript", step_args=script.fit(inputs=channels))
    evaluator = ScriptProcessor(
        image_uri=xgb_image,
        command=["python3"],
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        sagemaker_session=sess,
    )
    report = PropertyFile(name="Evaluation", output_name="evaluation", path="evaluation.json")
    evaluate = ProcessingStep(
        name="Evaluate",
        step_args=evaluator.run(
            code=str(HERE / "evaluate.py"),
            inputs=[
                ProcessingInput(
                    source=train_xgb.properties.ModelArtifacts.S3ModelArtifacts,
                    destination="/opt/ml/processing/model",
                ),
                ProcessingInput(
                    source=outputs["test"].S3Output.S3Uri, destination="/opt/ml/processing/test"
                ),
            ],
            outputs=[
                ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")
            ],
        ),
        property_files=[report],
    )
    gate = ConditionStep(
        name="GoodEnough",
        conditions=[
            ConditionLessThanOrEqualTo(
                left=JsonGet(
                    step_name=evaluate.name,
                    property_file=report,
                    json_path="regression_metrics.mse.value",
                ),
                right=threshold,
            ),
            ConditionLessThanOrEqualTo(
                left=train_script.properties.FinalMetricDataList["val:mse"].Value, right=threshold
            ),
        ],
        if_steps=[],
        else_steps=[
            FailStep(name="TooHigh", error_message=Join(on=" ", values=["mse above", threshold]))
        ],
    )
    return Pipeline(
        name="RealSdkAbalone",
        parameters=[data, threshold],
        steps=[process, train_xgb, train_script, evaluate, gate],
        sagemaker_session=sess,
    )


def tune_register_transform() -> Pipeline:
    """TuningStep → ModelStep create + register (metrics, approval) → TransformStep."""
    from sagemaker import image_uris
    from sagemaker.estimator import Estimator
    from sagemaker.inputs import TrainingInput
    from sagemaker.model import Model
    from sagemaker.model_metrics import MetricsSource, ModelMetrics
    from sagemaker.parameter import ContinuousParameter, IntegerParameter
    from sagemaker.transformer import Transformer
    from sagemaker.tuner import HyperparameterTuner
    from sagemaker.workflow.model_step import ModelStep
    from sagemaker.workflow.steps import TransformStep, TuningStep

    sess = session()
    approval = ParameterString(name="ModelApprovalStatus", default_value="Approved")
    image = image_uris.retrieve(
        framework="xgboost",
        region="us-east-1",
        version="1.7-1",
        py_version="py3",
        instance_type="ml.m5.large",
    )
    xgb = Estimator(
        image_uri=image,
        role=ROLE,
        instance_type="ml.m5.large",
        instance_count=1,
        output_path="s3://fixture-bucket/tuned",
        sagemaker_session=sess,
    )
    xgb.set_hyperparameters(objective="reg:squarederror", num_round=20)
    tuner = HyperparameterTuner(
        estimator=xgb,
        objective_metric_name="validation:rmse",
        objective_type="Minimize",
        hyperparameter_ranges={
            "eta": ContinuousParameter(0.05, 0.5),
            "max_depth": IntegerParameter(2, 6),
        },
        max_jobs=4,
        max_parallel_jobs=2,
        strategy="Random",
    )
    tune = TuningStep(
        name="Tune",
        step_args=tuner.fit(
            inputs={
                "train": TrainingInput(
                    s3_data="s3://fixture-bucket/tuning/train", content_type="text/csv"
                ),
                "validation": TrainingInput(
                    s3_data="s3://fixture-bucket/tuning/validation", content_type="text/csv"
                ),
            }
        ),
    )
    model = Model(
        image_uri=image,
        role=ROLE,
        sagemaker_session=sess,
        model_data=tune.get_top_model_s3_uri(top_k=0, s3_bucket="fixture-bucket", prefix="tuned"),
    )
    create = ModelStep(name="BestModel", step_args=model.create(instance_type="ml.m5.large"))
    register = ModelStep(
        name="Register",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="TunedModels",
            approval_status=approval,
            model_metrics=ModelMetrics(
                model_statistics=MetricsSource(
                    s3_uri="s3://fixture-bucket/tuning/metrics.json",
                    content_type="application/json",
                )
            ),
            customer_metadata_properties={"source": "tuning"},
        ),
    )
    transformer = Transformer(
        model_name=create.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=sess,
        output_path="s3://fixture-bucket/scored",
        accept="text/csv",
        assemble_with="Line",
        strategy="MultiRecord",
    )
    transform = TransformStep(
        name="Score",
        step_args=transformer.transform(
            data="s3://fixture-bucket/tuning/batch", content_type="text/csv", split_type="Line"
        ),
    )
    return Pipeline(
        name="RealSdkModels",
        parameters=[approval],
        steps=[tune, create, register, transform],
        sagemaker_session=sess,
    )


def main() -> None:
    builds = {
        "control_flow": control_flow,
        "abalone_jobs": abalone_jobs,
        "tune_register_transform": tune_register_transform,
    }
    for name, build in builds.items():
        UPLOADS.clear()
        definition = json.loads(build().definition())
        (HERE / f"{name}.json").write_text(json.dumps(definition, indent=2) + "\n")
        (HERE / f"{name}.uploads.json").write_text(json.dumps(UPLOADS, indent=2) + "\n")
        print(f"wrote {name}: {len(definition['Steps'])} top-level steps, {len(UPLOADS)} uploads")


if __name__ == "__main__":
    main()
