"""Nested request groups built from optional parts (model metrics, drift baselines).

Both ``ModelMetrics`` and ``DriftCheckBaselines`` turn a handful of optional report
objects into two-level request structures such as ``{"ModelQuality": {"Statistics":
...}}``; these helpers do that arranging.
"""

from __future__ import annotations

from typing import Any


def check_source(name: str, value: Any, *kinds: type) -> None:
    """Raise ``TypeError`` unless ``value`` is ``None`` or one of ``kinds``."""
    if value is not None and not isinstance(value, kinds):
        expected = " or ".join(kind.__name__ for kind in kinds)
        raise TypeError(f"{name} must be a {expected}, got {value!r}")


def group(**sources: Any) -> dict[str, Any]:
    """The request dicts of the given sources, keyed as given; ``None`` ones left out."""
    return {key: source._to_request_dict() for key, source in sources.items() if source}


def put_group(request: dict[str, Any], key: str, **sources: Any) -> None:
    """Set ``request[key]`` to ``group(**sources)`` when that is not empty."""
    built = group(**sources)
    if built:
        request[key] = built
