"""What ``model.create()`` and ``model.register()`` return under a ``PipelineSession``.

As with SageMaker's SDK, the request is built when the method is called (inference
code is uploaded then), so a pipeline's definition is the same however often it is
compiled. ``ModelStep`` reads the request and the models whose archive must be
repacked with their inference code at run time (a ``Model`` with ``entry_point`` and
``source_dir`` whose ``model_data`` is a pipeline variable): for each of those it adds a
training step that does the repacking, and points the container at its output.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from dagmaker.errors import DefinitionError
from dagmaker.workflow.pipeline_context import _JobStepArguments

CREATE_MODEL = "create_model"
CREATE_MODEL_PACKAGE = "create_model_package_from_containers"


@dataclass
class RepackNotes:
    """Models found to need a run-time repack while one request was built.

    Attributes:
        model_ids: ``id()`` of each such model.
        output_prefix: Where the repacked archive goes (``s3://bucket/<code prefix>``).
    """

    model_ids: set[int] = field(default_factory=set)
    output_prefix: str | None = None


_NOTES: ContextVar[RepackNotes | None] = ContextVar("dagmaker_repack_notes", default=None)


@contextmanager
def collecting_repacks(notes: RepackNotes) -> Iterator[RepackNotes]:
    """Record in ``notes`` the run-time repacks needed while the block builds a request."""
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def current_repack_notes() -> RepackNotes | None:
    """The notes of the request being built, or ``None`` outside ``collecting_repacks``."""
    return _NOTES.get()


class _ModelStepArguments(_JobStepArguments):
    """Step arguments of a model: the request plus what ``ModelStep`` needs to repack.

    Attributes:
        model: The ``Model`` or ``PipelineModel`` that produced them.
        create_model_request: The ``CreateModel`` request (from ``create()``), else ``None``.
        create_model_package_request: The ``CreateModelPackage`` request (from
            ``register()``), else ``None``.
        need_runtime_repack: ``id()`` of every model to repack when the pipeline runs.
        runtime_repack_output_prefix: Where repacked archives go.
    """

    def __init__(
        self, caller_name: str, model: Any, request: dict[str, Any], notes: RepackNotes
    ) -> None:
        super().__init__(caller_name, self._request_copy)
        self.model = model
        self._request = request
        self.create_model_request = request if caller_name == CREATE_MODEL else None
        self.create_model_package_request = request if caller_name == CREATE_MODEL_PACKAGE else None
        self.need_runtime_repack = set(notes.model_ids)
        self.runtime_repack_output_prefix = notes.output_prefix

    def _request_copy(self) -> dict[str, Any]:
        if self.need_runtime_repack:
            raise DefinitionError(
                "this model's inference code must be packed into its model archive when the "
                "pipeline runs (it has entry_point and source_dir, and model_data is a "
                "pipeline variable), which only ModelStep does; use "
                "ModelStep(name=..., step_args=model.create(...)) instead of CreateModelStep",
                field="Arguments.PrimaryContainer.ModelDataUrl",
            )
        return copy.deepcopy(self._request)


def model_step_arguments(captured: Any, model: Any, notes: RepackNotes) -> Any:
    """Turn what ``capture_or_run`` returned into model step arguments (built now).

    Anything but captured step arguments (the result of running now) is returned as is.
    """
    if not isinstance(captured, _JobStepArguments):
        return captured
    return _ModelStepArguments(captured.caller_name, model, captured.request_dict, notes)
