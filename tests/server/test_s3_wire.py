"""S3's REST protocol through boto3 (client and resource APIs) and raw HTTP."""

from __future__ import annotations

import base64
import http.client
import urllib.request
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from tests.server.conftest import RunningServer, boto_client

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def s3(server: RunningServer) -> Any:
    client = boto_client(server, "s3")
    client.create_bucket(Bucket="wire-bucket")
    return client


def _code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return str(caught.value.response["Error"]["Code"])


def test_buckets(s3: Any) -> None:
    s3.create_bucket(Bucket="wire-empty")
    assert "wire-empty" in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    s3.head_bucket(Bucket="wire-empty")
    s3.create_bucket(Bucket="wire-empty")  # yours already: fine, as in us-east-1
    s3.put_object(Bucket="wire-empty", Key="x", Body=b"1")
    assert _code(s3.delete_bucket, Bucket="wire-empty") == "BucketNotEmpty"
    s3.delete_object(Bucket="wire-empty", Key="x")
    s3.delete_bucket(Bucket="wire-empty")
    assert _code(s3.head_bucket, Bucket="wire-empty") == "404"
    assert _code(s3.list_objects_v2, Bucket="wire-missing") == "NoSuchBucket"


def test_objects_put_get_ranges_head_copy_delete(s3: Any, server: RunningServer) -> None:
    s3.put_object(Bucket="wire-bucket", Key="docs/a.txt", Body=b"0123456789")
    got = s3.get_object(Bucket="wire-bucket", Key="docs/a.txt")
    assert got["Body"].read() == b"0123456789" and got["ContentLength"] == 10
    part = s3.get_object(Bucket="wire-bucket", Key="docs/a.txt", Range="bytes=2-4")
    assert part["Body"].read() == b"234" and part["ContentRange"] == "bytes 2-4/10"
    assert (
        s3.get_object(Bucket="wire-bucket", Key="docs/a.txt", Range="bytes=-3")["Body"].read()
        == b"789"
    )
    assert (
        _code(s3.get_object, Bucket="wire-bucket", Key="docs/a.txt", Range="bytes=50-")
        == "InvalidRange"
    )
    head = s3.head_object(Bucket="wire-bucket", Key="docs/a.txt")
    assert head["ContentLength"] == 10 and head["ETag"] == got["ETag"]
    assert _code(s3.get_object, Bucket="wire-bucket", Key="docs/a.txt", IfMatch='"other"') == (
        "PreconditionFailed"
    )
    s3.copy_object(Bucket="wire-bucket", Key="docs/b.txt", CopySource="wire-bucket/docs/a.txt")
    assert s3.get_object(Bucket="wire-bucket", Key="docs/b.txt")["Body"].read() == b"0123456789"
    s3.delete_object(Bucket="wire-bucket", Key="docs/b.txt")
    assert _code(s3.get_object, Bucket="wire-bucket", Key="docs/b.txt") == "NoSuchKey"
    stored = server.home / "s3" / "wire-bucket" / "docs" / "a.txt"
    assert stored.read_bytes() == b"0123456789"  # the artifact store is what S3 serves


def test_list_v2_prefix_delimiter_and_pages(s3: Any) -> None:
    for key in ["list/a/1", "list/a/2", "list/b/1", "list/c", "list/d"]:
        s3.put_object(Bucket="wire-bucket", Key=key, Body=b"x")
    top = s3.list_objects_v2(Bucket="wire-bucket", Prefix="list/", Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["list/a/", "list/b/"]
    assert [c["Key"] for c in top["Contents"]] == ["list/c", "list/d"]
    assert top["KeyCount"] == 4
    keys = [
        c["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket="wire-bucket", Prefix="list/", PaginationConfig={"PageSize": 2}
        )
        for c in page.get("Contents", [])
    ]
    assert keys == ["list/a/1", "list/a/2", "list/b/1", "list/c", "list/d"]
    deleted = s3.delete_objects(
        Bucket="wire-bucket", Delete={"Objects": [{"Key": "list/c"}, {"Key": "list/d"}]}
    )
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["list/c", "list/d"]


def test_resource_api_upload_file_and_multipart(
    s3: Any, server: RunningServer, tmp_path: Path
) -> None:
    import boto3

    source = tmp_path / "data.bin"
    source.write_bytes(bytes(range(256)) * (48 * 1024))  # 12 MiB: three 5 MiB parts at most
    resource = boto3.resource(
        "s3",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    # As seed 002 uploads its data.
    resource.Bucket("wire-bucket").Object("seed/data.bin").upload_file(
        str(source), Config=TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
    )
    stored = server.home / "s3" / "wire-bucket" / "seed" / "data.bin"
    assert stored.read_bytes() == source.read_bytes()
    target = tmp_path / "back.bin"
    s3.download_file(
        "wire-bucket",
        "seed/data.bin",
        str(target),
        Config=TransferConfig(multipart_chunksize=5 * MiB),
    )
    assert target.read_bytes() == source.read_bytes()
    assert not s3.list_multipart_uploads(Bucket="wire-bucket").get("Uploads")


def test_multipart_rules(s3: Any) -> None:
    upload = s3.create_multipart_upload(Bucket="wire-bucket", Key="mp/x")["UploadId"]
    small = s3.upload_part(
        Bucket="wire-bucket", Key="mp/x", UploadId=upload, PartNumber=1, Body=b"a"
    )
    s3.upload_part(Bucket="wire-bucket", Key="mp/x", UploadId=upload, PartNumber=2, Body=b"b")
    parts = s3.list_parts(Bucket="wire-bucket", Key="mp/x", UploadId=upload)["Parts"]
    assert [p["PartNumber"] for p in parts] == [1, 2]
    listed = [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in parts]
    too_small = _code(
        s3.complete_multipart_upload,
        Bucket="wire-bucket",
        Key="mp/x",
        UploadId=upload,
        MultipartUpload={"Parts": listed},
    )
    assert too_small == "EntityTooSmall"
    one = s3.complete_multipart_upload(
        Bucket="wire-bucket",
        Key="mp/x",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small["ETag"]}]},
    )
    assert one["Key"] == "mp/x"
    assert s3.get_object(Bucket="wire-bucket", Key="mp/x")["Body"].read() == b"a"
    assert _code(s3.list_parts, Bucket="wire-bucket", Key="mp/x", UploadId=upload) == "NoSuchUpload"
    aborted = s3.create_multipart_upload(Bucket="wire-bucket", Key="mp/y")["UploadId"]
    s3.abort_multipart_upload(Bucket="wire-bucket", Key="mp/y", UploadId=aborted)
    assert (
        _code(s3.list_parts, Bucket="wire-bucket", Key="mp/y", UploadId=aborted) == "NoSuchUpload"
    )


def _raw(
    server: RunningServer, method: str, path: str, host: str | None = None
) -> tuple[int, bytes]:
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port)
    headers = {"Host": host} if host else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_keys_that_could_escape_are_refused(s3: Any, server: RunningServer) -> None:
    status, body = _raw(server, "GET", "/wire-bucket/docs/../../../etc/passwd")
    assert status == 400 and b"<Code>InvalidArgument</Code>" in body
    status, body = _raw(server, "PUT", "/wire-bucket/a/%2E%2E/b")
    assert status == 400 and b"InvalidArgument" in body


def test_virtual_hosted_addressing(s3: Any, server: RunningServer) -> None:
    s3.put_object(Bucket="wire-bucket", Key="vh/k.txt", Body=b"virtual")
    port = urlsplit(server.url).port
    status, body = _raw(server, "GET", "/vh/k.txt", host=f"wire-bucket.localhost:{port}")
    assert (status, body) == (200, b"virtual")


def test_presigned_urls_work_with_any_http_client(s3: Any) -> None:
    s3.put_object(Bucket="wire-bucket", Key="share/p.txt", Body=b"shared")
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "wire-bucket", "Key": "share/p.txt"}
    )
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"shared"


def _chunked_put(server: RunningServer, key: str, body: bytes, crc: bytes) -> tuple[int, bytes]:
    wire = (
        f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\nx-amz-checksum-crc32:" + crc + b"\r\n\r\n"
    )
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port)
    connection.request(
        "PUT",
        f"/wire-bucket/{key}",
        body=wire,
        headers={
            "Content-Encoding": "aws-chunked",
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-decoded-content-length": str(len(body)),
            "x-amz-trailer": "x-amz-checksum-crc32",
        },
    )
    response = connection.getresponse()
    result = response.status, response.read()
    connection.close()
    return result


def test_aws_chunked_uploads_are_checked_before_they_are_kept(
    s3: Any, server: RunningServer
) -> None:
    body = b"streamed with a trailing checksum"
    good = base64.b64encode(zlib.crc32(body).to_bytes(4, "big"))
    assert _chunked_put(server, "chunked/good", body, good)[0] == 200
    assert s3.get_object(Bucket="wire-bucket", Key="chunked/good")["Body"].read() == body
    status, answer = _chunked_put(server, "chunked/bad", body, b"AAAAAA==")
    assert status == 400 and b"<Code>BadDigest</Code>" in answer
    assert _code(s3.head_object, Bucket="wire-bucket", Key="chunked/bad") == "404"
    leftovers = [p.name for p in (server.home / "s3" / "wire-bucket").iterdir()]
    assert not [n for n in leftovers if n.startswith(".dagmaker-tmp-") and "mpu" not in n]


@pytest.mark.parametrize("order", [[1, 2, 3], [3, 2, 1], [2, 3, 1]])
def test_multipart_parts_in_any_order_and_size_make_the_object(s3: Any, order: list[int]) -> None:
    # Equal parts are written in place; a last part that arrives first, or a larger part,
    # is kept aside and joined on completion. Either way the bytes come out in order.
    sizes = (
        {1: 5 * MiB, 2: 6 * MiB, 3: 1234}
        if order == [2, 3, 1]
        else {1: 5 * MiB, 2: 5 * MiB, 3: 1234}
    )
    bodies = {n: bytes([n]) * size for n, size in sizes.items()}
    key = f"mp/order-{''.join(map(str, order))}"
    upload = s3.create_multipart_upload(Bucket="wire-bucket", Key=key)["UploadId"]
    etags = {}
    for number in order:
        etags[number] = s3.upload_part(
            Bucket="wire-bucket", Key=key, UploadId=upload, PartNumber=number, Body=bodies[number]
        )["ETag"]
    s3.complete_multipart_upload(
        Bucket="wire-bucket",
        Key=key,
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": etags[n]} for n in (1, 2, 3)]},
    )
    got = s3.get_object(Bucket="wire-bucket", Key=key)["Body"].read()
    assert got == bodies[1] + bodies[2] + bodies[3]
