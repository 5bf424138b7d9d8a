"""Estimators: requests, hyperparameter encoding, code packaging, channels and errors."""

from __future__ import annotations

import io
import logging
import tarfile
from pathlib import Path
from typing import Any

import pytest

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.pytorch import PyTorch
from dagmaker.sklearn import SKLearn
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline_context import PipelineSession, _JobStepArguments
from dagmaker.workflow.utilities import hash_files_or_dirs
from dagmaker.xgboost import XGBoost
from tests.sdk_jobs.helpers import BUCKET, ROLE, compile_request

IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/trainer:1"


def _estimator(session: Any, **kwargs: Any) -> Estimator:
    settings = {"image_uri": IMAGE, "role": ROLE, "instance_count": 1}
    settings["instance_type"] = "ml.m5.xlarge"
    return Estimator(sagemaker_session=session, **{**settings, **kwargs})


def _source_dir(workdir: Path) -> str:
    source = workdir / "src"
    source.mkdir()
    (source / "train.py").write_text("print('train')\n")
    (source / "util.py").write_text("X = 1\n")
    return "src"


def _archive_names(store: InMemoryArtifactStore, uri: str) -> list[str]:
    with tarfile.open(fileobj=io.BytesIO(store.read_bytes(uri)), mode="r:gz") as archive:
        return sorted(archive.getnames())


def test_generic_estimator_sends_str_values(pipeline_session: PipelineSession) -> None:
    estimator = _estimator(pipeline_session, hyperparameters={"a": 1})
    depth = ParameterInteger(name="Depth", default_value=3)
    estimator.set_hyperparameters(flag=True, name="x", depth=depth)
    step_args = estimator.fit("s3://b/train")
    assert isinstance(step_args, _JobStepArguments)
    assert step_args.caller_name == "train"
    request = compile_request(step_args, pipeline_session)
    assert request["HyperParameters"] == {
        "a": "1",
        "flag": "True",
        "name": "x",
        "depth": {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Depth"}]}},
    }
    assert estimator.hyperparameters()["depth"] is depth


def test_request_shape_and_defaults(pipeline_session: PipelineSession) -> None:
    request = compile_request(_estimator(pipeline_session).fit("s3://b/train"), pipeline_session)
    assert request["AlgorithmSpecification"] == {
        "TrainingInputMode": "File",
        "TrainingImage": IMAGE,
    }
    assert request["OutputDataConfig"] == {"S3OutputPath": f"s3://{BUCKET}/"}
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 86400}
    assert request["ResourceConfig"] == {
        "VolumeSizeInGB": 30,
        "InstanceCount": 1,
        "InstanceType": "ml.m5.xlarge",
    }
    assert request["RoleArn"] == ROLE
    assert request["InputDataConfig"] == [
        {
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": "s3://b/train",
                    "S3DataDistributionType": "FullyReplicated",
                }
            },
            "ChannelName": "training",
        }
    ]
    assert request["DebugHookConfig"] == {
        "S3OutputPath": f"s3://{BUCKET}/",
        "CollectionConfigurations": [],
    }
    assert request["ProfilerConfig"] == {
        "S3OutputPath": f"s3://{BUCKET}/",
        "DisableProfiler": False,
    }
    assert request["TrainingJobName"].startswith("trainer-")
    assert "HyperParameters" not in request


def test_debugger_and_profiler_can_be_turned_off(pipeline_session: PipelineSession) -> None:
    estimator = _estimator(pipeline_session, debugger_hook_config=False, disable_profiler=True)
    request = compile_request(estimator.fit(), pipeline_session)
    assert "DebugHookConfig" not in request
    assert request["ProfilerConfig"] == {"DisableProfiler": True}
    assert "InputDataConfig" not in request


def test_input_mode_of_a_single_training_input_wins(pipeline_session: PipelineSession) -> None:
    step_args = _estimator(pipeline_session).fit(TrainingInput("s3://b/t", input_mode="Pipe"))
    request = compile_request(step_args, pipeline_session)
    assert request["AlgorithmSpecification"]["TrainingInputMode"] == "Pipe"


def test_framework_estimator_encodes_hyperparameters_and_packs_code(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    source = _source_dir(workdir)
    lr = ParameterString(name="LR", default_value="0.1")
    estimator = SKLearn(
        entry_point="train.py",
        source_dir=source,
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        hyperparameters={"alpha": 0.5, "name": "run", "flag": True, "lr": lr},
        sagemaker_session=pipeline_session,
    )
    request = compile_request(estimator.fit({"train": "s3://b/t"}), pipeline_session, "Pipe")
    digest = hash_files_or_dirs([source])
    archive = f"s3://{BUCKET}/Pipe/code/{digest}/sourcedir.tar.gz"
    hyperparameters = request["HyperParameters"]
    assert {k: v for k, v in hyperparameters.items() if k != "sagemaker_job_name"} == {
        "alpha": "0.5",
        "name": '"run"',
        "flag": "true",
        "lr": {"Get": "Parameters.LR"},
        "sagemaker_submit_directory": f'"{archive}"',
        "sagemaker_program": '"train.py"',
        "sagemaker_container_log_level": "20",
        "sagemaker_region": '"us-west-2"',
    }
    assert hyperparameters["sagemaker_job_name"].startswith('"sagemaker-scikit-learn-')
    assert _archive_names(store, archive) == ["train.py", "util.py"]
    image = request["AlgorithmSpecification"]["TrainingImage"]
    assert image.endswith("sagemaker-scikit-learn:1.2-1-cpu-py3")


def test_outside_a_pipeline_code_goes_under_the_job_name(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    (workdir / "entry.py").write_text("print(1)\n")
    estimator = XGBoost(
        entry_point="entry.py",
        framework_version="1.7-1",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        base_job_name="xgb",
        sagemaker_session=pipeline_session,
    )
    request = estimator.fit("s3://b/t").request_dict
    job_name = request["TrainingJobName"]
    archive = f"s3://{BUCKET}/{job_name}/source/sourcedir.tar.gz"
    assert request["HyperParameters"]["sagemaker_submit_directory"] == f'"{archive}"'
    assert _archive_names(store, archive) == ["entry.py"]
    assert estimator.uploaded_code.script_name == "entry.py"


def test_code_location_chooses_bucket_and_prefix(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    source = _source_dir(workdir)
    estimator = _estimator(
        pipeline_session,
        entry_point="train.py",
        source_dir=source,
        code_location="s3://code-bucket/team",
        hyperparameters={"epochs": 2},
    )
    request = compile_request(estimator.fit(), pipeline_session, "Pipe")
    digest = hash_files_or_dirs([source])
    archive = f"s3://code-bucket/team/Pipe/code/{digest}/sourcedir.tar.gz"
    assert request["HyperParameters"]["sagemaker_submit_directory"] == f'"{archive}"'
    # with a source_dir, the generic Estimator JSON-encodes its hyperparameters too
    assert request["HyperParameters"]["epochs"] == "2"
    assert store.exists(archive)


def test_model_and_code_channels(pipeline_session: PipelineSession, workdir: Path) -> None:
    (workdir / "entry.py").write_text("print(1)\n")
    estimator = _estimator(
        pipeline_session,
        entry_point="entry.py",
        enable_network_isolation=True,
        model_uri="s3://b/model.tar.gz",
    )
    request = compile_request(estimator.fit({"train": "s3://b/t"}), pipeline_session)
    names = [channel["ChannelName"] for channel in request["InputDataConfig"]]
    assert names == ["train", "model", "code"]
    model = request["InputDataConfig"][1]
    assert model["ContentType"] == "application/x-sagemaker-model"
    assert model["InputMode"] == "File"
    assert request["EnableNetworkIsolation"] is True
    submit_dir = request["HyperParameters"]["sagemaker_submit_directory"]
    assert submit_dir == '"/opt/ml/input/data/code/sourcedir.tar.gz"'


def test_reserved_channel_names_cannot_be_reused(pipeline_session: PipelineSession) -> None:
    estimator = _estimator(pipeline_session, model_uri="s3://b/model.tar.gz")
    step_args = estimator.fit({"model": "s3://b/other"})
    with pytest.raises(ValueError, match="training channel 'model' is given twice"):
        compile_request(step_args, pipeline_session)


def test_optional_settings_reach_the_request(pipeline_session: PipelineSession) -> None:
    estimator = _estimator(
        pipeline_session,
        output_path="s3://out/models",
        output_kms_key="out-key",
        volume_kms_key="vol-key",
        subnets=["s1"],
        security_group_ids=["sg"],
        encrypt_inter_container_traffic=True,
        use_spot_instances=True,
        max_wait=100,
        max_run=50,
        checkpoint_s3_uri="s3://b/ck",
        checkpoint_local_path="/opt/ml/checkpoints",
        environment={"A": "1"},
        tags=[{"Key": "k", "Value": "v"}],
        metric_definitions=[{"Name": "loss", "Regex": "loss=(.*)"}],
        enable_sagemaker_metrics=True,
        container_entry_point=["python"],
        container_arguments=["x.py"],
        max_retry_attempts=3,
        keep_alive_period_in_seconds=60,
        disable_output_compression=True,
        training_repository_access_mode="Vpc",
        enable_remote_debug=True,
        enable_infra_check=True,
    )
    request = compile_request(estimator.fit(), pipeline_session)
    assert request["OutputDataConfig"] == {
        "S3OutputPath": "s3://out/models",
        "KmsKeyId": "out-key",
        "CompressionType": "NONE",
    }
    assert request["ResourceConfig"]["VolumeKmsKeyId"] == "vol-key"
    assert request["ResourceConfig"]["KeepAlivePeriodInSeconds"] == 60
    assert request["VpcConfig"] == {"Subnets": ["s1"], "SecurityGroupIds": ["sg"]}
    assert request["EnableInterContainerTrafficEncryption"] is True
    assert request["EnableManagedSpotTraining"] is True
    assert request["StoppingCondition"] == {"MaxRuntimeInSeconds": 50, "MaxWaitTimeInSeconds": 100}
    assert request["CheckpointConfig"] == {"S3Uri": "s3://b/ck", "LocalPath": "/opt/ml/checkpoints"}
    assert request["Environment"] == {"A": "1"}
    assert request["Tags"] == [{"Key": "k", "Value": "v"}]
    specification = request["AlgorithmSpecification"]
    assert specification["MetricDefinitions"] == [{"Name": "loss", "Regex": "loss=(.*)"}]
    assert specification["EnableSageMakerMetricsTimeSeries"] is True
    assert specification["ContainerEntrypoint"] == ["python"]
    assert specification["ContainerArguments"] == ["x.py"]
    assert specification["TrainingImageConfig"] == {"TrainingRepositoryAccessMode": "Vpc"}
    assert request["RetryStrategy"] == {"MaximumRetryAttempts": 3}
    assert request["RemoteDebugConfig"] == {"EnableRemoteDebug": True}
    assert request["InfraCheckConfig"] == {"EnableInfraCheck": True}
    assert request["DebugHookConfig"]["S3OutputPath"] == "s3://out/models"


def test_pytorch_distribution_becomes_hyperparameters(pipeline_session: PipelineSession) -> None:
    estimator = PyTorch(
        entry_point="s3-free.py",
        source_dir="s3://b/code/sourcedir.tar.gz",
        framework_version="2.3",
        py_version="py311",
        role=ROLE,
        instance_count=2,
        instance_type="ml.c5.xlarge",
        distribution={"mpi": {"enabled": True, "processes_per_host": 2}},
        sagemaker_session=pipeline_session,
    )
    request = compile_request(estimator.fit("s3://b/t"), pipeline_session)
    hyperparameters = request["HyperParameters"]
    assert hyperparameters["sagemaker_mpi_enabled"] == "true"
    assert hyperparameters["sagemaker_mpi_num_of_processes_per_host"] == "2"
    assert hyperparameters["sagemaker_mpi_custom_mpi_options"] == '""'
    assert hyperparameters["sagemaker_submit_directory"] == '"s3://b/code/sourcedir.tar.gz"'
    assert request["AlgorithmSpecification"]["EnableSageMakerMetricsTimeSeries"] is True
    image = request["AlgorithmSpecification"]["TrainingImage"]
    assert image == "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.3-cpu-py311"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ("file:///tmp/data", "file:// URIs"),
        ("data/train.csv", "must be an S3 URI starting with 's3://'"),
        (42, "cannot use 42 as training input"),
        ({"train": 42}, "training channel 'train': cannot use 42"),
        (ParameterString(name="Uri"), "cannot use ParameterString"),
    ],
)
def test_bad_inputs_are_rejected_when_fit_is_called(
    pipeline_session: PipelineSession, inputs: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _estimator(pipeline_session).fit(inputs)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda s: SKLearn(
                "t.py",
                framework_version="1.2-1",
                instance_type="ml.p3.8xlarge",
                sagemaker_session=s,
            ),
            ValueError,
            "does not train on GPUs",
        ),
        (
            lambda s: SKLearn(
                "t.py", framework_version="1.2-1", py_version="py2", sagemaker_session=s
            ),
            AttributeError,
            "only supports Python 3",
        ),
        (
            lambda s: SKLearn(
                "t.py",
                framework_version="1.2-1",
                instance_count=2,
                instance_type="ml.m5.xlarge",
                sagemaker_session=s,
            ),
            AttributeError,
            "does not support distributed training",
        ),
        (
            lambda s: SKLearn(
                "t.py",
                framework_version="1.2-1",
                instance_type="ml.m5.xlarge",
                instance_count=ParameterInteger(name="N"),
                sagemaker_session=s,
            ),
            TypeError,
            "instance_count cannot be a pipeline variable",
        ),
        (
            lambda s: SKLearn("t.py", py_version="py3", sagemaker_session=s),
            ValueError,
            "give both framework_version and py_version, or give image_uri",
        ),
        (
            lambda s: XGBoost(
                "t.py", framework_version="1.7-1", py_version="py2", sagemaker_session=s
            ),
            ValueError,
            "Unsupported Python version: py2",
        ),
        (
            lambda s: XGBoost("t.py", framework_version="1.1-1", sagemaker_session=s),
            ValueError,
            "XGBoost 1.1 is not supported",
        ),
        (
            lambda s: PyTorch(framework_version="2.1", py_version="py310", sagemaker_session=s),
            ValueError,
            "PyTorch needs entry_point=",
        ),
        (
            lambda s: PyTorch(
                "t.py",
                framework_version="2.1",
                py_version="py310",
                distribution={"smdistributed": {}},
                sagemaker_session=s,
            ),
            ValueError,
            "distribution strategy smdistributed is not supported",
        ),
        (
            lambda s: XGBoost("s3://b/t.py", framework_version="1.7-1", sagemaker_session=s),
            ValueError,
            "Invalid entry point script: s3://b/t.py",
        ),
        (
            lambda s: Estimator(
                IMAGE, entry_point=ParameterString(name="E"), source_dir="src", sagemaker_session=s
            ),
            TypeError,
            "entry_point cannot be a pipeline variable when source_dir is a local path",
        ),
        (
            lambda s: Estimator(IMAGE, git_config={"repo": "x"}, sagemaker_session=s),
            ValueError,
            "git_config is not supported",
        ),
        (
            lambda s: Estimator(IMAGE, rules=["rule"], sagemaker_session=s),
            ValueError,
            "rules are not supported",
        ),
        (
            lambda s: Estimator(IMAGE, subnets=["s1"], sagemaker_session=s),
            RuntimeError,
            "give both subnets and security_group_ids",
        ),
        (
            lambda s: Estimator(IMAGE, no_such_argument=1, sagemaker_session=s),
            TypeError,
            "unexpected estimator arguments: no_such_argument",
        ),
    ],
)
def test_bad_settings_are_rejected(
    pipeline_session: PipelineSession, build: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        build(pipeline_session)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"image_uri": None}, "no training image; pass image_uri="),
        ({"instance_count": None}, "instance_count and instance_type are required"),
        (
            {"entry_point": "missing.py", "source_dir": "."},
            'No file named "missing.py" was found in directory "."',
        ),
    ],
)
def test_incomplete_settings_are_reported_when_the_request_is_built(
    pipeline_session: PipelineSession, workdir: Path, kwargs: dict[str, Any], message: str
) -> None:
    step_args = _estimator(pipeline_session, **kwargs).fit()
    with pytest.raises(ValueError, match=message):
        compile_request(step_args, pipeline_session)


def test_model_data_before_any_job_is_a_guess(
    pipeline_session: PipelineSession, caplog: pytest.LogCaptureFixture
) -> None:
    estimator = _estimator(pipeline_session, output_path="s3://out/models")
    assert estimator.fit("s3://b/t", job_name="job-7").request_dict["TrainingJobName"] == "job-7"
    with caplog.at_level(logging.WARNING):
        assert estimator.model_data == "s3://out/models/job-7/output/model.tar.gz"
    assert "no finished training job" in caplog.text


def test_framework_training_image(pipeline_session: PipelineSession) -> None:
    estimator = PyTorch(
        "t.py",
        framework_version="1.8.0",
        py_version="py36",
        instance_type="ml.p3.2xlarge",
        sagemaker_session=pipeline_session,
    )
    assert estimator.training_image_uri() == (
        "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.8.0-gpu-py36"
    )
    assert estimator.training_image_uri(region="eu-west-1").startswith(
        "763104351884.dkr.ecr.eu-west-1"
    )
