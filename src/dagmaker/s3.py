"""``S3Uploader`` and ``S3Downloader`` (``sagemaker.s3``), over the session's artifact store.

Locally ``s3://bucket/key`` lives in dagmaker's artifact store (``DAGMAKER_HOME/s3`` by
default); these helpers reach it through ``Session`` as the SageMaker SDK reaches S3.
KMS keys are accepted and ignored.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlparse

from dagmaker import session as sessions

__all__ = ["S3Downloader", "S3Uploader", "is_s3_url", "parse_s3_url", "s3_path_join"]


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` → ``("bucket", "a/b")``.

    Raises:
        ValueError: for a URL whose scheme is not ``s3``.
    """
    parsed = urlparse(url)
    if parsed.scheme != "s3":
        raise ValueError(f"Expecting 's3' scheme, got: {parsed.scheme} in {url}.")
    return parsed.netloc, parsed.path.lstrip("/")


def is_s3_url(url: str) -> bool:
    """Whether ``url`` is an ``s3://`` URL."""
    return urlparse(url).scheme == "s3"


def s3_path_join(*args: str | None, with_end_slash: bool = False) -> str:
    """Join S3 path parts with single slashes (keeping a leading ``s3://``)."""
    joined = sessions.s3_path_join(*args)
    if with_end_slash and not joined.endswith("/"):
        joined += "/"
    return joined


def _session(session: Any) -> Any:
    return session if session is not None else sessions.Session()


class S3Uploader:
    """Puts local files and strings into the artifact store."""

    @staticmethod
    def upload(
        local_path: str,
        desired_s3_uri: str,
        kms_key: str | None = None,
        sagemaker_session: Any = None,
        callback: Any = None,
    ) -> str:
        """Upload a file (to ``<uri>/<file name>``) or a directory tree (under ``<uri>``).

        Returns:
            The S3 URI of the uploaded file or directory.
        """
        bucket, key_prefix = parse_s3_url(desired_s3_uri)
        uploaded: str = _session(sagemaker_session).upload_data(
            path=local_path, bucket=bucket, key_prefix=key_prefix, callback=callback
        )
        return uploaded

    @staticmethod
    def upload_string_as_file_body(
        body: str,
        desired_s3_uri: str,
        kms_key: str | None = None,
        sagemaker_session: Any = None,
    ) -> str:
        """Write ``body`` as the object ``desired_s3_uri``; returns that URI."""
        bucket, key = parse_s3_url(desired_s3_uri)
        _session(sagemaker_session).upload_string_as_file_body(body=body, bucket=bucket, key=key)
        return desired_s3_uri

    @staticmethod
    def upload_bytes(
        b: bytes | io.BytesIO,
        s3_uri: str,
        kms_key: str | None = None,
        sagemaker_session: Any = None,
    ) -> str:
        """Write bytes (or a ``BytesIO``'s content) as the object ``s3_uri``; returns it."""
        data = b.getvalue() if isinstance(b, io.BytesIO) else bytes(b)
        bucket, key = parse_s3_url(s3_uri)
        _session(sagemaker_session).s3_client.put_object(Bucket=bucket, Key=key, Body=data)
        return s3_uri


class S3Downloader:
    """Reads objects from the artifact store."""

    @staticmethod
    def download(
        s3_uri: str, local_path: str, kms_key: str | None = None, sagemaker_session: Any = None
    ) -> list[str]:
        """Download the object, or every object under the prefix, into ``local_path``.

        Returns:
            The local paths written.
        """
        bucket, key_prefix = parse_s3_url(s3_uri)
        written: list[str] = _session(sagemaker_session).download_data(
            path=local_path, bucket=bucket, key_prefix=key_prefix
        )
        return written

    @staticmethod
    def read_file(s3_uri: str, sagemaker_session: Any = None) -> str:
        """The object's content as text."""
        bucket, key = parse_s3_url(s3_uri)
        text: str = _session(sagemaker_session).read_s3_file(bucket=bucket, key_prefix=key)
        return text

    @staticmethod
    def read_bytes(s3_uri: str, sagemaker_session: Any = None) -> bytes:
        """The object's content as bytes."""
        bucket, key = parse_s3_url(s3_uri)
        response = _session(sagemaker_session).s3_client.get_object(Bucket=bucket, Key=key)
        data = response["Body"].read()
        return data if isinstance(data, bytes) else str(data).encode("utf-8")

    @staticmethod
    def list(s3_uri: str, sagemaker_session: Any = None) -> list[str]:
        """The URIs of every object under ``s3_uri``."""
        bucket, key_prefix = parse_s3_url(s3_uri)
        keys = _session(sagemaker_session).list_s3_files(bucket=bucket, key_prefix=key_prefix)
        return [s3_path_join("s3://", bucket, key) for key in keys]
