"""The seed's LambdaStep examples with dagmaker.lambda_helper, run for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.lambda_helper import Lambda
from dagmaker.workflow.lambda_step import LambdaOutput, LambdaOutputTypeEnum, LambdaStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession

HANDLER = """
def lambda_handler(event, context):
    return {"train_file": event["data_file"] + ".train", "test_file": event["data_file"] + ".test",
            "count": 3, "ok": True, "ratio": 0.5}
"""


def test_lambda_created_from_script_runs_in_a_pipeline(home: Path, tmp_path: Path) -> None:
    script = tmp_path / "lambda_script.py"
    script.write_text(HANDLER)
    session = LocalPipelineSession()
    step = LambdaStep(
        name="ProcessingLambda",
        lambda_func=Lambda(
            function_name="split-dataset-lambda",
            execution_role_arn="arn:aws:iam::000000000000:role/lambda",
            script=str(script),
            handler="lambda_script.lambda_handler",
            session=session,
        ),
        inputs={"s3_bucket": "bucket", "data_file": "abalone.csv"},
        outputs=[
            LambdaOutput(output_name="train_file", output_type=LambdaOutputTypeEnum.String),
            LambdaOutput(output_name="count", output_type=LambdaOutputTypeEnum.Integer),
            LambdaOutput(output_name="ok", output_type=LambdaOutputTypeEnum.Boolean),
            LambdaOutput(output_name="ratio", output_type=LambdaOutputTypeEnum.Float),
        ],
    )
    pipeline = Pipeline(name="lambda-demo", steps=[step], sagemaker_session=session)
    pipeline.upsert(role_arn="arn:aws:iam::000000000000:role/x")
    execution = pipeline.start()
    assert execution.describe()["PipelineExecutionStatus"] == "Succeeded"
    listed = execution.list_steps()["PipelineExecutionSteps"][0]
    outputs = {o["Name"]: o["Value"] for o in listed["Metadata"]["Lambda"]["OutputParameters"]}
    assert outputs["train_file"] == "abalone.csv.train"
    assert listed["Metadata"]["Lambda"]["Arn"].endswith(":function:split-dataset-lambda")

    # The function now exists; a step can call it by ARN, from any region/account.
    by_arn = Lambda(
        function_arn="arn:aws:lambda:us-west-2:012345678910:function:split-dataset-lambda",
        session=session,
    )
    response = by_arn.invoke()
    # invoke() sends an empty event, which this handler rejects: a function error, reported.
    assert response["FunctionError"] == "Unhandled"
    assert "KeyError" in response["Payload"].read().decode()


def test_lambda_needs_code_or_arn(home: Path) -> None:
    with pytest.raises(InvalidRequest, match="function_arn, or function_name"):
        Lambda()
    with pytest.raises(InvalidRequest, match="exactly one of script= and zipped_code_dir="):
        Lambda(function_name="f", handler="a.b")
