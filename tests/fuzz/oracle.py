"""What must hold for any input to validation, however broken."""

from __future__ import annotations

from dagmaker.definition import graph, validation
from dagmaker.errors import DefinitionError, Issue
from tests.fuzz.mutate import Source


def issues_of(source: Source) -> list[Issue]:
    """Validate ``source``; return its issues, asserting they are clean and located.

    Any exception other than :class:`DefinitionError` propagates, failing the caller.
    """
    try:
        definition, issues = validation.check(source)
    except DefinitionError as exc:
        assert exc.issues, f"a DefinitionError without issues: {exc}"
        issues = exc.issues
    else:
        if not issues:
            graph.build(definition)  # what the engine does first with a valid definition
    for issue in issues:
        assert issue.step or issue.path, f"an issue with neither step nor path: {issue}"
        assert issue.message, f"an issue without a message: {issue}"
    return issues
