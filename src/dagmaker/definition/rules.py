"""The registry of validation rules.

A rule is a small function from the parsed definition to the issues it finds; ``@rule``
adds it to :data:`RULES`, which :func:`dagmaker.definition.validation.check` runs in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dagmaker.definition.model import PipelineDefinition
from dagmaker.errors import Issue

Rule = Callable[[PipelineDefinition], Iterator[Issue]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    """Register a validation rule."""
    RULES.append(func)
    return func
