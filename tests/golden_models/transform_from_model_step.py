"""TransformStep on the model a ModelStep creates, with seed 000's transform options."""

from dagmaker.inputs import BatchDataCaptureConfig
from dagmaker.model import Model
from dagmaker.transformer import Transformer
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig, TransformStep
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    transform_input = ParameterString(
        name="transform_input", default_value="s3://my-bucket/my-prefix/my-transform-input"
    )
    instance_count = ParameterInteger(name="TransformInstanceCount", default_value=1)
    model = Model(
        image_uri=IMAGE,
        model_data="s3://my-bucket/model.tar.gz",
        role=ROLE,
        sagemaker_session=session,
    )
    step_create = ModelStep(
        name="AbaloneModel", step_args=model.create(instance_type="ml.m5.large")
    )
    transformer = Transformer(
        model_name=step_create.properties.ModelName,
        instance_count=instance_count,
        instance_type="ml.m5.xlarge",
        strategy="MultiRecord",
        assemble_with="Line",
        accept="text/csv",
        max_concurrent_transforms=2,
        max_payload=6,
        env={"MODEL_SERVER_WORKERS": "1"},
        sagemaker_session=session,
    )
    transform_args = transformer.transform(
        transform_input,
        content_type="text/csv",
        split_type="Line",
        join_source="Input",
        input_filter="$[1:]",
        output_filter="$[0,-1]",
        model_client_config={"InvocationsTimeoutInSeconds": 60, "InvocationsMaxRetries": 1},
    )
    step_transform = TransformStep(
        name="AbaloneTransform",
        step_args=transform_args,
        cache_config=CacheConfig(enable_caching=True, expire_after="P30d"),
    )
    captured = Transformer(
        model_name=step_create.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path="s3://my-bucket/batch-output",
        output_kms_key="alias/output",
        volume_kms_key="alias/volume",
        base_transform_job_name="abalone-batch",
        tags=[{"Key": "team", "Value": "ml"}],
        sagemaker_session=session,
    )
    step_captured = TransformStep(
        name="CapturedTransform",
        step_args=captured.transform(
            "s3://my-bucket/manifest.json",
            data_type="ManifestFile",
            compression_type="Gzip",
            batch_data_capture_config=BatchDataCaptureConfig(
                destination_s3_uri="s3://my-bucket/capture", generate_inference_id=True
            ),
            experiment_config={"TrialComponentDisplayName": "batch"},
        ),
    )
    return Pipeline(
        name="TransformPipeline",
        parameters=[transform_input, instance_count],
        steps=[step_create, step_transform, step_captured],
        sagemaker_session=session,
    )
