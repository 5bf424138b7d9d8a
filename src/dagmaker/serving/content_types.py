"""Media types of request and response headers."""

from __future__ import annotations


def media_type(header: str | None) -> str:
    """``text/csv; charset=utf-8`` → ``text/csv`` (lower-cased; "" when absent)."""
    if not header:
        return ""
    return header.split(";", 1)[0].strip().lower()
