"""The pipeline definition as typed data (Version 2020-12-01).

Step ``Arguments`` stay plain JSON: they are Create* request bodies that runners read;
only the envelope (name, type, dependencies, cache, retry, property files) is typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = Any


@dataclass(frozen=True)
class ParameterDecl:
    """One entry of ``Parameters``: name, declared type, optional default and enum."""

    name: str
    type: str
    default: JSON = None
    has_default: bool = False
    enum_values: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """One entry of a step's ``RetryPolicies``."""

    exception_types: tuple[str, ...]
    interval_seconds: float = 1.0
    backoff_rate: float = 2.0
    max_attempts: int | None = None
    expire_after_min: int | None = None


@dataclass(frozen=True)
class CacheConfig:
    """A step's ``CacheConfig``; ``expire_after`` is the raw ISO-8601 text."""

    enabled: bool
    expire_after: str | None = None


@dataclass(frozen=True)
class PropertyFileDecl:
    """A Processing step's declared property file."""

    name: str
    output_name: str
    file_path: str


@dataclass
class StepDef:
    """One step, wherever it sits (top level or inside a condition branch).

    Attributes:
        raw: The step's JSON object exactly as given.
        parent: Name of the ConditionStep whose branch holds this step, if any.
        branch: ``"IfSteps"`` or ``"ElseSteps"`` when ``parent`` is set.
        json_path: Where the step sits in the document, e.g. ``Steps[2].Arguments.IfSteps[0]``.
    """

    name: str
    type: str
    arguments: JSON
    raw: dict[str, JSON]
    depends_on: tuple[str, ...] = ()
    display_name: str = ""
    description: str = ""
    retry_policies: tuple[RetryPolicy, ...] = ()
    cache_config: CacheConfig | None = None
    property_files: tuple[PropertyFileDecl, ...] = ()
    parent: str | None = None
    branch: str | None = None
    json_path: str = ""

    def extra(self, key: str, default: JSON = None) -> JSON:
        """A step-specific top-level key (``FunctionArn``, ``SqsQueueUrl``, ``SkipCheck``, …)."""
        return self.raw.get(key, default)


@dataclass
class PipelineDefinition:
    """A parsed definition. ``steps`` holds every step, branches included, by name."""

    version: str
    parameters: tuple[ParameterDecl, ...]
    steps: dict[str, StepDef]
    top_level: tuple[str, ...]
    experiment_config: JSON
    metadata: dict[str, JSON]
    raw: dict[str, JSON] = field(repr=False)

    def parameter(self, name: str) -> ParameterDecl | None:
        """The declared parameter called ``name``, if any."""
        for decl in self.parameters:
            if decl.name == name:
                return decl
        return None
