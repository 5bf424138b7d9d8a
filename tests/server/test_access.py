"""Access: SigV4 (header and presigned) with the server's credentials; loopback otherwise."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from dagmaker.errors import InvalidRequest
from dagmaker.server.access import Access, is_loopback
from tests.server.conftest import ACCESS_KEY, SECRET_KEY, RunningServer, boto_client


def _code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return str(caught.value.response["Error"]["Code"])


def _refused(url: str) -> int:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(url)
    caught.value.close()
    return caught.value.code


def test_signed_requests_with_the_right_key_are_served(signed_server: RunningServer) -> None:
    sm = boto_client(signed_server, "sagemaker", key=ACCESS_KEY, secret=SECRET_KEY)
    assert sm.list_pipelines()["PipelineSummaries"] == []
    s3 = boto_client(signed_server, "s3", key=ACCESS_KEY, secret=SECRET_KEY)
    s3.create_bucket(Bucket="signed")
    s3.put_object(Bucket="signed", Key="dir/a b+c.txt", Body=b"signed body")
    assert s3.get_object(Bucket="signed", Key="dir/a b+c.txt")["Body"].read() == b"signed body"
    listed = s3.list_objects_v2(Bucket="signed", Prefix="dir/", Delimiter="/")
    assert [c["Key"] for c in listed["Contents"]] == ["dir/a b+c.txt"]
    sts = boto_client(signed_server, "sts", key=ACCESS_KEY, secret=SECRET_KEY)
    assert sts.get_caller_identity()["UserId"] == ACCESS_KEY


def test_wrong_secret_or_unknown_key_is_refused_with_aws_codes(
    signed_server: RunningServer,
) -> None:
    bad_secret = {"key": ACCESS_KEY, "secret": "wrong"}
    assert _code(boto_client(signed_server, "sagemaker", **bad_secret).list_pipelines) == (
        "InvalidSignatureException"
    )
    assert (
        _code(boto_client(signed_server, "s3", **bad_secret).list_buckets)
        == "SignatureDoesNotMatch"
    )
    assert _code(boto_client(signed_server, "sts", **bad_secret).get_caller_identity) == (
        "SignatureDoesNotMatch"
    )
    unknown = {"key": "AKIDSOMEONEELSE", "secret": SECRET_KEY}
    assert _code(boto_client(signed_server, "sagemaker", **unknown).list_pipelines) == (
        "UnrecognizedClientException"
    )
    assert _code(boto_client(signed_server, "s3", **unknown).list_buckets) == "InvalidAccessKeyId"
    assert _code(boto_client(signed_server, "sts", **unknown).get_caller_identity) == (
        "InvalidClientTokenId"
    )


def test_unsigned_requests_are_refused(signed_server: RunningServer) -> None:
    for path, headers in [
        ("/", {"X-Amz-Target": "SageMaker.ListPipelines"}),
        ("/signed/x", {}),
    ]:
        request = urllib.request.Request(signed_server.url + path, headers=headers)
        if headers:
            request.data = b"{}"
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request)
        assert caught.value.code == 403
        body = caught.value.read()
        caught.value.close()
        assert b"MissingAuthenticationTokenException" in body or b"AccessDenied" in body


def test_a_body_changed_after_signing_is_refused(signed_server: RunningServer) -> None:
    sm = boto_client(signed_server, "sagemaker", key=ACCESS_KEY, secret=SECRET_KEY)

    def tamper(request: Any, **_: Any) -> None:
        request.body = b"[]"  # same length as the signed "{}", different bytes

    sm.meta.events.register_last("before-send.sagemaker.ListPipelines", tamper)
    assert _code(sm.list_pipelines) == "InvalidSignatureException"


@pytest.mark.parametrize("version", ["s3v4", None])
def test_presigned_urls(signed_server: RunningServer, version: str | None) -> None:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=signed_server.url,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version=version) if version else None,
    )
    s3.create_bucket(Bucket=f"presign-{version or 'default'}")
    bucket = f"presign-{version or 'default'}"
    s3.put_object(Bucket=bucket, Key="p.txt", Body=b"presigned")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "p.txt"})
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"presigned"
    assert _refused(url.replace("p.txt", "q.txt")) == 403
    expired = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "p.txt"}, ExpiresIn=1
    )
    time.sleep(2.1)
    assert _refused(expired) == 403


def test_the_server_will_not_listen_beyond_loopback_without_credentials(tmp_path: Any) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dagmaker", "server", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"DAGMAKER_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert "refusing to serve on 0.0.0.0 without credentials" in done.stdout + done.stderr


def test_access_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
    Access("k", "s").check_bind("0.0.0.0")
    with pytest.raises(InvalidRequest):
        Access.from_env({"DAGMAKER_ACCESS_KEY_ID": "only-the-key"})
