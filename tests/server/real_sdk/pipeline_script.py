"""The real SageMaker SDK (2.x) building and running a pipeline against a dagmaker server.

Run with AWS_ENDPOINT_URL_SAGEMAKER/_S3/_STS pointing at the server. Prints one JSON
document with what it observed.
"""

import json
import sys

import boto3
from botocore.exceptions import WaiterError
from sagemaker.processing import ProcessingOutput
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.workflow.fail_step import FailStep
from sagemaker.workflow.functions import Join
from sagemaker.workflow.parameters import ParameterInteger
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.steps import ProcessingStep

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
code, bucket = sys.argv[1], sys.argv[2]

session = PipelineSession(
    boto_session=boto3.Session(region_name="us-east-1"), default_bucket=bucket
)
rows = ParameterInteger(name="Rows", default_value=3)
processor = SKLearnProcessor(
    framework_version="1.2-1",
    role=ROLE,
    instance_type="ml.m5.xlarge",
    instance_count=1,
    sagemaker_session=session,
)
prep = ProcessingStep(
    name="Prep",
    step_args=processor.run(
        code=code,
        arguments=["--rows", rows.to_string()],
        outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
    ),
)
too_few = FailStep(name="TooFew", error_message=Join(on=" ", values=["only", rows, "rows"]))
check = ConditionStep(
    name="Enough",
    conditions=[ConditionGreaterThanOrEqualTo(left=rows, right=5)],
    if_steps=[],
    else_steps=[too_few],
    depends_on=[prep],
)
pipeline = Pipeline(
    name="real-sdk-pipeline", parameters=[rows], steps=[prep, check], sagemaker_session=session
)
arns = [
    pipeline.upsert(role_arn=ROLE)["PipelineArn"],
    # Upserting an existing pipeline with tags goes through ListTags and AddTags.
    pipeline.upsert(role_arn=ROLE, tags=[{"Key": "team", "Value": "ml"}])["PipelineArn"],
]
tags = session.sagemaker_client.list_tags(ResourceArn=arns[0])["Tags"]

failing = pipeline.start()
try:
    failing.wait(delay=1, max_attempts=180)
    waited = "ended without error"
except WaiterError as error:
    waited = str(error)
passing = pipeline.start(parameters={"Rows": 6})
passing.wait(delay=1, max_attempts=180)
steps = passing.list_steps()
prep_step = next(s for s in steps if s["StepName"] == "Prep")
output = prep_step["Metadata"]["ProcessingJob"]["Arn"]
print(
    json.dumps(
        {
            "arns": arns,
            "tags": tags,
            "failing": failing.describe()["PipelineExecutionStatus"],
            "failing_reason": failing.describe().get("FailureReason"),
            "failing_steps": [(s["StepName"], s["StepStatus"]) for s in failing.list_steps()],
            "waited": waited,
            "passing": passing.describe()["PipelineExecutionStatus"],
            "passing_steps": [(s["StepName"], s["StepStatus"]) for s in steps],
            "processing_job": output,
            "executions": len(pipeline.list_executions()["PipelineExecutionSummaries"]),
        }
    )
)
