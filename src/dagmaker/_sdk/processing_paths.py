"""Names and S3 locations of processing inputs and outputs, filled in per run.

Inside ``Pipeline.definition()`` locations follow the seed's "S3 Artifact Folder
Structure": local inputs go to ``s3://<bucket>/<pipeline>/<step>/input/<name>`` and
outputs default to ``s3://<bucket>/<pipeline>/<execution id>/<step>/output/<name>``
(a ``Join``, since the execution id is known only at run time). Outside a pipeline the
job name takes the place of pipeline and step, as in SageMaker's SDK.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.s3_upload import s3_path_join, upload_path
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker.workflow.entities import Join, is_pipeline_variable
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.pipeline_context import current_context


def normalize_inputs(
    session: Any, inputs: list[Any] | None, job_name: str, kms_key: Any = None
) -> list[ProcessingInput]:
    """Copies of ``inputs`` with names (``input-N``) and local sources uploaded to S3.

    Raises:
        TypeError: for an input that is not a ``ProcessingInput``.
        ValueError: for an input without a destination, or a missing local source.
    """
    normalized = []
    for count, item in enumerate(_listed(inputs, "inputs"), 1):
        if not isinstance(item, ProcessingInput):
            raise TypeError(
                f"processing inputs must be ProcessingInput objects; input {count} is "
                f"{type(item).__name__} {item!r}"
            )
        duplicate = item._copy()
        if duplicate.input_name is None:
            duplicate.input_name = f"input-{count}"
        if duplicate.dataset_definition is None:
            _place_input(session, duplicate, job_name, kms_key)
        normalized.append(duplicate)
    return normalized


def _place_input(session: Any, item: ProcessingInput, job_name: str, kms_key: Any) -> None:
    if is_pipeline_variable(item.source):
        return
    if item.s3_input is None:
        raise ValueError(
            f"ProcessingInput {item.input_name!r} has no destination: give source= and "
            "destination= (the path in the container), s3_input= or dataset_definition="
        )
    uri = item.s3_input.s3_uri
    if is_pipeline_variable(uri) or urlparse(str(uri)).scheme == "s3":
        return
    local = _local_path(uri)
    if not Path(local).exists():
        raise ValueError(
            f"ProcessingInput {item.input_name!r}: source {uri!r} is neither an s3:// URI nor "
            "an existing local file or directory"
        )
    desired = _input_location(session, job_name, str(item.input_name))
    item.s3_input.s3_uri = upload_path(session, local, desired, kms_key)


def _input_location(session: Any, job_name: str, input_name: str) -> str:
    context = current_context()
    where = [context.pipeline_name, context.step_name] if context else [job_name]
    return s3_path_join(
        "s3://", default_bucket(session), default_prefix(session), *where, "input", input_name
    )


def normalize_outputs(
    session: Any, outputs: list[Any] | None, job_name: str
) -> list[ProcessingOutput]:
    """Copies of ``outputs`` with names (``output-N``) and default S3 destinations.

    Raises:
        TypeError: for an output that is not a ``ProcessingOutput``.
    """
    normalized = []
    for count, item in enumerate(_listed(outputs, "outputs"), 1):
        if not isinstance(item, ProcessingOutput):
            raise TypeError(
                f"processing outputs must be ProcessingOutput objects; output {count} is "
                f"{type(item).__name__} {item!r}"
            )
        duplicate = copy.copy(item)
        if duplicate.output_name is None:
            duplicate.output_name = f"output-{count}"
        destination = duplicate.destination
        if not is_pipeline_variable(destination) and urlparse(str(destination)).scheme != "s3":
            duplicate.destination = _default_output(session, job_name, duplicate.output_name)
        normalized.append(duplicate)
    return normalized


def _default_output(session: Any, job_name: str, output_name: Any) -> Any:
    context = current_context()
    if context is None:
        return s3_path_join(
            "s3://",
            default_bucket(session),
            default_prefix(session),
            job_name,
            "output",
            output_name,
        )
    prefix = default_prefix(session)
    return Join(
        on="/",
        values=[
            "s3:/",
            default_bucket(session),
            *([prefix] if prefix else []),
            context.pipeline_name,
            ExecutionVariables.PIPELINE_EXECUTION_ID,
            context.step_name,
            "output",
            output_name,
        ],
    )


def _listed(items: Any, what: str) -> list[Any]:
    if items is None:
        return []
    if not isinstance(items, (list, tuple)):
        raise TypeError(
            f"processing {what} must be a list, got {type(items).__name__}; "
            f"wrap a single one in a list: {what}=[...]"
        )
    return list(items)


def _local_path(uri: Any) -> str:
    text = str(uri)
    return urlparse(text).path if text.startswith("file://") else text
