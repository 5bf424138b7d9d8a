"""Step caching for one execution: look up a prior run, explain a miss, remember a success."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dagmaker._lib.durations import parse_duration
from dagmaker.definition import step_types
from dagmaker.definition.model import StepDef
from dagmaker.engine import cache as caching
from dagmaker.engine.ports import CacheIndex, StepResult
from dagmaker.records import events as ev
from dagmaker.records.records import CacheEntry

JSON = Any


class StepCache:
    """The cache index as one execution uses it.

    Args:
        index: The cache index, or None when caching is off.
        pipeline_name: Entries are looked up within this pipeline only.
        execution_arn: The execution recording its successes.
    """

    def __init__(self, index: CacheIndex | None, pipeline_name: str, execution_arn: str) -> None:
        self.index = index
        self.pipeline_name = pipeline_name
        self.execution_arn = execution_arn

    def enabled(self, step: StepDef) -> bool:
        """Whether the step is cacheable and its CacheConfig turns caching on."""
        info = step_types.STEP_TYPES.get(step.type)
        config = step.cache_config
        return bool(self.index and info and info.cacheable and config and config.enabled)

    def lookup(self, step: StepDef, payload: JSON, now: datetime) -> ev.StepEvent | None:
        """A ``StepCacheHit`` or ``StepCacheMiss`` event, or None when caching is off."""
        if self.index is None or not self.enabled(step):
            return None
        key = _key(payload)
        not_before = _horizon(step, now)
        hit = self.index.lookup(self.pipeline_name, key, not_before)
        if hit is not None:
            return ev.StepCacheHit(
                now,
                step=step.name,
                source_execution_arn=hit.execution_arn,
                properties=hit.properties,
                metadata=hit.metadata,
            )
        explanation = self._explain_miss(step, payload, not_before)
        return ev.StepCacheMiss(now, step=step.name, cache_key=key, explanation=explanation)

    def _explain_miss(self, step: StepDef, payload: JSON, not_before: datetime) -> str:
        assert self.index is not None
        latest = self.index.latest(self.pipeline_name, step.name)
        if latest is None:
            return "no earlier successful run of this step"
        if _key(latest.arguments) == _key(payload):
            if latest.created_at < not_before:
                return f"the matching run ({latest.execution_arn}) is older than ExpireAfter"
            return f"the matching run ({latest.execution_arn}) cannot be reused"
        changes = caching.explain_difference(latest.arguments, payload)
        return "changed since the last run: " + "; ".join(changes)

    def record(self, step: StepDef, result: StepResult, payload: JSON, now: datetime) -> None:
        """Remember a successful run of a cacheable step."""
        if self.index is None or not self.enabled(step) or payload is None:
            return
        self.index.record(
            CacheEntry(
                pipeline_name=self.pipeline_name,
                step_name=step.name,
                step_type=step.type,
                key=_key(payload),
                arguments=payload,
                execution_arn=self.execution_arn,
                properties=result.properties,
                metadata=result.metadata,
                created_at=now,
            )
        )


def _key(payload: JSON) -> str:
    return caching.key(payload["Type"], payload["Arguments"], payload["Extra"])


def _horizon(step: StepDef, now: datetime) -> datetime:
    config = step.cache_config
    if config is None or config.expire_after is None:
        return datetime.min.replace(tzinfo=now.tzinfo)
    return now - parse_duration(config.expire_after)
