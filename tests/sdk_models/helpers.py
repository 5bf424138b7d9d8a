"""Shared values and helpers of the model, tuner and transformer tests."""

from __future__ import annotations

import io
import tarfile
from typing import Any

from dagmaker.workflow._serialize import to_json
from dagmaker.workflow.pipeline_context import StepCompileContext, compile_context

ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
BUCKET = "test-bucket"
IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-inference:1"


def compile_request(step_args: Any, session: Any, pipeline: str = "P", step: str = "S") -> Any:
    """The step arguments' request as Pipeline.definition() would build it, as JSON."""
    context = StepCompileContext(pipeline, step, session, None)
    with compile_context(context):
        return to_json(step_args.request_dict)


def tar_bytes(files: dict[str, bytes]) -> bytes:
    """A gzipped tar archive holding ``files`` (name → content)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def tar_members(data: bytes) -> dict[str, bytes]:
    """Name → content of every file in a gzipped tar archive."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        return {
            member.name.removeprefix("./"): archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }
