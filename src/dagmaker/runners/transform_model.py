"""Putting a model's containers into a transform job's workspace.

For each container of the DescribeModel document (``PrimaryContainer``, or ``Containers``
of an inference pipeline) the model artifact is unpacked into ``/opt/ml/model`` (with
several containers: ``/opt/ml/models/<n>/model``) and the inference script is found the
way SageMaker's containers find it: ``SAGEMAKER_SUBMIT_DIRECTORY`` (a ``sourcedir.tar.gz``
in S3, or a path inside the model such as ``/opt/ml/model/code``), else the ``code/``
folder of a repacked model, else the model folder itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.runners.builtin.inference.job_config import ContainerConfig
from dagmaker.runners.images import ImageTable
from dagmaker.runners.packaging import extract_archive, temp_file
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import download_prefix

OPT_ML_MODEL = "/opt/ml/model"


@dataclass(frozen=True)
class StagedContainer:
    """A container ready to serve inside the job.

    Attributes:
        config: What the job program needs to load it.
        environment: The container's ``Environment``.
        python: The interpreter its image maps to (None: dagmaker's own).
    """

    config: ContainerConfig
    environment: dict[str, str]
    python: str | None


def containers_of(model: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The model's containers in request order.

    Raises:
        JobFailure: when the model has none, or uses a model package dagmaker cannot run.
    """
    containers = list(model.get("Containers") or [])
    if not containers and model.get("PrimaryContainer"):
        containers = [model["PrimaryContainer"]]
    if not containers:
        raise JobFailure(f"ClientError: model {name!r} has no PrimaryContainer or Containers")
    for container in containers:
        if not container.get("Image") and container.get("ModelPackageName"):
            raise JobFailure(
                f"ClientError: model {name!r} refers to model package "
                f"{container['ModelPackageName']!r}; batch transform of model-package models "
                "is not supported yet: create the model from the package's image and "
                "ModelDataUrl instead"
            )
    return containers


def framework_of(image: str, runtime: str, has_script: bool) -> str:
    """Which framework defaults serve ``image`` (``xgboost-algorithm`` without a script)."""
    lower = image.lower()
    if runtime == "builtin:automl":
        return "automl"
    if runtime == "builtin:xgboost" or "xgboost" in lower:
        return "xgboost" if has_script else "xgboost-algorithm"
    if "scikit-learn" in lower or "sklearn" in lower:
        return "sklearn"
    if "pytorch" in lower:
        return "pytorch"
    return "generic"


class ContainerStager:
    """Downloads and unpacks containers' models and code into one workspace."""

    def __init__(self, store: ArtifactStore, images: ImageTable, workspace: Path, scratch: Path):
        self.store = store
        self.images = images
        self.workspace = workspace
        self.scratch = scratch

    def stage(self, container: dict[str, Any], index: int, count: int) -> StagedContainer:
        """Stage container ``index`` of ``count``.

        Raises:
            JobFailure: when the image cannot run here or an artifact cannot be unpacked.
        """
        root = "" if count == 1 else f"models/{index + 1}/"
        model_dir = f"{root}model"
        image = str(container.get("Image") or "")
        environment = {str(k): str(v) for k, v in (container.get("Environment") or {}).items()}
        self._stage_model(container, self.workspace / model_dir)
        code_dir = self._stage_code(environment.get("SAGEMAKER_SUBMIT_DIRECTORY", ""), root)
        if not code_dir:
            code_dir = f"{model_dir}/code" if (self.workspace / model_dir / "code").is_dir() else ""
        program = environment.get("SAGEMAKER_PROGRAM", "").strip()
        runtime = self._runtime(image)
        config = ContainerConfig(
            framework=framework_of(image, runtime, bool(program)),
            model_dir=model_dir,
            code_dir=code_dir or model_dir,
            program=program,
            image=image,
        )
        python = runtime.split(":", 1)[1] if runtime.startswith("python:") else None
        return StagedContainer(config, environment, python)

    def _runtime(self, image: str) -> str:
        try:
            runtime = self.images.runtime(image)
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error.details()}") from None
        if runtime == "docker":
            raise JobFailure(
                f"ClientError: image {image!r} is mapped to Docker, which batch transform does "
                "not use yet; map it to a Python runtime: "
                f"dagmaker images map '{image}' --to python"
            )
        return runtime

    def _stage_model(self, container: dict[str, Any], target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        source = (container.get("ModelDataSource") or {}).get("S3DataSource") or {}
        uri = str(container.get("ModelDataUrl") or source.get("S3Uri") or "")
        if not uri:
            return
        if not uri.startswith("s3://"):
            raise JobFailure(f"ClientError: ModelDataUrl {uri!r} is not an s3:// URI")
        if source.get("CompressionType") == "None" or not self.store.exists(uri):
            if not download_prefix(self.store, uri, target):
                raise JobFailure(f"ClientError: the model data {uri} does not exist")
            return
        self._unpack(uri, target, "model data")

    def _stage_code(self, submit_directory: str, root: str) -> str:
        """Where the inference script is, relative to /opt/ml ("" when not given)."""
        if submit_directory.startswith(OPT_ML_MODEL):
            return f"{root}model{submit_directory[len(OPT_ML_MODEL) :].rstrip('/')}"
        if submit_directory.startswith("s3://"):
            self._unpack(submit_directory, self.workspace / f"{root}code", "source directory")
            return f"{root}code"
        return ""

    def _unpack(self, uri: str, target: Path, what: str) -> None:
        archive = temp_file(self.scratch, ".tar.gz")
        try:
            try:
                self.store.download_file(uri, archive)
            except NotFound:
                raise JobFailure(f"ClientError: the {what} {uri} does not exist") from None
            extract_archive(archive, target, f"the {what} {uri}")
        finally:
            archive.unlink(missing_ok=True)
