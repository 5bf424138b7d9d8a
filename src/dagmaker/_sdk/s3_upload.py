"""Put local files and generated text at an S3 location, through the session.

The session writes to dagmaker's artifact store (or to whatever its S3 client talks
to). URIs are joined the way SageMaker's SDK joins them: empty parts skipped, repeated
slashes collapsed, a leading ``s3://`` kept.
"""

from __future__ import annotations

from typing import Any

from dagmaker.session import s3_path_join

__all__ = ["s3_path_join", "split_s3_uri", "upload_path", "upload_text"]


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key/part`` → ``("bucket", "key/part")``.

    Raises:
        ValueError: when ``uri`` is not an ``s3://`` URI with a bucket.
    """
    if not isinstance(uri, str) or not uri.startswith("s3://"):
        raise ValueError(f"{uri!r} is not an S3 URI; write it as s3://<bucket>/<key>")
    bucket, _, key = uri[len("s3://") :].partition("/")
    if not bucket:
        raise ValueError(f"{uri!r} has no bucket; write it as s3://<bucket>/<key>")
    return bucket, key


def upload_path(session: Any, local_path: str, desired_uri: str, kms_key: Any = None) -> str:
    """Upload a file or directory under the ``desired_uri`` prefix.

    Returns:
        ``<desired_uri>/<file name>`` for a file, ``desired_uri`` for a directory.
    """
    bucket, key_prefix = split_s3_uri(desired_uri)
    extra_args = {"SSEKMSKeyId": kms_key, "ServerSideEncryption": "aws:kms"} if kms_key else None
    uri: str = session.upload_data(
        path=local_path, bucket=bucket, key_prefix=key_prefix, extra_args=extra_args
    )
    return uri


def upload_text(session: Any, body: str | bytes, desired_uri: str, kms_key: Any = None) -> str:
    """Write ``body`` as the object ``desired_uri`` and return that URI."""
    bucket, key = split_s3_uri(desired_uri)
    uri: str = session.upload_string_as_file_body(
        body=body, bucket=bucket, key=key, kms_key=kms_key
    )
    return uri
