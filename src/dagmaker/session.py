"""The session: which SageMaker API client and which artifact store SDK objects talk to.

``Session()`` talks to the local dagmaker API (``dagmaker.api.connect()``), created on
first use, and to its S3-compatible artifact store (``dagmaker.api.connect_s3()``);
``Session(endpoint_url=...)`` or ``DAGMAKER_ENDPOINT_URL`` sends both to a dagmaker server.
Both clients use boto3's method names and shapes, so a client can also be passed in.
Credentials, regions and SageMaker config files do not apply locally and are ignored.
"""

from __future__ import annotations

import importlib
import logging
import os
import posixpath
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from dagmaker._sdk.session_endpoints import EndpointSessionMethods
from dagmaker._sdk.session_endpoints import production_variant as production_variant
from dagmaker.errors import InvalidRequest, JobFailure

logger = logging.getLogger(__name__)

DEFAULT_BUCKET = "dagmaker-default-bucket"
LOCAL_REGION = "local"
LOCAL_ROLE_ARN = "arn:aws:iam::000000000000:role/dagmaker-local"
_API_MODULE = "dagmaker.api"
_RUNNING = ("InProgress", "Starting", "Stopping", "Created", "Pending")


def get_execution_role(sagemaker_session: Session | None = None, use_default: bool = False) -> str:
    """The role ARN to pass where SageMaker wants one; locally it is a placeholder."""
    return LOCAL_ROLE_ARN


class Session(EndpointSessionMethods):
    """Access to the SageMaker API and the artifact store.

    A ``sagemaker_runtime_client`` may be passed (for ``invoke_endpoint``); other
    SageMaker ``Session`` arguments (``settings``, ``sagemaker_config``, …) are accepted
    and ignored.

    Attributes:
        boto_session: Kept for compatibility; not used locally.
        default_bucket_prefix: Key prefix for objects put in the default bucket.
        local_mode: ``True`` for sessions whose executions run in-process.
        endpoint_url: A dagmaker server to send API and S3 calls to (``dagmaker server``).
    """

    local_mode = False

    def __init__(
        self,
        boto_session: Any = None,
        sagemaker_client: Any = None,
        default_bucket: str | None = None,
        default_bucket_prefix: str | None = None,
        *,
        s3_client: Any = None,
        endpoint_url: str | None = None,
        **ignored: Any,
    ) -> None:
        self.boto_session = boto_session
        # A dagmaker server to talk to instead of the local engine (else the
        # DAGMAKER_ENDPOINT_URL setting, read where the client is made).
        self.endpoint_url = endpoint_url
        self._sagemaker_client = sagemaker_client
        self._s3_client = s3_client
        self._sagemaker_runtime_client = ignored.get("sagemaker_runtime_client")
        # A Session is where SDK users start, so this is where the setting is read.
        self._default_bucket = (
            default_bucket or os.environ.get("DAGMAKER_DEFAULT_BUCKET") or DEFAULT_BUCKET
        )
        self.default_bucket_prefix = default_bucket_prefix
        self.sagemaker_config: dict[str, Any] | None = None

    @property
    def sagemaker_client(self) -> Any:
        """The SageMaker API client (the local dagmaker API unless one was given)."""
        if self._sagemaker_client is None:
            options = self._connect_options()
            if self.endpoint_url:
                options["endpoint_url"] = self.endpoint_url
            self._sagemaker_client = self._api().connect(**options)
        return self._sagemaker_client

    @sagemaker_client.setter
    def sagemaker_client(self, client: Any) -> None:
        self._sagemaker_client = client

    @property
    def s3_client(self) -> Any:
        """The artifact store client, with boto3's S3 method names."""
        if self._s3_client is None:
            options = {"endpoint_url": self.endpoint_url} if self.endpoint_url else {}
            self._s3_client = self._api().connect_s3(**options)
        return self._s3_client

    @s3_client.setter
    def s3_client(self, client: Any) -> None:
        self._s3_client = client

    @property
    def lambda_client(self) -> Any:
        """The local Lambda client, with boto3's Lambda method names."""
        if getattr(self, "_lambda_client", None) is None:
            self._lambda_client = self._api().connect_lambda()
        return self._lambda_client

    @lambda_client.setter
    def lambda_client(self, client: Any) -> None:
        self._lambda_client = client

    def _connect_options(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def _api() -> Any:
        # The one seam from the SDK to the API layer: resolved at run time so the SDK
        # does not depend on the execution stack (see the import-linter contracts).
        return importlib.import_module(_API_MODULE)

    @property
    def boto_region_name(self) -> str:
        """Always ``"local"``."""
        return LOCAL_REGION

    def default_bucket(self) -> str:
        """The bucket used when no bucket is given."""
        return self._default_bucket

    def account_id(self) -> str:
        """The placeholder account id of local ARNs."""
        return "000000000000"

    # -- artifacts -------------------------------------------------------------------

    def upload_data(
        self,
        path: str,
        bucket: str | None = None,
        key_prefix: str = "data",
        extra_args: dict[str, Any] | None = None,
        callback: Any = None,
    ) -> str:
        """Upload a file or a directory tree.

        Returns:
            ``s3://bucket/key_prefix/<file name>`` for a file, ``s3://bucket/key_prefix``
            for a directory.
        """
        bucket, key_prefix = self._bucket_and_prefix(bucket, key_prefix)
        source = Path(path)
        if not source.exists():
            raise InvalidRequest(f"cannot upload {path!r}: no such file or directory")
        if source.is_dir():
            for file, relative in _files_under(source):
                self.s3_client.upload_file(
                    Filename=str(file), Bucket=bucket, Key=f"{key_prefix}/{relative}"
                )
            return f"s3://{bucket}/{key_prefix}"
        key = f"{key_prefix}/{source.name}"
        self.s3_client.upload_file(Filename=str(source), Bucket=bucket, Key=key)
        return f"s3://{bucket}/{key}"

    def _bucket_and_prefix(self, bucket: str | None, key_prefix: str) -> tuple[str, str]:
        if bucket:
            return bucket, key_prefix
        return self.default_bucket(), s3_path_join(self.default_bucket_prefix, key_prefix)

    def upload_string_as_file_body(
        self, body: str | bytes, bucket: str, key: str, kms_key: str | None = None
    ) -> str:
        """Write ``body`` to ``s3://bucket/key`` and return that URI."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.s3_client.put_object(Bucket=bucket, Key=key, Body=data)
        return f"s3://{bucket}/{key}"

    def list_s3_files(self, bucket: str, key_prefix: str) -> list[str]:
        """Keys of the objects under ``key_prefix``."""
        return [entry["Key"] for entry in self._list_objects(bucket, key_prefix)]

    def read_s3_file(self, bucket: str, key_prefix: str) -> str:
        """The text of one object."""
        response = self.s3_client.get_object(Bucket=bucket, Key=key_prefix)
        data = response["Body"].read()
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)

    def download_data(
        self,
        path: str,
        bucket: str,
        key_prefix: str = "",
        extra_args: dict[str, Any] | None = None,
    ) -> list[str]:
        """Download every object under ``key_prefix`` into directory ``path``.

        Keys keep their path below the prefix (or just their file name when the prefix
        names a file). Returns the local paths written.
        """
        root = Path(path).resolve()
        written = []
        for entry in self._list_objects(bucket, key_prefix):
            key = entry["Key"]
            if key.endswith("/") and int(entry.get("Size", 0)) == 0:
                continue
            target = _download_target(root, key, key_prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.s3_client.download_file(Bucket=bucket, Key=key, Filename=str(target))
            written.append(str(target))
        return written

    def _list_objects(self, bucket: str, key_prefix: str) -> Iterator[dict[str, Any]]:
        request: dict[str, Any] = {"Bucket": bucket, "Prefix": key_prefix}
        while True:
            response = self.s3_client.list_objects_v2(**request)
            yield from response.get("Contents", [])
            token = response.get("NextContinuationToken")
            if not token:
                return
            request["ContinuationToken"] = token

    # -- jobs ------------------------------------------------------------------------

    def describe_training_job(self, job_name: str) -> dict[str, Any]:
        """``DescribeTrainingJob``."""
        response: dict[str, Any] = self.sagemaker_client.describe_training_job(
            TrainingJobName=job_name
        )
        return response

    def describe_processing_job(self, job_name: str) -> dict[str, Any]:
        """``DescribeProcessingJob``."""
        response: dict[str, Any] = self.sagemaker_client.describe_processing_job(
            ProcessingJobName=job_name
        )
        return response

    def describe_transform_job(self, job_name: str) -> dict[str, Any]:
        """``DescribeTransformJob``."""
        response: dict[str, Any] = self.sagemaker_client.describe_transform_job(
            TransformJobName=job_name
        )
        return response

    def describe_tuning_job(self, job_name: str) -> dict[str, Any]:
        """``DescribeHyperParameterTuningJob``."""
        response: dict[str, Any] = self.sagemaker_client.describe_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=job_name
        )
        return response

    def describe_auto_ml_job(self, job_name: str) -> dict[str, Any]:
        """``DescribeAutoMLJob``."""
        response: dict[str, Any] = self.sagemaker_client.describe_auto_ml_job(
            AutoMLJobName=job_name
        )
        return response

    def describe_auto_ml_job_v2(self, job_name: str) -> dict[str, Any]:
        """``DescribeAutoMLJobV2``."""
        response: dict[str, Any] = self.sagemaker_client.describe_auto_ml_job_v2(
            AutoMLJobName=job_name
        )
        return response

    def list_candidates(self, job_name: str, **filters: Any) -> dict[str, Any]:
        """``ListCandidatesForAutoMLJob``; filters as SageMaker's SDK names them.

        ``status_equals``, ``candidate_name``, ``candidate_arn``, ``sort_order``,
        ``sort_by``, ``max_results``; ``None`` values are left out.
        """
        names = {
            "status_equals": "StatusEquals",
            "candidate_name": "CandidateNameEquals",
            "candidate_arn": "CandidateArnEquals",
            "sort_order": "SortOrder",
            "sort_by": "SortBy",
            "max_results": "MaxResults",
        }
        request = {names[k]: v for k, v in filters.items() if v and k in names}
        response: dict[str, Any] = self.sagemaker_client.list_candidates_for_auto_ml_job(
            AutoMLJobName=job_name, **request
        )
        return response

    def describe_model(self, name: str) -> dict[str, Any]:
        """``DescribeModel``."""
        response: dict[str, Any] = self.sagemaker_client.describe_model(ModelName=name)
        return response

    def wait_for_job(self, job: str, poll: float = 5) -> dict[str, Any]:
        """Wait for a training job to end; raise ``JobFailure`` if it failed."""
        return _wait_for(job, "TrainingJobStatus", partial(self.describe_training_job, job), poll)

    def wait_for_processing_job(self, job: str, poll: float = 5) -> dict[str, Any]:
        """Wait for a processing job to end; raise ``JobFailure`` if it failed."""
        describe = partial(self.describe_processing_job, job)
        return _wait_for(job, "ProcessingJobStatus", describe, poll)

    def wait_for_transform_job(self, job: str, poll: float = 5) -> dict[str, Any]:
        """Wait for a transform job to end; raise ``JobFailure`` if it failed."""
        describe = partial(self.describe_transform_job, job)
        return _wait_for(job, "TransformJobStatus", describe, poll)

    def wait_for_auto_ml_job(self, job: str, poll: float = 5) -> dict[str, Any]:
        """Wait for an AutoML job to end; raise ``JobFailure`` if it failed."""
        describe = partial(self.describe_auto_ml_job, job)
        return _wait_for(job, "AutoMLJobStatus", describe, poll)

    def logs_for_auto_ml_job(
        self, job_name: str, wait: bool = False, poll: float = 1, **_: Any
    ) -> None:
        """Print an AutoML job's log; with ``wait``, follow it until the job ends."""
        self._print_log(job_name, wait, poll)

    def logs_for_job(self, job_name: str, wait: bool = False, poll: float = 1, **_: Any) -> None:
        """Print a training job's log; with ``wait``, follow it until the job ends."""
        self._print_log(job_name, wait, poll)

    def logs_for_processing_job(
        self, job_name: str, wait: bool = False, poll: float = 1, **_: Any
    ) -> None:
        """Print a processing job's log; with ``wait``, follow it until the job ends."""
        self._print_log(job_name, wait, poll)

    def logs_for_transform_job(
        self, job_name: str, wait: bool = False, poll: float = 1, **_: Any
    ) -> None:
        """Print a transform job's log; with ``wait``, follow it until the job ends."""
        self._print_log(job_name, wait, poll)

    def _print_log(self, job_name: str, wait: bool, poll: float) -> None:
        offset = 0
        while True:
            chunk = self.sagemaker_client.get_job_log(JobName=job_name, Offset=offset)
            sys.stdout.write(chunk["Log"])
            sys.stdout.flush()
            offset = chunk["NextOffset"]
            running = chunk["JobStatus"] in _RUNNING
            if not wait or (not running and not chunk["Log"]):
                return
            if running:
                time.sleep(poll)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(default_bucket={self._default_bucket!r})"


def _wait_for(
    job: str, status_key: str, describe: Callable[[], dict[str, Any]], poll: float
) -> dict[str, Any]:
    desc = describe()
    while desc[status_key] in _RUNNING:
        time.sleep(poll)
        desc = describe()
    status = desc[status_key]
    if status == "Failed":
        reason = desc.get("FailureReason", "(no failure reason recorded)")
        raise JobFailure(f"job {job!r} failed: {reason}")
    if status == "Stopped":
        logger.warning("job %r ended with status Stopped rather than Completed", job)
    return desc


def _files_under(root: Path) -> Iterator[tuple[Path, str]]:
    for file in sorted(root.rglob("*")):
        if file.is_file():
            yield file, file.relative_to(root).as_posix()


def _download_target(root: Path, key: str, key_prefix: str) -> Path:
    # A prefix naming a file ("a/b.csv") downloads just that name; a directory prefix
    # keeps the key's path below it.
    if Path(key_prefix).suffix:
        relative = key.rsplit("/", 1)[-1]
    else:
        relative = posixpath.relpath(key, key_prefix) if key_prefix else key
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise InvalidRequest(
            f"object key {key!r} would be written outside {str(root)!r}; refusing to download it"
        )
    return target


def s3_path_join(*parts: str | None) -> str:
    """Join S3 key parts with single slashes, skipping empty parts (keeps a leading s3://)."""
    pieces = [p for p in parts if p]
    if not pieces:
        return ""
    head = ""
    if pieces[0].startswith("s3://"):
        head, pieces[0] = "s3://", pieces[0][len("s3://") :]
    inner = "/".join(seg for piece in pieces for seg in piece.split("/") if seg)
    return head + inner
