"""Script mode with a custom image: Estimator with entry_point, source_dir, dependencies."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import ShuffleConfig, TrainingInput
from dagmaker.workflow.parameters import ParameterFloat, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import TrainingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    learning_rate = ParameterFloat(name="LearningRate", default_value=0.1)
    train_data = ParameterString(name="TrainData", default_value="s3://my-bucket/train")
    with_source = Estimator(
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-trainer:1.0",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        entry_point="train.py",
        source_dir="source/train",
        dependencies=["libs/helpers"],
        hyperparameters={"epochs": 10, "name": "run", "flag": True},
        container_log_level=10,
        code_location="s3://my-code-bucket/code",
        sagemaker_session=session,
    )
    with_source.set_hyperparameters(lr=learning_rate, layers=[64, 32])
    step_source = TrainingStep(
        name="TrainWithSource",
        step_args=with_source.fit(
            {
                "train": TrainingInput(
                    train_data,
                    distribution="ShardedByS3Key",
                    compression="Gzip",
                    content_type="text/csv",
                    record_wrapping="RecordIO",
                    s3_data_type="ManifestFile",
                    input_mode="FastFile",
                    attribute_names=["source-ref"],
                    shuffle_config=ShuffleConfig(seed=7),
                ),
                "extra": "s3://my-bucket/extra/",
            }
        ),
    )
    entry_only = Estimator(
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-trainer:1.0",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        entry_point="entry_point.py",
        hyperparameters={"epochs": 10, "flag": True},
        output_path="s3://my-bucket/models",
        model_uri="s3://my-bucket/pretrained/model.tar.gz",
        use_spot_instances=True,
        max_wait=7200,
        checkpoint_s3_uri="s3://my-bucket/checkpoints",
        disable_profiler=True,
        debugger_hook_config=False,
        max_retry_attempts=2,
        keep_alive_period_in_seconds=600,
        sagemaker_session=session,
    )
    step_entry = TrainingStep(name="TrainEntryOnly", step_args=entry_only.fit("s3://my-bucket/t"))
    return Pipeline(
        name="CustomImageScriptMode",
        parameters=[learning_rate, train_data],
        steps=[step_source, step_entry],
        sagemaker_session=session,
    )
