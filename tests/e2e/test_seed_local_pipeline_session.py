"""The seed's LocalPipelineSession example, with a real script-mode training job."""

from __future__ import annotations

from pathlib import Path

import dagmaker
from dagmaker.inputs import TrainingInput
from dagmaker.pytorch.estimator import PyTorch
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession, PipelineSession
from dagmaker.workflow.steps import TrainingStep

ENTRY_POINT = """
import argparse, os
parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
args = parser.parse_args()
rows = open(os.path.join(os.environ["SM_CHANNEL_TRAINING"], "data.csv")).read().split()
print(f"epochs={args.epochs} rows={len(rows)}")
open(os.path.join(os.environ["SM_MODEL_DIR"], "model.txt"), "w").write(str(len(rows)))
"""


def test_seed_local_pipeline_session_example(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("entry_point.py").write_text(ENTRY_POINT)
    local_pipeline_session = LocalPipelineSession()
    local_pipeline_session.upload_string_as_file_body(
        "1\n2\n3\n", "my-bucket", "my-data/train/data.csv"
    )
    pytorch_estimator = PyTorch(
        sagemaker_session=local_pipeline_session,
        role=dagmaker.get_execution_role(),
        instance_type="ml.c5.xlarge",
        instance_count=1,
        framework_version="1.8.0",
        py_version="py36",
        entry_point="./entry_point.py",
        hyperparameters={"epochs": 2},
    )
    step = TrainingStep(
        name="MyTrainingStep",
        step_args=pytorch_estimator.fit(
            inputs=TrainingInput(s3_data="s3://my-bucket/my-data/train"),
        ),
    )
    pipeline = Pipeline(name="MyPipeline", steps=[step], sagemaker_session=local_pipeline_session)
    pipeline.create(role_arn=dagmaker.get_execution_role(), description="local pipeline example")
    # pipeline will execute locally
    pipeline.start()
    steps = pipeline.list_steps()
    training_job_name = steps["PipelineExecutionSteps"][0]["Metadata"]["TrainingJob"]["Arn"]
    step_outputs = local_pipeline_session.sagemaker_client.describe_training_job(
        TrainingJobName=training_job_name
    )
    assert step_outputs["TrainingJobStatus"] == "Completed"
    assert step_outputs["HyperParameters"]["epochs"] == "2"
    model = step_outputs["ModelArtifacts"]["S3ModelArtifacts"]
    assert local_pipeline_session.sagemaker_client.services.artifacts.exists(model)


def test_local_mode_execution_lists_steps_in_the_sdks_local_shape(home: Path) -> None:
    def pipeline(session: PipelineSession) -> Pipeline:
        check = ConditionStep(name="Check", conditions=[ConditionEquals(left=1, right=1)])
        return Pipeline(
            name=f"shape-{session.local_mode}", steps=[check], sagemaker_session=session
        )

    local = pipeline(LocalPipelineSession())
    local.create(role_arn="arn:aws:iam::000000000000:role/x")
    steps = local.start().list_steps()
    assert steps["PipelineExecutionSteps"][0]["StepName"] == "Check"
    managed = pipeline(PipelineSession())
    managed.create(role_arn="arn:aws:iam::000000000000:role/x")
    execution = managed.start()
    execution.wait()
    assert execution.list_steps()[0]["StepName"] == "Check"
