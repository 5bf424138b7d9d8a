"""How the S3 artifact store reaches its service: endpoint, region, credentials, part sizes.

The client is boto3's, so credentials come from the standard AWS chain (``AWS_ACCESS_KEY_ID``
and ``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``, instance roles, ...) and the same settings
reach AWS S3, MinIO or any other S3-compatible service. boto3 is imported only when an S3
store is built, so the default install neither needs nor loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.errors import InvalidRequest

MIB = 1024 * 1024
# S3 refuses parts below 5 MiB (all but the last), and s3transfer raises smaller sizes to it.
MIN_PART_SIZE = 5 * MIB
DEFAULT_PART_SIZE = 8 * MIB


@dataclass(frozen=True)
class S3Config:
    """Where the S3 service is and how objects travel to and from it.

    Attributes:
        endpoint_url: The service URL (MinIO, a local S3 server); "" means AWS S3.
        region: The region; "" leaves it to the AWS chain (``AWS_REGION``,
            ``AWS_DEFAULT_REGION``, the profile), falling back to ``us-east-1``.
        part_size: Bytes per part of a multipart upload or ranged download.
        multipart_threshold: Objects of this size or more travel in parts.
        concurrency: Parts in flight at once for one object.
    """

    endpoint_url: str = ""
    region: str = ""
    part_size: int = DEFAULT_PART_SIZE
    multipart_threshold: int = DEFAULT_PART_SIZE
    concurrency: int = 4

    def __post_init__(self) -> None:
        if self.part_size < MIN_PART_SIZE:
            raise InvalidRequest(
                f"a part of a multipart transfer must be at least {MIN_PART_SIZE} bytes (5 MiB)",
                field="DAGMAKER_S3_PART_SIZE",
                value=self.part_size,
                hint="S3 refuses smaller parts; set it in bytes, e.g. 16777216 for 16 MiB.",
            )
        if self.multipart_threshold < 1:
            raise InvalidRequest(
                "the multipart threshold is a size in bytes, at least 1",
                field="DAGMAKER_S3_MULTIPART_THRESHOLD",
                value=self.multipart_threshold,
            )

    @property
    def where(self) -> str:
        """The service, for messages."""
        return self.endpoint_url or "AWS S3"


def make_client(config: S3Config) -> Any:
    """A boto3 S3 client for ``config``.

    Raises:
        InvalidRequest: when boto3 is not installed.
    """
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:
        raise InvalidRequest(
            "S3 artifacts need boto3, which is not installed",
            field="DAGMAKER_S3_ENDPOINT_URL",
            hint="pip install 'dagmaker[s3]'",
        ) from exc
    session = boto3.session.Session()
    region = config.region or session.region_name or "us-east-1"
    options = Config(
        # A custom endpoint (MinIO, a local server) rarely resolves bucket subdomains.
        s3={"addressing_style": "path" if config.endpoint_url else "auto"},
        retries={"max_attempts": 5, "mode": "standard"},
        max_pool_connections=max(10, 2 * config.concurrency),
        # Checksums only where S3 demands them: several S3-compatible services reject the
        # newer default trailing checksums.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return session.client(
        "s3", endpoint_url=config.endpoint_url or None, region_name=region, config=options
    )


def transfer_config(config: S3Config) -> Any:
    """s3transfer's settings: parts of ``part_size``, a bounded number held in memory."""
    from s3transfer.manager import TransferConfig

    return TransferConfig(
        multipart_threshold=config.multipart_threshold,
        multipart_chunksize=config.part_size,
        max_request_concurrency=config.concurrency,
        max_in_memory_upload_chunks=config.concurrency,
        max_in_memory_download_chunks=config.concurrency,
        # Downloaded chunks wait here for the disk; bound it (default: 1000 x 256 KiB).
        max_io_queue_size=64,
    )
