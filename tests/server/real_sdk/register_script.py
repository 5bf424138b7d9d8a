"""The real SageMaker SDK registering a model version, then approving it with boto3."""

import json
import sys

import boto3
import sagemaker
from sagemaker.model import Model

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
bucket = sys.argv[1]
session = sagemaker.Session(
    boto_session=boto3.Session(region_name="us-east-1"), default_bucket=bucket
)
session.upload_string_as_file_body("not really a model", bucket, "models/model.tar.gz")
image = sagemaker.image_uris.retrieve("xgboost", "us-east-1", "1.7-1")
model = Model(
    image_uri=image,
    model_data=f"s3://{bucket}/models/model.tar.gz",
    role=ROLE,
    sagemaker_session=session,
)
package = model.register(
    content_types=["text/csv"],
    response_types=["text/csv"],
    inference_instances=["ml.m5.large"],
    transform_instances=["ml.m5.large"],
    model_package_group_name="real-sdk-group",
    approval_status="PendingManualApproval",
)
client = session.sagemaker_client
before = client.describe_model_package(ModelPackageName=package.model_package_arn)
client.update_model_package(
    ModelPackageArn=package.model_package_arn,
    ModelApprovalStatus="Approved",
    ApprovalDescription="metrics look right",
)
after = client.list_model_packages(ModelPackageGroupName="real-sdk-group")
print(
    json.dumps(
        {
            "arn": package.model_package_arn,
            "before": before["ModelApprovalStatus"],
            "after": [p["ModelApprovalStatus"] for p in after["ModelPackageSummaryList"]],
            "model_data": before["InferenceSpecification"]["Containers"][0]["ModelDataUrl"],
        }
    )
)
