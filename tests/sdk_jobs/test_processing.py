"""Processor and ScriptProcessor: requests, uploads, default locations and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dagmaker.dataset_definition import DatasetDefinition, S3Input
from dagmaker.network import NetworkConfig
from dagmaker.processing import (
    ProcessingInput,
    ProcessingJob,
    ProcessingOutput,
    Processor,
    RunArgs,
    ScriptProcessor,
)
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline_context import _JobStepArguments
from dagmaker.workflow.utilities import hash_files_or_dirs
from tests.sdk_jobs.helpers import BUCKET, ROLE, compile_request

IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/img:1"


def _sklearn(session: Any, **kwargs: Any) -> SKLearnProcessor:
    settings = {"instance_type": "ml.m5.xlarge", "instance_count": 1, "role": ROLE}
    return SKLearnProcessor("1.2-1", sagemaker_session=session, **{**settings, **kwargs})


def _script(workdir: Path, name: str = "prep.py", text: str = "print('hi')\n") -> str:
    (workdir / name).write_text(text)
    return name


def test_run_under_a_pipeline_session_defers_everything(
    pipeline_session: Any, store: InMemoryArtifactStore, workdir: Path
) -> None:
    step_args = _sklearn(pipeline_session).run(code=_script(workdir))
    assert isinstance(step_args, _JobStepArguments)
    assert step_args.caller_name == "process"
    assert store.list(f"s3://{BUCKET}/") == []


def test_code_goes_to_a_content_hashed_folder_of_the_pipeline(
    pipeline_session: Any, store: InMemoryArtifactStore, workdir: Path
) -> None:
    code = _script(workdir)
    request = compile_request(_sklearn(pipeline_session).run(code=code), pipeline_session)
    code_input = request["ProcessingInputs"][-1]
    digest = hash_files_or_dirs([code])
    uri = f"s3://{BUCKET}/P/code/{digest}/prep.py"
    assert code_input == {
        "InputName": "code",
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": "/opt/ml/processing/input/code",
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }
    assert store.read_bytes(uri) == b"print('hi')\n"
    assert request["AppSpecification"]["ContainerEntrypoint"] == [
        "python3",
        "/opt/ml/processing/input/code/prep.py",
    ]


def test_changed_code_changes_the_folder(pipeline_session: Any, workdir: Path) -> None:
    processor = _sklearn(pipeline_session)
    code = _script(workdir)
    first = compile_request(processor.run(code=code), pipeline_session)
    _script(workdir, text="print('changed')\n")
    second = compile_request(processor.run(code=code), pipeline_session)
    uris = [r["ProcessingInputs"][-1]["S3Input"]["S3Uri"] for r in (first, second)]
    assert uris[0] != uris[1]


def test_names_and_default_locations_inside_a_pipeline(
    pipeline_session: Any, store: InMemoryArtifactStore, workdir: Path
) -> None:
    (workdir / "data.csv").write_text("1,2\n")
    inputs = [
        ProcessingInput(source="data.csv", destination="/opt/ml/processing/input"),
        ProcessingInput(source="s3://b/other", destination="/opt/ml/processing/other"),
    ]
    outputs = [ProcessingOutput(source="/opt/ml/processing/out")]
    step_args = _sklearn(pipeline_session).run(
        code=_script(workdir), inputs=inputs, outputs=outputs
    )
    request = compile_request(step_args, pipeline_session, pipeline="Pipe", step="Prep")
    first, second, _code = request["ProcessingInputs"]
    assert first["InputName"] == "input-1"
    assert first["S3Input"]["S3Uri"] == f"s3://{BUCKET}/Pipe/Prep/input/input-1/data.csv"
    assert store.read_bytes(first["S3Input"]["S3Uri"]) == b"1,2\n"
    assert second["InputName"] == "input-2"
    assert second["S3Input"]["S3Uri"] == "s3://b/other"
    output = request["ProcessingOutputConfig"]["Outputs"][0]
    assert output["OutputName"] == "output-1"
    assert output["S3Output"]["S3Uri"] == {
        "Std:Join": {
            "On": "/",
            "Values": [
                "s3:/",
                BUCKET,
                "Pipe",
                {"Get": "Execution.PipelineExecutionId"},
                "Prep",
                "output",
                "output-1",
            ],
        }
    }
    # the caller's objects are left as they were
    assert inputs[0].input_name is None
    assert inputs[0].s3_input.s3_uri == "data.csv"
    assert outputs[0].destination is None


def test_outside_a_pipeline_locations_use_the_job_name(
    pipeline_session: Any, workdir: Path
) -> None:
    processor = _sklearn(pipeline_session, base_job_name="prep-job")
    step_args = processor.run(
        code=_script(workdir), outputs=[ProcessingOutput(source="/opt/ml/processing/out")]
    )
    request = step_args.request_dict
    job_name = request["ProcessingJobName"]
    assert job_name.startswith("prep-job-")
    assert processor._current_job_name == job_name
    assert request["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"] == (
        f"s3://{BUCKET}/{job_name}/output/output-1"
    )
    code_uri = request["ProcessingInputs"][0]["S3Input"]["S3Uri"]
    assert code_uri == f"s3://{BUCKET}/{job_name}/input/code/prep.py"


def test_job_names_default_to_the_image_repository(pipeline_session: Any, workdir: Path) -> None:
    request = _sklearn(pipeline_session).run(code=_script(workdir)).request_dict
    assert request["ProcessingJobName"].startswith("sagemaker-scikit-learn-")
    explicit = _sklearn(pipeline_session).run(code=_script(workdir), job_name="mine")
    assert explicit.request_dict["ProcessingJobName"] == "mine"


def test_processor_request_carries_every_setting(pipeline_session: Any) -> None:
    count = ParameterInteger(name="Count", default_value=2)
    processor = Processor(
        role="MyRole",
        image_uri=IMAGE,
        entrypoint=["python3", "/opt/program/run.py"],
        instance_count=count,
        instance_type="ml.c5.xlarge",
        volume_size_in_gb=60,
        volume_kms_key="vol-key",
        output_kms_key="out-key",
        max_runtime_in_seconds=600,
        env={"A": "1"},
        tags={"team": "ml"},
        network_config=NetworkConfig(enable_network_isolation=True, subnets=["s1"]),
        sagemaker_session=pipeline_session,
    )
    outputs = [ProcessingOutput(source="/opt/ml/processing/o", destination="s3://b/o")]
    request = processor.run(outputs=outputs, arguments=["--x", "1"]).request_dict
    assert request["ProcessingResources"] == {
        "ClusterConfig": {
            "InstanceType": "ml.c5.xlarge",
            "InstanceCount": count,
            "VolumeSizeInGB": 60,
            "VolumeKmsKeyId": "vol-key",
        }
    }
    assert request["AppSpecification"] == {
        "ImageUri": IMAGE,
        "ContainerArguments": ["--x", "1"],
        "ContainerEntrypoint": ["python3", "/opt/program/run.py"],
    }
    assert request["RoleArn"] == "arn:aws:iam::000000000000:role/MyRole"
    assert request["ProcessingOutputConfig"]["KmsKeyId"] == "out-key"
    assert request["Environment"] == {"A": "1"}
    assert request["NetworkConfig"] == {
        "EnableNetworkIsolation": True,
        "VpcConfig": {"Subnets": ["s1"]},
    }
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 600}
    assert request["Tags"] == [{"Key": "team", "Value": "ml"}]
    assert "ProcessingInputs" not in request


def test_dataset_definitions_and_s3_inputs_are_passed_through(pipeline_session: Any) -> None:
    processor = Processor(
        role=ROLE,
        image_uri=IMAGE,
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=pipeline_session,
    )
    inputs = [
        ProcessingInput(dataset_definition=DatasetDefinition(local_path="/opt/ml/processing/q")),
        ProcessingInput(
            s3_input=S3Input(
                s3_uri="s3://b/m", local_path="/opt/ml/processing/m", s3_data_type="ManifestFile"
            )
        ),
    ]
    request = compile_request(processor.run(inputs=inputs), pipeline_session)
    first, second = request["ProcessingInputs"]
    assert first == {
        "InputName": "input-1",
        "AppManaged": False,
        "DatasetDefinition": {
            "DataDistributionType": "ShardedByS3Key",
            "InputMode": "File",
            "LocalPath": "/opt/ml/processing/q",
        },
    }
    assert second["S3Input"] == {
        "S3Uri": "s3://b/m",
        "LocalPath": "/opt/ml/processing/m",
        "S3DataType": "ManifestFile",
        "S3InputMode": "File",
        "S3DataDistributionType": "FullyReplicated",
    }


def test_get_run_args_returns_the_arguments_unchanged(pipeline_session: Any) -> None:
    processor = ScriptProcessor(
        role=ROLE, image_uri=IMAGE, command=["python3"], sagemaker_session=pipeline_session
    )
    inputs = [ProcessingInput(source="s3://b/i", destination="/opt/ml/processing/i")]
    run_args = processor.get_run_args("s3://b/code.py", inputs=inputs, arguments=["-v"])
    assert run_args == RunArgs(code="s3://b/code.py", inputs=inputs, arguments=["-v"])


@pytest.mark.parametrize(
    ("code", "error", "message"),
    [
        (ParameterString(name="Code"), ValueError, "not a pipeline variable"),
        ("missing.py", ValueError, "code 'missing.py' was not found"),
        (".", ValueError, "is a directory"),
        ("https://example.com/x.py", ValueError, "URL scheme 'https' is not supported"),
    ],
)
def test_bad_code_is_rejected_when_run_is_called(
    pipeline_session: Any, workdir: Path, code: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        _sklearn(pipeline_session).run(code=code)


@pytest.mark.parametrize(
    ("inputs", "error", "message"),
    [
        (["s3://b/x"], TypeError, "must be ProcessingInput objects; input 1 is str"),
        ([ProcessingInput(source="s3://b/x")], ValueError, "'input-1' has no destination"),
        (
            [ProcessingInput(source="nothere.csv", destination="/d")],
            ValueError,
            "neither an s3:// URI nor an existing local file",
        ),
        (
            [ProcessingInput(source="s3://b/x", destination="/d", s3_compression_type="Gzip")],
            ValueError,
            "Gzip-compressed data can only be read in Pipe mode",
        ),
    ],
)
def test_bad_inputs_are_reported_when_the_request_is_built(
    pipeline_session: Any, workdir: Path, inputs: Any, error: type, message: str
) -> None:
    step_args = _sklearn(pipeline_session).run(code=_script(workdir), inputs=inputs)
    with pytest.raises(error, match=message):
        compile_request(step_args, pipeline_session)


def test_inputs_and_outputs_must_be_lists(pipeline_session: Any, workdir: Path) -> None:
    single = ProcessingInput(source="s3://b/x", destination="/d")
    with pytest.raises(TypeError, match=r"processing inputs must be a list.*inputs=\[\.\.\.\]"):
        _sklearn(pipeline_session).run(code=_script(workdir), inputs=single)
    with pytest.raises(TypeError, match="processing outputs must be a list"):
        _sklearn(pipeline_session).run(code=_script(workdir), outputs=ProcessingOutput())


def test_outputs_must_be_processing_outputs(pipeline_session: Any, workdir: Path) -> None:
    step_args = _sklearn(pipeline_session).run(code=_script(workdir), outputs=["s3://b/o"])
    with pytest.raises(TypeError, match="must be ProcessingOutput objects; output 1 is str"):
        compile_request(step_args, pipeline_session)


def test_logs_need_wait_when_running_now(plain_session: Any, workdir: Path) -> None:
    processor = _sklearn(plain_session)
    with pytest.raises(ValueError, match="logs can only be shown while waiting"):
        processor.run(code="s3://b/code.py", wait=False, logs=True)


def test_role_defaults_to_the_local_execution_role(pipeline_session: Any) -> None:
    processor = Processor(
        image_uri=IMAGE,
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=pipeline_session,
    )
    assert processor.run().request_dict["RoleArn"].startswith("arn:aws:iam::")


def test_processing_job_from_a_request(pipeline_session: Any) -> None:
    request = {
        "ProcessingJobName": "job-1",
        "ProcessingInputs": [
            {
                "InputName": "in",
                "AppManaged": False,
                "S3Input": {"S3Uri": "s3://b/i", "LocalPath": "/opt/ml/processing/i"},
            }
        ],
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "out",
                    "AppManaged": False,
                    "S3Output": {
                        "S3Uri": "s3://b/o",
                        "LocalPath": "/o",
                        "S3UploadMode": "Continuous",
                    },
                }
            ],
            "KmsKeyId": "k",
        },
    }
    job = ProcessingJob._from_request(pipeline_session, request)
    assert job.name == "job-1"
    assert job.inputs[0].source == "s3://b/i"
    assert job.inputs[0].destination == "/opt/ml/processing/i"
    assert (job.outputs[0].destination, job.outputs[0].s3_upload_mode) == ("s3://b/o", "Continuous")
    assert job.output_kms_key == "k"
    with pytest.raises(ValueError, match="is not a processing job ARN"):
        ProcessingJob.from_processing_arn(pipeline_session, "arn:aws:sagemaker:x:1:training-job/t")
