"""Model.create() and Model.register(): requests, code upload, repacking, errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dagmaker.errors import DefinitionError
from dagmaker.model import Model, ModelPackage
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow._model_step_arguments import _ModelStepArguments
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.steps import CreateModelStep
from tests.sdk_models.conftest import RecordingClient
from tests.sdk_models.helpers import (
    BUCKET,
    IMAGE,
    ROLE,
    tar_bytes,
    tar_members,
)

FROZEN = 1700000000.125
STAMP = "2023-11-14-22-13-20-125"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: FROZEN)


def test_create_with_a_plain_session_creates_the_model_now(
    plain_session: object, client: RecordingClient
) -> None:
    model = Model(IMAGE, "s3://test-bucket/model.tar.gz", ROLE, sagemaker_session=plain_session)
    assert model.create(instance_type="ml.m5.large", tags={"team": "ml"}) is None
    assert client.called("create_model") == [
        {
            "ModelName": f"my-inference-{STAMP}",
            "ExecutionRoleArn": ROLE,
            "PrimaryContainer": {
                "Image": IMAGE,
                "Environment": {},
                "ModelDataUrl": "s3://test-bucket/model.tar.gz",
            },
            "Tags": [{"Key": "team", "Value": "ml"}],
        }
    ]
    assert model.name == f"my-inference-{STAMP}"


def test_create_under_a_pipeline_session_only_captures(
    pipeline_session: object, client: RecordingClient
) -> None:
    model = Model(
        IMAGE, ParameterString("Data"), ROLE, sagemaker_session=pipeline_session, name="mine"
    )
    step_args = model.create()
    assert isinstance(step_args, _ModelStepArguments)
    assert step_args.caller_name == "create_model"
    assert step_args.create_model_package_request is None
    assert step_args.create_model_request["ModelName"] == "mine"
    assert client.calls == []


def test_an_entry_point_is_uploaded_and_named_in_the_environment(
    workdir: Path, plain_session: object, store: InMemoryArtifactStore
) -> None:
    model = Model(
        IMAGE,
        "s3://test-bucket/model.tar.gz",
        ROLE,
        name="with-code",
        entry_point="code/inference.py",
        sagemaker_session=plain_session,
    )
    container = model.prepare_container_def()
    uri = f"s3://{BUCKET}/with-code/sourcedir.tar.gz"
    assert container["Environment"] == {
        "SAGEMAKER_PROGRAM": "inference.py",
        "SAGEMAKER_SUBMIT_DIRECTORY": uri,
        "SAGEMAKER_CONTAINER_LOG_LEVEL": "20",
        "SAGEMAKER_REGION": "us-west-2",
    }
    assert set(tar_members(store.read_bytes(uri))) == {"inference.py"}


def test_code_location_decides_where_code_goes(workdir: Path, plain_session: object) -> None:
    model = Model(
        IMAGE,
        "s3://test-bucket/model.tar.gz",
        ROLE,
        entry_point="code/inference.py",
        code_location="s3://other-bucket/prefix",
        sagemaker_session=plain_session,
    )
    container = model.prepare_container_def()
    assert container["Environment"]["SAGEMAKER_SUBMIT_DIRECTORY"] == (
        f"s3://other-bucket/prefix/my-inference-{STAMP}/sourcedir.tar.gz"
    )


def test_a_model_in_s3_is_repacked_with_its_code_now(
    workdir: Path, plain_session: object, store: InMemoryArtifactStore
) -> None:
    store.write_bytes("s3://test-bucket/models/model.tar.gz", tar_bytes({"weights.bin": b"w"}))
    model = Model(
        IMAGE,
        "s3://test-bucket/models/model.tar.gz",
        ROLE,
        name="repacked",
        entry_point="inference.py",
        source_dir="code",
        dependencies=["libs/helpers"],
        sagemaker_session=plain_session,
    )
    container = model.prepare_container_def()
    repacked = f"s3://{BUCKET}/repacked/model.tar.gz"
    assert container["ModelDataUrl"] == repacked
    assert container["Environment"]["SAGEMAKER_SUBMIT_DIRECTORY"] == "/opt/ml/model/code"
    assert tar_members(store.read_bytes(repacked)) == {
        "weights.bin": b"w",
        "code/inference.py": b"def model_fn(model_dir):\n    return 1\n",
        "code/requirements.txt": b"numpy\n",
        "code/helpers/scale.py": b"FACTOR = 2\n",
        "code/lib/helpers/scale.py": b"FACTOR = 2\n",
    }


def test_register_with_a_plain_session_creates_the_group_and_the_package(
    plain_session: object, client: RecordingClient
) -> None:
    client.missing_groups = {"grp"}
    arn = "arn:aws:sagemaker:us-west-2:000000000000:model-package/grp/1"
    client.responses["create_model_package"] = {"ModelPackageArn": arn}
    model = Model(IMAGE, "s3://test-bucket/model.tar.gz", ROLE, sagemaker_session=plain_session)
    package = model.register(
        content_types=["text/csv"],
        response_types=["text/csv"],
        model_package_group_name="grp",
        description="first",
    )
    assert isinstance(package, ModelPackage)
    assert package.model_package_arn == arn
    assert [name for name, _ in client.calls] == [
        "describe_model_package_group",
        "create_model_package_group",
        "create_model_package",
    ]
    request = client.called("create_model_package")[0]
    assert request["ModelPackageGroupName"] == "grp"
    assert request["ModelPackageDescription"] == "first"
    assert request["CertifyForMarketplace"] is False
    assert request["ModelApprovalStatus"] == "PendingManualApproval"
    assert request["SkipModelValidation"] == "None"
    assert request["InferenceSpecification"]["Containers"][0]["Image"] == IMAGE


def test_register_into_an_existing_group_does_not_create_it(
    plain_session: object, client: RecordingClient
) -> None:
    client.responses["create_model_package"] = {"ModelPackageArn": "arn:p/1"}
    model = Model(IMAGE, "s3://test-bucket/model.tar.gz", ROLE, sagemaker_session=plain_session)
    model.register(content_types=["text/csv"], response_types=["text/csv"])
    assert [name for name, _ in client.calls] == [
        "describe_model_package_group",
        "create_model_package",
    ]
    # Without a group or package name the group is named after the image.
    assert client.called("create_model_package")[0]["ModelPackageGroupName"] == "my-inference"


def test_approving_a_model_package(plain_session: object, client: RecordingClient) -> None:
    package = ModelPackage(model_package_arn="arn:p/1", sagemaker_session=plain_session)
    package.update_approval_status("Approved", approval_description="looks good")
    assert client.called("update_model_package") == [
        {
            "ModelPackageArn": "arn:p/1",
            "ModelApprovalStatus": "Approved",
            "ApprovalDescription": "looks good",
        }
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"model_package_name": "one", "model_package_group_name": "grp"},
            "cannot be present at the same time",
        ),
        (
            {"model_package_name": "one"},
            "inference_instances and transform_instances must be provided",
        ),
        (
            {"model_package_name": "one", "inference_instances": ["a"], "source_uri": "s3://x"},
            "cannot have a source_uri",
        ),
    ],
)
def test_register_rejects_what_sagemaker_rejects(
    pipeline_session: object, kwargs: dict, message: str
) -> None:
    model = Model(IMAGE, "s3://test-bucket/model.tar.gz", ROLE, sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match=message):
        model.register(
            content_types=["a"], response_types=["b"], transform_instances=["c"], **kwargs
        )


def test_deploy_is_not_a_pipeline_step(pipeline_session: object) -> None:
    model = Model(IMAGE, "s3://test-bucket/model.tar.gz", ROLE, sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match=r"PipelineSession defers"):
        model.deploy(initial_instance_count=1, instance_type="ml.m5.large")


def test_git_config_is_refused() -> None:
    with pytest.raises(ValueError, match="git_config is not supported"):
        Model(IMAGE, "s3://b/m.tar.gz", ROLE, git_config={"repo": "https://example.com/r.git"})


def test_delete_model_needs_a_created_model(plain_session: object, client: RecordingClient) -> None:
    model = Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=plain_session)
    with pytest.raises(ValueError, match=r"create it with model\.create"):
        model.delete_model()
    model.create()
    model.delete_model()
    assert client.called("delete_model") == [{"ModelName": model.name}]


def test_a_runtime_repack_needs_a_model_step(workdir: Path, pipeline_session: object) -> None:
    model = Model(
        IMAGE,
        ParameterString("ModelData"),
        ROLE,
        entry_point="inference.py",
        source_dir="code",
        sagemaker_session=pipeline_session,
    )
    step = CreateModelStep(name="Create", step_args=model.create())
    with pytest.raises(DefinitionError, match=r"only ModelStep does; use ModelStep"):
        _ = step.arguments


def test_transformer_creates_the_model_first(
    plain_session: object, client: RecordingClient
) -> None:
    model = Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=plain_session, name="m1")
    transformer = model.transformer(1, "ml.m5.large", accept="text/csv")
    assert client.called("create_model")[0]["ModelName"] == "m1"
    assert (transformer.model_name, transformer.accept) == ("m1", "text/csv")


def test_transformer_is_refused_in_a_pipeline(pipeline_session: object) -> None:
    model = Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match=r"use ModelStep\(step_args=model\.create"):
        model.transformer(1, "ml.m5.large")
