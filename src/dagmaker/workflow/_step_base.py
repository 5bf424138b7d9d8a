"""What every pipeline step shares: name, type, dependencies, caching and retries.

Public names are re-exported by ``dagmaker.workflow.steps``.
"""

from __future__ import annotations

import abc
from enum import Enum
from typing import Any

from dagmaker._lib.durations import parse_duration
from dagmaker.workflow.entities import Entity
from dagmaker.workflow.retry import RetryPolicy


class StepTypeEnum(Enum):
    """The ``Type`` of a step in the definition."""

    CONDITION = "Condition"
    CREATE_MODEL = "Model"
    PROCESSING = "Processing"
    REGISTER_MODEL = "RegisterModel"
    TRAINING = "Training"
    TRANSFORM = "Transform"
    CALLBACK = "Callback"
    TUNING = "Tuning"
    LAMBDA = "Lambda"
    QUALITY_CHECK = "QualityCheck"
    CLARIFY_CHECK = "ClarifyCheck"
    EMR = "EMR"
    FAIL = "Fail"
    AUTOML = "AutoML"
    ENDPOINT_CONFIG = "EndpointConfig"
    ENDPOINT = "Endpoint"
    INFERENCE_COMPONENT = "InferenceComponent"
    LINEAGE = "Lineage"


class Step(Entity):
    """A pipeline step.

    Attributes:
        name: Unique name within the pipeline, branches included.
        display_name: Optional name shown in UIs.
        description: Optional description.
        step_type: The step's :class:`StepTypeEnum`.
    """

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        description: str | None = None,
        step_type: StepTypeEnum | None = None,
        depends_on: list[Any] | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"a step needs a non-empty string name, got {name!r}")
        self.name = name
        self.display_name = display_name
        self.description = description
        self.step_type = step_type
        self._depends_on = _checked_depends_on(name, depends_on)

    @property
    def depends_on(self) -> list[Any] | None:
        """Steps (names, steps or step collections) this step waits for."""
        return self._depends_on

    @depends_on.setter
    def depends_on(self, depends_on: list[Any] | None) -> None:
        self._depends_on = _checked_depends_on(self.name, depends_on)

    def add_depends_on(self, step_names: list[Any]) -> None:
        """Add steps (names, steps or step collections) this step waits for."""
        if not step_names:
            return
        added = _checked_depends_on(self.name, step_names) or []
        self._depends_on = [*(self._depends_on or []), *added]

    @property
    @abc.abstractmethod
    def arguments(self) -> Any:
        """The step's ``Arguments``."""

    @property
    def step_only_arguments(self) -> Any:
        """The arguments of this step alone (a ConditionStep leaves out its branches)."""
        return self.arguments

    @property
    @abc.abstractmethod
    def properties(self) -> Any:
        """References to what the step produces."""

    @property
    def ref(self) -> dict[str, str]:
        """``{"Name": <name>}``."""
        return {"Name": self.name}

    def to_request(self) -> dict[str, Any]:
        """The step object of the definition (pipeline variables not yet rendered)."""
        request: dict[str, Any] = {
            "Name": self.name,
            "Type": self._type_value(),
            "Arguments": self.arguments,
        }
        if self.depends_on:
            request["DependsOn"] = dependency_names(self.depends_on)
        if self.display_name:
            request["DisplayName"] = self.display_name
        if self.description:
            request["Description"] = self.description
        return request

    def _type_value(self) -> str:
        if self.step_type is None:
            raise ValueError(f"step {self.name!r} has no step_type")
        return self.step_type.value

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def _checked_depends_on(name: str, depends_on: Any) -> list[Any] | None:
    if depends_on is None:
        return None
    if isinstance(depends_on, (str, bytes)) or not isinstance(depends_on, (list, tuple)):
        raise TypeError(
            f"step {name!r}: depends_on must be a list of step names or steps, got "
            f"{depends_on!r}; write depends_on=[{depends_on!r}]"
        )
    for item in depends_on:
        if not isinstance(item, str) and not isinstance(getattr(item, "name", None), str):
            raise TypeError(
                f"step {name!r}: depends_on holds step names, steps and step collections, "
                f"got {item!r}"
            )
    return list(depends_on)


def dependency_names(items: list[Any]) -> list[str]:
    """Names for a ``depends_on`` list; a step collection stands for all of its steps."""
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(getattr(item, "steps", None), list):
            names.extend(step.name for step in item.steps)
        else:
            names.append(item.name)
    return list(dict.fromkeys(names))


class CacheConfig:
    """Reuse a previous successful run of a step with the same arguments.

    Attributes:
        enable_caching: Whether caching is on (default ``False``).
        expire_after: How old a reusable run may be, as an ISO-8601 duration:
            ``"P30D"``, ``"p30d"``, ``"P4DT12H"``, ``"PT1H"``, ``"T12H"``.
    """

    def __init__(self, enable_caching: bool = False, expire_after: str | None = None) -> None:
        if expire_after is not None:
            if not isinstance(expire_after, str):
                raise TypeError(f"expire_after must be an ISO-8601 string, got {expire_after!r}")
            parse_duration(expire_after)
        self.enable_caching = enable_caching
        self.expire_after = expire_after

    @property
    def config(self) -> dict[str, Any]:
        """``{"CacheConfig": {"Enabled": ..., "ExpireAfter"?: ...}}``."""
        config: dict[str, Any] = {"Enabled": self.enable_caching}
        if self.expire_after is not None:
            config["ExpireAfter"] = self.expire_after
        return {"CacheConfig": config}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CacheConfig):
            return NotImplemented
        return self.config == other.config

    def __hash__(self) -> int:
        return hash((self.enable_caching, self.expire_after))

    def __repr__(self) -> str:
        return (
            f"CacheConfig(enable_caching={self.enable_caching!r}, "
            f"expire_after={self.expire_after!r})"
        )


def checked_cache_config(step_name: str, cache_config: Any) -> CacheConfig | None:
    """``cache_config`` after checking its type."""
    if cache_config is not None and not isinstance(cache_config, CacheConfig):
        raise TypeError(
            f"step {step_name!r}: cache_config must be a CacheConfig, got {cache_config!r}"
        )
    return cache_config


def add_cache_config(request: dict[str, Any], cache_config: CacheConfig | None) -> None:
    """Add ``CacheConfig`` to a step request when caching is configured."""
    if cache_config:
        request.update(cache_config.config)


class ConfigurableRetryStep(Step):
    """A step that accepts retry policies.

    Attributes:
        retry_policies: The step's retry policies.
    """

    def __init__(
        self,
        name: str,
        step_type: StepTypeEnum,
        display_name: str | None = None,
        description: str | None = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(name, display_name, description, step_type, depends_on)
        self.retry_policies: list[RetryPolicy] = []
        for policy in retry_policies or []:
            self.add_retry_policy(policy)

    def add_retry_policy(self, retry_policy: RetryPolicy) -> None:
        """Add one retry policy."""
        if not retry_policy:
            return
        if not isinstance(retry_policy, RetryPolicy):
            raise TypeError(
                f"step {self.name!r}: retry policies must be StepRetryPolicy or "
                f"SageMakerJobStepRetryPolicy, got {retry_policy!r}"
            )
        self.retry_policies.append(retry_policy)

    def to_request(self) -> dict[str, Any]:
        """The step request, with ``RetryPolicies`` when there are any."""
        request = super().to_request()
        if self.retry_policies:
            request["RetryPolicies"] = [policy.to_request() for policy in self.retry_policies]
        return request
