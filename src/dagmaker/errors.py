"""One exception tree for everything dagmaker raises.

Three blame classes are kept apart: the definition or request is wrong
(`DefinitionError`), the user's code failed (`UserCodeError`, `JobFailure`),
or dagmaker itself failed (`InternalError`). Every error carries structured
location fields so that the CLI, the API and the UI render it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_UNSET: Any = object()


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a definition or request.

    Attributes:
        step: The step the problem belongs to, or "" for pipeline-level problems.
        path: JSON path of the offending field, e.g. ``Arguments.Conditions[0].LeftValue``.
        message: What is wrong and what to do about it.
    """

    step: str
    path: str
    message: str

    def render(self) -> str:
        """Return ``step 'X' › path: message`` for humans."""
        where = []
        if self.step:
            where.append(f"step '{self.step}'")
        if self.path:
            where.append(self.path)
        prefix = " › ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class DagmakerError(Exception):
    """Base class of every error dagmaker raises on purpose.

    Attributes:
        headline: Short human title, shown first by the CLI and UI.
        code: The SageMaker API error-code name this maps to.
    """

    headline = "Error"
    code = "ValidationException"

    def __init__(
        self,
        message: str,
        *,
        pipeline: str | None = None,
        step: str | None = None,
        field: str | None = None,
        value: Any = _UNSET,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.pipeline = pipeline
        self.step = step
        self.field = field
        self.value = value
        self.hint = hint

    @property
    def location(self) -> str:
        """Where the problem is: ``pipeline 'P' › step 'S' › field F``."""
        parts = []
        if self.pipeline:
            parts.append(f"pipeline '{self.pipeline}'")
        if self.step:
            parts.append(f"step '{self.step}'")
        if self.field:
            parts.append(f"field {self.field}")
        return " › ".join(parts)

    def details(self) -> str:
        """The full message, with the offending value and the hint when known."""
        text = self.message
        if self.value is not _UNSET:
            text += f" (got {self.value!r})"
        if self.hint:
            text += f"\n{self.hint}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, the shape the API returns for errors."""
        return {
            "Error": {"Code": self.code, "Message": self.message},
            "Headline": self.headline,
            "Location": self.location,
            "Pipeline": self.pipeline,
            "Step": self.step,
            "Field": self.field,
            "Hint": self.hint,
        }

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.details()}" if where else self.details()


class DefinitionError(DagmakerError):
    """The pipeline definition is invalid; raised before anything runs.

    Carries every problem found, not just the first.
    """

    headline = "Invalid pipeline definition"

    def __init__(self, message: str, *, issues: list[Issue] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.issues: list[Issue] = sorted(issues or [])

    @classmethod
    def from_issues(cls, issues: list[Issue], *, pipeline: str | None = None) -> DefinitionError:
        """Build one error listing every issue, numbered."""
        count = len(issues)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"]
        lines += [f"  {i}. {issue.render()}" for i, issue in enumerate(sorted(issues), 1)]
        return cls("\n".join(lines), issues=issues, pipeline=pipeline)

    def to_dict(self) -> dict[str, Any]:
        """Include the individual issues."""
        doc = super().to_dict()
        doc["Issues"] = [
            {"Step": i.step, "Path": i.path, "Message": i.message} for i in self.issues
        ]
        return doc


class InvalidRequest(DefinitionError):
    """A request to dagmaker (start parameters, CLI arguments, API fields) is invalid."""

    headline = "Invalid request"


class ResolutionError(DagmakerError):
    """A property reference, Join or JsonGet could not be resolved at run time."""

    headline = "Property reference cannot be resolved"


class UserCodeError(DagmakerError):
    """User code (a job script, a lambda handler) failed.

    Attributes:
        exit_code: The process exit code, when there was a process.
        log_tail: The last lines of the failing program's stderr/stdout.
    """

    headline = "Your code failed"

    def __init__(
        self,
        message: str,
        *,
        exit_code: int | None = None,
        log_tail: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.exit_code = exit_code
        self.log_tail = log_tail


@dataclass
class FailureInfo:
    """Structured reason a job ended unsuccessfully.

    Attributes:
        reason: The FailureReason text shown to users (SageMaker style).
        kind: Retry classification: ``""`` (not retryable), ``JOB_INTERNAL_ERROR``,
            ``CAPACITY_ERROR``, ``RESOURCE_LIMIT``, ``SERVICE_FAULT`` or ``THROTTLING``.
    """

    reason: str
    kind: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class JobFailure(DagmakerError):
    """A job (processing, training, …) ended in Failed; ``kind`` says why for retries.

    Attributes:
        kind: A ``FailureKind`` value ("" for failures of the user's own code).
        metadata: Merged into the failed step's ListPipelineExecutionSteps ``Metadata``.
    """

    headline = "Job failed"

    def __init__(
        self,
        message: str,
        *,
        kind: str = "",
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.kind = kind
        self.metadata: dict[str, Any] = metadata or {}


class NotFound(DagmakerError):
    """A named resource does not exist."""

    headline = "Not found"
    code = "ResourceNotFound"


class Conflict(DagmakerError):
    """The request conflicts with the current state (e.g. a name already in use)."""

    headline = "Conflict"
    code = "ConflictException"


class InternalError(DagmakerError):
    """dagmaker itself failed; shown as Crashed, never blamed on the user."""

    headline = "Internal error"
    code = "InternalFailure"


class LeaseLost(InternalError):
    """Another process now drives the execution; this one must stop acting on it.

    Raised when a driver's lease on an execution has passed to someone else (its
    heartbeat went stale and a worker took over). The driver stops without writing
    anything more; the new owner carries on from the event log.
    """

    headline = "Execution taken over"


class StorageProblem(DagmakerError):
    """Where dagmaker keeps its state cannot be used (unwritable, corrupt, full).

    Not a bug and not the definition's fault: the message names the file or directory
    and says what to do about it.
    """

    headline = "Storage problem"
    code = "InternalFailure"


class ModelError(DagmakerError):
    """An endpoint's model answered an invocation with an error (InvokeEndpoint's ModelError).

    Attributes:
        original_status_code: The status the model's container gave (400, 415, 500, …).
        original_message: The container's own message.
        log_stream_arn: Where the endpoint's log is.
    """

    headline = "The model failed the request"
    code = "ModelError"

    def __init__(
        self,
        message: str,
        *,
        original_status_code: int = 500,
        original_message: str = "",
        log_stream_arn: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.original_status_code = original_status_code
        self.original_message = original_message
        self.log_stream_arn = log_stream_arn
