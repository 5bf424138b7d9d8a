"""The training step that repacks a model archive with its inference code.

``ModelStep`` (and the legacy ``RegisterModel``) put it in front of the model step when
a model's code must travel inside its archive but the archive exists only at run time.
It is a scikit-learn script-mode training job, as SageMaker's SDK makes it: the model
archive is its ``training`` channel, the entry point is ``_repack_script_launcher.sh``,
and the hyperparameters ``inference_script``, ``model_archive``, ``dependencies`` and
``source_dir`` tell the repack program what to do (see ``dagmaker.workflow._repack``).

The job's code bundle holds the user's code (``source_dir``, or just the entry point)
plus dagmaker's two helper files. Unlike SageMaker's SDK, dagmaker does not copy the
helpers into the user's ``source_dir``: it stages a copy when the step is compiled.
The code hash in the bundle's S3 key is that of the user's own code, as the SDK's is.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from dagmaker._sdk.s3_upload import split_s3_uri
from dagmaker.inputs import TrainingInput
from dagmaker.sklearn.estimator import SKLearn
from dagmaker.workflow._repack import REPACK_SCRIPT_LAUNCHER, helper_paths
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.pipeline_context import capturing
from dagmaker.workflow.retry import RetryPolicy
from dagmaker.workflow.steps import TrainingStep
from dagmaker.workflow.utilities import hash_files_or_dirs

FRAMEWORK_VERSION = "1.2-1"
INSTANCE_TYPE = "ml.m5.large"


class _RepackEstimator(SKLearn):
    """The repack job's estimator; its code hash is that of the user's inference code."""

    def __init__(self, user_code: list[str] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._user_code = user_code

    def _training_code_hash(self) -> str | None:
        return hash_files_or_dirs(self._user_code) if self._user_code else None


def _user_code(entry_point: str, source_dir: Any, dependencies: list[str]) -> list[str] | None:
    """The local paths whose content names the code folder (``None``: code is in S3)."""
    if is_pipeline_variable(source_dir) or str(source_dir or "").lower().startswith("s3://"):
        return None
    return [str(source_dir or entry_point), *dependencies]


class _RepackModelStep(TrainingStep):
    """Repack ``model_data`` with ``entry_point`` (and ``source_dir``, ``dependencies``).

    Its ``properties.ModelArtifacts.S3ModelArtifacts`` is the repacked archive.
    """

    def __init__(
        self,
        name: str,
        sagemaker_session: Any,
        role: Any,
        model_data: Any,
        entry_point: str,
        display_name: str | None = None,
        description: str | None = None,
        source_dir: Any = None,
        dependencies: list[str] | None = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
        subnets: list[Any] | None = None,
        security_group_ids: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if model_data is None:
            raise ValueError(f"repack step {name!r}: the model has no model_data to repack")
        self._entry_point = entry_point
        self._source_dir = source_dir
        self._dependencies = list(dependencies or [])
        self.sagemaker_session = sagemaker_session
        repacker = _RepackEstimator(
            _user_code(entry_point, source_dir, self._dependencies),
            framework_version=kwargs.pop("framework_version", None) or FRAMEWORK_VERSION,
            instance_type=kwargs.pop("instance_type", None) or INSTANCE_TYPE,
            entry_point=REPACK_SCRIPT_LAUNCHER,
            source_dir=source_dir,
            dependencies=self._dependencies,
            sagemaker_session=sagemaker_session,
            role=role,
            hyperparameters={
                "inference_script": Path(entry_point).name,
                "model_archive": model_data,
                "dependencies": " ".join(self._dependencies) or None,
                "source_dir": source_dir,
            },
            subnets=subnets,
            security_group_ids=security_group_ids,
            **kwargs,
        )
        repacker.disable_profiler = True
        with capturing():
            step_args = repacker.fit(TrainingInput(model_data))
        super().__init__(
            name=name,
            step_args=step_args,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
        )
        self.estimator = repacker

    @property
    def arguments(self) -> dict[str, Any]:
        """The training request, with the code bundle staged from the user's code."""
        with tempfile.TemporaryDirectory(prefix="dagmaker-repack-code-") as staging:
            self._stage(Path(staging))
            self.estimator.source_dir = staging
            try:
                return super().arguments
            finally:
                self.estimator.source_dir = self._source_dir

    def _stage(self, staging: Path) -> None:
        source_dir = self._source_dir
        if is_pipeline_variable(source_dir):
            raise ValueError(
                f"repack step {self.name!r}: source_dir cannot be a pipeline variable; its "
                "files are packed when the pipeline definition is built"
            )
        if source_dir and str(source_dir).lower().startswith("s3://"):
            self._download_source(str(source_dir), staging)
        elif source_dir:
            shutil.copytree(str(source_dir), staging, dirs_exist_ok=True)
        else:
            shutil.copy2(self._entry_point, staging / Path(self._entry_point).name)
        for helper in helper_paths():
            shutil.copy2(helper, staging / helper.name)

    def _download_source(self, uri: str, staging: Path) -> None:
        bucket, key = split_s3_uri(uri)
        archive = staging / "source.tar.gz"
        self.sagemaker_session.s3_client.download_file(
            Bucket=bucket, Key=key, Filename=str(archive)
        )
        with tarfile.open(archive, mode="r:*") as tar:
            tar.extractall(staging, filter="data")
        archive.unlink()
