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
from sagemaker.workflow.steps import ProcessingStep

HERE = Path(__file__).resolve().parents[1] / "tests" / "e2e" / "real_sdk"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
UPLOADS: dict[str, str] = {}


class OfflineSession(PipelineSession):
    """A PipelineSession whose uploads are recorded, not sent."""

    def default_bucket(self):
        return "fixture-bucket"

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


def main() -> None:
    for name, build in {"control_flow": control_flow}.items():
        UPLOADS.clear()
        definition = json.loads(build().definition())
        (HERE / f"{name}.json").write_text(json.dumps(definition, indent=2) + "\n")
        (HERE / f"{name}.uploads.json").write_text(json.dumps(UPLOADS, indent=2) + "\n")
        print(f"wrote {name}: {len(definition['Steps'])} top-level steps, {len(UPLOADS)} uploads")


if __name__ == "__main__":
    main()
