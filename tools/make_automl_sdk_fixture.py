"""Regenerate tests/e2e/real_sdk/automl_pipeline.json with the REAL SageMaker SDK.

Run by hand with an interpreter that has ``sagemaker`` 2.x (tests never run this):

    /tmp/smvenv/bin/python tools/make_automl_sdk_fixture.py

The pipeline is the pipeline guide's AutoMLStep example, completed as AWS's own
Autopilot pipeline samples complete it: the best candidate's model (from
``get_best_auto_ml_model``) is registered with the step's two report paths as its
ModelMetrics, created, and used by a batch transform of held-out rows. Offline: fake
credentials, nothing uploaded (the pipeline uploads no code).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

import boto3
from sagemaker.automl.automl import AutoML, AutoMLInput
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.transformer import Transformer
from sagemaker.workflow.automl_step import AutoMLStep
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import ParameterInteger, ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.steps import TransformStep

TARGET = Path(__file__).resolve().parents[1] / "tests" / "e2e" / "real_sdk" / "automl_pipeline.json"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
BUCKET = "fixture-bucket"


class OfflineSession(PipelineSession):
    """A PipelineSession with a fixed default bucket (no S3 call to find one)."""

    def default_bucket(self):
        return BUCKET


def build() -> Pipeline:
    boto = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    session = OfflineSession(boto_session=boto)
    train = ParameterString(name="TrainData", default_value=f"s3://{BUCKET}/automl/train/")
    test = ParameterString(name="TestData", default_value=f"s3://{BUCKET}/automl/test/")
    target = ParameterString(name="TargetAttribute", default_value="label")
    candidates = ParameterInteger(name="MaxCandidates", default_value=3)
    auto_ml = AutoML(
        role=ROLE,
        target_attribute_name=target,
        sagemaker_session=session,
        mode="ENSEMBLING",
        max_candidates=candidates,
        total_job_runtime_in_seconds=1800,
        max_runtime_per_training_job_in_seconds=600,
    )
    step_automl = AutoMLStep(
        name="AutoMLTraining",
        step_args=auto_ml.fit(
            inputs=[
                AutoMLInput(
                    inputs=train,
                    target_attribute_name=target,
                    channel_type="training",
                    content_type="text/csv;header=present",
                )
            ]
        ),
    )
    best = step_automl.get_best_auto_ml_model(ROLE, sagemaker_session=session)
    metrics = ModelMetrics(
        model_statistics=MetricsSource(
            s3_uri=step_automl.properties.BestCandidateProperties.ModelInsightsJsonReportPath,
            content_type="application/json",
        ),
        explainability=MetricsSource(
            s3_uri=step_automl.properties.BestCandidateProperties.ExplainabilityJsonReportPath,
            content_type="application/json",
        ),
    )
    register = ModelStep(
        name="RegisterBest",
        step_args=best.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="AutoMLModels",
            approval_status="PendingManualApproval",
            model_metrics=metrics,
        ),
    )
    create = ModelStep(name="CreateBest", step_args=best.create(instance_type="ml.m5.large"))
    transformer = Transformer(
        model_name=create.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=f"s3://{BUCKET}/automl/predictions",
        sagemaker_session=session,
    )
    transform = TransformStep(
        name="BatchTransform",
        step_args=transformer.transform(data=test, content_type="text/csv"),
    )
    return Pipeline(
        name="RealSdkAutoML",
        parameters=[train, test, target, candidates],
        steps=[step_automl, register, create, transform],
        sagemaker_session=session,
    )


def main() -> None:
    definition = json.loads(build().definition())
    TARGET.write_text(json.dumps(definition, indent=2) + "\n")
    print(f"wrote {TARGET.name}: {len(definition['Steps'])} steps")


if __name__ == "__main__":
    main()
