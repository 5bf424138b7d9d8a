"""Definition validation: small registered rules, every problem reported at once.

Each rule takes the parsed definition and yields :class:`~dagmaker.errors.Issue` values
naming the step and the JSON path. :func:`validate` runs them all and raises one
:class:`~dagmaker.errors.DefinitionError` with the sorted list. The rules live in
``document_rules``, ``reference_rules``, ``step_rules``, ``argument_rules`` and
``request_rules``; importing
them here registers them.
"""

from __future__ import annotations

from typing import Any

from dagmaker.definition import (
    argument_rules,
    codec,
    document_rules,
    reference_rules,
    request_rules,
    step_rules,
)
from dagmaker.definition.model import PipelineDefinition
from dagmaker.definition.properties import property_problem
from dagmaker.definition.rules import RULES, Rule, rule
from dagmaker.errors import DefinitionError, Issue

__all__ = ["RULES", "Rule", "check", "property_problem", "rule", "validate"]
# The rule modules register themselves on import; these names keep them imported.
_RULE_MODULES = (argument_rules, document_rules, reference_rules, request_rules, step_rules)


def check(doc: dict[str, Any] | str | bytes) -> tuple[PipelineDefinition, list[Issue]]:
    """Parse and run every rule; return the definition and all issues (sorted).

    Raises:
        DefinitionError: when the text cannot be read as a definition at all (not JSON,
            not UTF-8, too large or too deep), with the location of the problem.
    """
    document = codec.loads(doc)
    definition, issues = codec.decode(document)
    for each in RULES:
        issues.extend(each(definition))
    return definition, sorted(set(issues))


def validate(doc: dict[str, Any] | str | bytes) -> PipelineDefinition:
    """Return the parsed definition, or raise one error listing every problem.

    Raises:
        DefinitionError: with ``issues`` holding each problem's step and JSON path.
    """
    definition, issues = check(doc)
    if issues:
        raise DefinitionError.from_issues(issues)
    return definition
