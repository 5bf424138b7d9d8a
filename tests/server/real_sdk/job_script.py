"""The real SageMaker SDK running a processing job outside a pipeline, with its defaults.

``processor.run()`` waits and follows the job's log through CloudWatch Logs
(``logs=True``); the job's output is printed as the SDK prints it.
"""

import sys

import boto3
import sagemaker
from sagemaker.processing import ProcessingOutput
from sagemaker.sklearn.processing import SKLearnProcessor

code, bucket = sys.argv[1], sys.argv[2]
session = sagemaker.Session(
    boto_session=boto3.Session(region_name="us-east-1"), default_bucket=bucket
)
processor = SKLearnProcessor(
    framework_version="1.2-1",
    role="arn:aws:iam::000000000000:role/SageMakerRole",
    instance_type="ml.m5.xlarge",
    instance_count=1,
    sagemaker_session=session,
)
processor.run(
    code=code,
    arguments=["--rows", "4"],
    outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
)
print("STATUS", processor.latest_job.describe()["ProcessingJobStatus"])
