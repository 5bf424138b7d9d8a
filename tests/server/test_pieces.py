"""The server's pure pieces: listing pages, aws-chunked bodies, ranges, shapes, error codes."""

from __future__ import annotations

import base64
import zlib

import pytest

from dagmaker.errors import Conflict, InternalError, InvalidRequest, NotFound
from dagmaker.server import s3_listing, wire_input, wire_output
from dagmaker.server.error_codes import WireError, service_error
from dagmaker.server.s3_reading import byte_range
from dagmaker.server.s3_receive import ChunkDecoder
from dagmaker.server.service_models import operation


def test_listing_rolls_up_common_prefixes_and_pages_after_them() -> None:
    keys = ["a/1", "a/2", "b", "c/1", "d"]
    first = s3_listing.page(keys, "", "/", "", 2)
    assert (first.keys, first.prefixes, first.truncated) == (["b"], ["a/"], True)
    second = s3_listing.page(keys, "", "/", first.last, 2)
    assert (second.keys, second.prefixes, second.truncated) == (["d"], ["c/"], False)
    token = s3_listing.token_for("a/2")
    assert s3_listing.after_token(token) == "a/2"
    with pytest.raises(WireError):
        s3_listing.after_token("%%%")


def test_aws_chunked_bodies_are_decoded_across_any_split() -> None:
    body = b"hello world, " * 100
    crc = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    wire = (
        f"{len(body[:600]):x}\r\n".encode() + body[:600] + b"\r\n"
        + f"{len(body[600:]):x};chunk-signature=abc\r\n".encode() + body[600:] + b"\r\n"
        + b"0\r\nx-amz-checksum-crc32:" + crc.encode() + b"\r\n\r\n"
    )  # fmt: skip
    for step in (1, 7, 4096):
        decoder = ChunkDecoder()
        out = b"".join(
            b"".join(decoder.feed(wire[i : i + step])) for i in range(0, len(wire), step)
        )
        assert out == body
        assert decoder.finish() == {"x-amz-checksum-crc32": crc}
    truncated = ChunkDecoder()
    truncated.feed(wire[:100])
    with pytest.raises(WireError, match="ended early"):
        truncated.finish()


def test_byte_ranges_as_s3_reads_them() -> None:
    assert (byte_range("bytes=0-3", 10).start, byte_range("bytes=0-3", 10).length) == (0, 4)
    assert byte_range("bytes=7-", 10).length == 3
    assert byte_range("bytes=-4", 10).start == 6
    assert byte_range("bytes=5-100", 10).end == 9
    assert byte_range("items=1-2", 10).length == 10  # not a byte range: the whole object
    with pytest.raises(WireError) as caught:
        byte_range("bytes=10-", 10)
    assert caught.value.status == 416


def test_input_shapes_report_every_violation_in_aws_words() -> None:
    op = operation("sagemaker", "ListPipelineExecutions")
    assert op is not None
    _, problems = wire_input.read(
        op.input_shape, {"PipelineName": "", "MaxResults": 1000, "SortOrder": "Sideways"}
    )
    message = wire_input.validation_message(problems)
    assert message.startswith("4 validation errors detected: ")  # length and pattern
    assert "Value '1000' at 'maxResults' failed to satisfy constraint: Member must have value" in (
        message
    )
    assert "Member must satisfy enum value set: [Ascending, Descending]" in message
    with pytest.raises(wire_input.WireTypeError):
        wire_input.read(op.input_shape, {"PipelineName": ["x"]})
    params, _ = wire_input.read(op.input_shape, {"PipelineName": "p", "CreatedAfter": 0})
    assert params["CreatedAfter"].year == 1970


def test_output_shapes_keep_declared_members_and_send_epoch_seconds() -> None:
    op = operation("sagemaker", "DescribePipeline")
    assert op is not None
    wire = wire_output.write(
        op.output_shape,
        {"PipelineName": "p", "CreationTime": "1970-01-01T00:00:10+00:00", "Internal": "x"},
    )
    assert wire == {"PipelineName": "p", "CreationTime": 10.0}


@pytest.mark.parametrize(
    ("error", "op_name", "code"),
    [
        (NotFound("gone"), "DescribePipeline", "ResourceNotFound"),
        (NotFound("gone"), "DescribeModel", "ValidationException"),  # declares no error
        (Conflict("pipeline 'p' already exists"), "CreatePipeline", "ValidationException"),
        (Conflict("job 'j' already exists"), "CreateTrainingJob", "ResourceInUse"),
        (Conflict("already ended"), "StopPipelineExecution", "ConflictException"),
        (InvalidRequest("bad"), "StartPipelineExecution", "ValidationException"),
        (InternalError("bug"), "ListPipelines", "InternalFailure"),
    ],
)
def test_one_mapping_from_dagmaker_errors_to_sagemaker_codes(
    error: Exception, op_name: str, code: str
) -> None:
    op = operation("sagemaker", op_name)
    assert op is not None
    assert service_error(error, op).code == code  # type: ignore[arg-type]
