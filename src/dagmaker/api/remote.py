"""A client with the local client's method names that sends each call to a dagmaker server.

SageMaker's operations go through boto3's own ``sagemaker`` client (so requests are
built, signed and parsed exactly as for AWS); dagmaker's extensions (job logs, callback
queues, approval history, image mappings) go to the same endpoint under the
``Dagmaker.<Operation>`` target. Errors come back as dagmaker's own error classes, so
code written against the local client handles them the same way.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

from dagmaker.api.extensions import EXTENSIONS
from dagmaker.api.responses import timestamp_field
from dagmaker.errors import Conflict, DagmakerError, InternalError, InvalidRequest, NotFound

ENDPOINT_VARIABLE = "DAGMAKER_ENDPOINT_URL"
KEY_VARIABLE = "DAGMAKER_ACCESS_KEY_ID"
SECRET_VARIABLE = "DAGMAKER_SECRET_ACCESS_KEY"
REGION = "us-east-1"
_NOT_FOUND = {"ResourceNotFound", "NoSuchKey", "NoSuchBucket", "NoSuchUpload", "404"}
_CONFLICT = {"ConflictException", "ResourceInUse", "BucketNotEmpty"}


def credentials(env: Mapping[str, str]) -> tuple[str, str]:
    """The key pair to sign with: the server's, when set here too; any pair otherwise."""
    return env.get(KEY_VARIABLE) or "dagmaker", env.get(SECRET_VARIABLE) or "dagmaker"


def _boto_client(service: str, endpoint_url: str, env: Mapping[str, str]) -> Any:
    key, secret = credentials(env)
    return boto3.client(
        service,
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )


class RemoteSageMakerClient:
    """The SageMaker client of a dagmaker server at ``endpoint_url``.

    Every method of ``LocalSageMakerClient`` (boto3's names and shapes) is available;
    calls return the response without boto3's ``ResponseMetadata``.
    """

    def __init__(self, endpoint_url: str, env: Mapping[str, str]) -> None:
        self.endpoint_url = endpoint_url
        self._boto = _boto_client("sagemaker", endpoint_url, env)
        self._credentials = Credentials(*credentials(env))

    @property
    def services(self) -> Any:
        """Not available: a remote client reaches the server's stores only through calls.

        Raises:
            InvalidRequest: always, naming the setting that sent this call to a server.
        """
        raise InvalidRequest(
            "this command reads dagmaker's local stores directly, which a client of a "
            f"dagmaker server ({self.endpoint_url}) cannot do yet",
            hint=f"Unset {ENDPOINT_VARIABLE} to run it against the local DAGMAKER_HOME.",
        )

    def __getattr__(self, name: str) -> Callable[..., dict[str, Any]]:
        if name in EXTENSIONS:
            operation = EXTENSIONS[name]
            return lambda **kwargs: self._extension(operation, kwargs)
        if name.startswith("_") or not hasattr(self._boto, name):
            raise AttributeError(name)
        method = getattr(self._boto, name)
        return lambda **kwargs: _without_metadata(_translated(method, kwargs))

    def _extension(self, operation: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(kwargs, default=str).encode()
        request = AWSRequest(
            method="POST",
            url=self.endpoint_url.rstrip("/") + "/",
            data=body,
            headers={
                "X-Amz-Target": f"Dagmaker.{operation}",
                "Content-Type": "application/x-amz-json-1.1",
            },
        )
        SigV4Auth(self._credentials, "sagemaker", REGION).add_auth(request)
        prepared = request.prepare()
        sent = urllib.request.Request(
            prepared.url, data=body, headers=dict(prepared.headers), method="POST"
        )
        try:
            with urllib.request.urlopen(sent, timeout=60) as response:
                return dict(_with_times(json.loads(response.read() or b"{}")))
        except urllib.error.HTTPError as error:
            with error:
                document = json.loads(error.read() or b"{}")
            raise _dagmaker_error(
                ClientError(
                    {
                        "Error": {
                            "Code": document.get("__type", ""),
                            "Message": document.get("message", ""),
                        },
                        "ResponseMetadata": {"HTTPStatusCode": error.code},
                    },
                    operation,
                )
            ) from None
        except OSError as error:
            raise InternalError(
                f"cannot reach the dagmaker server at {self.endpoint_url}: {error}",
                hint=f"Is `dagmaker server` running there ({ENDPOINT_VARIABLE})?",
            ) from None


def remote_s3_client(endpoint_url: str, env: Mapping[str, str]) -> Any:
    """boto3's S3 client for the server (the same method names as ``LocalS3Client``)."""
    return _boto_client("s3", endpoint_url, env)


def _translated(method: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    try:
        return method(**kwargs)
    except ClientError as error:
        raise _dagmaker_error(error) from None
    except ParamValidationError as error:
        raise InvalidRequest(str(error)) from None
    except BotoCoreError as error:
        raise InternalError(
            f"cannot reach the dagmaker server: {error}",
            hint=f"Is `dagmaker server` running at {ENDPOINT_VARIABLE}?",
        ) from None


def _dagmaker_error(error: ClientError) -> DagmakerError:
    details = error.response.get("Error", {})
    code = str(details.get("Code", ""))
    message = str(details.get("Message", "")) or code
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400))
    if code in _NOT_FOUND:
        return NotFound(message)
    if code in _CONFLICT or "already exists" in message:
        return Conflict(message)
    if status >= 500:
        return InternalError(f"{code}: {message}")
    if status in (401, 403):
        return InvalidRequest(
            f"{code}: {message}",
            hint=f"Set {KEY_VARIABLE} and {SECRET_VARIABLE} to the server's credentials.",
        )
    return InvalidRequest(message)


def _without_metadata(response: Any) -> dict[str, Any]:
    result = dict(response or {})
    result.pop("ResponseMetadata", None)
    return result


def _with_times(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: timestamp_field(k, _with_times(v)) for k, v in document.items()}
    if isinstance(document, list):
        return [_with_times(item) for item in document]
    return document
