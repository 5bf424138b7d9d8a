"""Paging and timestamps shared by the List*/Describe* methods of jobs with nested documents."""

from __future__ import annotations

from typing import Any

from dagmaker.api.responses import timestamp_field
from dagmaker.errors import InvalidRequest

JSON = Any
DEFAULT_PAGE = 100  # as the other List* methods of this client (SageMaker: 10)
MAX_PAGE = 100


def timestamps(document: JSON) -> JSON:
    """A document with every ``*Time`` field, at any depth, as a datetime (as boto3 gives)."""
    if isinstance(document, dict):
        return {k: timestamp_field(k, timestamps(v)) for k, v in document.items()}
    if isinstance(document, list):
        return [timestamps(item) for item in document]
    return document


def page(
    items: list[JSON], max_results: Any = None, next_token: Any = None, default: int = DEFAULT_PAGE
) -> tuple[list[JSON], str | None]:
    """One page of ``items`` and the token of the next page (None on the last page).

    Raises:
        InvalidRequest: for a MaxResults outside 1..100 or a token this API did not issue.
    """
    size = int(max_results) if max_results not in (None, "") else default
    if not 1 <= size <= MAX_PAGE:
        raise InvalidRequest(f"MaxResults must be 1 to {MAX_PAGE}", field="MaxResults", value=size)
    try:
        start = int(next_token) if next_token else 0
    except ValueError:
        raise InvalidRequest("NextToken is not one this API returned", field="NextToken") from None
    end = start + size
    return [timestamps(i) for i in items[start:end]], (str(end) if end < len(items) else None)
