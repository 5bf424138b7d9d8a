"""What an endpoint's state machine (`dagmaker.serving.lifecycle`) takes and answers.

Events say what happened (a configuration was asked for, a process became ready or
ended, a delete was requested); decisions say what to do (stage, launch, stop, report,
note, clean up, finish).
"""

from __future__ import annotations

from dataclasses import dataclass

from dagmaker.records.endpoints import EndpointStatus

# -- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigRequested:
    """The endpoint should serve this configuration (CreateEndpoint, UpdateEndpoint)."""

    config: str


@dataclass(frozen=True)
class GenerationStaged:
    """The generation's models are in place; it runs on ``instances`` processes."""

    number: int
    instances: int


@dataclass(frozen=True)
class StagingFailed:
    """The generation's models could not be put in place."""

    number: int
    reason: str


@dataclass(frozen=True)
class ProcessReady:
    """A serving process loaded its models and listens."""

    process: str


@dataclass(frozen=True)
class ProcessExited:
    """A serving process ended; ``reason`` says how (for logs and FailureReason)."""

    process: str
    reason: str


@dataclass(frozen=True)
class DeleteRequested:
    """DeleteEndpoint."""


Event = (
    ConfigRequested
    | GenerationStaged
    | StagingFailed
    | ProcessReady
    | ProcessExited
    | DeleteRequested
)

# -- decisions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """Put generation ``number``'s models (configuration ``config``) in place."""

    number: int
    config: str


@dataclass(frozen=True)
class Launch:
    """Start ``process`` as instance ``index`` of generation ``number``.

    ``donors`` are ready processes that can hand it the endpoint's listening socket.
    """

    number: int
    index: int
    process: str
    donors: tuple[str, ...]


@dataclass(frozen=True)
class Stop:
    """End ``process`` gracefully (it finishes what it is answering)."""

    process: str


@dataclass(frozen=True)
class Report:
    """Record the endpoint's status, configuration and failure reason.

    ``resolved`` names a requested configuration that is now served or has failed.
    """

    status: EndpointStatus
    config: str
    reason: str
    resolved: str = ""


@dataclass(frozen=True)
class Note:
    """Something worth a line in the endpoint's log."""

    message: str


@dataclass(frozen=True)
class Retired:
    """Every process of generation ``number`` has ended; its files may be cleaned up."""

    number: int


@dataclass(frozen=True)
class Finish:
    """The endpoint's work is over: it was deleted, or its creation failed."""

    deleted: bool
    reason: str


Decision = Stage | Launch | Stop | Report | Note | Retired | Finish
